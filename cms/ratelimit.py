"""Rate limits on logging in and on API tokens, with django-axes.

django-axes counts failed authentications per client IP address in the Django
cache (Redis with REDIS_URL) and refuses the address for AXES_COOLOFF_TIME
once AXES_FAILURE_LIMIT is reached:

- Logins (the Wagtail admin's and Django admin's) go through
  `django.contrib.auth.authenticate`, which axes watches through its
  authentication backend and AxesMiddleware: the refusal is a 429.
- v3 bearer tokens are checked by Wagtail's BearerTokenAuth, which axes does
  not see. `ApiTokenThrottleMiddleware` reports each failed bearer attempt
  to axes with Django's `user_login_failed` signal, and refuses bearer
  requests from an address axes has locked out with a JSON 429.

A cache outage must not lock everyone out nor fail logins:
`FailOpenAxesCacheHandler` stops counting while the cache is unreachable.
"""

import logging
import os
import time

from axes.handlers.cache import AxesCacheHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import JsonResponse
from wagtail.models import APIToken

logger = logging.getLogger("cms.ratelimit")

# One warning per interval while the cache is down, not one per attempt.
WARNING_INTERVAL_SECONDS = 60
_last_warning = 0.0


def _warn_cache_down(exc: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= WARNING_INTERVAL_SECONDS:
        _last_warning = now
        logger.warning(
            "Login rate limiting is off while the cache is unreachable: %s: %s",
            type(exc).__name__,
            exc,
        )


class FailOpenAxesCacheHandler(AxesCacheHandler):
    """Axes' cache handler, which counts nothing (and locks nobody out) while
    the cache cannot be reached, instead of failing the login with a 500."""

    def get_failures(self, request, credentials=None) -> int:
        try:
            return super().get_failures(request, credentials)
        except Exception as exc:  # whatever the cache backend raises
            _warn_cache_down(exc)
            return 0

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        try:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        except Exception as exc:
            _warn_cache_down(exc)
            return None

    def user_logged_in(self, sender, request, user, **kwargs):
        try:
            return super().user_logged_in(sender, request, user, **kwargs)
        except Exception as exc:
            _warn_cache_down(exc)
            return None


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT=N (N
    proxies in front, each appending to X-Forwarded-For) the address the
    outermost trusted proxy saw. Entries further left are the client's own
    claim and are never trusted."""
    proxies = int(os.environ.get("TRUSTED_PROXY_COUNT", "0") or 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def _is_bearer(request) -> bool:
    return request.headers.get("Authorization", "")[:7].lower() == "bearer "


def too_many_attempts(request) -> JsonResponse:
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    response = JsonResponse(
        {
            "type": "about:blank",
            "title": "Too Many Requests",
            "status": 429,
            "detail": "Too many failed authentication attempts from this address. "
            f"Try again in {seconds} seconds.",
        },
        status=429,
        content_type="application/problem+json",
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response


class ApiTokenThrottleMiddleware:
    """Counts failed v3 bearer attempts per address and refuses a locked-out
    address's bearer requests (even with a valid token) until its cool-off."""

    prefix = "/api/v3/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (
            settings.AXES_ENABLED
            and request.path_info.startswith(self.prefix)
            and _is_bearer(request)
        ):
            return self.get_response(request)
        if not AxesProxyHandler.is_allowed(request):
            return too_many_attempts(request)
        response = self.get_response(request)
        # A protected route answers 401; a public-read route falls back to
        # anonymous, so `request.auth` (set by Django Ninja) is then not a token.
        authenticated = isinstance(getattr(request, "auth", None), APIToken)
        if response.status_code == 401 or (
            hasattr(request, "auth") and not authenticated
        ):
            user_login_failed.send(
                sender=__name__,
                # No username: the lockout is per address (AXES_LOCKOUT_PARAMETERS).
                credentials={"username": None},
                request=request,
            )
        return response
