"""HTTP caching for the public read API (v2 pages): ETag, Cache-Control, 304s
and a server-side response cache.

Why a generation counter: one page's JSON appears in many responses (its
detail, `find`, every listing and search it matches, other articles'
`related`), and listings take open-ended query strings, so there is no list of
keys to delete when a page changes. Every stored response carries the
generation it was built in instead; any change bumps the counter, which makes
every stored response stale at once (each is replaced the next time its URL
is requested, or ages out by timeout or LRU).

A cache hit is one cache round trip: the counter and the response are read
together (`get_many`, one MGET on Redis), and the response is stored as plain
bytes and headers rather than a pickled HttpResponse.
"""

import hashlib
import math
import time
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.db import transaction
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)

GENERATION_KEY = "api-v2:generation"
SCHEDULE_KEY = "api-v2:next-schedule-change"

# Browsers cannot be purged, and a CDN only for the exact URLs cms/cdn.py names
# (other articles' `related`, filtered listings and searches are not among
# them), so freshness is short: a correction or a withdrawn article reaches
# every reader within a minute. Hot URLs are requested all the time, so a short
# stale-while-revalidate window is enough to keep revalidation (a 304, thanks
# to the ETag) off their request path; a longer one would only let cold URLs
# serve older copies.
MAX_AGE = 60
STALE_WHILE_REVALIDATE = 60

# `find` answers with a redirect to the detail URL; frontends call it for every
# path they render, so it is worth caching too. Errors never are.
CACHEABLE_STATUSES = frozenset({200, 302})

T = TypeVar("T")


def current_generation() -> int:
    """The generation stored responses are checked against. Started from the
    clock, not 0, so a counter evicted or lost with its cache never matches the
    responses of an old run."""
    cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(GENERATION_KEY) or 0


def _bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter (evicted, or a cache that stores nothing)
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def invalidate_api_cache() -> None:
    """Make every stored API response stale.

    Bumped at once, so the rest of this transaction (and a test) sees it, and
    again on commit: a request served meanwhile by another connection still read
    the old rows and may have stored them under the new generation.
    """
    _bump_generation()
    transaction.on_commit(_bump_generation)


# Per process: {key: (generation, value)}. Few keys (see per_generation).
_per_generation: dict = {}
PER_GENERATION_KEYS = 64


def per_generation(request: HttpRequest, key, compute: Callable[[], T]) -> T:
    """`compute()`, kept in this process for as long as the cache generation
    the request is served under (ApiCacheMiddleware sets it on the request).

    For what every response reads and any change to which bumps the
    generation, such as the site and the view restrictions: read once per
    generation instead of once per request. A request outside the stored
    cache (a logged-in user, caching off) carries no generation and computes
    afresh. `key` names the value, and the host when it depends on it; the
    keys are few, but a server answering any host name is kept from growing
    them without bound.
    """
    generation = getattr(request, "api_cache_generation", None)
    if generation is None:
        return compute()
    entry = _per_generation.get(key)
    if entry is None or entry[0] != generation:
        if len(_per_generation) >= PER_GENERATION_KEYS:
            _per_generation.clear()
        entry = _per_generation[key] = (generation, compute())
    return entry[1]


def _has_credentials(request: HttpRequest) -> bool:
    # Wagtail's v2 shows pages behind a login, group or password restriction to
    # the users and sessions allowed through it (PageViewRestriction.
    # accept_request), so a request that names a user or a session is never
    # answered from, nor stored in, the shared cache.
    return "HTTP_AUTHORIZATION" in request.META or (
        settings.SESSION_COOKIE_NAME in request.COOKIES
    )


# The request headers a stored response may depend on. DRF chooses the
# renderer from Accept, so it is part of the key. Cookie is named in Vary when
# the session was read, but only requests without a session cookie are stored
# (see _has_credentials), and for them the session is empty whatever other
# cookies they carry. A response that varies on anything else is not stored.
KEYED_HEADERS = ("HTTP_ACCEPT",)
STORABLE_VARY = frozenset({"accept", "cookie"})


def _response_key(request: HttpRequest) -> str:
    parts = [request.build_absolute_uri()]
    parts += [request.META.get(header, "") for header in KEYED_HEADERS]
    digest = hashlib.md5("\n".join(parts).encode(), usedforsecurity=False)
    return f"api-v2:response:{digest.hexdigest()}"


def _storable_vary(response: HttpResponse) -> bool:
    named = cc_delim_re.split(response.get("Vary", ""))
    return {header.strip().lower() for header in named if header} <= STORABLE_VARY


