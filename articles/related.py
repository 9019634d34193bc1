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
Among candidates sharing as many hashtags, the newest is the one added last
(the highest id), as in the hashtag index the candidates are read from.
"""

from collections import Counter

from django.db import connection
from django.db.models import F, QuerySet
from wagtail.models import Page

from articles.models import ArticleHashtag, ArticlePage

RELATED_LIMIT = 5
CANDIDATES_PER_HASHTAG = 100
# Candidates are ranked from the hashtag index alone; only the best are
# checked against what readers may see, this many at a time. A few more than
# shown, since drafts and hidden articles keep their hashtags.
CHECKED_AT_ONCE = 4 * RELATED_LIMIT
# What a card shows: id, title, its URL (from url_path) and the intro.
ROW = ("pk", "title", "url_path", "articlepage__intro")
NEWEST_FIRST = (F("first_published_at").desc(nulls_last=True), "-pk")


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
    ranked = sorted(shared, key=lambda pk: (shared[pk], pk), reverse=True)
    rows: list[tuple] = []
    for start in range(0, len(ranked), CHECKED_AT_ONCE):
        batch = ranked[start : start + CHECKED_AT_ONCE]
        found = {
            row[0]: row
            for row in visible_pages.filter(pk__in=batch).order_by().values_list(*ROW)
        }
        rows += [found[pk] for pk in batch if pk in found]
        if len(rows) >= limit:
            break
    rows = rows[:limit]
    if len(rows) < limit:
        rows += (
            visible_pages.sibling_of(page, inclusive=False)
            .type(ArticlePage)
            .exclude(pk__in=[row[0] for row in rows])
            .order_by(*NEWEST_FIRST)
            .values_list(*ROW)[: limit - len(rows)]
        )
    return [
        ArticlePage(id=pk, page_ptr_id=pk, title=title, url_path=url_path, intro=intro)
        for pk, title, url_path, intro in rows
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
