"""A statement timeout for the web process on PostgreSQL.

No reader's request may hold a worker on a slow query: every PostgreSQL
connection the web process opens gets `SET statement_timeout`, so such a query
is cancelled (a 503, see cms/middleware.py) well within gunicorn's own timeout.
It is installed by cms/wsgi.py only, so management commands (a bulk import,
`seo_audit --all`, `migrate`) keep running as long as they need.
"""

import os

from django.db.backends.signals import connection_created

DEFAULT_WEB_STATEMENT_TIMEOUT_MS = 5000


def web_statement_timeout_ms() -> int:
    """DATABASE_STATEMENT_TIMEOUT_MS, or 5 s; 0 turns it off."""
    value = os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "")
    if not value.strip():
        return DEFAULT_WEB_STATEMENT_TIMEOUT_MS
    try:
        timeout = int(value)
    except ValueError:
        raise ValueError(
            f"DATABASE_STATEMENT_TIMEOUT_MS={value!r} is not a whole number of ms"
        ) from None
    if timeout < 0:
        raise ValueError(f"DATABASE_STATEMENT_TIMEOUT_MS={value!r} is negative")
    return timeout


def install_statement_timeout(timeout_ms: int) -> None:
    """Apply `timeout_ms` to every PostgreSQL connection opened from now on."""
    connection_created.disconnect(dispatch_uid=__name__)
    if not timeout_ms:
        return

    def set_statement_timeout(sender, connection, **kwargs):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # set_config() takes a bound parameter, which SET cannot.
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, false)",
                    [f"{int(timeout_ms)}ms"],
                )

    connection_created.connect(set_statement_timeout, weak=False, dispatch_uid=__name__)


def uninstall_statement_timeout() -> None:
    connection_created.disconnect(dispatch_uid=__name__)
