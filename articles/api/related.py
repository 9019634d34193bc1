"""Related articles: shared hashtags first, then the search backend's similarity."""

from collections.abc import Callable

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from wagtail.models import Page

from articles.models import ArticlePage
from articles.related import RELATED_LIMIT, ranked_articles


def related_articles(
    page: ArticlePage,
    visible_pages: Callable[[], QuerySet[Page]],
    visible_ids: RawSQL,
    limit: int = RELATED_LIMIT,
) -> list[ArticlePage]:
    """Up to `limit` articles from `visible_pages()` (the published, public
    ones, built only if the stored ranking must be computed again;
    `visible_ids` is their ids as a compiled subquery).

    Articles sharing the most hashtags come first (the newest first among
    equals), then those most relevant by full-text search to the page's focus
    keyphrase, or its title, so an article without hashtags still has related
    reading. They come from the page's stored ranking (`articles.related`), so
    queries do not grow with the number of articles.
    """
    return ranked_articles(page, visible_pages, visible_ids)[:limit]
