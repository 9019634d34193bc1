"""The site index for live audits in the editor.

Building the index reads the whole library (seconds at 10,000 articles), and
the editor panel audits on every pause in typing, so each process keeps one
index and reuses it. It is rebuilt when the library has changed and the index
is older than `SEO_LIVE_INDEX_MAX_AGE` seconds: a writer's own article is
audited from the form, never from the index, so what the index can miss is
another writer's last few minutes of work.
"""

from __future__ import annotations

import gc
import threading
import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Max, Q

from articles.models import ArticlePage

if TYPE_CHECKING:
    from .site import SiteIndex

DEFAULT_MAX_AGE = 300

_lock = threading.Lock()
_index: SiteIndex | None = None
_stamp: tuple | None = None
_built_at = 0.0


def library_stamp() -> tuple:
    """What changes whenever an article is added, deleted, saved, published or
    unpublished: one aggregate query."""
    found = ArticlePage.objects.aggregate(
        articles=Count("pk"),
        live=Count("pk", filter=Q(live=True)),
        saved=Max("latest_revision_created_at"),
        published=Max("last_published_at"),
    )
    return tuple(sorted(found.items()))


def live_site_index() -> SiteIndex:
    global _index, _stamp, _built_at
    max_age = getattr(settings, "SEO_LIVE_INDEX_MAX_AGE", DEFAULT_MAX_AGE)
    with _lock:
        if _index is not None and time.monotonic() - _built_at < max_age:
            return _index
        stamp = library_stamp()
        if _index is None or stamp != _stamp:
            # Here, not at import: the admin imports this module at startup,
            # and the index's numpy and datasketch are needed only now.
            from .site import build_site_index

            gc.unfreeze()  # the old index may go
            _index = None
            _index = build_site_index()
            _stamp = stamp
            # The index lives as long as the process: keep the collector
            # from walking its objects again on every full collection.
            gc.freeze()
        _built_at = time.monotonic()
        return _index


def forget() -> None:
    """Drop the kept index (tests that change the library between audits)."""
    global _index, _stamp
    with _lock:
        _index, _stamp = None, None
