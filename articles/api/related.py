"""Related articles: shared hashtags first, then the search backend's similarity."""

from django.db.models import QuerySet
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from articles.models import ArticlePage
from articles.related import RELATED_LIMIT, ranked_articles


def related_articles(
    page: ArticlePage, visible_pages: QuerySet[Page], limit: int = RELATED_LIMIT
) -> list[ArticlePage]:
    """Up to `limit` articles from `visible_pages` (the published, public ones).

    Articles sharing the most hashtags come first (the newest first among
    equals), from the page's stored ranking (`articles.related`); the rest are
    filled by full-text relevance to the page's focus keyphrase, or its title,
    so an article without hashtags still has related reading. Queries do not
    grow with the number of articles.
    """
    found = ranked_articles(page, visible_pages)[:limit]
    query = (page.focus_keyphrase or page.title).strip()
    if len(found) < limit and query:
        similar = get_search_backend().search(
            query,
            ArticlePage.objects.filter(
                pk__in=visible_pages.exclude(pk=page.pk).values("pk")
            ).exclude(pk__in=[article.pk for article in found]),
            operator="or",
        )
        found += list(similar[: limit - len(found)])
    return found
