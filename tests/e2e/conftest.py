"""Fixtures for browser tests: a headless Chromium driven by Playwright.

The machine cannot download Playwright's own browsers, so these tests use a
system Chromium (Debian's /usr/bin/chromium, or the one CHROMIUM_PATH names) and
skip, with the reason, when there is none.
"""

import os
import threading
from pathlib import Path

import pytest

CHROMIUM_PATH = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # runs as root in a container
    "--disable-gpu",
    "--disable-dev-shm-usage",  # small /dev/shm in containers crashes tabs
    # Offline machine: stop Chromium phoning home and stalling on it.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
# Generous enough for a cold admin page on a slow CI box, short enough that a
# wrong selector fails in seconds rather than Playwright's default 30.
DEFAULT_TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module."""
    if not CHROMIUM_PATH.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM_PATH}: install Debian's `chromium` package "
            "or point CHROMIUM_PATH at a Chromium binary"
        )
    sync_api = pytest.importorskip("playwright.sync_api")

    # Playwright's sync API keeps an asyncio loop running on this thread, so
    # Django refuses ORM calls from the test body (SynchronousOnlyOperation)
    # while the browser is open. The test's ORM calls are ordinary synchronous
    # ones, so allow them, for this module only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def tab(browser):
    """A fresh browser context (no cookies) and tab for each test."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def server_lock():
    """Held by the live server while it handles a request.

    Hold it in the test too while reading the database after browser actions,
    so a request the page fires in the background (see `live_server`) cannot
    be using the shared SQLite connection at the same moment.
    """
    return threading.Lock()


@pytest.fixture
def live_server(live_server, server_lock):
    """pytest-django's live server, handling one request at a time.

    With SQLite's in-memory test database every server thread shares the test's
    single connection, and Wagtail 8's editor fires requests of its own
    alongside the writer's (editing-session pings, a "release" beacon when the
    page is left, autosave). Two requests on that connection at once fail with
    "database table is locked". Serialising requests removes the race; with
    PostgreSQL it only costs a little parallelism.
    """
    httpd = live_server.thread.httpd
    application = httpd.get_app()
    serialised = OneRequestAtATime(application, server_lock)
    httpd.set_app(serialised)
    yield live_server
    # The server outlives this test (it is session-scoped): put it back, once
    # any request in progress is done. Requests still queued on the lock get a
    # 503 instead of racing the database flush that ends the test.
    with server_lock:
        serialised.closed = True
        httpd.set_app(application)


class OneRequestAtATime:
    """WSGI wrapper running each request, body included, while holding `lock`."""

    def __init__(self, application, lock):
        self.application = application
        self.lock = lock
        self.closed = False

    def __call__(self, environ, start_response):
        with self.lock:
            if self.closed:
                start_response("503 Service Unavailable", [])
                return [b""]
            response = self.application(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                # close() sends request_finished, which touches connections.
                if hasattr(response, "close"):
                    response.close()
        return [body]


@pytest.fixture
def page_tree(transactional_db):
    """The rows the data migrations make that browser tests rely on: locale,
    root collection, root page, home page, article index and default site.

    Browser tests need a live server, so a transactional database, and an
    earlier transactional test's flush removes those rows. Django's
    serialized_rollback did not restore them reliably across modules here (the
    admin's background requests recreate content types after the flush), so
    they are rebuilt, as the migrations make them, whenever they are missing.
    """
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page, Site

    from articles.models import ArticleIndexPage
    from home.models import HomePage

    if ArticleIndexPage.objects.exists():
        return
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE.split("-")[0])
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    home = root.add_child(
        instance=HomePage(title="Sciatica Massage Library", slug="home")
    )
    home.add_child(instance=ArticleIndexPage(title="Articles", slug="articles"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
