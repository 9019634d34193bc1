"""An editor works with Reports > SEO audit in the real Wagtail admin.

Headless Chromium against pytest-django's live server: open the report from
the Reports menu, sort it by a score, filter it by band, download its CSV and
read the rows, open one check's view from a row, and apply its fix to one
article. Screenshots go to tests/e2e/artifacts/ (git-ignored).
"""

import csv
import re
from pathlib import Path

import pytest
from django.urls import reverse

from articles.models import ArticlePage
from seo.models import SeoAudit
from tests.e2e.test_admin_edit import PASSWORD, USERNAME, log_in
from tests.seo.test_report import article, audited, store

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).parent / "artifacts"
ROWS = "#listing-results tbody tr"
TITLES = "#listing-results tbody td.title a"


@pytest.fixture(autouse=True)
def default_thresholds(settings):
    settings.SEO_AUDIT = {}
    settings.SEO_SILENCED_CHECKS = []


@pytest.fixture
def editor(page_tree, django_user_model):
    return django_user_model.objects.create_superuser(
        USERNAME, "writer@example.com", PASSWORD
    )


@pytest.fixture
def library(page_tree):
    """Three articles with stored audits of known scores, and two audited for
    real, without a disclaimer (so their findings carry its fix)."""
    good = article("Gentle stretches", focus_keyphrase="gentle stretches")
    ok = article("Heat or ice", live=False)
    bad = article("Massage myths")
    store(good, 91, seo_score=35, failing=("keyphrase-cannibalization",))
    store(ok, 64, seo_score=88, failing=("orphan-article",), warnings=2)
    store(bad, 18, seo_score=60, failing=("broken-internal-links",), errors=3)
    fixable = [article("Massage for sciatica"), article("Walking for sciatica")]
    audited(*fixable)
    return fixable


def shoot(tab, name):
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def titles(tab) -> list[str]:
    return [title.strip() for title in tab.locator(TITLES).all_inner_texts()]


def test_editor_sorts_filters_exports_and_fixes(editor, library, live_server, tab):
    log_in(tab, live_server.url)

    # Reports > SEO audit, from the sidebar.
    tab.get_by_role("button", name="Reports").click()
    tab.get_by_role("link", name="SEO audit").click()
    tab.wait_for_url(re.compile(r"/admin/reports/seo/$"))
    expect(tab.locator(ROWS)).to_have_count(5)
    # Worst first: scores with their band in words.
    assert titles(tab)[0] == "Massage myths"
    first = tab.locator(ROWS).first
    expect(first.locator(".seo-report-score").first).to_contain_text("18")
    expect(first.locator(".seo-report-score").first).to_contain_text("Bad")
    expect(first).to_contain_text("Broken internal links")
    shoot(tab, "report")

    # Sort by the SEO score, highest first (second click on its header).
    tab.locator("thead th a", has_text="SEO").click()
    tab.wait_for_url(re.compile(r"ordering=seo_score"))
    tab.locator("thead th a", has_text="SEO").click()
    tab.wait_for_url(re.compile(r"ordering=-seo_score"))
    seo_scores = {
        audit.page.draft_title: audit.seo_score
        for audit in SeoAudit.objects.filter(is_latest=True).select_related("page")
    }
    shown = titles(tab)
    assert [seo_scores[title] for title in shown] == sorted(
        seo_scores.values(), reverse=True
    )
    shoot(tab, "report-sorted")

    # Filter: overall band "Bad", from the filters drawer.
    tab.get_by_role("button", name="Show filters").click()
    tab.get_by_role("button", name="Overall score band").click()
    tab.get_by_label("Bad").check()
    expect(tab.locator(ROWS)).to_have_count(1)
    assert titles(tab) == ["Massage myths"]
    tab.keyboard.press("Escape")
    shoot(tab, "report-filtered")

    # The CSV holds the filtered rows, as stored.
    tab.get_by_role("button", name="Actions").click()
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Download CSV").click()
    path = download.value.path()
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    bad = SeoAudit.objects.get(is_latest=True, page__title="Massage myths")
    assert [
        (row["Title"], row["Overall score"], row["Overall band"]) for row in rows
    ] == [("Massage myths", str(bad.overall_score), "Bad")]
    assert rows[0]["Broken internal links"] == "yes"
    assert rows[0]["Errors"] == "3"

    # A bad filter value is named, and the rest of the listing still shows.
    tab.goto(f"{live_server.url}{reverse('seo_report:index')}?band=purple")
    expect(tab.locator("[data-seo-filter-errors]")).to_contain_text(
        "Overall score band: Select a valid choice."
    )
    expect(tab.locator(ROWS)).to_have_count(5)
    shoot(tab, "report-bad-filter")

    # One check's view, from the filter's link.
    tab.goto(
        f"{live_server.url}{reverse('seo_report:index')}?failing=medical-disclaimer"
    )
    tab.locator("[data-seo-check-link]").click()
    tab.wait_for_url(re.compile(r"/admin/reports/seo/checks/medical-disclaimer/"))
    expect(tab.locator(".seo-report-check__title")).to_have_text("Medical disclaimer")
    expect(tab.locator(".seo-report-check__help")).not_to_be_empty()
    expect(tab.locator(ROWS)).to_have_count(2)
    expect(tab.locator(".seo-report-findings").first).not_to_be_empty()
    shoot(tab, "report-check")

    # Apply the fix to one article: a draft, and a message saying so.
    target, other = library
    tab.get_by_label(f"Select “{target.title}”").check()
    tab.get_by_role("button", name="Apply fix to selected").click()
    expect(tab.locator(".messages")).to_contain_text("Applied the fix")
    expect(tab.locator(ROWS)).to_have_count(1)
    assert titles(tab) == [other.title]
    tab.wait_for_timeout(500)  # the message slides in; screenshots want it still
    shoot(tab, "report-check-fixed")
    page = ArticlePage.objects.get(pk=target.pk)
    assert page.has_unpublished_changes
    assert page.get_latest_revision().user.username == USERNAME
    assert not ArticlePage.objects.get(pk=other.pk).has_unpublished_changes
