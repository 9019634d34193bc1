"""Stored related-article rankings: computed once, kept until something changes.

An article's related articles are those sharing the most of its hashtags, the
newest first among equals, then the most similar by text. Ranking them
exactly counts every tag row of every article sharing a hashtag (thousands in
a large library), far more than the rest of an API response costs, so the
ranking is stored (`RelatedRanking`) and computed again lazily, on the first
read after it went stale:

- publishing, unpublishing or moving a page, or lifting a view restriction,
  marks stale the rankings of its articles, of every article sharing their
  hashtags (they may now belong there) and of every ranking listing them (their
  place may have changed); the mark is set when the transaction commits, so a
  ranking computed from the data before the change is never taken as fresh;
- a ranking the search backend filled in (too few articles share a hashtag)
  is marked stale by any of these changes, since any may change what it finds;
- a ranking with an entry readers can no longer see (unpublished, made
  private, expired, deleted) is computed again when read, whether or not a
  signal said so.

Visibility is always decided when reading, from the request's visible pages.
"""

from collections.abc import Callable, Container, Iterable

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.search.backends import get_search_backend
from wagtail.signals import page_published, page_unpublished, post_page_move

from articles.models import ArticleHashtag, ArticlePage, RelatedArticle, RelatedRanking

RELATED_LIMIT = 5
# What a related-article card shows (id, title, intro and its URL, from
# url_path): whole article rows cost more to load than the query that finds them.
CARD_FIELDS = ("title", "intro", "url_path")
RANKING_FIELDS = (
    "rank",
    "ranking__computed_at",
    "ranking__stale_since",
    "ranking__size",
)


def most_shared_hashtags(
    page: ArticlePage, visible_pages: QuerySet[Page], limit: int = RELATED_LIMIT
) -> list[int]:
    """Ids of the `limit` visible articles sharing the most of the page's
    hashtags, the newest first among equals.

    Ranked on the page table itself (ids, dates and the visibility conditions
    only) and grouped by id alone, so the database counts narrow rows from the
    hashtag index instead of grouping whole article rows. The page's hashtags
    are read in the same query, as stored now.
    """
    tag_ids = ArticleHashtag.objects.filter(content_object_id=page.pk).values("tag_id")
    return list(
        visible_pages.exclude(pk=page.pk)
        .filter(articlepage__tagged_items__tag_id__in=tag_ids)
        .values("pk")
        .annotate(shared_hashtags=Count("articlepage__tagged_items"))
        .order_by("-shared_hashtags", "-first_published_at", "-pk")
        .values_list("pk", flat=True)[:limit]
    )


def similar_by_text(
    page: ArticlePage, visible_pages: QuerySet[Page], exclude: list[int], limit: int
) -> list[int]:
    """Ids of up to `limit` visible articles most relevant, by the search
    backend, to the page's focus keyphrase or its title."""
    query = (page.focus_keyphrase or page.title).strip()
    if limit <= 0 or not query:
        return []
    candidates = ArticlePage.objects.filter(
        pk__in=visible_pages.exclude(pk=page.pk).values("pk")
    ).exclude(pk__in=exclude)
    results = get_search_backend().search(query, candidates, operator="or")
    return [article.pk for article in results[:limit]]


def compute_ranking(page: ArticlePage, visible_pages: QuerySet[Page]) -> list[int]:
    """Rank the page's related articles now and store the ranking: those
    sharing the most hashtags, then, if there are too few, the most similar
    by text, so an article without hashtags still has related reading."""
    started = timezone.now()
    ranked = most_shared_hashtags(page, visible_pages)
    searched = len(ranked) < RELATED_LIMIT
    if searched:
        ranked += similar_by_text(
            page, visible_pages, exclude=ranked, limit=RELATED_LIMIT - len(ranked)
        )
    with transaction.atomic():
        # Locks the ranking row: two readers computing it at once take turns.
        ranking, _ = RelatedRanking.objects.select_for_update().update_or_create(
            page_id=page.pk,
            defaults={
                "computed_at": started,
                "size": len(ranked),
                "searched": searched,
            },
        )
        RelatedArticle.objects.filter(ranking=ranking).delete()
        RelatedArticle.objects.bulk_create(
            RelatedArticle(ranking=ranking, article_id=pk, rank=rank)
            for rank, pk in enumerate(ranked)
        )
    return ranked


