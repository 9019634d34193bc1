"""The SEO panel on the admin home: score distribution, lowest articles, most
failing checks and the 90-day line, over the pages the user may explore."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import slugify

from articles.models import ArticleIndexPage, ArticlePage
from home.models import HomePage
from seo import runner
from seo.audit import Auditor
from seo.checks import registry
from seo.models import SeoAudit, SeoLibraryDay
from seo.storage import save_reports, save_rows

from .factories import TODAY, paragraph

pytestmark = pytest.mark.django_db

AUDIT_TABLES = re.compile(r'FROM "seo_(seoaudit|seoauditcheck|seolibraryday)"')
HOME = "/admin/"
PANEL = "#seo-dashboard-section"


# --- building a library ---------------------------------------------------------


@pytest.fixture
def index():
    return ArticleIndexPage.objects.get()


@pytest.fixture
def second_index():
    """Another section of articles, beside the first."""
    section = ArticleIndexPage(title="Exercises", slug="exercises")
    HomePage.objects.get().add_child(instance=section)
    return section


def article(parent, title: str) -> ArticlePage:
    page = ArticlePage(
        title=title, slug=slugify(title), body=[paragraph("Massage helps.")]
    )
    parent.add_child(instance=page)
    page.save_revision()
    page.refresh_from_db()
    return page


def result(check_id: str, status: str, level: str) -> dict:
    finding = {"check": check_id, "level": level, "message": f"{check_id} found"}
    return {
        "check": check_id,
        "status": status,
        "message": "",
        "value": None,
        "findings": [finding],
    }


def store(page, score, bad=(), ok=(), info=(), audited_at=None) -> SeoAudit:
    """Store an audit of the page's latest revision through seo.storage, as
    `seo_audit --save` does, with these checks failing."""
    results = [
        *(result(check, "bad", "error") for check in bad),
        *(result(check, "ok", "info") for check in ok),
        *(result(check, "info", "info") for check in info),
    ]
    row = SeoAudit(
        page_id=page.pk,
        revision_id=page.latest_revision_id,
        engine_version="test",
        overall_score=score,
        results=results,
    )
    save_rows([row])
    stored = SeoAudit.objects.get(page=page, revision_id=page.latest_revision_id)
    if audited_at is not None:  # auto_now: set the past by hand
        SeoAudit.objects.filter(pk=stored.pk).update(audited_at=audited_at)
    return stored


def new_revision(page) -> ArticlePage:
    page.save_revision()
    page.refresh_from_db()
    return page


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# --- reading the panel ----------------------------------------------------------


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@x.org", "pw")
    client.force_login(user)
    return user


def panel(client):
    response = client.get(HOME)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(PANEL)


def bars(found) -> dict[int, tuple[int, str]]:
    return {
        int(bar["data-low"]): (int(bar["data-count"]), bar["data-band"])
        for bar in found.select("[data-seo-histogram] rect")
    }


def lowest(found) -> list[tuple[str, str, str, str]]:
    return [
        (
            item.select_one("a").get_text(strip=True),
            item.select_one("a")["href"],
            item.select_one(".seo-dashboard__score").get_text(strip=True),
            item.select_one(".seo-dashboard__band").get_text(strip=True),
        )
        for item in found.select("[data-seo-lowest] li")
    ]


def failing(found) -> list[tuple[str, int, str]]:
    return [
        (
            item["data-seo-check"],
            int(item["data-articles"]),
            item.select_one(".seo-dashboard__name").get_text(strip=True),
        )
        for item in found.select("[data-seo-failing] li")
    ]


def trend(found) -> list[tuple[str, str]]:
    return [
        (point["data-day"], point["data-average"])
        for point in found.select("[data-seo-trend] circle")
    ]


def edit_url(page) -> str:
    return f"/admin/pages/{page.pk}/edit/"


# --- the panel ---------------------------------------------------------------------


def test_with_no_audits_every_figure_says_so(client, admin, index):
    article(index, "Not audited yet")
    found = panel(client)
    assert found is not None
    text = found.get_text(" ", strip=True)
    assert "No article has a stored audit yet." in text
    assert "No scored articles yet." in text
    assert "No failing checks." in text
    assert "No history yet." in text
    assert found.select("[data-seo-histogram]") == []
    assert found.select("[data-seo-trend]") == []


def test_one_audit_from_the_engine(client, admin, index):
    page = article(index, "Massage for sciatica")
    checks = [registry.get(i) for i in ("medical-disclaimer", "heading-punctuation")]
    reports = runner.audit_pages([page.pk], Auditor(checks), today=TODAY)
    save_reports(reports)
    audit = SeoAudit.objects.get(is_latest=True)
    score = audit.overall_score

    found = panel(client)
    counts = bars(found)
    bin_low = min(score // 10, 9) * 10
    assert counts[bin_low][0] == 1
    assert sum(count for count, _ in counts.values()) == 1
    band_word = {"good": "Good", "ok": "Ok", "bad": "Bad"}[counts[bin_low][1]]
    assert lowest(found) == [
        ("Massage for sciatica", edit_url(page), str(score), band_word)
    ]
    # The article has no disclaimer: that check failed, with its title.
    assert failing(found) == [("medical-disclaimer", 1, "Medical disclaimer")]
    # Today's library average is one day: no line yet.
    assert trend(found) == []
    assert "No history yet." in found.get_text()


def test_many_audits(client, admin, index):
    scores = [3, 12, 18, 25, 49, 50, 55, 61, 79, 80, 85, 90, 95, 100, 100, None]
    pages = [article(index, f"Article {n:02}") for n in range(len(scores))]
    unaudited = article(index, "Never audited")
    # Every article fails the disclaimer, the first ten the reviewer, and so
    # on, so the counts order the checks; info results never count.
    for n, (page, score) in enumerate(zip(pages, scores, strict=True)):
        bad = ["medical-disclaimer"]
        if n < 10:
            bad.append("medical-reviewer")
        if n < 7:
            bad.append("review-date")
        if n < 3:
            bad.append("canonical-url")
        ok = ["sentence-length"] if n < 5 else []
        if n < 2:
            ok.append("passive-voice")
        store(page, score, bad=bad, ok=ok, info=["readability-figures"])
    # The first article's newer audit replaces its first in every figure:
    # review-date, canonical-url, sentence-length and passive-voice lose one.
    older = pages[0]
    store(new_revision(older), 3, bad=["medical-disclaimer", "medical-reviewer"])
    assert SeoAudit.objects.filter(page=older).count() == 2

    found = panel(client)
    assert bars(found) == {
        0: (1, "bad"),
        10: (2, "bad"),
        20: (1, "bad"),
        30: (0, "bad"),
        40: (1, "bad"),
        50: (2, "ok"),
        60: (1, "ok"),
        70: (1, "ok"),
        80: (2, "good"),
        90: (4, "good"),  # 100 joins the top bin
    }
    assert found.select_one("[data-seo-unscored]")["data-seo-unscored"] == "1"
    # Tallest bar reaches the top of the plot; an empty one has no height.
    heights = {
        int(bar["data-low"]): float(bar["height"])
        for bar in found.select("[data-seo-histogram] rect")
    }
    assert heights[30] == 0
    assert heights[90] == max(heights.values()) == 2 * heights[80]
    # Accessible: a title per bar and a description of all of them.
    assert found.select_one("[data-seo-histogram] rect[data-low='90'] title").text == (
        "Score 90-100: 4 articles (good)"
    )
    assert "90-100: 4" in found.select_one("[data-seo-histogram] desc").text
    axis = [t.text for t in found.select("[data-seo-histogram] text")]
    assert "Overall score" in axis
    assert "Articles" in axis
    assert [str(n) for n in range(0, 101, 10)] == [
        t.text for t in found.select("[data-seo-histogram] text[text-anchor=middle]")
    ][:11]

    assert lowest(found) == [
        ("Article 00", edit_url(pages[0]), "3", "Bad"),
        ("Article 01", edit_url(pages[1]), "12", "Bad"),
        ("Article 02", edit_url(pages[2]), "18", "Bad"),
        ("Article 03", edit_url(pages[3]), "25", "Bad"),
        ("Article 04", edit_url(pages[4]), "49", "Bad"),
    ]
    assert "Never audited" not in found.get_text()
    assert unaudited.pk  # in the library, in no figure

    assert failing(found) == [
        ("medical-disclaimer", 16, "Medical disclaimer"),
        ("medical-reviewer", 10, "Medical reviewer"),
        ("review-date", 6, "Last-reviewed date"),
        ("sentence-length", 4, "Sentence length"),
        ("canonical-url", 2, "Canonical URL valid"),
    ]


def test_lowest_shows_band_words_for_each_band(client, admin, index):
    for title, score in (("Good one", 85), ("Ok one", 60), ("Bad one", 20)):
        store(article(index, title), score)
    assert [
        (title, score, word) for title, _, score, word in lowest(panel(client))
    ] == [
        ("Bad one", "20", "Bad"),
        ("Ok one", "60", "Ok"),
        ("Good one", "85", "Good"),
    ]


def test_checks_link_to_the_reports_view_of_that_check(client, admin, index):
    store(article(index, "One"), 40, bad=["medical-disclaimer"])
    link = panel(client).select_one("[data-seo-failing] li a")
    assert link["href"] == "/admin/reports/seo/checks/medical-disclaimer/"
    assert client.get(link["href"]).status_code == 200


# --- the 90-day line --------------------------------------------------------------


def test_line_reads_library_days_carrying_values_over_missing_days(client, admin):
    today = timezone.localdate()
    SeoLibraryDay.objects.all().delete()
    for days_ago, average, articles in ((100, 40.0, 8), (50, 60.0, 9), (10, 70.5, 10)):
        SeoLibraryDay.objects.create(
            day=today - datetime.timedelta(days=days_ago),
            average_score=average,
            articles=articles,
        )
    points = trend(panel(client))
    start = today - datetime.timedelta(days=89)
    assert len(points) == 90
    # The first day takes the value of the last row before the window.
    assert points[0] == (start.isoformat(), "40.0")
    assert points[38] == ((today - datetime.timedelta(days=51)).isoformat(), "40.0")
    assert points[39] == ((today - datetime.timedelta(days=50)).isoformat(), "60.0")
    assert points[78] == ((today - datetime.timedelta(days=11)).isoformat(), "60.0")
    assert points[79] == ((today - datetime.timedelta(days=10)).isoformat(), "70.5")
    assert points[-1] == (today.isoformat(), "70.5")


def test_line_starts_at_the_first_recorded_day(client, admin):
    today = timezone.localdate()
    SeoLibraryDay.objects.all().delete()
    SeoLibraryDay.objects.create(
        day=today - datetime.timedelta(days=2), average_score=55, articles=3
    )
    SeoLibraryDay.objects.create(day=today, average_score=65, articles=4)
    found = panel(client)
    assert trend(found) == [
        ((today - datetime.timedelta(days=2)).isoformat(), "55.0"),
        ((today - datetime.timedelta(days=1)).isoformat(), "55.0"),
        (today.isoformat(), "65.0"),
    ]
    svg = found.select_one("[data-seo-trend]")
    assert svg["role"] == "img"
    assert "from 55.0" in svg.select_one("desc").text
    ys = [float(c["cy"]) for c in svg.select("circle")]
    assert ys[2] < ys[0]  # a higher score is drawn higher
    assert "No history yet." not in found.get_text()


def test_fewer_than_two_points_is_no_history(client, admin):
    SeoLibraryDay.objects.all().delete()
    SeoLibraryDay.objects.create(day=timezone.localdate(), average_score=50, articles=1)
    found = panel(client)
    assert trend(found) == []
    assert "No history yet." in found.get_text()


# --- who sees what ----------------------------------------------------------------


def test_user_with_a_subtree_sees_only_their_pages(
    client, make_admin_user, index, second_index
):
    today = timezone.localdate()
    theirs = [article(second_index, f"Exercise {n}") for n in range(3)]
    others = [article(index, f"Massage {n}") for n in range(4)]
    store(
        theirs[0],
        72,
        bad=["review-date"],
        audited_at=at(today - datetime.timedelta(days=5)),
    )
    store(
        theirs[1],
        91,
        bad=["review-date"],
        audited_at=at(today - datetime.timedelta(days=5)),
    )
    # Re-audited since: the line follows the new score from that day.
    store(
        new_revision(theirs[1]), 81, audited_at=at(today - datetime.timedelta(days=2))
    )
    for page, score in zip(others, (5, 15, 25, 35), strict=True):
        store(page, score, bad=["medical-disclaimer", "canonical-url"])

    editor = make_admin_user("editor", second_index, "add_page", "change_page")
    client.force_login(editor)
    found = panel(client)
    counts = {low: count for low, (count, _) in bars(found).items() if count}
    assert counts == {70: 1, 80: 1}
    assert [row[0] for row in lowest(found)] == ["Exercise 0", "Exercise 1"]
    assert failing(found) == [("review-date", 1, "Last-reviewed date")]
    text = found.get_text()
    for page in others:
        assert page.title not in text
    assert "Medical disclaimer" not in text
    # The line replays their own pages' audits, not the library's days.
    points = dict(trend(found))
    assert points[(today - datetime.timedelta(days=5)).isoformat()] == "81.5"
    assert points[(today - datetime.timedelta(days=3)).isoformat()] == "81.5"
    assert points[(today - datetime.timedelta(days=2)).isoformat()] == "76.5"
    assert points[today.isoformat()] == "76.5"
    assert len(points) == 6  # from the first audit to today


def test_user_with_the_whole_library_sees_the_recorded_days(
    client, make_admin_user, index
):
    for score in (40, 60):
        store(article(index, f"Article {score}"), score)
    today = timezone.localdate()
    SeoLibraryDay.objects.create(
        day=today - datetime.timedelta(days=1), average_score=42, articles=2
    )
    editor = make_admin_user("editor", index, "change_page", "publish_page")
    client.force_login(editor)
    found = panel(client)
    assert sum(count for count, _ in bars(found).values()) == 2
    assert trend(found) == [
        ((today - datetime.timedelta(days=1)).isoformat(), "42.0"),
        (today.isoformat(), "50.0"),
    ]


def test_user_without_page_permissions_gets_no_panel(client, make_admin_user, index):
    store(article(index, "Secret"), 30, bad=["medical-disclaimer"])
    client.force_login(make_admin_user("reader"))
    response = client.get(HOME)
    assert response.status_code == 200
    assert b"seo-dashboard" not in response.content
    assert b"Secret" not in response.content


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


# --- cost ----------------------------------------------------------------------------


def home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


@pytest.mark.parametrize("user", ["superuser", "subtree"])
def test_query_count_does_not_grow_with_the_library(
    client, django_user_model, make_admin_user, index, second_index, user
):
    if user == "superuser":
        client.force_login(django_user_model.objects.create_superuser("a", "", "pw"))
    else:
        client.force_login(make_admin_user("e", second_index, "change_page"))

    def add(count):
        for n in range(count):
            for parent in (index, second_index):
                page = article(parent, f"{parent.slug} {SeoAudit.objects.count()} {n}")
                store(page, 10 * n, bad=["medical-disclaimer", "review-date"])

    add(2)
    client.get(HOME)  # warm Wagtail's per-process caches
    few = home_queries(client)
    add(10)
    assert home_queries(client) == few


def test_histogram_is_one_grouped_query(client, admin, index):
    for score in (10, 20, 30):
        store(article(index, f"Article {score}"), score)
    with CaptureQueriesContext(connection) as queries:
        client.get(HOME)
    ours = [q["sql"] for q in queries if AUDIT_TABLES.search(q["sql"])]
    grouped = [sql for sql in ours if "GROUP BY" in sql]
    # The bins and the failing checks: one GROUP BY each, and nothing reads
    # the audits row by row.
    assert len(grouped) == 2
    assert any("CASE WHEN" in sql for sql in grouped)
    assert len(ours) == 5  # bins, lowest, checks, the days and the day before
