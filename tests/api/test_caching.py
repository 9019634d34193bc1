"""API v2 responses are cacheable: ETag, Cache-Control and 304s, stored in the
configured cache, and stale the moment a page is published, unpublished, moved
or deleted."""

import base64
import io
import json
import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from typing import ClassVar
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import APIToken, Page, PageViewRestriction, Site

from articles.models import ArticleIndexPage, ArticlePage, MedicalReviewer
from cms import caching
from cms import cdn as cdn_module
from seo.models import SeoAudit

pytestmark = pytest.mark.django_db

LISTING = "/api/v2/pages/?type=articles.ArticlePage&fields=title"


@pytest.fixture(autouse=True)
def api_cache():
    """A fresh local-memory cache with API caching on (tests/settings turn it off
    so tests cannot answer each other)."""
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"api-cache-test-{uuid.uuid4()}",
        }
    }
    with override_settings(CACHES=caches, API_CACHE_TIMEOUT=300):
        yield


@pytest.fixture
def make_article(write_source):
    def make(title: str) -> ArticlePage:
        path = write_source(f"{title}\n\nA paragraph about {title}.\n", f"{title}.txt")
        call_command("import_articles", str(path), "--publish", verbosity=0)
        return ArticlePage.objects.get(title=title)

    return make


@pytest.fixture
def article(make_article):
    return make_article("Sciatica Stretches")


def listed_titles(client) -> list[str]:
    response = client.get(LISTING)
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


def test_detail_and_listing_carry_etag_and_cache_control(client, article):
    for url in (f"/api/v2/pages/{article.pk}/", LISTING):
        response = client.get(url)
        assert response.status_code == 200
        assert response["ETag"].startswith('"')
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {
            "public",
            f"max-age={caching.MAX_AGE}",
            f"stale-while-revalidate={caching.STALE_WHILE_REVALIDATE}",
        }


def test_if_none_match_gets_304(client, article):
    url = f"/api/v2/pages/{article.pk}/"
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    # A stale validator gets the full response.
    response = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert response.status_code == 200
    assert response.json()["id"] == article.pk


def test_304_also_without_the_server_cache(client, article):
    url = f"/api/v2/pages/{article.pk}/"
    with override_settings(API_CACHE_TIMEOUT=0):
        etag = client.get(url)["ETag"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_second_request_is_served_from_the_cache(
    client, article, django_assert_num_queries
):
    for url in (f"/api/v2/pages/{article.pk}/", LISTING):
        first = client.get(url)
        with django_assert_num_queries(0):
            second = client.get(url)
            conditional = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert second.status_code == 200
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]
        assert conditional.status_code == 304


def test_a_hit_is_one_cache_read(client, article, monkeypatch):
    """The generation and the response come in one call (one MGET on Redis)."""
    url = f"/api/v2/pages/{article.pk}/"
    first = client.get(url)
    backend = caches["default"]
    calls, depth = [], [0]

    def recording(name, original):
        def call(*args, **kwargs):
            if not depth[0]:  # not the calls get_many makes itself
                calls.append(name)
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many", "add", "set"):
        monkeypatch.setattr(backend, name, recording(name, getattr(backend, name)))
    second = client.get(url)
    assert calls == ["get_many"]
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == "application/json"


def test_responses_are_kept_apart_by_accept(client, article):
    url = f"/api/v2/pages/{article.pk}/"
    as_json = client.get(url, headers={"Accept": "application/json"})
    as_html = client.get(url, headers={"Accept": "text/html"})
    assert as_json["Content-Type"] == "application/json"
    assert as_html["Content-Type"].startswith("text/html")
    again = client.get(url, headers={"Accept": "application/json"})
    assert again.content == as_json.content


def test_publish_invalidates(client, article):
    url = f"/api/v2/pages/{article.pk}/"
    before = client.get(url)
    assert before.json()["title"] == "Sciatica Stretches"
    article.title = "Gentle Sciatica Stretches"
    article.save_revision().publish()
    after = client.get(url)
    assert after.json()["title"] == "Gentle Sciatica Stretches"
    assert after["ETag"] != before["ETag"]
    assert listed_titles(client) == ["Gentle Sciatica Stretches"]


