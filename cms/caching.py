"""HTTP caching for the public read API (v2 pages): ETag, Cache-Control, 304s
and a server-side response cache.

Why a generation counter: one page's JSON appears in many responses (its
detail, `find`, every listing and search it matches, other articles'
`related`), and listings take open-ended query strings, so there is no list of
keys to delete when a page changes. Every key carries the current generation
instead; any change bumps it, which orphans every stored response at once
(they then age out by timeout or LRU). The price is one more cache read per
request and a cold API after each publish, which is rare next to reads.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import (
    add_never_cache_headers,
    get_cache_key,
    get_conditional_response,
    learn_cache_key,
    patch_cache_control,
    set_response_etag,
)

GENERATION_KEY = "api-v2:generation"

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


def current_generation() -> int:
    """The generation every key carries. Started from the clock, not 0, so a
    counter evicted or lost with its cache never meets the keys of an old run."""
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


def _has_credentials(request: HttpRequest) -> bool:
    # The v2 API shows the same pages to everyone, but a request that names a
    # user is kept out of shared caches in case a view ever answers it for them.
    return "HTTP_AUTHORIZATION" in request.META or (
        settings.SESSION_COOKIE_NAME in request.COOKIES
    )


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
        key_prefix = f"api-v2:{current_generation()}" if timeout else ""
        if timeout:
            key = get_cache_key(request, key_prefix, "GET", cache=cache)
            cached = cache.get(key) if key else None
            if cached is not None:
                return self._conditional(request, cached)

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
        if timeout and request.method == "GET" and not response.cookies:
            key = learn_cache_key(request, response, timeout, key_prefix, cache=cache)
            cache.set(key, response, timeout)
        return self._conditional(request, response)

    @staticmethod
    def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        return get_conditional_response(
            request, etag=response.get("ETag"), response=response
        )
