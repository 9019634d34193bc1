"""Lighthouse 13 on a server-rendered seed article: SEO 100, accessibility >= 95.

Runs the Lighthouse CLI pinned in tests/e2e/lighthouse/ (`npm ci` there) with
Debian's Chromium against pytest-django's live server. PUBLIC_SITE_URL is the
live server's address, as in the demo, so the canonical URL and the page's own
address agree, as Lighthouse's "canonical" audit requires.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles.models import ArticlePage

from .conftest import CHROMIUM_PATH

LIGHTHOUSE_DIR = Path(__file__).parent / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
# A cold Chromium on a busy two-core CI box takes well under a minute.
TIMEOUT_SECONDS = 180
CHROME_FLAGS = " ".join(
    [
        "--headless=new",
        "--no-sandbox",  # runs as root in a container
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ]
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def lighthouse() -> Path:
    if shutil.which("node") is None:
        pytest.skip("node is not installed: Lighthouse needs Node.js and npm")
    if not CHROMIUM_PATH.exists():
        pytest.skip(f"no Chromium at {CHROMIUM_PATH}: install Debian's `chromium`")
    if not LIGHTHOUSE.exists():
        pytest.skip(f"Lighthouse is not installed: run `npm ci` in {LIGHTHOUSE_DIR}")
    return LIGHTHOUSE


def run_lighthouse(lighthouse: Path, url: str, output: Path) -> dict:
    command = [
        str(lighthouse),
        url,
        "--only-categories=seo,accessibility",
        "--output=json",
        f"--output-path={output}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM_PATH)}
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(output.read_text())


def failing_audits(report: dict, category: str) -> list[str]:
    """Each audit that cost the category points, with the elements at fault."""
    failures = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] == 0 or audit["score"] in (None, 1):
            continue
        items = (audit.get("details") or {}).get("items", [])
        where = [
            item["node"].get("snippet", "")
            for item in items
            if isinstance(item.get("node"), dict)
        ]
        failures.append(f"{audit['id']} ({audit['score']}): {audit['title']} {where}")
    return failures


# Every seed: the plainest (paragraphs only) to the richest (tables and lists).
@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_seed_article_scores(
    page_tree, lighthouse, live_server, seed, number, tmp_path
):
    with override_settings(PUBLIC_SITE_URL=live_server.url):
        call_command("import_articles", str(seed(number)), "--publish", verbosity=0)
        page = ArticlePage.objects.live().get()
        assert page.full_url.startswith(live_server.url)
        report = run_lighthouse(lighthouse, page.full_url, tmp_path / "report.json")

    assert report["lighthouseVersion"].startswith("13.")
    assert not report.get("runtimeError"), report.get("runtimeError")
    seo = report["categories"]["seo"]["score"]
    accessibility = report["categories"]["accessibility"]["score"]
    print(f"seed {number}: SEO {seo:.0%}, accessibility {accessibility:.0%}")
    assert seo == 1, failing_audits(report, "seo")
    assert accessibility >= 0.95, failing_audits(report, "accessibility")