def test_publishing_a_new_article_shows_in_a_cached_listing(client, make_article):
    make_article("First Article")
    assert listed_titles(client) == ["First Article"]
    make_article("Second Article")
    assert sorted(listed_titles(client)) == ["First Article", "Second Article"]


def test_unpublish_invalidates(client, article):
    url = f"/api/v2/pages/{article.pk}/"
    assert client.get(url).status_code == 200
    assert listed_titles(client) == ["Sciatica Stretches"]
    article.unpublish()
    response = client.get(url)
    assert response.status_code == 404
    assert listed_titles(client) == []


def test_move_invalidates(client, article):
    find = "/api/v2/pages/find/?html_path=/articles/sciatica-stretches/"
    assert client.get(find).status_code == 302
    detail = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert detail["meta"]["html_url"].endswith("/articles/sciatica-stretches/")

    library = ArticleIndexPage.objects.get()
    elsewhere = library.get_parent().add_child(
        instance=ArticleIndexPage(title="Guides", slug="guides")
    )
    article.move(elsewhere, pos="last-child")

    assert client.get(find).status_code == 404
    detail = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert detail["meta"]["html_url"].endswith("/guides/sciatica-stretches/")
    assert detail["meta"]["parent"]["id"] == elsewhere.pk


def test_delete_invalidates(client, article):
    url = f"/api/v2/pages/{article.pk}/"
    assert client.get(url).status_code == 200
    assert listed_titles(client) == ["Sciatica Stretches"]
    article.delete()
    assert client.get(url).status_code == 404
    assert listed_titles(client) == []


def test_errors_are_not_cached(client, article):
    for url in (f"/api/v2/pages/{article.pk + 1000}/", "/api/v2/pages/?type=no.Such"):
        response = client.get(url)
        assert response.status_code in (400, 404)
        assert response["Content-Type"] == "application/json"
        assert "no-store" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert not response.has_header("ETag")


def test_a_404_is_not_kept(client, article):
    # Rows changed behind Wagtail's back (no signals, so no invalidation): only
    # a response that was not stored can show the change.
    url = f"/api/v2/pages/{article.pk}/"
    ArticlePage.objects.filter(pk=article.pk).update(live=False)
    assert client.get(url).status_code == 404
    ArticlePage.objects.filter(pk=article.pk).update(live=True)
    assert client.get(url).status_code == 200
    # Whereas a 200 is kept until something invalidates it.
    ArticlePage.objects.filter(pk=article.pk).update(live=False)
    assert client.get(url).status_code == 200


def test_a_stored_audit_invalidates(article):
    generation = caching.current_generation()
    SeoAudit.objects.create(
        page=article, engine_version="test", overall_score=80, results={}
    )
    assert caching.current_generation() != generation


def test_seo_audit_save_shows_the_new_scores(client, article):
    """seo_audit --save writes in bulk (no post_save): the cached detail must
    still show the new audit's scores."""
    url = f"/api/v2/pages/{article.pk}/"
    assert client.get(url).json()["audit"] is None
    with pytest.raises(CommandError):  # exit 1: findings at the fail level
        call_command(
            "seo_audit", "--page", str(article.pk), "--save", stdout=io.StringIO()
        )
    assert client.get(url).json()["audit"]["overall"] is not None


def test_a_page_made_private_leaves_the_cache(client, article):
    detail = f"/api/v2/pages/{article.pk}/"
    assert client.get(detail).status_code == 200
    assert listed_titles(client) == [article.title]
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(detail).status_code == 404
    assert listed_titles(client) == []
    restriction.delete()
    assert client.get(detail).status_code == 200


def test_a_response_does_not_outlive_a_scheduled_expiry(client, article, settings):
    """The API hides an expired page itself (publish_scheduled may run much
    later), so a stored response must expire when the page does."""
    settings.API_CACHE_TIMEOUT = 3600
    ArticlePage.objects.filter(pk=article.pk).update(
        expire_at=timezone.now() + timedelta(seconds=90)
    )
    url = f"/api/v2/pages/{article.pk}/"
    assert client.get(url).status_code == 200
    timeouts = []
    original_set = cache.set

    def recording_set(key, value, timeout=None, **kwargs):
        timeouts.append(timeout)
        return original_set(key, value, timeout, **kwargs)

    with mock.patch.object(cache, "set", recording_set):
        caching.invalidate_api_cache()
        assert client.get(url).status_code == 200
    assert timeouts
    assert 0 < timeouts[-1] <= 90


