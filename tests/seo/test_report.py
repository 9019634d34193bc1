"""Reports > SEO audit: every article's latest stored audit, filtered, sorted
and exported, restricted to what the user may see; the articles failing one
check, and its bulk fix.

Most rows are stored audits written here through seo.storage.save_rows (the
one writer), with the scores and failing checks each test needs; the bulk fix
tests audit real articles, so their stored findings carry real fixes.
"""

import csv
import io
from datetime import UTC, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from openpyxl import load_workbook
from wagtail.models import GroupPagePermission, PageLogEntry, Revision

from articles.models import ArticleIndexPage, ArticlePage, MedicalReviewer
from home.models import HomePage
from seo import runner
from seo.admin import report_views
from seo.admin.panel import band
from seo.admin.report_views import band_bounds
from seo.audit import Auditor
from seo.checks import registry
from seo.checks.health import MedicalDisclaimer
from seo.models import SeoAudit
from seo.storage import save_reports, save_rows

from .factories import TODAY, heading, paragraph

pytestmark = pytest.mark.django_db

INDEX = reverse("seo_report:index")
SCORE_FIELDS = [
    "overall_score",
    "readability_score",
    "seo_score",
    "headings_score",
    "hashtags_score",
    "health_score",
]


@pytest.fixture(autouse=True)
def default_thresholds(settings):
    settings.SEO_AUDIT = {}
    settings.SEO_SILENCED_CHECKS = []


def check_url(check_id: str) -> str:
    return reverse("seo_report:check", args=[check_id])


def article(title: str, parent=None, *, live: bool = True, **fields) -> ArticlePage:
    """An article under `parent` (the article index): published, or a draft
    that was never published."""
    parent = parent or ArticleIndexPage.objects.order_by("pk").first()
    page = ArticlePage(
        title=title,
        slug=slugify(title),
        body=[heading("Why it helps"), paragraph(f"{title} eases the pain.")],
        live=live,
        **fields,
    )
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    page.refresh_from_db()
    return page


def finding(check_id: str, message: str, level: str = "warning", fix=None) -> dict:
    return {
        "check": check_id,
        "level": level,
        "message": message,
        "hint": "",
        "location": None,
        "value": None,
        "threshold": None,
        "fix": fix,
    }


def store(
    page: ArticlePage,
    overall: int | None,
    *,
    failing: tuple[str, ...] = (),
    errors: int = 0,
    warnings: int = 0,
    infos: int = 0,
    when=None,
    **scores,
) -> SeoAudit:
    """Store an audit of the page's latest revision as seo_audit --save
    would: every category score is `overall` unless given."""
    results = [
        {
            "check": check_id,
            "status": "bad",
            "message": f"{check_id} is bad",
            "value": None,
            "findings": [finding(check_id, f"{check_id}: first problem")],
        }
        for check_id in failing
    ]
    row = SeoAudit(
        page_id=page.pk,
        revision_id=page.latest_revision_id,
        audited_at=when or timezone.now(),
        engine_version="1.0.0",
        overall_score=overall,
        **{field: scores.get(field, overall) for field in SCORE_FIELDS[1:]},
        errors=errors,
        warnings=warnings,
        infos=infos,
        results=results,
    )
    save_rows([row])
    return SeoAudit.objects.get(page=page, is_latest=True)


@pytest.fixture
def reviewer():
    return MedicalReviewer.objects.create(name="Dr Ada", credentials="MD")


@pytest.fixture
def library(reviewer):
    """Four articles, one in each band, each with its own problems."""
    alpha = article("Alpha massage", focus_keyphrase="alpha massage", reviewer=reviewer)
    alpha.hashtags.add("MassageTherapy")
    alpha.save()
    beta = article("Beta stretches", live=False, focus_keyphrase="beta stretches")
    gamma = article("Gamma nerve pain", focus_keyphrase="nerve pain")
    gamma.title = "Gamma nerve pain (draft)"
    gamma.save_revision()  # live, with unpublished changes
    gamma.refresh_from_db()
    delta = article("Delta posture")
    # An older audit of alpha that is no longer its latest.
    store(alpha, 10, when=timezone.now() - timedelta(days=3))
    pages = {
        "alpha": store(
            alpha,
            92,
            seo_score=40,
            failing=("keyphrase-cannibalization", "medical-disclaimer"),
            errors=1,
            infos=2,
        ),
        "beta": store(
            beta,
            61,
            readability_score=95,
            failing=("orphan-article", "near-duplicate"),
            warnings=3,
        ),
        "gamma": store(
            gamma,
            20,
            health_score=None,
            failing=("broken-internal-links", "medical-disclaimer"),
            errors=2,
            warnings=1,
        ),
        "delta": store(delta, None),
    }
    return pages


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("boss", "b@x.org", "pw")


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return client


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content[:500]
    return [audit.title for audit in response.context["object_list"]]


