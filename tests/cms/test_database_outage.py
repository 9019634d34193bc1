"""A database outage is a 503 that heals by itself, never a 500."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import close_old_connections, connection
from django.test import override_settings

from cms.db import install_statement_timeout, uninstall_statement_timeout
from tests.cms.outage import kill_own_connection

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.cms.urls_faults")]

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"
)


def end_of_request() -> None:
    # What Django's WSGI handler does between requests (request_finished and
    # request_started); the test client leaves it out.
    close_old_connections()


def assert_api_503(response):
    assert response.status_code == 503, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"] == "Service temporarily unavailable"
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]


def test_an_api_database_error_is_a_json_503(client):
    assert_api_503(client.get("/api/test-faults/db-down/"))


def test_a_page_database_error_is_a_plain_503_page(client):
    response = client.get("/test-faults/db-down/")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert b"Service temporarily unavailable" in response.content
    assert response["Retry-After"] == "5"


class RaiseDatabaseError:
    """A middleware whose database call fails (e.g. a session save)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import InterfaceError

        raise InterfaceError("connection already closed")


def test_a_database_error_in_a_middleware_is_a_503_too(client, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        f"{__name__}.RaiseDatabaseError",
    ]
    client.raise_request_exception = False

    assert_api_503(client.get("/api/v2/pages/"))
    assert client.get("/").status_code == 503


def test_other_errors_stay_500(client):
    client.raise_request_exception = False

    assert client.get("/test-faults/boom/").status_code == 500


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_lost_connection_is_a_503_then_the_next_request_reconnects(client):
    assert client.get("/api/test-faults/count/").status_code == 200
    kill_own_connection()

    assert_api_503(client.get("/api/test-faults/count/"))
    end_of_request()
    response = client.get("/api/test-faults/count/")

    assert response.status_code == 200
    # Counted by the database (a test run before may have flushed the pages).
    assert isinstance(response.json()["pages"], int)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_api_recovers_from_a_database_restart(client):
    """The real API listings (v2, and v3 through Django Ninja), across a lost
    connection. The v3 reads are answered from a middleware's process_view
    (articles/visibility_v3.py), so their error reaches handler500: the test
    client must not re-raise it, as a real server does not."""
    client.raise_request_exception = False
    for url in ("/api/v2/pages/", "/api/v3/pages/"):
        with override_settings(API_CACHE_TIMEOUT=0):
            assert client.get(url).status_code == 200
            end_of_request()
            kill_own_connection()
            assert_api_503(client.get(url))
            end_of_request()
            assert client.get(url).status_code == 200


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_statement_timeout_cancels_a_slow_query_with_a_503(client):
    install_statement_timeout(300)
    connection.close()  # the next connection gets the timeout
    try:
        assert_api_503(client.get("/api/test-faults/sleep/?s=3"))
        end_of_request()
        # The worker is free again, and a quick query runs.
        assert client.get("/api/test-faults/sleep/?s=0.05").status_code == 200
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "300ms"
    finally:
        uninstall_statement_timeout()
        connection.close()

    # Connections made without it (management commands) have no timeout.
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


SHOW_TIMEOUT = (
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    "    cursor.execute('SHOW statement_timeout')\n"
    "    print(cursor.fetchone()[0])\n"
)


@needs_postgresql
@pytest.mark.slow
def test_only_the_web_process_gets_the_statement_timeout():
    """cms/wsgi.py (gunicorn) installs it; manage.py commands do not get it."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{db['NAME']}"
        ),
    }
    env.pop("DATABASE_STATEMENT_TIMEOUT_MS", None)

    def run(args):
        result = subprocess.run(
            [sys.executable, *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert run(["-c", "import cms.wsgi\n" + SHOW_TIMEOUT]) == "5s"
    assert run(["manage.py", "shell", "-c", SHOW_TIMEOUT]) == "0"