def first_and_later_misses(client, article, other) -> tuple[list, list]:
    """The queries of a generation's first miss (a detail), and of two later
    misses (another detail, a listing)."""
    with CaptureQueriesContext(connection) as first:
        assert client.get(f"/api/v2/pages/{article.pk}/").status_code == 200
    with CaptureQueriesContext(connection) as later:
        assert client.get(f"/api/v2/pages/{other.pk}/").status_code == 200
        assert client.get(LISTING).status_code == 200
    return first.captured_queries, later.captured_queries


def schedule_lookups(queries) -> int:
    return sum('MIN("wagtailcore_page"."go_live_at")' in q["sql"] for q in queries)


def test_the_next_scheduled_change_is_looked_up_once(client, article, make_article):
    """Every miss needs the next scheduled change; it is kept in the cache
    with the responses, so only the first miss of a generation queries it."""
    other = make_article("Piriformis Release")
    first, later = first_and_later_misses(client, article, other)
    assert schedule_lookups(first) == 1
    assert schedule_lookups(later) == 0
    caching.invalidate_api_cache()
    with CaptureQueriesContext(connection) as after_publish:
        assert client.get(LISTING).status_code == 200
    assert schedule_lookups(after_publish.captured_queries) == 1


def test_a_scheduled_section_shows_when_its_time_comes(client, article, make_article):
    """The go-live date is compared with the database's clock when the query
    runs: an article in a section scheduled for later is hidden, and shown
    once the section's time has come, with no change to bump the generation."""
    other = make_article("Piriformis Release")
    index = article.get_parent()
    Page.objects.filter(pk=index.pk).update(
        go_live_at=timezone.now() + timedelta(days=1)
    )
    caching.invalidate_api_cache()
    assert client.get(f"/api/v2/pages/{article.pk}/").status_code == 404
    # Its time comes with no signal (as when the clock reaches a date set long
    # ago); SQLite's clock counts milliseconds, hence the pause.
    Page.objects.filter(pk=index.pk).update(go_live_at=timezone.now())
    time.sleep(0.01)
    parent = client.get(f"/api/v2/pages/{other.pk}/").json()["meta"]["parent"]
    assert parent["id"] == index.pk


def test_scheduling_a_draft_shortens_responses_stored_after(
    client, article, make_article, settings
):
    """Scheduling a page to go live publishes nothing, so no generation
    changes; saving it still makes responses stored after it expire when it
    goes live, when listings must start showing it."""
    settings.API_CACHE_TIMEOUT = 3600
    draft = make_article("Piriformis Release")
    draft.live = False
    draft.save()
    assert client.get(f"/api/v2/pages/{article.pk}/").status_code == 200
    draft.go_live_at = timezone.now() + timedelta(seconds=90)
    draft.save()
    timeouts = []
    original_set = cache.set

    def recording_set(key, value, timeout=None, **kwargs):
        if key.startswith("api-v2:response:"):
            timeouts.append(timeout)
        return original_set(key, value, timeout, **kwargs)

    with mock.patch.object(cache, "set", recording_set):
        assert client.get(LISTING).status_code == 200
    assert timeouts
    assert 0 < timeouts[-1] <= 90


def test_the_reviewer_shown_in_the_api_invalidates(client, article):
    reviewer = MedicalReviewer.objects.create(name="Dr. Ada Lee", credentials="MD")
    article.reviewer = reviewer
    article.save_revision().publish()
    url = f"/api/v2/pages/{article.pk}/"
    assert client.get(url).json()["reviewer"]["credentials"] == "MD"
    reviewer.credentials = "MD, PhD"
    reviewer.save()
    assert client.get(url).json()["reviewer"]["credentials"] == "MD, PhD"


class RecordingBackend(BaseBackend):
    """A CDN that notes what it is asked to purge."""

    purged: ClassVar[list[str]] = []

    def purge(self, url: str) -> None:
        self.purged.append(url)


@pytest.fixture
def cdn():
    RecordingBackend.purged = []
    frontend_cache = {"default": {"BACKEND": f"{__name__}.RecordingBackend"}}
    with override_settings(
        WAGTAILFRONTENDCACHE=frontend_cache,
        WAGTAILAPI_BASE_URL="https://api.example.org",
    ):
        yield RecordingBackend.purged


