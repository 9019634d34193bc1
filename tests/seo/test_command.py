"""manage.py seo_audit and the seo.runner functions it delegates to."""

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from articles.importing import parse_file
from articles.importing.store import default_parent, store
from articles.models import ArticlePage, MedicalReviewer
from seo import runner
from seo.audit import Auditor
from seo.checks.base import Category, Check
from seo.findings import Level, Status
from seo.formats import Context, Summary
from seo.formats.json import JsonWriter, schema
from seo.models import HealthContentSettings, SeoAudit, SeoLibraryDay
from seo.registry import Registry
from seo.sources import article_from_page

from .factories import TODAY, disclaimer, heading, paragraph
from .test_formats import CHECKS, Lorem
from .test_storage import article_page

pytestmark = pytest.mark.django_db

SOURCE = (
    "Massage for Sciatica\n\nMassage eases tight muscles. #SciaticaRelief\n\n"
    "Why It Helps\n\nLoose muscles press less on the sciatic nerve.\n"
)


class SiteSize(Check):
    """Needs the library: says how many articles the site index holds."""

    id = "test-site-size"
    title = "Site size"
    help_text = "How big the library is."
    category = Category.SEO
    level = Level.INFO
    tags = frozenset({"site-wide"})
    needs_site = True

    def run(self, document):
        return self.result(Status.INFO, f"{len(document.site)} articles in the index.")


class TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def test_checks(monkeypatch, settings):
    """The command sees only the checks made for these tests, equally weighed."""
    registry = Registry()
    for check in CHECKS:
        registry.register(check)
    monkeypatch.setattr(runner, "get_registry", lambda: registry)
    settings.SEO_AUDIT = {}
    settings.SEO_SILENCED_CHECKS = []
    return registry


@pytest.fixture
def articles():
    """A clean published article, a messy draft, and one only warnings fail."""
    return [
        article_page(
            "Massage for sciatica",
            paragraph("Massage eases tight muscles."),
            disclaimer(),
            publish=True,
        ),
        article_page(
            "TODO heat for sciatica",
            paragraph("First."),
            heading("Causes"),
            paragraph("Lorem ipsum dolor."),
            slug="heat",
        ),
        article_page(
            "Stretches for sciatica",
            paragraph("Lorem ipsum."),
            disclaimer(),
            slug="stretches",
        ),
    ]


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("seo_audit", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args) -> tuple[str, str, CommandError]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("seo_audit", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), failure.value


def report_of(out: str) -> dict:
    data = json.loads(out)
    Draft202012Validator(schema()).validate(data)
    return data


def slugs_in(out: str) -> list[str]:
    return [article["slug"] for article in report_of(out)["articles"]]


# --- selecting articles ---------------------------------------------------------


def test_all_is_the_default_and_audits_every_article_by_id(articles):
    out, _ = run("--format", "json", "--fail-level", "error", "--check", "test-lorem")
    assert slugs_in(out) == ["massage-for-sciatica", "heat", "stretches"]
    out_all, _ = run("--all", "--format", "json", "--check", "test-lorem")
    assert slugs_in(out_all) == slugs_in(out)


def test_page_and_slug_select_in_the_order_given(articles):
    clean, heat, stretches = articles
    args = ["--format", "json", "--check", "test-lorem"]
    out, _ = run("--page", stretches.pk, "--slug", "massage-for-sciatica", *args)
    assert slugs_in(out) == ["stretches", "massage-for-sciatica"]
    out, _ = run("--page", clean.pk, "--page", clean.pk, "--slug", clean.slug, *args)
    assert slugs_in(out) == ["massage-for-sciatica"]


def test_stored_pages_are_audited_as_their_latest_revision(articles):
    clean = articles[0]
    clean.title = "TODO draft change"
    clean.save_revision()
    out, _, _ = run_failing("--page", clean.pk, "--format", "json")
    (article,) = report_of(out)["articles"]
    assert article["title"] == "TODO draft change"
    assert article["revision_id"] == clean.get_latest_revision().pk
    # The published page itself is unchanged.
    assert ArticlePage.objects.get(pk=clean.pk).title == "Massage for sciatica"