# --- the report -------------------------------------------------------------


def test_one_row_per_article_from_its_latest_audit(admin, library):
    response = admin.get(INDEX)
    assert response.status_code == 200
    # Worst first by default; an article without a score last.
    assert titles(response) == [
        "Gamma nerve pain (draft)",
        "Beta stretches",
        "Alpha massage",
        "Delta posture",
    ]
    html = response.content.decode()
    alpha = library["alpha"]
    assert reverse("wagtailadmin_pages:edit", args=[alpha.page_id]) in html
    # The score, its band in colour (a class) and in words.
    assert 'class="seo-num seo-band--good"' in html
    assert "Good" in html
    assert "Ok" in html
    assert "Bad" in html
    assert "Not scored" in html
    for problem in (
        "Duplicate keyphrase",
        "Near-duplicate",
        "Orphan",
        "Broken internal links",
    ):
        assert problem in html
    assert "alpha massage" in html  # the focus keyphrase
    assert "live + draft" in html
    assert "draft" in html
    assert "seo/report.css" in html


def test_rows_carry_site_problems_and_scores(admin, library):
    rows = {a.title: a for a in admin.get(INDEX).context["object_list"]}
    alpha = rows["Alpha massage"]
    assert (alpha.overall_score, alpha.seo_score, alpha.errors, alpha.infos) == (
        92,
        40,
        1,
        2,
    )
    assert alpha.duplicate_keyphrase
    assert not alpha.orphan
    beta = rows["Beta stretches"]
    assert beta.orphan
    assert beta.near_duplicate
    assert not beta.broken_links
    assert rows["Gamma nerve pain (draft)"].broken_links


def test_the_menu_lists_the_report_under_reports(admin, library):
    response = admin.get(reverse("wagtailadmin_home"))
    assert INDEX in response.content.decode()


def test_the_report_does_not_clash_with_wagtails_reports(admin, library):
    assert admin.get(reverse("wagtailadmin_reports:locked_pages")).status_code == 200
    assert admin.get(reverse("wagtailadmin_reports:aging_pages")).status_code == 200


# --- sorting ----------------------------------------------------------------


@pytest.mark.parametrize("field", [*SCORE_FIELDS, "errors"])
@pytest.mark.parametrize("descending", [False, True])
def test_sorting_by_a_score_keeps_missing_scores_last(
    admin, library, field, descending
):
    ordering = f"-{field}" if descending else field
    response = admin.get(INDEX, {"ordering": ordering})
    audits = list(library.values())
    sign = -1 if descending else 1
    scored = sorted(
        (a for a in audits if getattr(a, field) is not None),
        key=lambda a: (sign * getattr(a, field), a.pk),  # ties by id
    )
    missing = sorted(
        (a for a in audits if getattr(a, field) is None), key=lambda a: a.pk
    )
    assert titles(response) == [a.page.draft_title for a in scored + missing]
    assert response.context["ordering"] == ordering


def test_sorting_by_title_and_last_audited(admin, library):
    assert titles(admin.get(INDEX, {"ordering": "title"})) == [
        "Alpha massage",
        "Beta stretches",
        "Delta posture",
        "Gamma nerve pain (draft)",
    ]
    newest_first = titles(admin.get(INDEX, {"ordering": "-audited_at"}))
    assert newest_first[0] == "Delta posture"  # stored last


@pytest.mark.parametrize("ordering", ["results", "page__title", "-", "'; drop", ""])
def test_an_unknown_ordering_is_ignored(admin, library, ordering):
    response = admin.get(INDEX, {"ordering": ordering})
    assert titles(response)[0] == "Gamma nerve pain (draft)"