def stored_ranking(
    page: ArticlePage,
) -> tuple[RelatedRanking | None, list[RelatedArticle]]:
    """The page's stored ranking and its entries, best first, each with what
    a card shows of its article (`CARD_FIELDS`). Whether readers may see them
    is for the caller to check (see ranked_articles)."""
    entries = list(
        RelatedArticle.objects.filter(ranking_id=page.pk)
        .select_related("ranking", "article")
        .only(*RANKING_FIELDS, *(f"article__{name}" for name in CARD_FIELDS))
        .order_by("rank")
    )
    if entries:
        return entries[0].ranking, entries
    # An empty ranking, or none yet.
    return RelatedRanking.objects.filter(page_id=page.pk).first(), []


def ranked_articles(
    page: ArticlePage,
    stored: tuple[RelatedRanking | None, list[RelatedArticle]],
    visible: Container[int],
    visible_pages: Callable[[], QuerySet[Page]],
) -> list[ArticlePage]:
    """The page's related articles, best first, from its `stored` ranking
    (stored_ranking()) when that is fresh and all of it still visible
    (`visible` holds the ids readers may see among its articles); computed and
    stored again otherwise, from `visible_pages()`, which only then is built.
    Only what a card shows is loaded (`CARD_FIELDS`)."""
    ranking, entries = stored
    if (
        ranking is not None
        and ranking.is_fresh
        # Fewer entries than stored: one was deleted.
        and len(entries) == ranking.size
        and all(entry.article_id in visible for entry in entries)
    ):
        return [entry.article for entry in entries]
    ranked = compute_ranking(page, visible_pages())
    loaded = ArticlePage.objects.only(*CARD_FIELDS).in_bulk(ranked)
    return [loaded[pk] for pk in ranked if pk in loaded]


def mark_stale(article_ids: QuerySet) -> None:
    """Mark stale, once the transaction commits, every ranking the articles
    (`article_ids`, a query of ArticlePage ids) may have entered, left or
    moved in, and their own."""

    def mark() -> None:
        sharing_hashtags = ArticleHashtag.objects.filter(
            tag_id__in=ArticleHashtag.objects.filter(
                content_object_id__in=article_ids
            ).values("tag_id")
        ).values("content_object_id")
        listing_them = RelatedArticle.objects.filter(article_id__in=article_ids).values(
            "ranking_id"
        )
        RelatedRanking.objects.filter(
            Q(page_id__in=article_ids)
            | Q(page_id__in=sharing_hashtags)
            | Q(page_id__in=listing_them)
            # Any change may change what the search backend finds.
            | Q(searched=True)
        ).update(stale_since=timezone.now())

    transaction.on_commit(mark)


def articles_under(pages: Iterable[Page]) -> QuerySet:
    """Ids of the articles among the pages and their descendants."""
    condition = Q(pk__in=[])
    for page in pages:
        condition |= Q(path__startswith=page.path)
    return ArticlePage.objects.filter(condition).values("pk")


def page_changed(instance: Page, **kwargs) -> None:
    """A page was published, unpublished or moved: its articles, and those
    below it, may enter or leave rankings."""
    mark_stale(articles_under([instance]))


def restriction_changed(instance: PageViewRestriction, **kwargs) -> None:
    """A view restriction was added, changed or lifted: the pages below it may
    have become visible again."""
    mark_stale(articles_under([instance.page]))


def register_signal_handlers() -> None:
    for model in get_page_models():
        page_published.connect(page_changed, sender=model)
        page_unpublished.connect(page_changed, sender=model)
        post_page_move.connect(page_changed, sender=model)
    post_save.connect(restriction_changed, sender=PageViewRestriction)
    post_delete.connect(restriction_changed, sender=PageViewRestriction)


def refresh_rankings(visible_pages: QuerySet[Page], *, stale_only: bool = True) -> int:
    """Compute the rankings of every visible article (only those missing or
    stale with `stale_only`), so no reader waits for one. Returns how many."""
    articles = ArticlePage.objects.filter(pk__in=visible_pages.values("pk")).only("pk")
    fresh = set()
    if stale_only:
        fresh = {
            ranking.page_id
            for ranking in RelatedRanking.objects.all()
            if ranking.is_fresh
        }
    count = 0
    for page in articles.iterator():
        if page.pk not in fresh:
            compute_ranking(page, visible_pages)
            count += 1
    return count
