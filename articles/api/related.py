"""Related articles: shared hashtags first, then the search backend's similarity."""

from django.db.models import Count, QuerySet
from wagtail.search.backends import get_search_backend

from articles.models import ArticlePage

RELATED_LIMIT = 5


def related_articles(
    page: ArticlePage, candidates: QuerySet[ArticlePage], limit: int = RELATED_LIMIT
) -> list[ArticlePage]:
    """Up to `limit` articles from `candidates` (the published, public ones).

    Articles sharing the most hashtags come first (the newest first among
    equals); the rest are filled by full-text relevance to the page's focus
    keyphrase, or its title, so an article without hashtags still has related
    reading. Queries do not grow with the number of articles.
    """
    others = candidates.exclude(pk=page.pk)
    tag_ids = [item.tag_id for item in page.tagged_items.all()]
    found: list[ArticlePage] = []
    if tag_ids:
        found = list(
            others.filter(tagged_items__tag_id__in=tag_ids)
            .annotate(shared_hashtags=Count("tagged_items"))
            .order_by("-shared_hashtags", "-first_published_at", "-pk")[:limit]
        )
    query = (page.focus_keyphrase or page.title).strip()
    if len(found) < limit and query:
        similar = get_search_backend().search(
            query,
            others.exclude(pk__in=[article.pk for article in found]),
            operator="or",
        )
        found += list(similar[: limit - len(found)])
    return found