API = "https://api.example.org/api/v2/pages"
LISTINGS = [
    f"{API}/",
    f"{API}/?type=articles.ArticlePage",
    f"{API}/?type=articles.ArticlePage&fields=*",
]


@override_settings(PUBLIC_SITE_URL="https://www.example.org")
def test_publish_purges_the_public_page_and_its_api_urls(
    article, cdn, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert set(cdn) == {
        "https://www.example.org/articles/sciatica-stretches/",
        f"{API}/{article.pk}/",
        f"{API}/find/?html_path=/articles/sciatica-stretches/",
        *LISTINGS,
    }


def test_nothing_is_purged_before_the_commit(article, cdn):
    article.save_revision().publish()  # the test's transaction never commits
    assert cdn == []


@override_settings(PUBLIC_SITE_URL="https://www.example.org")
def test_unpublish_and_delete_purge(article, cdn, django_capture_on_commit_callbacks):
    public = "https://www.example.org/articles/sciatica-stretches/"
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert public in cdn
    assert f"{API}/{article.pk}/" in cdn

    other = ArticlePage.objects.get(pk=article.pk)
    other.save_revision().publish()
    cdn.clear()
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert public in cdn
    assert f"{API}/{article.pk}/" in cdn


@override_settings(PUBLIC_SITE_URL="https://www.example.org")
def test_move_purges_the_old_and_the_new_addresses(
    article, cdn, django_capture_on_commit_callbacks
):
    library = ArticleIndexPage.objects.get()
    guides = library.get_parent().add_child(
        instance=ArticleIndexPage(title="Guides", slug="guides")
    )
    cdn.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.move(guides, pos="last-child")
    assert {
        "https://www.example.org/articles/sciatica-stretches/",
        "https://www.example.org/guides/sciatica-stretches/",
        f"{API}/find/?html_path=/articles/sciatica-stretches/",
        f"{API}/find/?html_path=/guides/sciatica-stretches/",
        f"{API}/{article.pk}/",
    } <= set(cdn)


def settings_from_env(**environ: str) -> dict:
    """The base settings as a fresh process reads them from this environment."""
    code = (
        "import json, cms.settings.base as s; print(json.dumps({"
        "'CACHES': s.CACHES, 'API_CACHE_TIMEOUT': s.API_CACHE_TIMEOUT, "
        "'WAGTAILFRONTENDCACHE': getattr(s, 'WAGTAILFRONTENDCACHE', None)}))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FRONTEND_CACHE_", "REDIS_URL"))
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, **environ},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(result.stderr.strip().splitlines()[-1])
    return json.loads(result.stdout)


def test_configuration_defaults_need_no_services():
    configured = settings_from_env()
    assert configured["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert configured["API_CACHE_TIMEOUT"] == 60
    assert configured["WAGTAILFRONTENDCACHE"] is None


def test_configuration_from_the_environment():
    configured = settings_from_env(
        REDIS_URL="redis://cache:6379/2",
        FRONTEND_CACHE_BACKEND="cloudflare",
        FRONTEND_CACHE_CLOUDFLARE_ZONEID="zone",
        FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN="token",
        FRONTEND_CACHE_HOSTNAMES="www.example.org,api.example.org",
    )
    assert configured["CACHES"]["default"] == {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://cache:6379/2",
        "KEY_PREFIX": "cms",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.25,
        },
    }
    assert configured["API_CACHE_TIMEOUT"] == 24 * 60 * 60
    assert configured["WAGTAILFRONTENDCACHE"] == {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": "zone",
            "BEARER_TOKEN": "token",
            "HOSTNAMES": ["www.example.org", "api.example.org"],
        }
    }
    http = settings_from_env(
        FRONTEND_CACHE_BACKEND="http", FRONTEND_CACHE_LOCATION="http://varnish:80"
    )["WAGTAILFRONTENDCACHE"]["default"]
    assert http == {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": "http://varnish:80",
    }


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"FRONTEND_CACHE_BACKEND": "fastly"}, "'fastly' is not one of: http"),
        (
            {
                "FRONTEND_CACHE_BACKEND": "cloudflare",
                "FRONTEND_CACHE_CLOUDFLARE_ZONEID": "z",
            },
            "needs FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN",
        ),
    ],
)
def test_configuration_errors_name_the_variable(environ, message):
    with pytest.raises(RuntimeError, match=message):
        settings_from_env(**environ)