# --- filters ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"band": "good"}, {"Alpha massage"}),
        ({"band": "ok"}, {"Beta stretches"}),
        ({"band": "bad"}, {"Gamma nerve pain (draft)"}),
        ({"band": "none"}, {"Delta posture"}),
        (
            {"failing": "medical-disclaimer"},
            {"Alpha massage", "Gamma nerve pain (draft)"},
        ),
        ({"failing": "orphan-article"}, {"Beta stretches"}),
        ({"failing": "grade-level"}, set()),
        ({"level": "error"}, {"Alpha massage", "Gamma nerve pain (draft)"}),
        ({"level": "warning"}, {"Beta stretches", "Gamma nerve pain (draft)"}),
        ({"level": "info"}, {"Alpha massage"}),
        ({"hashtag": "MassageTherapy"}, {"Alpha massage"}),
        ({"hashtag": "#massagetherapy"}, {"Alpha massage"}),
        ({"hashtag": "Sciatica"}, set()),
        (
            {"reviewer": "null"},
            {"Beta stretches", "Gamma nerve pain (draft)", "Delta posture"},
        ),
        ({"status": "live"}, {"Alpha massage", "Delta posture"}),
        ({"status": "changed"}, {"Gamma nerve pain (draft)"}),
        ({"status": "draft"}, {"Beta stretches"}),
        (
            {"band": "bad", "level": "error", "status": "changed"},
            {"Gamma nerve pain (draft)"},
        ),
        ({"band": "good", "status": "draft"}, set()),
    ],
)
def test_filters(admin, library, query, expected):
    response = admin.get(INDEX, query)
    assert set(titles(response)) == expected
    assert not response.context["filter_errors"]


def test_problems_and_a_check_filter_link_to_the_per_check_view(admin, library):
    html = admin.get(INDEX).content.decode()
    assert f'href="{check_url("orphan-article")}">Orphan</a>' in html
    html = admin.get(INDEX, {"failing": "medical-disclaimer"}).content.decode()
    assert f'<a href="{check_url("medical-disclaimer")}" data-seo-check-link>' in html
    assert "and its fix" in html
    html = admin.get(INDEX, {"failing": "orphan-article"}).content.decode()
    assert "data-seo-check-link" in html
    assert "and its fix" not in html


def test_filter_by_reviewer(admin, library, reviewer):
    assert titles(admin.get(INDEX, {"reviewer": reviewer.pk})) == ["Alpha massage"]


def test_band_filter_bounds_come_from_the_panels_band():
    for name in ("good", "ok", "bad"):
        low, high = band_bounds(name)
        assert band(low) == band(high) == name
        assert band(low - 1) != name if low > 0 else True
    assert band_bounds("none") is None


def test_the_check_filter_offers_every_check_by_title(admin, library):
    form = admin.get(INDEX).context["filters"].form
    choices = dict(form.fields["failing"].choices)
    assert choices["medical-disclaimer"] == MedicalDisclaimer.title
    assert set(choices) - {""} == {check.id for check in registry.all()}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"band": "purple"}, "Overall score band"),
        ({"band": ["good", "bad"]}, None),  # the last value counts
        ({"failing": "no-such-check"}, "Check failing"),
        ({"level": "fatal"}, "Findings"),
        ({"hashtag": "two words"}, "Hashtag"),
        ({"hashtag": "x" * 101}, "Hashtag"),
        ({"reviewer": "abc"}, "Medical reviewer"),
        ({"reviewer": "999999"}, "Medical reviewer"),
        ({"reviewer": "1e400"}, "Medical reviewer"),
        ({"status": "deleted"}, "Status"),
    ],
)
def test_a_bad_filter_value_is_named_and_left_out(admin, library, query, field):
    # Alongside a valid filter, which still applies.
    valid = {"level": "warning"} if "level" not in query else {"status": "draft"}
    response = admin.get(INDEX, {**valid, **query})
    assert response.status_code == 200
    errors = response.context["filter_errors"]
    if field is None:
        assert not errors
        return
    (error,) = errors
    assert error.startswith(f"{field}:")
    assert field in response.content.decode()
    if "level" in valid:
        assert set(titles(response)) == {"Beta stretches", "Gamma nerve pain (draft)"}
    else:
        assert titles(response) == ["Beta stretches"]