def _next_schedule_change(now) -> datetime | None:
    """The next moment a page is scheduled to go live or expire. The API
    applies those dates itself (Wagtail's publish_scheduled may run much
    later, and sends no signal until it does), so a stored response must not
    outlive it."""
    # Imported here: the cache backend below loads this module, maybe before
    # the app registry is ready.
    from wagtail.models import Page

    # Two queries, each answered by its column's partial index; one MIN(...)
    # FILTER (...) over both reads the whole page table.
    moments = [
        Page.objects.filter(go_live_at__gt=now).aggregate(m=Min("go_live_at"))["m"],
        Page.objects.filter(expire_at__gt=now).aggregate(m=Min("expire_at"))["m"],
    ]
    upcoming = [moment for moment in moments if moment is not None]
    return min(upcoming, default=None)


def _seconds_until(moment: datetime | None, now: datetime, timeout: int) -> int:
    """`timeout`, cut short to `moment`."""
    if moment is None:
        return timeout
    return max(1, min(timeout, math.ceil((moment - now).total_seconds())))


def _until_schedule_changes(timeout: int, generation: int, found: dict) -> int:
    """How long a response stored now may live: `timeout`, cut short to the
    next scheduled change.

    That moment is looked up once and kept in the cache beside the responses,
    read with them (`found`), so a miss costs no query for it. It is kept
    under the same generation, so any publish, unpublish or move (which may
    set an expiry) makes it stale with them, and a page save drops it
    (`schedule_changed`: scheduling a draft publishes nothing). It lives no
    longer than `timeout`, nor past the moment itself.
    """
    now = timezone.now()
    entry = found.get(SCHEDULE_KEY)
    if entry is None or entry[0] != generation:
        entry = (generation, _next_schedule_change(now))
        cache.set(SCHEDULE_KEY, entry, _seconds_until(entry[1], now, timeout))
    return _seconds_until(entry[1], now, timeout)


def schedule_changed() -> None:
    """A page was saved or deleted, so its go-live or expiry date may have
    changed: the next scheduled change is looked up again. Dropped at once and
    again on commit, for the request that read the old dates meanwhile."""
    cache.delete(SCHEDULE_KEY)
    transaction.on_commit(lambda: cache.delete(SCHEDULE_KEY))


class ApiCacheMiddleware:
    """Caches anonymous GET responses of the v2 pages API (detail, find,
    listings) and answers conditional requests with 304."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix: str | None = None

    def _applies(self, request: HttpRequest) -> bool:
        if self._prefix is None:
            self._prefix = reverse("wagtailapi:pages:listing")
        return request.method in ("GET", "HEAD") and request.path.startswith(
            self._prefix
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._applies(request):
            return self.get_response(request)
        if _has_credentials(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True)
            return response

        timeout = settings.API_CACHE_TIMEOUT
        if timeout:
            key = _response_key(request)
            found = cache.get_many([GENERATION_KEY, key, SCHEDULE_KEY])
            generation = found.get(GENERATION_KEY)
            if generation is None:
                generation = current_generation()
            request.api_cache_generation = generation
            stored = found.get(key)
            if stored is not None and stored[0] == generation:
                _, status, headers, content = stored
                response = HttpResponse(content, status=status, headers=headers)
                return self._conditional(request, response)

        response = self.get_response(request)
        if response.status_code not in CACHEABLE_STATUSES or response.streaming:
            # A CDN keeps a 404 for minutes by default; a page published a
            # moment later must not stay missing.
            add_never_cache_headers(response)
            return response

        set_response_etag(response)
        patch_cache_control(
            response,
            public=True,
            max_age=MAX_AGE,
            stale_while_revalidate=STALE_WHILE_REVALIDATE,
        )
        if (
            timeout
            and request.method == "GET"
            and not response.cookies
            and _storable_vary(response)
        ):
            # Tagged with the generation read before the view ran: had a change
            # landed meanwhile, this response is stale from the start.
            entry = (
                generation,
                response.status_code,
                list(response.items()),
                response.content,
            )
            cache.set(key, entry, _until_schedule_changes(timeout, generation, found))
        return self._conditional(request, response)

    @staticmethod
    def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        return get_conditional_response(
            request, etag=response.get("ETag"), response=response
        )


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, keeping one `redis.Redis` per connection pool.

    Django builds a new `redis.Redis` for every cache call, and redis-py fills
    a table of some 170 response callbacks in each: half the time of an API
    cache hit. A `redis.Redis` is safe to share between threads (its
    connections come from the pool), so one per pool is kept.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = super().get_client(key, write=write)
        return self._clients[index]


class RedisCache(DjangoRedisCache):
    """Django's Redis cache backend with SharedClientRedisCacheClient
    (CACHES BACKEND "cms.caching.RedisCache", same LOCATION and OPTIONS)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
