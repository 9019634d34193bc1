"""The production settings, as the README's "Deploying" section runs them, in a
subprocess: `check --deploy` is clean, and the logs are JSON lines."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow


def production_env(**extra: str) -> dict[str, str]:
    """The documented minimum: settings module, secret key, host names."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="cms.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://cms.example.org",
        **extra,
    )
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_is_clean_with_the_documented_environment():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_hsts():
    """The check above can fail: turning HSTS off is reported."""
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(DJANGO_HSTS_SECONDS="0"),
    )

    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


REQUESTS = """
import django
django.setup()
from django.test import Client
client = Client()
client.get("/healthz", HTTP_X_REQUEST_ID="probe-1")
client.get("/", HTTP_HOST="evil.example", HTTP_X_REQUEST_ID="bad-host-2")
"""


def test_production_logs_are_json_lines_with_request_ids():
    result = run(["-c", REQUESTS], production_env())

    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    requests = [line for line in lines if line["name"] == "cms.request"]
    assert [
        (r["method"], r["path"], r["status"], r["request_id"]) for r in requests
    ] == [
        ("GET", "/healthz", 200, "probe-1"),
        ("GET", "/", 400, "bad-host-2"),
    ]
    assert all(r["duration_ms"] >= 0 for r in requests)
    # The refused host is an error line of its own, with the same request id.
    (refused,) = [line for line in lines if line["level"] == "ERROR"]
    assert refused["name"] == "django.security.DisallowedHost"
    assert refused["request_id"] == "bad-host-2"
