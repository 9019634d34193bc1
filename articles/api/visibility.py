"""Which pages anonymous readers may see, beyond Wagtail's live-and-public rule."""

from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from wagtail.models import Page, Site


def exclude_scheduled(queryset: QuerySet) -> QuerySet:
    """Drop pages whose go-live date is still ahead or whose expiry has passed.

    Wagtail flips `live` only when `publish_scheduled` runs, so between its runs
    a page can be `live` with a future go-live date or an expiry in the past;
    readers must not see it in that window. The dates are not search-indexed
    fields, so the condition is a subquery of `path`, which is (and is unique).
    Not of `pk`: for a page type's rows that is a column of the type's own
    table, and the condition must read page columns only for a listing to be
    selected from the page table alone (`articles.api.pagination`).
    """
    now = timezone.now()
    waiting = Page.objects.filter(Q(go_live_at__gt=now) | Q(expire_at__lte=now))
    return queryset.exclude(path__in=waiting.values("path"))


def anonymous_visible_pages(site: Site) -> QuerySet[Page]:
    """The site's pages an anonymous reader may see, as the API decides it
    for a request (for work done outside one, e.g. a management command)."""
    return exclude_scheduled(
        Page.objects.live().public().descendant_of(site.root_page, inclusive=True)
    )


def compiled_ids(queryset: QuerySet[Page]) -> RawSQL:
    """The queryset's ids as a subquery compiled once, for `pk__in`.

    Django compiles a subquery again in every query that uses it, and the
    visibility conditions (live, site, view restrictions, schedule) take about
    a millisecond to compile; one API response uses them in several queries.
    """
    # Unordered, as Django compiles a subquery: an ORDER BY would keep the
    # planner from joining it.
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return RawSQL(sql, params)
