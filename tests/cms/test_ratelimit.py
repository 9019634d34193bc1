"""Logins and v3 bearer tokens are rate-limited per address (django-axes)."""

import socket

import pytest
from django.core.cache import cache
from django.test import override_settings
from wagtail.models import APIToken

from cms.ratelimit import client_ip

pytestmark = pytest.mark.django_db

LIMIT = 3
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def axes_on():
    """Rate limiting on, with a small limit, and no count left from before."""
    cache.clear()
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=LIMIT):
        yield
    cache.clear()


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(
        "editor", "editor@example.org", PASSWORD
    )


def login(client, url, password, ip="198.51.100.7"):
    return client.post(
        url, {"username": "editor", "password": password}, REMOTE_ADDR=ip
    )


@pytest.mark.parametrize("url", ["/admin/login/", "/django-admin/login/"])
def test_the_nth_failed_login_is_refused_with_429(client, admin_user, url):
    for _attempt in range(LIMIT - 1):
        response = login(client, url, "wrong")
        assert response.status_code == 200  # the form again, with its error

    assert login(client, url, "wrong").status_code == 429
    # Locked out: even the right password is refused, from that address only.
    assert login(client, url, PASSWORD).status_code == 429
    assert login(client, url, PASSWORD, ip="198.51.100.8").status_code == 302


def test_a_successful_login_resets_the_count(client, admin_user):
    for _attempt in range(LIMIT - 1):
        assert login(client, "/admin/login/", "wrong").status_code == 200
    assert login(client, "/admin/login/", PASSWORD).status_code == 302
    client.logout()

    for _attempt in range(LIMIT - 1):
        assert login(client, "/admin/login/", "wrong").status_code == 200


def bearer(client, token, url="/api/v3/whoami/", ip="198.51.100.7"):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=ip)


def test_failed_bearer_tokens_lock_the_address_out_with_a_json_429(client, admin_user):
    _, good = APIToken.create_token(user=admin_user, name="pipeline")
    assert bearer(client, good).status_code == 200

    # Protected routes answer 401; public-read ones fall back to anonymous.
    # Both count as failed attempts.
    assert bearer(client, "wagtail_guess-1").status_code == 401
    assert bearer(client, "wagtail_guess-2", url="/api/v3/pages/").status_code == 200
    assert bearer(client, "wagtail_guess-3").status_code == 401

    refused = bearer(client, "wagtail_guess-4")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    body = refused.json()
    assert body["status"] == 429
    assert body["title"] == "Too Many Requests"
    assert int(refused["Retry-After"]) == 15 * 60
    # Until the cool-off ends, even a valid token from that address is refused,
    assert bearer(client, good).status_code == 429
    # but not from another address, nor an anonymous read.
    assert bearer(client, good, ip="198.51.100.8").status_code == 200
    assert client.get("/api/v3/pages/", REMOTE_ADDR="198.51.100.7").status_code == 200


def test_valid_tokens_are_never_counted(client, admin_user):
    _, good = APIToken.create_token(user=admin_user, name="pipeline")
    for _request in range(LIMIT + 2):
        assert bearer(client, good).status_code == 200
        assert bearer(client, good, url="/api/v3/pages/").status_code == 200


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    "backend",
    ["django_redis.cache.RedisCache", "django.core.cache.backends.redis.RedisCache"],
)
def test_a_cache_outage_neither_fails_nor_locks_out(client, admin_user, backend):
    """With the cache unreachable nothing is counted: logins and tokens work
    as without rate limiting (no 500, no 429)."""
    options = {"IGNORE_EXCEPTIONS": True} if backend.startswith("django_redis") else {}
    down = {
        "default": {
            "BACKEND": backend,
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": options,
        }
    }
    # AXES_HANDLER is named so axes builds its handler again, on this cache.
    with override_settings(
        CACHES=down, AXES_HANDLER="cms.ratelimit.FailOpenAxesCacheHandler"
    ):
        _, good = APIToken.create_token(user=admin_user, name="pipeline")
        for _attempt in range(LIMIT + 1):
            assert login(client, "/admin/login/", "wrong").status_code == 200
            assert bearer(client, "wagtail_guess").status_code == 401
        assert bearer(client, good).status_code == 200
        assert login(client, "/admin/login/", PASSWORD).status_code == 302


def test_client_ip_trusts_only_the_configured_proxies(rf, monkeypatch):
    request = rf.get(
        "/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.1",
    )
    assert client_ip(request) == "10.0.0.2"
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "2")
    # Two proxies appended the last two entries; the one before is a claim.
    assert client_ip(request) == "203.0.113.9"
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "4")
    assert client_ip(request) == "10.0.0.2"  # fewer entries than proxies
