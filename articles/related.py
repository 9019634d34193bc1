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
# What ranks a candidate and what its card shows (id, title and its URL, from
# url_path; the intro is read for the chosen few), read as values: whole article
# rows, hundreds of candidates, cost more to load than the query that finds them.
ROW = ("pk", "first_published_at", "title", "url_path")
NEWEST_FIRST = ("-first_published_at", "-pk")


def related_articles(
    page: ArticlePage,
    visible_pages: QuerySet[Page],
    tag_ids: list[int],
    limit: int = RELATED_LIMIT,
) -> list[ArticlePage]:
    """Up to `limit` articles among `visible_pages` (those readers may see):
    those sharing the most of the page's hashtags (`tag_ids`, as stored now),
    the newest first among equals, then the newest of its siblings. Each
    with only what a card shows (its id, title, intro and URL)."""
    shared = Counter(candidates(page, tag_ids))
    # The visibility conditions checked on the candidates' own page rows: a
    # few index lookups, where `pk__in` the visible pages would read them all.
    rows = (
        list(visible_pages.filter(pk__in=list(shared)).order_by().values_list(*ROW))
        if shared
        else []
    )
    rows.sort(
        # Most shared, then newest (never published last), then by id.
        key=lambda row: (shared[row[0]], row[1] is not None, row[1], row[0]),
        reverse=True,
    )
    rows = rows[:limit]
    if len(rows) < limit:
        rows += (
            visible_pages.sibling_of(page, inclusive=False)
            .type(ArticlePage)
            .exclude(pk__in=[row[0] for row in rows])
            .order_by(*NEWEST_FIRST)
            .values_list(*ROW)[: limit - len(rows)]
        )
    intros = dict(
        ArticlePage.objects.filter(pk__in=[row[0] for row in rows])
        .order_by()
        .values_list("pk", "intro")
    )
    return [
        ArticlePage(
            id=pk, page_ptr_id=pk, title=title, url_path=url_path, intro=intros[pk]
        )
        for pk, _published, title, url_path in rows
        if pk in intros  # not deleted since
    ]


def candidates(page: ArticlePage, tag_ids: list[int]) -> list[int]:
    """Ids of the CANDIDATES_PER_HASHTAG articles most recently added to each
    of the hashtags (`tag_ids`, the page's), an id once per hashtag it has.
    Each is one range of the hashtag index (migration 0008), in one query
    where the database allows a LIMIT in each part of a UNION."""
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
