"""Related articles: shared hashtags first, then the search backend's similarity."""

from django.db.models import Count, QuerySet
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from articles.models import ArticlePage

RELATED_LIMIT = 5


def _most_shared_hashtags(
    page: ArticlePage, others: QuerySet[Page], limit: int
) -> list[int]:
    """Ids of the `limit` articles sharing the most of the page's hashtags,
    the newest first among equals.

    Ranked on the page table itself (ids, dates and the visibility conditions
    only) and grouped by id alone, so the database counts narrow rows from the
    hashtag index instead of grouping whole article rows; the few winners are
    loaded afterwards.
    """
    tag_ids = [item.tag_id for item in page.tagged_items.all()]
    if not tag_ids:
        return []
    return list(
        others.filter(articlepage__tagged_items__tag_id__in=tag_ids)
        .values("pk")
        .annotate(shared_hashtags=Count("articlepage__tagged_items"))
        .order_by("-shared_hashtags", "-first_published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )


def related_articles(
    page: ArticlePage, visible_pages: QuerySet[Page], limit: int = RELATED_LIMIT
) -> list[ArticlePage]:
    """Up to `limit` articles from `visible_pages` (the published, public ones).

    Articles sharing the most hashtags come first (the newest first among
    equals); the rest are filled by full-text relevance to the page's focus
    keyphrase, or its title, so an article without hashtags still has related
    reading. Queries do not grow with the number of articles.
    """
    others = visible_pages.exclude(pk=page.pk)
    ranked = _most_shared_hashtags(page, others, limit)
    # The body is the bulk of a row and a related card never shows it.
    loaded = ArticlePage.objects.defer("body").in_bulk(ranked)
    found = [loaded[pk] for pk in ranked if pk in loaded]
    query = (page.focus_keyphrase or page.title).strip()
    if len(found) < limit and query:
        similar = get_search_backend().search(
            query,
            ArticlePage.objects.filter(pk__in=others.values("pk")).exclude(
                pk__in=ranked
            ),
            operator="or",
        )
        found += list(similar[: limit - len(found)])
    return found
