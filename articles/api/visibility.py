"""Which pages anonymous readers may see, beyond Wagtail's live-and-public rule."""

from django.db.models import Q, QuerySet
from django.db.models.functions import Now
from wagtail.models import Page, Site


def exclude_scheduled(queryset: QuerySet) -> QuerySet:
    """Drop pages whose go-live date is still ahead or whose expiry has passed.

    Wagtail flips `live` only when `publish_scheduled` runs, so between its runs
    a page can be `live` with a future go-live date or an expiry in the past;
    readers must not see it in that window. The dates are not search-indexed
    fields, so the condition is a subquery of `path`, which is (and is unique).

    "Now" is the database's clock at each run of the query.
    """
    now = Now()
    waiting = Page.objects.filter(Q(go_live_at__gt=now) | Q(expire_at__lte=now))
    return queryset.exclude(path__in=waiting.values("path"))


def anonymous_visible_pages(site: Site) -> QuerySet[Page]:
    """The site's pages an anonymous reader may see, as the API decides it
    for a request (for work done outside one, e.g. a management command)."""
    return exclude_scheduled(
        Page.objects.live().public().descendant_of(site.root_page, inclusive=True)
    )