def test_unknown_page_ids_are_named_with_the_ids_that_exist(articles):
    low, high = min(a.pk for a in articles), max(a.pk for a in articles)
    _, _, error = run_failing("--page", 99999)
    assert str(error) == (
        f"No page with ID 99999. Article IDs run from {low} to {high} (3 articles)."
    )


def test_a_page_that_is_not_an_article_is_refused_by_name(articles):
    home = Site.objects.get(is_default_site=True).root_page
    _, _, error = run_failing("--page", home.pk)
    kind = home.specific_class._meta.verbose_name
    assert str(error) == f"Page {home.pk} (“{home.title}”) is a {kind}, not an article."


def test_unknown_slugs_suggest_the_closest(articles):
    _, _, error = run_failing("--slug", "massage-for-sciatcia", "--slug", "zzz")
    assert str(error) == (
        "No article with slug 'massage-for-sciatcia'. Did you mean "
        "massage-for-sciatica?\nNo article with slug 'zzz'."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--all", "--page", "1"],
            "--all audits every article; drop --page and --slug.",
        ),
        (
            ["--file", "a.txt", "--slug", "x"],
            "--file audits source files; it cannot be combined with --page, --slug "
            "or --all.",
        ),
        (
            ["--file", "a.txt", "--save"],
            "--save stores audits of stored pages; a --file audit is never saved. "
            "Import the file first (manage.py import_articles), then audit the page.",
        ),
        (["--jobs", "0"], "--jobs must be 1 or more, not 0."),
        (
            ["--fail-under", "101"],
            "--fail-under must be a score from 0 to 100, not 101.",
        ),
    ],
)
def test_conflicting_options_are_refused(args, message):
    _, _, error = run_failing(*args)
    assert str(error) == message


def test_no_articles_is_an_empty_report_not_an_error():
    out, _ = run("--format", "json")
    assert report_of(out)["articles"] == []


# --- selecting checks -----------------------------------------------------------


def test_check_and_tag_select_checks(articles):
    out, _ = run("--format", "json", "--check", "test-lorem", "--tag", "notes")
    data = report_of(out)
    assert [c["id"] for c in data["checks"]] == ["test-lorem", "test-word-note"]
    assert {r["check"] for a in data["articles"] for r in a["results"]} == {
        "test-lorem",
        "test-word-note",
    }
    out, _ = run("--format", "json", "-t", "seo-basics", "--slug", "stretches")
    assert [c["id"] for c in report_of(out)["checks"]] == [
        "test-keyphrase",
        "test-todo-title",
    ]


def test_unknown_checks_and_tags_are_named_with_suggestions():
    _, _, error = run_failing("--check", "test-lorme", "--tag", "helth", "--tag", "x")
    assert str(error) == (
        "Unknown check 'test-lorme'. Did you mean test-lorem? See all 5 checks with "
        "--list-checks.\n"
        "Unknown tag 'helth'. Did you mean health? Tags: body, health, notes, "
        "seo-basics, test.\n"
        "Unknown tag 'x'. Tags: body, health, notes, seo-basics, test."
    )


def test_silenced_checks_do_not_run(settings, articles):
    settings.SEO_SILENCED_CHECKS = ["test-lorem"]
    out, _ = run("--format", "json", "--tag", "test", "--slug", "stretches")
    assert "test-lorem" not in [c["id"] for c in report_of(out)["checks"]]
    _, _, error = run_failing("--check", "test-lorem")
    assert str(error) == (
        "No checks to run: every selected check is silenced by SEO_SILENCED_CHECKS."
    )


def test_no_registered_checks_is_an_error(test_checks, monkeypatch):
    monkeypatch.setattr(runner, "get_registry", Registry)
    _, _, error = run_failing()
    assert str(error) == "No checks are registered."


