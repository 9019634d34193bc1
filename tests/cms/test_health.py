"""/healthz (liveness) and /readyz (database, cache, migrations)."""

import socket

import pytest
from django.db import close_old_connections, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

import cms.health
from tests.cms.outage import kill_own_connection

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def _recheck_migrations(monkeypatch):
    # Each test sees the migrations' real state, not a previous test's result.
    monkeypatch.setattr(cms.health, "_migrations_applied", False)


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_reports_each_component(client):
    response = client.get("/readyz")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "migrations"}
    assert all(check["ok"] for check in body["checks"].values())
    assert response["Cache-Control"] == "no-store"


@override_settings(
    ALLOWED_HOSTS=["cms.example.org"],
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_probes_work_over_plain_http_from_any_host_name(client):
    """A load balancer probes over HTTP and names the instance by its IP."""
    for url in ("/healthz", "/readyz", "/readyz/"):
        response = client.get(url, HTTP_HOST="10.0.3.7:8000")
        assert response.status_code == 200, (url, response.status_code)
    # Any other URL is still redirected to HTTPS, and a bad host still refused.
    assert client.get("/", HTTP_HOST="cms.example.org").status_code == 301
    assert client.get("/", HTTP_HOST="10.0.3.7:8000").status_code == 400


@pytest.mark.parametrize(
    "cache",
    [
        # The project's own Redis configuration: errors are ignored (a miss).
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.25},
        },
        # Django's own Redis backend: errors are raised.
        {"BACKEND": "django.core.cache.backends.redis.RedisCache"},
    ],
    ids=["django-redis", "django"],
)
def test_readyz_reports_a_cache_outage_as_degraded(client, cache):
    """The site serves uncached without Redis, so the instance stays in the
    load balancer (200) and the JSON says what is wrong."""
    unreachable = {
        "default": {**cache, "LOCATION": f"redis://127.0.0.1:{closed_port()}/0"}
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["cache"]["error"] in {"ConnectionError", "RuntimeError"}
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["migrations"]["ok"] is True


@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_while_the_database_is_unreachable(client):
    """A real lost connection on PostgreSQL: the server ends our session."""
    if connection.vendor != "postgresql":
        pytest.skip("terminating a database session needs PostgreSQL")
    kill_own_connection()

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["database"]["error"] in {"OperationalError", "InterfaceError"}
    # At the end of the request Django drops the broken connection (as the
    # WSGI handler does), and the next probe reconnects by itself.
    close_old_connections()
    assert client.get("/readyz").status_code == 200


def test_readyz_is_503_with_an_unapplied_migration(client):
    """A real unapplied migration: one app's latest migration is struck from
    the database's record (inside the test's transaction, rolled back after)."""
    leaves = MigrationLoader(connection).graph.leaf_nodes()
    app, name = next(node for node in leaves if node[0] == "home")
    MigrationRecorder(connection).record_unapplied(app, name)

    response = client.get("/readyz")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["migrations"]["ok"] is False
    assert checks["migrations"]["error"] == "UnappliedMigrations"
    assert checks["database"]["ok"] is True
    assert checks["cache"]["ok"] is True


def test_readyz_remembers_that_migrations_are_applied(
    client, django_assert_max_num_queries
):
    assert client.get("/readyz").status_code == 200
    # Later probes only run `SELECT 1`: no migration graph, no recorder query.
    with django_assert_max_num_queries(1):
        assert client.get("/readyz").status_code == 200
