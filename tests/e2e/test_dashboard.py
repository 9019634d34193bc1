"""An editor reads the SEO panel on the admin home and the articles' scores in
the page listing, in a real Chromium, in the light and the dark theme.

Screenshots go to tests/e2e/artifacts/ (git-ignored).
"""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from articles.models import ArticleIndexPage
from seo.models import SeoLibraryDay
from tests.e2e.conftest import DEFAULT_TIMEOUT_MS, VIEWPORT
from tests.e2e.test_admin_edit import log_in
from tests.seo.test_dashboard import article, store

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "writer"
PASSWORD = "correct-horse-battery-staple"
ARTIFACTS = Path(__file__).parent / "artifacts"
PANEL = "#seo-dashboard-section"
SCORES = [8, 22, 35, 47, 52, 58, 66, 74, 81, 86, 93, 100]
CHECKS = ["medical-disclaimer", "medical-reviewer", "review-date", "canonical-url"]


@pytest.fixture
def writer(page_tree, django_user_model):
    return django_user_model.objects.create_superuser(
        USERNAME, "writer@example.com", PASSWORD
    )


@pytest.fixture
def library(page_tree):
    """Twelve audited articles, one never audited, and 30 days of history."""
    index = ArticleIndexPage.objects.get()
    for n, score in enumerate(SCORES):
        page = article(index, f"Sciatica article {n + 1:02}")
        store(page, score, bad=CHECKS[: 1 + n % len(CHECKS)])
    article(index, "Sciatica article not audited")
    today = timezone.localdate()
    SeoLibraryDay.objects.filter(day__lt=today).delete()
    SeoLibraryDay.objects.bulk_create(
        SeoLibraryDay(
            day=today - datetime.timedelta(days=days_ago),
            average_score=50 + days_ago % 7 - days_ago / 3,
            articles=12,
        )
        for days_ago in range(30, 0, -3)
    )
    return index


def shoot(locator, name):
    ARTIFACTS.mkdir(exist_ok=True)
    locator.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def check_panel(tab):
    panel = tab.locator(PANEL)
    expect(panel).to_be_visible()
    bars = panel.locator("[data-seo-histogram] rect")
    expect(bars).to_have_count(10)
    expect(panel.locator("[data-seo-histogram] rect[data-low='90']")).to_have_attribute(
        "data-count", "2"
    )
    expect(panel.locator("[data-seo-lowest] li")).to_have_count(5)
    expect(panel.locator("[data-seo-lowest] li").first).to_contain_text(
        "Sciatica article 01"
    )
    expect(panel.locator("[data-seo-lowest] li").first).to_contain_text("Bad")
    expect(panel.locator("[data-seo-failing] li")).to_have_count(4)
    expect(panel.locator("[data-seo-failing] li").first).to_contain_text(
        "Medical disclaimer"
    )
    expect(panel.locator("[data-seo-failing] li").first).to_contain_text("12 articles")
    expect(panel.locator("[data-seo-trend] circle")).to_have_count(31)
    # Bars take their band's colour from the admin palette: a filled bar.
    fill = bars.last.evaluate("bar => getComputedStyle(bar).fill")
    assert fill not in ("", "none", "rgb(0, 0, 0)")
    return panel


def test_dashboard_and_listing(writer, library, live_server, tab):
    log_in(tab, live_server.url)
    panel = check_panel(tab)
    panel.scroll_into_view_if_needed()
    shoot(panel, "dashboard-light")

    # The lowest article opens in the editor.
    panel.locator("[data-seo-lowest] a").first.click()
    tab.wait_for_url("**/edit/")
    expect(tab.locator("#id_title")).to_have_value("Sciatica article 01")

    # The listing of the article index: score and band, sortable.
    tab.goto(f"{live_server.url}/admin/pages/{library.pk}/")
    header = tab.locator("th", has_text="SEO score")
    expect(header).to_be_visible()
    header.locator("a").click()
    tab.wait_for_url("**ordering=seo_score**")
    rows = tab.locator("table.listing tbody tr")
    expect(rows.first).to_contain_text("Sciatica article 01")
    expect(rows.first.locator("td.seo-listing-score")).to_have_text("8 Bad")
    expect(rows.last).to_contain_text("not audited")
    shoot(tab.locator("main"), "listing-light")


def test_dashboard_in_the_dark_theme(writer, library, live_server, browser):
    context = browser.new_context(viewport=VIEWPORT, color_scheme="dark")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    tab = context.new_page()
    try:
        log_in(tab, live_server.url)
        panel = check_panel(tab)
        # Wagtail follows the system theme: the text is light on dark.
        colour = panel.evaluate("node => getComputedStyle(node).color")
        red, green, blue = (int(c) for c in colour[4:-1].split(","))
        assert min(red, green, blue) > 150, colour
        panel.scroll_into_view_if_needed()
        shoot(panel, "dashboard-dark")
        tab.goto(f"{live_server.url}/admin/pages/{library.pk}/?ordering=-seo_score")
        expect(tab.locator("td.seo-listing-score").first).to_have_text("100 Good")
        shoot(tab.locator("main"), "listing-dark")
    finally:
        context.close()