def test_list_checks_as_a_table():
    out, _ = run("--list-checks", "--tag", "health", "--tag", "notes")
    assert out.splitlines() == [
        "ID               LEVEL  CATEGORY  TAGS         TITLE",
        "test-disclaimer  error  health    health,test  Disclaimer",
        "test-word-note   info   headings  notes,test   Word count",
    ]


def test_list_checks_as_json_and_csv(settings):
    settings.SEO_SILENCED_CHECKS = ["test-word-note"]
    out, _ = run("--list-checks", "--format", "json")
    listed = json.loads(out)
    assert [c["id"] for c in listed] == [c.id for c in CHECKS]
    assert listed[-1]["silenced"] is True
    out, _ = run("--list-checks", "--format", "csv", "--check", "test-lorem")
    assert list(csv.DictReader(io.StringIO(out))) == [
        {
            "id": "test-lorem",
            "level": "warning",
            "category": "readability",
            "tags": "body test",
            "title": "No placeholder text",
            "silenced": "false",
        }
    ]
    _, _, error = run_failing("--list-checks", "--format", "junit")
    assert str(error) == "--list-checks has no junit form; use text, json or csv."


# --- output -------------------------------------------------------------------


def test_text_report(articles, settings):
    # Readers and editors reach an article on different hosts.
    settings.PUBLIC_SITE_URL = "https://health.example"
    settings.WAGTAILADMIN_BASE_URL = "https://cms.example"
    out, _, _ = run_failing("--slug", "heat")
    heat = articles[1]
    assert out.splitlines()[:7] == [
        "TODO heat for sciatica",
        f"  page {heat.pk}, revision {heat.latest_revision_id}, "
        "https://health.example/articles/heat/, "
        f"edit: https://cms.example/admin/pages/{heat.pk}/edit/",
        "  score 0 | readability 0 | seo 0 | headings - | health 0",
        "  2 errors, 1 warning, 1 info",
        "  error    test-disclaimer (Disclaimer): No medical disclaimer.",
        "  error    test-todo-title (No TODO in the title): Unfinished title.",
        "           - field title: The title still says TODO. “TODO heat for sciatica”",
    ]
    assert (
        "           - body[2] (heading: Causes): Placeholder text; replace it. "
        "“Lorem ipsum dolor.”"
    ) in out
    assert out.splitlines()[-1] == (
        "Audited 1 article with 5 checks: 2 errors, 1 warning, 1 info. "
        "Average score 0; lowest 0 (heat)."
    )
    assert "\x1b[" not in out


def test_colour_only_on_a_terminal_unless_forced(articles, monkeypatch, tmp_path):
    monkeypatch.setattr("django.core.management.color.supports_color", lambda: True)
    out, _, _ = run_failing("--slug", "heat")
    assert "\x1b[31;1merror" in out
    out, _, _ = run_failing("--slug", "heat", "--no-color")
    assert "\x1b[" not in out
    report = tmp_path / "report.txt"
    run_failing("--slug", "heat", "--output", report)
    assert "\x1b[" not in report.read_text()
    run_failing("--slug", "heat", "--output", report, "--force-color")
    assert "\x1b[31;1merror" in report.read_text()


def test_every_format_parses_and_agrees(articles, tmp_path):
    args = ["--fail-level", "warning"]
    json_out, _, _ = run_failing("--format", "json", *args)
    data = report_of(json_out)
    assert [a["slug"] for a in data["articles"]] == [
        "massage-for-sciatica",
        "heat",
        "stretches",
    ]
    assert data["summary"]["failing_articles"] == ["heat", "stretches"]
    assert data["summary"]["findings"] == {"info": 3, "warning": 2, "error": 2}

    csv_out, _, _ = run_failing("--format", "csv", *args)
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    assert len(rows) == sum(data["summary"]["findings"].values())
    assert {r["page_id"] for r in rows} == {str(a.pk) for a in articles}

    junit_out, _, _ = run_failing("--format", "junit", *args)
    suites = ET.fromstring(junit_out).findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "massage-for-sciatica",
        "heat",
        "stretches",
    ]
    assert [s.get("failures") for s in suites] == ["0", "3", "1"]
    assert all(s.get("tests") == "5" for s in suites)