def test_cdn_purges_the_api_urls_the_api_serves(client, article):
    """Without WAGTAILAPI_BASE_URL, Wagtail builds detail_url from the default
    Site's address, scheme and host only: the purged URLs must be the same."""
    Site.objects.filter(is_default_site=True).update(
        hostname="cms.example.org", port=443
    )
    with override_settings(WAGTAILAPI_BASE_URL=None):
        served = client.get(f"/api/v2/pages/{article.pk}/").json()["meta"]["detail_url"]
        assert f"{cdn_module.api_base_url()}/api/v2/pages/{article.pk}/" == served


# Who bypasses the cache: only a request that really authenticates.


def page_queries(queries) -> list[str]:
    """The queries that read pages (not the session lookup)."""
    return [q["sql"] for q in queries if "wagtailcore_page" in q["sql"]]


@pytest.fixture
def restricted(make_article):
    """An article behind a login restriction: anonymous readers get a 404."""
    page = make_article("Private Notes")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    return page


@pytest.mark.parametrize(
    "cookies",
    [
        {"sessionid": "made-up-session-key"},
        {"sessionid": "x" * 40, "csrftoken": "abc", "_ga": "GA1.2.3"},
        {"csrftoken": "abc", "theme": "dark"},
    ],
)
def test_cookies_without_a_real_session_are_served_from_the_cache(
    client, article, cookies
):
    url = f"/api/v2/pages/{article.pk}/"
    first = client.get(url)
    for name, value in cookies.items():
        client.cookies[name] = value
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    # At most the session lookup that finds no session: no page is read.
    assert page_queries(queries.captured_queries) == []
    assert len(queries.captured_queries) <= 1


def test_a_logged_in_session_bypasses_the_cache(
    client, article, restricted, django_user_model
):
    detail = f"/api/v2/pages/{restricted.pk}/"
    assert client.get(detail).status_code == 404
    assert listed_titles(client) == [article.title]  # stored for anonymous readers

    user = django_user_model.objects.create_user("reader", password="pw")
    reader = Client()
    reader.force_login(user)
    response = reader.get(detail)
    assert response.status_code == 200  # Wagtail lets the login through
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert sorted(listed_titles(reader)) == sorted([article.title, restricted.title])
    # Nothing it saw was stored for anonymous readers.
    assert client.get(detail).status_code == 404
    assert listed_titles(client) == [article.title]


def test_a_session_that_passed_a_password_bypasses_the_cache(client, make_article):
    page = make_article("Members Only")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )
    detail = f"/api/v2/pages/{page.pk}/"
    assert client.get(detail).status_code == 404
    session = client.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    response = client.get(detail)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert Client().get(detail).status_code == 404


def test_basic_credentials_bypass_the_cache(
    client, article, restricted, django_user_model
):
    """DRF's BasicAuthentication is one of v2's authenticators."""
    django_user_model.objects.create_user("reader", password="pw")
    detail = f"/api/v2/pages/{restricted.pk}/"
    assert client.get(detail).status_code == 404
    good = "Basic " + base64.b64encode(b"reader:pw").decode()
    response = client.get(detail, headers={"Authorization": good})
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    bad = "Basic " + base64.b64encode(b"reader:wrong").decode()
    response = client.get(detail, headers={"Authorization": bad})
    assert response.status_code in (401, 403)
    assert "public" not in response.get("Cache-Control", "")


def test_a_bearer_token_is_anonymous_on_v2(
    client, article, restricted, django_user_model
):
    """v2 reads no bearer token (only v3 does): the request gets what anyone
    gets, from the cache."""
    user = django_user_model.objects.create_superuser("admin", "a@example.com", "pw")
    _, token = APIToken.create_token(user=user, name="pipeline")
    bearer = {"Authorization": f"Bearer {token}"}
    assert (
        client.get(f"/api/v2/pages/{restricted.pk}/", headers=bearer).status_code == 404
    )
    url = f"/api/v2/pages/{article.pk}/"
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url, headers=bearer)
    assert second.content == first.content
    assert queries.captured_queries == []


