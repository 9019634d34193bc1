"""Related articles: shared hashtags first, then the search backend's similarity."""

from collections.abc import Callable, Container

from django.db.models import QuerySet
from wagtail.models import Page

from articles.models import ArticlePage, RelatedArticle, RelatedRanking
from articles.related import RELATED_LIMIT, ranked_articles


def related_articles(
    page: ArticlePage,
    stored: tuple[RelatedRanking | None, list[RelatedArticle]],
    visible: Container[int],
    visible_pages: Callable[[], QuerySet[Page]],
    limit: int = RELATED_LIMIT,
) -> list[ArticlePage]:
    """Up to `limit` articles readers may see, from the page's `stored`
    ranking (`visible`: the visible ids among its articles), or else from
    `visible_pages()` (the published, public ones).

    Articles sharing the most hashtags come first (the newest first among
    equals), then those most relevant by full-text search to the page's focus
    keyphrase, or its title, so an article without hashtags still has related
    reading. They come from the page's stored ranking (`articles.related`), so
    queries do not grow with the number of articles.
    """
    return ranked_articles(page, stored, visible, visible_pages)[:limit]