@pytest.mark.parametrize("page", ["2", "999", "abc", "-1", "0"])
def test_any_page_number_answers(admin, library, page):
    assert admin.get(INDEX, {"p": page}).status_code == 200


def test_the_results_fragment_answers_filters(admin, library):
    response = admin.get(
        reverse("seo_report:index_results"), {"band": "bad", "_w_filter_fragment": 1}
    )
    assert titles(response) == ["Gamma nerve pain (draft)"]


# --- exports ----------------------------------------------------------------


def expected_row(audit: SeoAudit) -> dict:
    page = ArticlePage.objects.get(pk=audit.page_id)
    if not page.live:
        status = "draft"
    else:
        status = "live + draft" if page.has_unpublished_changes else "live"
    checks = set(audit.checks.values_list("check_id", flat=True))
    labels = {"good": "Good", "ok": "Ok", "bad": "Bad", "none": "Not scored"}
    row = {"Title": page.draft_title, "Page id": page.pk, "Status": status}
    for field, label in zip(
        SCORE_FIELDS,
        ["Overall", "Readability", "SEO", "Headings", "Hashtags", "Health content"],
        strict=True,
    ):
        row[f"{label} score"] = getattr(audit, field)
        row[f"{label} band"] = labels[band(getattr(audit, field))]
    row |= {
        "Errors": audit.errors,
        "Warnings": audit.warnings,
        "Infos": audit.infos,
        "Focus keyphrase": page.focus_keyphrase,
        "Duplicate keyphrase": "yes" if "keyphrase-cannibalization" in checks else "no",
        "Near-duplicate": "yes" if "near-duplicate" in checks else "no",
        "Orphan": "yes" if "orphan-article" in checks else "no",
        "Broken internal links": "yes" if "broken-internal-links" in checks else "no",
    }
    return row


def test_csv_export_rows_match_the_stored_audits(admin, library):
    response = admin.get(INDEX, {"export": "csv", "ordering": "title"})
    assert response.status_code == 200
    assert response.streaming
    assert "seo-audit-" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    latest = SeoAudit.objects.filter(is_latest=True).order_by("page__draft_title")
    assert len(rows) == len(latest) == 4
    for row, audit in zip(rows, latest, strict=True):
        expected = expected_row(audit)
        assert row.pop("Last audited")
        assert row == {
            name: "" if value is None else str(value)
            for name, value in expected.items()
        }


