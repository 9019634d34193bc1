"""A database outage answers 503, not 500, and heals by itself.

While PostgreSQL is down or restarting (or a query is cancelled by the web
process's statement timeout, see cms/db.py), a view's query raises
OperationalError or InterfaceError. The reader is told to come back shortly:
JSON on the API, a short plain page elsewhere, with Retry-After either way.

Nothing has to be reset for recovery: Django closes a connection that raised
at the end of the request, and with CONN_HEALTH_CHECKS a persistent connection
is tested before a new request reuses it, so the first request after the
database is back gets a fresh connection.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("cms.database")

RETRY_AFTER_SECONDS = 5
MESSAGE = "Service temporarily unavailable"
PAGE = (
    "<!doctype html><html lang=en><meta charset=utf-8>"
    "<title>Service temporarily unavailable</title>"
    "<h1>Service temporarily unavailable</h1>"
    "<p>Please try again in a few seconds.</p></html>"
)
DATABASE_ERRORS = (OperationalError, InterfaceError)


def unavailable_response(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"message": MESSAGE, "retry_after": RETRY_AFTER_SECONDS}, status=503
        )
    else:
        response = HttpResponse(PAGE, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Never stored by a cache or CDN: the next request should try again.
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.warning(
            "Database unavailable or query cancelled, answered 503: %s: %s",
            type(exception).__name__,
            str(exception).strip().splitlines()[0] if str(exception).strip() else "",
        )
        return unavailable_response(request)


def server_error(request, *args, **kwargs):
    """handler500: a database error raised outside a view (in a middleware)
    gets the same 503 as one raised in a view; anything else is a 500."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        return unavailable_response(request)
    return django_server_error(request, *args, **kwargs)
