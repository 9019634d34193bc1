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

The cache may be unreachable (Redis down or restarting): django-redis then
answers every call as a miss (settings: IGNORE_EXCEPTIONS), so responses are
served uncached, and this module notices it (`current_generation()` is None,
or a bump fails). A change made meanwhile could not bump the counter, so a
process that noticed bumps it once the cache answers again, before it serves
anything from it.
"""

import hashlib
import logging
import math
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from functools import cache as memoize
from functools import lru_cache
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import Error as DatabaseError
from django.db import transaction
from django.db.models import Min
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from rest_framework.exceptions import NotAcceptable
from rest_framework.request import Request
from rest_framework.settings import api_settings
from wagtail.models import Page, PageViewRestriction

logger = logging.getLogger(__name__)

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

# Parameters whose values come from a small set (page types, ids and paths of
# existing pages, field names, limits up to WAGTAILAPI_LIMIT_MAX): responses
# to requests with only these are kept for API_CACHE_TIMEOUT. Any other
# parameter takes free text or any number (search, offset, hashtag, a field
# filter such as title=...), so each new value is a new entry: those are kept
# for SHORT_TIMEOUT only, long enough to absorb a burst of the same search,
# short enough that random values cannot pile up (README, "Site endpoints
# and caching").
LONG_LIVED_PARAMETERS = frozenset(
    {
        "type",
        "fields",
        "limit",
        "order",
        "locale",
        "site",
        "child_of",
        "ancestor_of",
        "descendant_of",
        "translation_of",
        "rich_text_format",
        "format",
        # find: a value that matches no page is a 404, never stored.
        "html_path",
        "id",
        "slug",
    }
)
SHORT_TIMEOUT = 60

# Accepted by Wagtail (jQuery's cache-buster) and read by nothing.
IGNORED_PARAMETERS = frozenset({"_"})

# One warning per process at most this often while the cache is unreachable.
UNREACHABLE_LOG_INTERVAL = 60


# Set when this process found the cache unreachable: a change made meanwhile
# (here or in any process) may not have bumped the generation.
missed_changes = False


class OncePerInterval(logging.Filter):
    """Lets one record through per `interval` seconds, as a one-line warning.

    django-redis logs every call it could not make (with a traceback), which
    is every cache call of every request while Redis is down
    (settings: DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS, DJANGO_REDIS_LOGGER).
    """

    def __init__(self, interval: float = UNREACHABLE_LOG_INTERVAL):
        super().__init__()
        self.interval = interval
        self.last = -math.inf
        self.lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        with self.lock:
            if now - self.last < self.interval:
                return False
            self.last = now
        error = record.exc_info[1] if record.exc_info else None
        cause = getattr(error, "__cause__", None) or error
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.msg = (
            "Cache unreachable (%s): serving uncached until it answers again; "
            "this warning repeats at most every %d s"
        )
        record.args = (f"{type(cause).__name__}: {cause}", self.interval)
        record.exc_info = record.exc_text = None
        return True


# The logger django-redis reports to (settings: DJANGO_REDIS_LOGGER).
unreachable_filter = OncePerInterval()
logging.getLogger(f"{__name__}.unreachable").addFilter(unreachable_filter)


def current_generation() -> int | None:
    """The generation stored responses are checked against; None when the
    cache cannot be reached. Started from the clock, not 0, so a counter
    evicted or lost with its cache never matches the responses of an old
    run."""
    global missed_changes
    if missed_changes and _bump_generation():
        missed_changes = False
        logger.info(
            "Cache reachable again: stored API responses made stale, since "
            "changes made while it was unreachable could not do it"
        )
    # django-redis answers None for a call it could not make; add() otherwise
    # answers True or False.
    if cache.add(GENERATION_KEY, time.time_ns(), timeout=None) is None:
        missed_changes = True
        return None
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        missed_changes = True
    return generation


def _bump_generation() -> bool:
    """Whether the cache took the bump."""
    global missed_changes
    try:
        bumped = cache.incr(GENERATION_KEY)
    except ValueError:  # no counter (evicted, or a cache that stores nothing)
        bumped = cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    if bumped is None:  # unreachable (django-redis)
        missed_changes = True
        return False
    return True


def invalidate_api_cache() -> None:
    """Make every stored API response stale.

    Bumped at once, so the rest of this transaction (and a test) sees it, and
    again on commit: a request served meanwhile by another connection still read
    the old rows and may have stored them under the new generation. Never
    raises: with the cache unreachable, the bump is made when it returns.
    """
    _bump_generation()
    transaction.on_commit(_bump_generation)


def authenticates(request: HttpRequest, viewset) -> bool:
    """Whether the API may show this request more than it shows anyone.

    Wagtail's v2 shows pages behind a login, group or password restriction to
    the users and sessions allowed through (PageViewRestriction.
    accept_request): a logged-in session, a session that passed a page's
    password form, or credentials one of the view's DRF authenticators reads
    (DRF's default BasicAuthentication reads `Authorization: Basic`; v2 has
    no token authentication, so a bearer token is anonymous). Anything else,
    a made-up session cookie included, is an anonymous reader.
    """
    authorization = request.headers.get("Authorization", "").split(" ", 1)[0]
    if authorization:
        for authentication in viewset.authentication_classes:
            header = authentication().authenticate_header(request)
            if header and header.split(" ", 1)[0].lower() == authorization.lower():
                return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    try:
        return request.user.is_authenticated or bool(
            request.session.get(
                PageViewRestriction.passed_view_restrictions_session_key
            )
        )
    except DatabaseError:
        # The session could not be read: let the view answer (a 503 while the
        # database is down, cms/middleware.py).
        return True


# The response headers a stored response may vary on. The key holds what DRF
# chooses from Accept, and Cookie is named when the session was read, but only
# anonymous requests are answered from the cache (see authenticates), and for
# them the session grants nothing. A response that varies on anything else
# is not stored.
STORABLE_VARY = frozenset({"accept", "cookie"})


@memoize
def parameters_read(viewset) -> frozenset[str]:
    """Every query parameter the endpoint reads: Wagtail's operations and ours
    (known_query_parameters), find's lookups, and the model fields a listing
    filters by (Wagtail's FieldsFilter, e.g. ?slug=)."""
    names = set(viewset.known_query_parameters) | set(viewset.find_query_parameters)
    for model in apps.get_models():
        if issubclass(model, viewset.model):
            names.update(viewset.get_available_fields(model, db_fields_only=True))
    return frozenset(names - IGNORED_PARAMETERS)


def representation(request: HttpRequest, viewset) -> tuple | None:
    """What the response is rendered as: the renderer DRF picks from Accept
    and ?format=, and the indent JSON is asked for (application/json;
    indent=4). Only that from Accept, so the key cannot be varied at will.
    None when DRF would refuse the request (406, or 404 for ?format=)."""
    return _negotiate(
        viewset,
        request.headers.get("Accept"),
        request.GET.get(api_settings.URL_FORMAT_OVERRIDE),
    )


# DRF's choice depends on these alone. Kept per process: negotiating costs
# about a fifth of a cache hit (DRF request, renderers, media type parsing);
# bounded, since clients choose the Accept header.
@lru_cache(maxsize=128)
def _negotiate(viewset, accept, format_parameter) -> tuple | None:
    request = HttpRequest()
    if accept is not None:
        request.META["HTTP_ACCEPT"] = accept
    if format_parameter is not None:
        request.GET = QueryDict(mutable=True)
        request.GET[api_settings.URL_FORMAT_OVERRIDE] = format_parameter
    renderers = [renderer() for renderer in viewset.renderer_classes]
    try:
        renderer, media_type = viewset.content_negotiation_class().select_renderer(
            Request(request), renderers
        )
    except (NotAcceptable, Http404):
        return None
    get_indent = getattr(renderer, "get_indent", None)
    return renderer.media_type, get_indent(media_type, {}) if get_indent else None


def response_key(request: HttpRequest, viewset, rendered_as: tuple) -> tuple[str, bool]:
    """The cache key, and whether the response may live long.

    Built from the parameters the endpoint reads, sorted by name (a parameter
    given twice keeps its values' order: Wagtail reads the last one). Others
    are read by nothing, so they are left out: whatever their names and
    values, they share one entry per URL. That entry is apart from the one
    without them, since a listing refuses them (400, never stored) where a
    detail or `find` ignores them.
    """
    read = parameters_read(viewset)
    known, unknown = [], False
    for name, values in sorted(request.GET.lists()):
        if name in read:
            known.append((name, values))
        elif name not in IGNORED_PARAMETERS:
            unknown = True
    url = f"{request.scheme}://{request.get_host()}{request.path}"
    parts = [url, urlencode(known, doseq=True), str(unknown), repr(rendered_as)]
    digest = hashlib.md5("\n".join(parts).encode(), usedforsecurity=False)
    long_lived = not unknown and all(name in LONG_LIVED_PARAMETERS for name, _ in known)
    return f"api-v2:response:{digest.hexdigest()}", long_lived


def _storable_vary(response: HttpResponse) -> bool:
    named = cc_delim_re.split(response.get("Vary", ""))
    return {header.strip().lower() for header in named if header} <= STORABLE_VARY


def _next_schedule_change(now) -> datetime | None:
    """The next moment a page is scheduled to go live or expire. The API
    applies those dates itself (Wagtail's publish_scheduled may run much
    later, and sends no signal until it does), so a stored response must not
    outlive it."""
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
    longer than the long timeout, nor past the moment itself.
    """
    now = timezone.now()
    entry = found.get(SCHEDULE_KEY)
    if entry is None or entry[0] != generation:
        entry = (generation, _next_schedule_change(now))
        cache.set(
            SCHEDULE_KEY,
            entry,
            _seconds_until(entry[1], now, settings.API_CACHE_TIMEOUT),
        )
    return _seconds_until(entry[1], now, timeout)


def schedule_changed() -> None:
    """A page was saved or deleted, so its go-live or expiry date may have
    changed: the next scheduled change is looked up again. Dropped at once and
    again on commit, for the request that read the old dates meanwhile. With
    the cache unreachable, the bump made when it returns drops it."""
    cache.delete(SCHEDULE_KEY)
    transaction.on_commit(lambda: cache.delete(SCHEDULE_KEY))


# What process_view decided for a request, read back on its response.
PRIVATE = "private"
HIT = "hit"


@dataclass
class Miss:
    key: str
    generation: int
    found: dict
    timeout: int


class ApiCacheMiddleware:
    """Caches anonymous GET responses of the v2 pages API (detail, find,
    listings) and answers conditional requests with 304.

    A request without a session cookie is looked up at once, before the
    middleware below runs: a hit costs no SQL and little else. One with a
    session cookie is looked up in `process_view`, once the session and user
    middleware have run, since only the session tells whether it really
    authenticates (see `authenticates`): if it does, it is never answered
    from, nor stored in, the shared cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix: str | None = None
        self.viewset = None

    def applies(self, request: HttpRequest) -> bool:
        if self.prefix is None:
            self.prefix = reverse("wagtailapi:pages:listing")
            # The endpoint's viewset (DRF's ViewSetMixin.as_view names it).
            self.viewset = resolve(self.prefix).func.cls
        return request.method in ("GET", "HEAD") and request.path.startswith(
            self.prefix
        )

    def look_up(self, request: HttpRequest) -> HttpResponse | None:
        """The stored response, or None; notes on the request what the
        response path must do."""
        viewset = self.viewset
        if authenticates(request, viewset):
            request.api_cache = PRIVATE
            return None
        timeout = settings.API_CACHE_TIMEOUT
        rendered_as = representation(request, viewset)
        if not timeout or rendered_as is None:
            request.api_cache = None
            return None
        key, long_lived = response_key(request, viewset, rendered_as)
        found = cache.get_many([GENERATION_KEY, key, SCHEDULE_KEY])
        generation = found.get(GENERATION_KEY)
        if generation is None or missed_changes:
            generation = current_generation()
            if generation is None:  # unreachable: served uncached
                request.api_cache = None
                return None
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            request.api_cache = HIT
            _, status, headers, content = stored
            return HttpResponse(content, status=status, headers=headers)
        request.api_cache = Miss(
            key,
            generation,
            found,
            timeout if long_lived else min(timeout, SHORT_TIMEOUT),
        )
        return None

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self.applies(request) or hasattr(request, "api_cache"):
            return None  # not the API, or looked up already
        return self.look_up(request)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.applies(request):
            return self.get_response(request)
        response = None
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            response = self.look_up(request)
        if response is None:
            response = self.get_response(request)
        decided = getattr(request, "api_cache", None)
        if decided == HIT:
            return self.conditional(request, response)
        if decided == PRIVATE:
            patch_cache_control(response, private=True)
            return response
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
            isinstance(decided, Miss)
            and request.method == "GET"
            and not response.cookies
            and _storable_vary(response)
        ):
            # Tagged with the generation read before the view ran: had a change
            # landed meanwhile, this response is stale from the start.
            entry = (
                decided.generation,
                response.status_code,
                list(response.items()),
                response.content,
            )
            timeout = _until_schedule_changes(
                decided.timeout, decided.generation, decided.found
            )
            cache.set(decided.key, entry, timeout)
        return self.conditional(request, response)

    @staticmethod
    def conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        return get_conditional_response(
            request, etag=response.get("ETag"), response=response
        )