# What the key is built from.


def stored_keys(client, urls, headers=None) -> set[str]:
    """The response keys stored while requesting `urls`."""
    keys = set()
    original_set = cache.set

    def recording_set(key, value, timeout=None, **kwargs):
        if key.startswith("api-v2:response:"):
            keys.add(key)
        return original_set(key, value, timeout, **kwargs)

    with mock.patch.object(cache, "set", recording_set):
        for url in urls:
            assert client.get(url, headers=headers or {}).status_code in (200, 302)
    return keys


def test_parameter_order_does_not_matter(client, article):
    first = client.get("/api/v2/pages/?type=articles.ArticlePage&fields=title,intro")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(
            "/api/v2/pages/?fields=title,intro&type=articles.ArticlePage"
        )
    assert queries.captured_queries == []
    assert again.content == first.content


def test_junk_parameters_share_one_entry(client, article):
    detail = f"/api/v2/pages/{article.pk}/"
    junk = [f"{detail}?utm_source=x{n}&nonsense={n}" for n in range(20)]
    junk += [f"{detail}?_={n}" for n in range(20)]  # jQuery's cache-buster
    keys = stored_keys(client, [detail, *junk])
    # One for the detail, one for the detail with parameters it ignores.
    assert len(keys) <= 2
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{detail}?another=thing").status_code == 200
        assert client.get(f"{detail}?_=12345").status_code == 200
    assert queries.captured_queries == []
    # A listing refuses unknown parameters, and the refusal is never stored.
    for n in range(3):
        response = client.get(f"/api/v2/pages/?junk={n}")
        assert response.status_code == 400
        assert "no-store" in response["Cache-Control"]
    assert client.get("/api/v2/pages/?junk=0").status_code == 400
    # find ignores them too.
    find = "/api/v2/pages/find/?html_path=/articles/sciatica-stretches/"
    assert len(stored_keys(client, [f"{find}&x={n}" for n in range(10)])) == 1


def test_a_parameter_given_twice_keeps_the_order_of_its_values(rf):
    from articles.api.views import ArticlePagesAPIViewSet

    def key(query):
        request = rf.get(f"/api/v2/pages/?{query}")
        return caching.response_key(request, ArticlePagesAPIViewSet, ("json", None))

    assert key("type=a&type=b") != key("type=b&type=a")
    assert key("type=a&limit=2") == key("limit=2&type=a")
    assert key("type=a&junk=1") == key("junk=2&type=a")
    assert key("type=a&junk=1") != key("type=a")


def test_accept_variants_share_the_json_entry(client, article):
    url = f"/api/v2/pages/{article.pk}/"
    accepts = ["", "*/*", "application/json", "application/json; q=0.9, */*; q=0.1"]
    accepts += [f"application/json; junk={n}" for n in range(10)]
    keys = set()
    for accept in accepts:
        keys |= stored_keys(client, [url], headers={"Accept": accept} if accept else {})
    assert len(keys) == 1
    indented = client.get(url, headers={"Accept": "application/json; indent=4"})
    assert indented.content.startswith(b"{\n    ")


def timeouts_of(client, url) -> list[int]:
    timeouts = []
    original_set = cache.set

    def recording_set(key, value, timeout=None, **kwargs):
        if key.startswith("api-v2:response:"):
            timeouts.append(timeout)
        return original_set(key, value, timeout, **kwargs)

    with mock.patch.object(cache, "set", recording_set):
        assert client.get(url).status_code == 200
    return timeouts


def test_open_ended_parameters_are_kept_briefly(client, article, settings):
    """Each new search or offset is a new entry: they are kept minutes, not a
    day, so random values cannot fill the cache."""
    settings.API_CACHE_TIMEOUT = 24 * 60 * 60
    assert timeouts_of(client, LISTING) == [24 * 60 * 60]
    assert timeouts_of(client, f"/api/v2/pages/{article.pk}/") == [24 * 60 * 60]
    for query in ("search=stretches", "offset=1", "title=Sciatica+Stretches"):
        url = f"/api/v2/pages/?type=articles.ArticlePage&{query}"
        assert timeouts_of(client, url) == [caching.SHORT_TIMEOUT]
