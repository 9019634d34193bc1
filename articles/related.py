"""Related articles, computed when read from what readers may see now.

An article's related articles are the visible articles sharing the most of
its hashtags, the newest first among equals, filled up with the newest
visible articles under the same parent, so an article without hashtags still
has related reading. Nothing is stored: a read never writes, and a publish,
an unpublish or a new restriction shows in the very next response.

The work per read is bounded, whatever the size of the library: candidates
are the CANDIDATES_PER_HASHTAG articles most recently added to each of the
page's hashtags (one index range each), not every article sharing one. With
a hashtag on thousands of articles, counting them all took longer than the
rest of the response; below that many per hashtag, the ranking is exact.
"""

from collections import Counter

from django.db import connection
from django.db.models import QuerySet
from wagtail.models import Page

from articles.models import ArticleHashtag, ArticlePage

RELATED_LIMIT = 5
CANDIDATES_PER_HASHTAG = 100
# What a related-article card shows (id, title, intro and its URL, from
# url_path): whole article rows cost more to load than the query that finds them.
CARD_FIELDS = ("title", "intro", "url_path")
NEWEST_FIRST = ("-first_published_at", "-pk")


def related_articles(
    page: ArticlePage, visible_pages: QuerySet[Page], limit: int = RELATED_LIMIT
) -> list[ArticlePage]:
    """Up to `limit` articles among `visible_pages` (those readers may see):
    those sharing the most of the page's hashtags (as stored now), the newest
    first among equals, then the newest of its siblings."""
    shared = Counter(candidates(page))
    # The visibility conditions checked on the candidates' own page rows: a
    # few index lookups, where `pk__in` the visible pages would read them all.
    dated = (
        visible_pages.filter(pk__in=list(shared))
        .order_by()
        .values_list("pk", "first_published_at")
        if shared
        else []
    )
    ranked = [
        pk
        for pk, _published in sorted(
            dated,
            # Most shared, then newest (never published last), then by id.
            key=lambda row: (shared[row[0]], row[1] is not None, row[1], row[0]),
            reverse=True,
        )[:limit]
    ]
    if len(ranked) < limit:
        ranked += (
            visible_pages.sibling_of(page, inclusive=False)
            .exclude(pk__in=ranked)
            .type(ArticlePage)
            .order_by(*NEWEST_FIRST)
            .values_list("pk", flat=True)[: limit - len(ranked)]
        )
    cards = ArticlePage.objects.only(*CARD_FIELDS).in_bulk(ranked)
    # Gone since it was found (deleted): left out.
    return [cards[pk] for pk in ranked if pk in cards]


def candidates(page: ArticlePage) -> list[int]:
    """Ids of the CANDIDATES_PER_HASHTAG articles most recently added to each
    of the page's hashtags, an id once per hashtag it shares with the page.
    Each is one range of the hashtag index (migration 0008), in one query
    where the database allows a LIMIT in each part of a UNION."""
    tag_ids = ArticleHashtag.objects.filter(content_object_id=page.pk).values_list(
        "tag_id", flat=True
    )
    parts = [
        ArticleHashtag.objects.filter(tag_id=tag_id)
        .exclude(content_object_id=page.pk)
        .order_by("-content_object_id")
        .values_list("content_object_id", flat=True)[:CANDIDATES_PER_HASHTAG]
        for tag_id in tag_ids
    ]
    if len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
        parts = [parts[0].union(*parts[1:], all=True)]
    return [pk for part in parts for pk in part]
