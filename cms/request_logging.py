"""One log line per request, and a request id on every log line.

`RequestLogMiddleware` (first in MIDDLEWARE, so it times the whole stack and
sees the final status) takes the caller's `X-Request-ID` when it looks like an
id, or makes one, returns it in the response's `X-Request-ID` header and logs
one `cms.request` line per request. `RequestIdFilter` copies the id onto every
record logged while the request runs, so Django's own "Internal Server Error"
record (with its traceback) carries the same id as the request line.

`logging_config()` builds the LOGGING setting: JSON lines on stderr in
production (python-json-logger), readable lines in development.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from pythonjsonlogger.core import RESERVED_ATTRS

logger = logging.getLogger("cms.request")

# An id from a proxy or a client is echoed into logs and a response header, so
# only a short run of safe characters is accepted; anything else is replaced.
REQUEST_ID_RE = re.compile(r"[A-Za-z0-9._:-]{1,128}")

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")


def request_id_from(request) -> str:
    given = request.headers.get("X-Request-ID", "")
    if REQUEST_ID_RE.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request)
        request.request_id = request_id
        # Set for this thread (or task) until the next request replaces it, not
        # reset on the way out: Django logs a 5xx response ("Service
        # Unavailable: /path") after the middleware chain has returned.
        current_request_id.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (empty outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id.get()
        return True


def logging_config(*, json: bool, level: str = "INFO") -> dict:
    """The LOGGING setting: everything to stderr, one line per record.

    Django's `django.request` logger is kept at ERROR: it would otherwise log
    every 4xx a second time, beside the request line. Its 5xx records keep
    their traceback (`exc_info`) and the request id.
    """
    if json:
        formatter = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level"},
            # Django attaches the HttpRequest to its records; the request line
            # already says what it was.
            "reserved_attrs": [*RESERVED_ATTRS, "request", "taskName"],
        }
    else:
        formatter = {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "cms.request_logging.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "default",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            # Replace Django's defaults (console only with DEBUG, mail_admins):
            # its records reach the root handler like every other.
            "django": {"handlers": [], "level": level, "propagate": True},
            "django.request": {"handlers": [], "level": "ERROR", "propagate": True},
            # runserver's own access log duplicates the request line.
            "django.server": {"handlers": [], "level": "WARNING", "propagate": True},
        },
    }
