"""Which pages anonymous readers may see, beyond Wagtail's live-and-public rule."""

from django.db.models import Q, QuerySet
from django.utils import timezone


def exclude_scheduled(queryset: QuerySet) -> QuerySet:
    """Drop pages whose go-live date is still ahead or whose expiry has passed.

    Wagtail flips `live` only when `publish_scheduled` runs, so between its runs
    a page can be `live` with a future go-live date or an expiry in the past;
    readers must not see it in that window.
    """
    now = timezone.now()
    return queryset.exclude(Q(go_live_at__gt=now) | Q(expire_at__lte=now))
