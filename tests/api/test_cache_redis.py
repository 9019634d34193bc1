"""With REDIS_URL set, the site caches in Redis and keeps working while Redis is
down: reads are served uncached, writes succeed, one warning a minute is
logged, and caching resumes (without stale responses) when Redis is back.

Each test runs against a private redis-server started on a spare port and
stopped by its PID, with the CACHES the settings build from REDIS_URL.
"""

import json
import math
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import APIToken

from articles.models import ArticleIndexPage, ArticlePage
from cms import caching
from tests.api.test_caching import settings_from_env

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("redis-server") is None, reason="redis-server is not installed"
    ),
]

PAGE_URL = "/articles/sciatica-stretches/"


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server of our own: never the machine's."""

    def __init__(self, tmp_dir):
        self.port = spare_port()
        self.dir = tmp_dir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def freeze(self) -> None:
        """Stops answering, connections stay open: as a hung server."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture(scope="module")
def redis_caches(tmp_path_factory):
    """A running private Redis, and the CACHES the settings build for it."""
    server = PrivateRedis(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        caches = settings_from_env(REDIS_URL=server.url)["CACHES"]
        yield server, caches
    finally:
        server.stop()


@pytest.fixture
def redis(redis_caches, monkeypatch):
    server, caches = redis_caches
    if server.process is None:
        server.start()
    caches["default"]["KEY_PREFIX"] = f"cms-test-{uuid.uuid4().hex}"
    monkeypatch.setattr(caching, "missed_changes", False)
    monkeypatch.setattr(caching.unreachable_filter, "last", -math.inf)
    with override_settings(CACHES=caches, API_CACHE_TIMEOUT=300):
        yield server
    if server.process is not None and server.process.poll() is None:
        server.thaw()


@pytest.fixture
def article(write_source):
    path = write_source("Sciatica Stretches\n\nA paragraph about sciatica.\n")
    call_command("import_articles", str(path), "--publish", verbosity=0)
    return ArticlePage.objects.get(title="Sciatica Stretches")


def test_responses_are_stored_in_redis(client, article, redis):
    url = f"/api/v2/pages/{article.pk}/"
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert queries.captured_queries == []
    assert second.content == first.content
    assert cache.get(caching.GENERATION_KEY) is not None  # really in Redis
    article.title = "Sciatica Stretches, Revised"
    article.save_revision().publish()
    assert client.get(url).json()["title"] == "Sciatica Stretches, Revised"


@pytest.mark.slow
def test_with_redis_down_reads_and_writes_succeed(
    client, article, redis, django_user_model
):
    client.get(f"/api/v2/pages/{article.pk}/")  # something stored, then Redis goes
    redis.stop()
    for url in (
        f"/api/v2/pages/{article.pk}/",
        "/api/v2/pages/?type=articles.ArticlePage&fields=title",
        "/api/v2/pages/find/?html_path=" + PAGE_URL,
        PAGE_URL,
        "/articles/",
        "/",
        "/sitemap.xml",
    ):
        response = client.get(url)
        assert response.status_code in (200, 302), (url, response.status_code)
    # A page publish bumps the generation (signal handlers): it must not fail.
    article.title = "Sciatica Stretches, Revised"
    article.save_revision().publish()
    assert client.get(f"/api/v2/pages/{article.pk}/").json()["title"] == article.title
    # A v3 write.
    user = django_user_model.objects.create_superuser("admin", "a@example.com", "pw")
    _, token = APIToken.create_token(user=user, name="pipeline")
    created = client.post(
        "/api/v3/pages/",
        json.dumps(
            {
                "meta": {
                    "type": "articles.ArticlePage",
                    "parent_id": ArticleIndexPage.objects.get().pk,
                },
                "title": "Written While Redis Was Down",
                "body": [{"type": "paragraph", "value": "<p>Saved.</p>"}],
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert created.status_code == 201, created.content
    assert ArticlePage.objects.filter(title="Written While Redis Was Down").exists()


def test_redis_dropping_mid_request(client, article, redis):
    """The lookup worked, the store fails: the reader still gets the page."""
    url = f"/api/v2/pages/{article.pk}/"
    original = caching._next_schedule_change

    def redis_goes_away(now):
        redis.stop()
        return original(now)

    with mock.patch.object(caching, "_next_schedule_change", redis_goes_away):
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["id"] == article.pk


def unreachable_warnings(caplog) -> list:
    return [r for r in caplog.records if r.name == "cms.caching.unreachable"]


def test_one_warning_per_interval(client, article, redis, caplog):
    redis.stop()
    url = f"/api/v2/pages/{article.pk}/"
    for _ in range(5):
        assert client.get(url).status_code == 200
    warnings = unreachable_warnings(caplog)
    assert len(warnings) == 1
    assert warnings[0].levelname == "WARNING"
    assert "Cache unreachable (ConnectionError" in warnings[0].getMessage()
    assert warnings[0].exc_info is None
    # A minute later, another.
    caching.unreachable_filter.last -= caching.UNREACHABLE_LOG_INTERVAL
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert len(unreachable_warnings(caplog)) == 2


def test_caching_resumes_when_redis_returns(client, article, redis):
    url = f"/api/v2/pages/{article.pk}/"
    client.get(url)
    redis.stop()
    assert client.get(url).status_code == 200
    redis.start()  # empty: a restart without persistence
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert queries.captured_queries == []


@pytest.mark.slow
def test_a_hung_redis_costs_bounded_time_and_no_stale_page(client, article, redis):
    """A Redis that stops answering but keeps its data: readers wait at most
    the socket timeouts, and a change made meanwhile (whose generation bump
    was lost) shows once Redis answers again, instead of the stored copy."""
    url = f"/api/v2/pages/{article.pk}/"
    assert client.get(url).json()["title"] == "Sciatica Stretches"
    redis.freeze()
    article.title = "Sciatica Stretches, Revised"
    article.save_revision().publish()
    started = time.monotonic()
    during = client.get(url)
    elapsed = time.monotonic() - started
    assert during.status_code == 200
    assert during.json()["title"] == "Sciatica Stretches, Revised"
    assert elapsed < 3, f"a request took {elapsed:.1f} s with Redis hung"
    redis.thaw()
    assert client.get(url).json()["title"] == "Sciatica Stretches, Revised"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).json()["title"] == "Sciatica Stretches, Revised"
    assert queries.captured_queries == []