def test_output_writes_a_file_and_says_so(articles, tmp_path):
    target = tmp_path / "audit.csv"
    out, err = run("--format", "csv", "--output", target, "--check", "test-word-note")
    assert out == ""
    rows = list(csv.DictReader(target.open(newline="", encoding="utf-8")))
    assert [r["check"] for r in rows] == ["test-word-note"] * 3
    assert err.splitlines() == [
        "Audited 3 articles with 1 check: 0 errors, 0 warnings, 3 infos.",
        f"Report written to {target}.",
    ]


def test_output_to_a_place_that_cannot_be_written(articles, tmp_path):
    missing = tmp_path / "no" / "such" / "dir.json"
    _, _, error = run_failing("--output", missing)
    assert (
        str(error) == f"--output {missing}: cannot write (No such file or directory)."
    )


def test_progress_bar_only_on_a_terminal(articles, tmp_path):
    target = tmp_path / "r.json"
    err = TTY()
    call_command(
        "seo_audit",
        "--format=json",
        f"--output={target}",
        "--check=test-word-note",
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "/3 [" in err.getvalue()
    _, plain_err = run("--format=json", f"--output={target}", "--check=test-word-note")
    assert "/3 [" not in plain_err


# --- thresholds ---------------------------------------------------------------


def test_fail_level_error_is_the_default(articles):
    clean, heat, stretches = articles
    # Warnings only: passes by default, fails at --fail-level warning.
    out, _ = run("--slug", "stretches", "--format", "json")
    assert report_of(out)["summary"]["failed"] is False
    out, _, error = run_failing("--slug", "stretches", "--fail-level", "warning")
    assert error.returncode == 1
    assert str(error) == (
        "1 of 1 article has findings at or above the fail level (warning): stretches."
    )
    assert "Audited 1 article" in out  # the report was written in full first
    # An error fails by default.
    _, _, error = run_failing("--slug", "heat")
    assert error.returncode == 1
    assert str(error) == (
        "1 of 1 article has findings at or above the fail level (error): heat."
    )
    run("--slug", "massage-for-sciatica", "--fail-level", "warning")


@pytest.mark.parametrize(("fail_under", "fails"), [(0, False), (50, False), (51, True)])
def test_fail_under_a_score_fails_below_it_only(articles, fail_under, fails):
    # stretches: placeholder text (readability 0), finished title (seo 100).
    args = [
        "--slug",
        "stretches",
        "--check",
        "test-lorem",
        "--check",
        "test-todo-title",
    ]
    args += ["--fail-under", str(fail_under), "--format", "json"]
    if fails:
        out, _, error = run_failing(*args)
        assert error.returncode == 1
        assert (
            str(error) == f"1 of 1 article scores below {fail_under}: stretches (50)."
        )
    else:
        out, _ = run(*args)
    assert report_of(out)["articles"][0]["scores"]["overall"] == 50


def test_fail_under_names_the_low_scorers(articles):
    args = ["--check", "test-lorem", "--check", "test-keyphrase", "--format", "json"]
    out, _ = run(*args, "--fail-under", "0")
    scores = {a["slug"]: a["scores"]["overall"] for a in report_of(out)["articles"]}
    assert scores == {"massage-for-sciatica": 100, "heat": 0, "stretches": 0}
    out, _, error = run_failing(*args, "--fail-under", "1")
    assert error.returncode == 1
    assert str(error) == "2 of 3 articles score below 1: heat (0), stretches (0)."
    assert report_of(out)["summary"]["below_fail_under"] == [
        {"article": "heat", "score": 0},
        {"article": "stretches", "score": 0},
    ]


# --- saving -------------------------------------------------------------------


def test_save_stores_one_row_per_revision_and_updates_it(articles):
    run("--save", "--check", "test-lorem")
    rows = {row.page_id: row for row in SeoAudit.objects.all()}
    assert set(rows) == {a.pk for a in articles}
    assert {r.revision_id for r in rows.values()} == {
        a.latest_revision_id for a in articles
    }
    assert rows[articles[1].pk].readability_score == 0

    run("--save", "--check", "test-word-note")
    again = {row.page_id: row for row in SeoAudit.objects.all()}
    assert len(again) == SeoAudit.objects.count() == 3
    assert again[articles[1].pk].pk == rows[articles[1].pk].pk
    assert again[articles[1].pk].readability_score is None
    assert [r["check"] for r in again[articles[1].pk].results] == ["test-word-note"]

    articles[1].save_revision()
    run("--save", "--check", "test-word-note", "--slug", "heat")
    assert SeoAudit.objects.filter(page=articles[1]).count() == 2


def test_save_records_the_library_average_once_for_the_run(articles):
    with CaptureQueriesContext(connection) as queries:
        run("--save", "--check", "test-lorem")
    [day] = SeoLibraryDay.objects.all()
    latest = SeoAudit.objects.filter(is_latest=True)
    assert day.articles == latest.count() == len(articles)
    scores = [audit.overall_score for audit in latest]
    assert day.average_score == pytest.approx(sum(scores) / len(scores))
    writes = [q for q in queries if "seo_seolibraryday" in q["sql"].lower()]
    assert len([q for q in writes if q["sql"].startswith(("INSERT", "UPDATE"))]) == 1


def test_without_save_nothing_is_stored(articles):
    run("--check", "test-lorem")
    assert SeoAudit.objects.count() == 0


# --- files --------------------------------------------------------------------


def test_file_audits_a_draft_and_saves_nothing(write_source):
    path = write_source(SOURCE.replace("tight", "lorem"), "draft.txt")
    pages, settings_rows = (
        ArticlePage.objects.count(),
        HealthContentSettings.objects.count(),
    )
    out, _, _ = run_failing("--file", path, "--format", "json")  # no disclaimer
    (article,) = report_of(out)["articles"]
    assert article["page_id"] is None
    assert article["source"] == str(path)
    assert article["title"] == "Massage for Sciatica"
    lorem = next(r for r in article["results"] if r["check"] == "test-lorem")
    assert lorem["status"] == "bad"
    assert ArticlePage.objects.count() == pages
    assert HealthContentSettings.objects.count() == settings_rows
    assert SeoAudit.objects.count() == 0


def test_file_errors_name_the_file_and_the_rest_are_audited(write_source, tmp_path):
    good = write_source(SOURCE, "good.txt")
    empty = write_source(b"", "empty.txt")
    other = write_source("x", "notes.docx")
    missing = tmp_path / "missing.txt"
    out, err, error = run_failing(
        "--file",
        empty,
        good,
        other,
        missing,
        "--format",
        "json",
        "--check",
        "test-lorem",
    )
    assert [a["source"] for a in report_of(out)["articles"]] == [str(good)]
    lines = err.splitlines()
    assert lines[:2] == [
        f"error: {missing}: no such file or directory",
        f"error: {empty}: file is empty",
    ]
    assert lines[2].startswith(f"error: {other}: unsupported format '.docx'")
    assert error.returncode == 1
    assert str(error) == "3 files could not be audited."
    assert len(report_of(out)["summary"]["source_errors"]) == 3


def test_file_takes_a_folder(write_source, tmp_path):
    write_source(SOURCE, "a.txt")
    write_source(SOURCE.replace("Massage for", "Heat for"), "b.txt")
    out, _ = run("--file", tmp_path, "--format", "json", "--check", "test-lorem")
    assert [a["title"] for a in report_of(out)["articles"]] == [
        "Massage for Sciatica",
        "Heat for Sciatica",
    ]


def test_the_site_disclaimer_counts_for_pages_and_files(articles, write_source):
    site = Site.objects.get(is_default_site=True)
    HealthContentSettings.objects.create(
        site=site, medical_disclaimer="<p>Not advice.</p>"
    )
    out, _ = run("--slug", "heat", "--check", "test-disclaimer", "--format", "json")
    assert report_of(out)["articles"][0]["results"][0]["status"] == "good"
    path = write_source(SOURCE)
    out, _ = run("--file", path, "--check", "test-disclaimer", "--format", "json")
    assert report_of(out)["articles"][0]["results"][0]["status"] == "good"


def test_a_seed_file(seed):
    out, _, _ = run_failing("--file", seed("001"), "--format", "json")
    (article,) = report_of(out)["articles"]
    assert article["source"] == str(seed("001"))
    # The disclaimer check is bad without a finding, and still counts.
    assert article["counts"]["error"] == 1
    disclaimer_result = next(
        r for r in article["results"] if r["check"] == "test-disclaimer"
    )
    assert disclaimer_result["status"] == "bad"


# --- the plain functions ------------------------------------------------------


def test_load_articles_matches_article_from_page_for_every_kind_of_page(
    articles, write_source
):
    clean, heat, _ = articles
    reviewer = MedicalReviewer.objects.create(name="Dr Ada", credentials="MD")
    image = get_image_model().objects.create(
        title="Back", file=get_test_image_file(size=(1200, 630))
    )
    # A published page with a draft on top that changes related objects.
    clean.reviewer = reviewer
    clean.social_image = image
    clean.hashtags.add("SciaticaRelief", "Massage")
    clean.save_revision()
    # A published page with no pending draft.
    heat.hashtags.add("Heat")
    heat.save_revision().publish()
    # An import, whose flags the audit reads from its log entry.
    inline = SOURCE.replace("Massage eases", "A #massagetherapy session eases")
    imported = store(parse_file(write_source(inline)), default_parent()).page
    ids = [clean.pk, heat.pk, imported.pk, 424242]

    loaded = runner.load_articles(ids, today=TODAY)
    expected = [
        article_from_page(
            ArticlePage.objects.get(pk=pk).get_latest_revision_as_object(), today=TODAY
        )
        for pk in ids[:3]
    ]
    assert loaded == expected
    assert loaded[0].reviewer == "Dr Ada, MD"
    assert loaded[0].social_image.width == 1200
    assert set(loaded[0].hashtags) == {"SciaticaRelief", "Massage"}
    assert loaded[1].hashtags == ("Heat",)
    assert [n.kind for n in loaded[2].import_notes] == ["inline-hashtag"]


def test_loading_a_chunk_costs_the_same_queries_however_big(articles):
    more = [article_page(f"Extra {n}", paragraph("Lorem.")) for n in range(6)]
    for page in more[:3]:
        page.hashtags.add(f"Tag{page.pk}")
        page.save_revision().publish()
    for page in more[3:]:
        page.hashtags.add(f"Draft{page.pk}")
        page.save_revision()
    disclaimers = runner.Disclaimers.load()
    # The same kinds of page (published with hashtags, draft with hashtags),
    # two of them or nine.
    with CaptureQueriesContext(connection) as small:
        runner.load_articles([more[0].pk, more[3].pk], disclaimers=disclaimers)
    with CaptureQueriesContext(connection) as big:
        runner.load_articles([a.pk for a in articles + more], disclaimers=disclaimers)
    assert len(big) == len(small) <= 6


def test_audit_pages_streams_compact_reports_in_order(articles):
    ids = [a.pk for a in reversed(articles)]
    audit = runner.audit_pages(ids, Auditor([Lorem]), chunk_size=1, today=TODAY)
    assert len(audit) == 3
    reports = list(audit)
    assert [r.article.page_id for r in reports] == ids
    assert all(r.article.body == () for r in reports)  # no body crosses back


def test_jobs_fall_back_to_one_process_inside_a_transaction(articles):
    one, _ = run("--format", "json", "--fail-level", "error", "--check", "test-lorem")
    two, err = run("--format", "json", "--jobs", "2", "--check", "test-lorem")
    assert (
        "--jobs ignored inside a transaction: worker processes cannot see its "
        "uncommitted data"
    ) in err
    assert report_of(one)["articles"] == report_of(two)["articles"]


def test_jobs_fall_back_with_an_in_memory_database(articles, monkeypatch):
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        pytest.skip("the test database is not an in-memory SQLite one")
    # Outside the test's transaction, the in-memory database is what stops it.
    monkeypatch.setattr(connections["default"], "in_atomic_block", False)
    assert runner.serial_reason(2) == (
        "--jobs ignored: the SQLite database is in memory, which worker processes "
        "cannot share"
    )


ARTICLE = """{title}

{body}

Why it helps

Massage relaxes the muscles that press on the sciatic nerve. Many people feel
looser after a session, and the effect builds over a few weeks of regular care.
"""


def test_jobs_2_gives_the_same_report_as_jobs_1(tmp_path, write_source):
    """Forks for real, in a fresh process with its own database file (the
    test database is inside a transaction, or in memory, where workers cannot
    see it): eight imported articles, audited with one process and with two."""
    sources = [
        write_source(
            ARTICLE.format(
                title=f"Massage for sciatica, part {n}",
                body="Lorem ipsum dolor." if n % 2 else "Gentle massage eases pain.",
            ),
            name=f"article-{n}.txt",
        )
        for n in range(8)
    ]
    database = tmp_path / "jobs.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }

    def manage(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode in (0, 1), done.stderr
        return done

    manage("migrate", "--noinput", "-v0")
    manage("import_articles", "--publish", *map(str, sources))
    one = report_of(manage("seo_audit", "--format", "json", "--jobs", "1").stdout)
    done = manage("seo_audit", "--format", "json", "--jobs", "2", "--save")
    assert "ignored" not in done.stderr  # it really ran in parallel
    two = report_of(done.stdout)
    with sqlite3.connect(database) as copy:
        (rows,) = copy.execute("select count(*) from seo_seoaudit").fetchone()
    assert len(one["articles"]) == 8
    assert two["articles"] == one["articles"]
    assert two["summary"] == one["summary"]
    assert rows == 8


def test_the_site_index_is_built_once_and_only_for_checks_that_need_it(
    articles, monkeypatch, test_checks
):
    from seo import site

    test_checks.register(SiteSize)
    built = []
    real = site.build_site_index

    def counting():
        built.append(1)
        return real()

    monkeypatch.setattr(site, "build_site_index", counting)
    out, _ = run("--tag", "site-wide", "--format", "json")
    results = [a["results"][0] for a in report_of(out)["articles"]]
    assert [r["message"] for r in results] == ["3 articles in the index."] * 3
    assert built == [1]
    run("--check", "test-word-note")
    assert built == [1]
    assert runner.site_index_for(Auditor([Lorem])) is None


def test_run_saves_a_plain_list_of_reports_too(articles):
    auditor = Auditor([Lorem])
    reports = list(runner.audit_pages([a.pk for a in articles], auditor))
    context = Context.for_auditor(auditor)
    stream = io.StringIO()
    summary = runner.run(
        reports, JsonWriter(stream, context), Summary(context), save=True
    )
    assert summary.articles == 3
    assert SeoAudit.objects.count() == 3
    assert len(report_of(stream.getvalue())["articles"]) == 3


def test_text_report_of_a_file_names_it(write_source):
    path = write_source(SOURCE)
    out, _, _ = run_failing("--file", path)
    assert out.splitlines()[1] == f"  /massage-for-sciatica/, file {path}"