def test_csv_export_follows_the_filters(admin, library):
    response = admin.get(INDEX, {"export": "csv", "failing": "medical-disclaimer"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    )
    assert {row["Title"] for row in rows} == {
        "Alpha massage",
        "Gamma nerve pain (draft)",
    }


def test_xlsx_export_rows_match_the_stored_audits(admin, library):
    response = admin.get(INDEX, {"export": "xlsx", "ordering": "title"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *rows = workbook.active.iter_rows(values_only=True)
    latest = SeoAudit.objects.filter(is_latest=True).order_by("page__draft_title")
    assert len(rows) == len(latest) == 4

    def blank(value):
        return None if value == "" else value

    for values, audit in zip(rows, latest, strict=True):
        row = dict(zip(header, values, strict=True))
        audited = row.pop("Last audited")
        assert abs(audited - timezone.make_naive(audit.audited_at, UTC)) < timedelta(
            seconds=1
        )
        assert {name: blank(value) for name, value in row.items()} == {
            name: blank(value) for name, value in expected_row(audit).items()
        }


def test_an_unknown_export_format_renders_the_listing(admin, library):
    response = admin.get(INDEX, {"export": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


# --- permissions ------------------------------------------------------------


@pytest.fixture
def second_section():
    """A second article index, beside the first, with one article of its own."""
    home = HomePage.objects.get()
    section = home.add_child(instance=ArticleIndexPage(title="Clinic", slug="clinic"))
    return section


def test_a_user_without_page_permissions_is_refused(client, library, make_admin_user):
    client.force_login(make_admin_user("nobody"))
    for url in (INDEX, check_url("medical-disclaimer"), INDEX + "?export=csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    response = client.get(reverse("wagtailadmin_home"))
    assert INDEX not in response.content.decode()
    response = client.post(check_url("medical-disclaimer"), {"scope": "all"})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_anonymous_users_go_to_the_login(client, library):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_a_sub_tree_editor_sees_only_their_articles(
    client, library, second_section, make_admin_user
):
    mine = article("Clinic massage", second_section)
    store(mine, 55, failing=("medical-disclaimer", "orphan-article"))
    editor = make_admin_user("editor", second_section, "add_page", "change_page")
    client.force_login(editor)

    assert titles(client.get(INDEX)) == ["Clinic massage"]
    assert titles(client.get(INDEX, {"failing": "medical-disclaimer"})) == [
        "Clinic massage"
    ]
    assert titles(client.get(check_url("medical-disclaimer"))) == ["Clinic massage"]
    text = b"".join(client.get(INDEX, {"export": "csv"}).streaming_content).decode()
    assert [row["Title"] for row in csv.DictReader(io.StringIO(text))] == [
        "Clinic massage"
    ]
    assert INDEX in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_moderator_with_publish_permission_only_sees_the_report(
    client, library, make_admin_user
):
    index = ArticleIndexPage.objects.get()
    client.force_login(make_admin_user("moderator", index, "publish_page"))
    assert len(titles(client.get(INDEX))) == 4


# --- query count ------------------------------------------------------------


def report_queries(client, url, **query) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(queries)


def make_articles(count: int, parent) -> None:
    for number in range(count):
        page = article(f"Article {number:02d}", parent)
        store(
            page,
            number * 3,
            failing=("medical-disclaimer", "orphan-article")[: number % 3],
        )


@pytest.mark.slow
def test_a_report_page_takes_the_same_queries_for_3_and_30_articles(
    client, second_section, make_admin_user
):
    other = HomePage.objects.get().add_child(
        instance=ArticleIndexPage(title="Other", slug="other")
    )
    make_articles(3, second_section)
    make_articles(30, other)
    editor_small = make_admin_user("small", second_section, "change_page")
    editor_large = make_admin_user("large", other, "change_page")
    urls = [
        (INDEX, {}),
        (INDEX, {"ordering": "-seo_score"}),
        (INDEX, {"band": "bad", "failing": "orphan-article", "status": "live"}),
        (check_url("medical-disclaimer"), {}),
    ]
    for url, query in urls:
        client.force_login(editor_small)
        report_queries(client, url, **query)  # warm caches
        small = report_queries(client, url, **query)
        client.force_login(editor_large)
        report_queries(client, url, **query)
        large = report_queries(client, url, **query)
        assert small == large, (url, query, small, large)


# --- one check --------------------------------------------------------------


def test_the_check_view_lists_the_failing_articles_with_their_findings(admin, library):
    response = admin.get(check_url("medical-disclaimer"))
    assert set(titles(response)) == {"Alpha massage", "Gamma nerve pain (draft)"}
    html = response.content.decode()
    assert MedicalDisclaimer.title in html
    assert escape(MedicalDisclaimer.help_text) in html
    assert "medical-disclaimer: first problem" in html
    # A fixable check offers the bulk fix.
    assert "Apply fix to selected" in html
    assert f'name="page" value="{library["alpha"].page_id}"' in html


def test_a_check_without_a_fixer_offers_no_fix(admin, library):
    html = admin.get(check_url("orphan-article")).content.decode()
    assert "Beta stretches" in html
    assert "Apply fix" not in html


def test_the_check_view_filters_sorts_and_exports(admin, library):
    response = admin.get(
        check_url("medical-disclaimer"), {"band": "bad", "ordering": "-overall_score"}
    )
    assert titles(response) == ["Gamma nerve pain (draft)"]
    response = admin.get(check_url("medical-disclaimer"), {"export": "csv"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    )
    assert {row["Title"]: row["Messages"] for row in rows} == {
        "Alpha massage": "medical-disclaimer: first problem",
        "Gamma nerve pain (draft)": "medical-disclaimer: first problem",
    }
    response = admin.get(check_url("medical-disclaimer"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 3


@pytest.mark.parametrize("check_id", ["no-such-check", "Medical-Disclaimer", "x" * 300])
def test_an_unknown_check_is_not_found(admin, library, check_id):
    assert admin.get(check_url(check_id)).status_code == 404
    assert admin.post(check_url(check_id), {"scope": "all"}).status_code == 404


@pytest.mark.parametrize("path", ["../../", "%2e%2e/", "medical disclaimer/"])
def test_a_check_path_that_is_not_an_id_is_not_found(admin, path):
    assert admin.get(f"{INDEX}checks/{path}").status_code == 404


# --- the bulk fix -------------------------------------------------------------


def audited(*pages) -> None:
    """Store real audits, so findings carry their fixes."""
    auditor = Auditor()
    save_reports(runner.audit_pages([p.pk for p in pages], auditor, today=TODAY))


@pytest.fixture
def undisclaimed():
    """Two live articles without a disclaimer, audited."""
    pages = [article("Massage for sciatica"), article("Stretches for sciatica")]
    audited(*pages)
    return pages


def post_fix(client, check_id="medical-disclaimer", query="", **data):
    return client.post(f"{check_url(check_id)}{query}", data, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_stored_audits_carry_the_fix(undisclaimed):
    audit = SeoAudit.objects.get(page=undisclaimed[0], is_latest=True)
    (result,) = [r for r in audit.results if r["check"] == "medical-disclaimer"]
    assert result["findings"][0]["fix"]["id"] == "medical-disclaimer"


def test_apply_fix_saves_drafts_logs_and_stores_their_audits(
    admin, admin_user, undisclaimed, django_capture_on_commit_callbacks
):
    first, second = undisclaimed
    live_revision = first.live_revision_id
    with django_capture_on_commit_callbacks(execute=True):
        response = post_fix(admin, scope="selected", page=[first.pk])
    assert response.status_code == 200
    assert any(
        "Applied the fix" in m and "1 article" in m for m in messages_of(response)
    )

    page = ArticlePage.objects.get(pk=first.pk)
    # A new draft revision by the user; the live page is untouched.
    revision = page.get_latest_revision()
    assert revision.user == admin_user
    assert page.has_unpublished_changes
    assert page.live_revision_id == live_revision
    assert [b.block_type for b in page.body] == ["heading", "paragraph"]
    assert [b.block_type for b in revision.as_object().body][-1] == "disclaimer"
    # Wagtail's history names the user and the fix.
    entry = PageLogEntry.objects.get(page=page, action="seo.fix")
    assert entry.user == admin_user
    assert entry.revision_id == revision.pk
    assert entry.data["fixes"][0]["id"] == "medical-disclaimer"
    history = admin.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert "Applied SEO fix: Add a medical disclaimer" in history.content.decode()
    # The new revision's audit is stored, and the report follows it.
    audit = SeoAudit.objects.get(page=page, is_latest=True)
    assert audit.revision_id == revision.pk
    assert not audit.checks.filter(check_id="medical-disclaimer").exists()
    assert titles(admin.get(check_url("medical-disclaimer"))) == [second.title]
    # The other article is as it was.
    assert not ArticlePage.objects.get(pk=second.pk).has_unpublished_changes


def test_apply_fix_to_all_listed(
    admin, undisclaimed, django_capture_on_commit_callbacks
):
    revisions = Revision.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_fix(admin, scope="all")
    assert any("2 articles" in m for m in messages_of(response))
    assert Revision.objects.count() == revisions + 2
    assert (
        not ArticlePage.objects.filter(pk__in=[p.pk for p in undisclaimed])
        .filter(has_unpublished_changes=False)
        .exists()
    )
    assert PageLogEntry.objects.filter(action="seo.fix").count() == 2


def test_apply_fix_to_all_follows_the_listings_filters(
    admin, undisclaimed, django_capture_on_commit_callbacks
):
    first, second = undisclaimed
    second.title = "Stretches draft"
    second.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        post_fix(admin, query="?status=live", scope="all")
    assert PageLogEntry.objects.filter(action="seo.fix").get().page_id == first.pk


def test_an_article_with_nothing_left_to_fix_is_counted_unchanged(
    admin, undisclaimed, django_capture_on_commit_callbacks
):
    first, _ = undisclaimed
    with django_capture_on_commit_callbacks(execute=True):
        post_fix(admin, scope="selected", page=[first.pk])
    # Its stored audit is current now; fake an older one still failing.
    stale = store(
        ArticlePage.objects.get(pk=first.pk), 50, failing=("medical-disclaimer",)
    )
    assert stale.is_latest
    revisions = Revision.objects.count()
    response = post_fix(admin, scope="selected", page=[first.pk])
    assert any("had nothing to fix" in m for m in messages_of(response))
    assert Revision.objects.count() == revisions


def test_the_fix_skips_articles_the_user_may_not_edit(
    client, second_section, make_admin_user, django_capture_on_commit_callbacks
):
    outside = article("Massage outside")
    inside = article("Massage inside", second_section)
    viewable = article("Massage viewable", second_section)
    audited(outside, inside, viewable)
    # A moderator of the section who may edit only one of its articles.
    editor = make_admin_user("editor", second_section, "publish_page")
    GroupPagePermission.objects.create(
        group=editor.groups.get(),
        page=inside,
        permission=Permission.objects.get(codename="change_page"),
    )
    client.force_login(editor)
    assert set(titles(client.get(check_url("medical-disclaimer")))) == {
        "Massage inside",
        "Massage viewable",
    }
    revisions = Revision.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_fix(
            client, scope="selected", page=[inside.pk, viewable.pk, outside.pk]
        )
    shown = messages_of(response)
    assert any("Applied the fix" in m and "1 article" in m for m in shown)
    assert any(
        "Skipped 1 article you may not edit: Massage viewable" in m for m in shown
    )
    # The article outside their section is not named.
    assert any("1 article selected is not in this list" in m for m in shown)
    assert not any("Massage outside" in m for m in shown)
    assert Revision.objects.count() == revisions + 1
    assert not ArticlePage.objects.get(pk=outside.pk).has_unpublished_changes
    assert not ArticlePage.objects.get(pk=viewable.pk).has_unpublished_changes


def test_the_fix_leaves_a_page_locked_by_someone_else_alone(
    admin, undisclaimed, django_user_model, django_capture_on_commit_callbacks
):
    first, second = undisclaimed
    other = django_user_model.objects.create_user("other", password="pw")
    ArticlePage.objects.filter(pk=first.pk).update(locked=True, locked_by=other)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_fix(admin, scope="all")
    shown = messages_of(response)
    assert any("Skipped 1 article locked" in m and first.title in m for m in shown)
    assert any("Applied the fix" in m and "1 article," in m for m in shown)
    assert not ArticlePage.objects.get(pk=first.pk).has_unpublished_changes
    assert ArticlePage.objects.get(pk=second.pk).has_unpublished_changes


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Scope: Choose the selected articles or all of them."),
        ({"scope": "everything"}, "Scope: Select a valid choice."),
        ({"scope": "selected"}, "Selection: Select at least one article."),
        (
            {"scope": "selected", "page": "abc"},
            "Selection: Article ids are whole numbers.",
        ),
        (
            {"scope": "selected", "page": "99999999999999"},
            "Selection: That is not an article id.",
        ),
        ({"scope": "selected", "page": "-3"}, "Selection: That is not an article id."),
    ],
)
def test_a_bad_fix_form_is_named_and_changes_nothing(
    admin, undisclaimed, data, message
):
    revisions = Revision.objects.count()
    response = post_fix(admin, **data)
    assert response.status_code == 200
    assert any(m.startswith(message) for m in messages_of(response)), messages_of(
        response
    )
    assert Revision.objects.count() == revisions


def test_a_check_without_a_fixer_refuses_a_fix(admin, library):
    revisions = Revision.objects.count()
    response = post_fix(admin, "orphan-article", scope="all")
    assert any("has no automatic fix" in m for m in messages_of(response))
    assert Revision.objects.count() == revisions


def test_the_fix_needs_the_csrf_token(admin_user, undisclaimed):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(check_url("medical-disclaimer"), {"scope": "all"})
    assert response.status_code == 403
    assert not PageLogEntry.objects.filter(action="seo.fix").exists()


def test_the_results_fragment_takes_no_fix(admin, undisclaimed):
    url = reverse("seo_report:check_results", args=["medical-disclaimer"])
    assert admin.post(url, {"scope": "all"}).status_code == 405
    assert not PageLogEntry.objects.filter(action="seo.fix").exists()


def test_one_request_fixes_at_most_the_limit(
    admin, undisclaimed, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(report_views, "MAX_FIX_ARTICLES", 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_fix(admin, scope="all")
    shown = messages_of(response)
    assert any("fixes up to 1 articles" in m and "other 1." in m for m in shown)
    assert PageLogEntry.objects.filter(action="seo.fix").count() == 1
