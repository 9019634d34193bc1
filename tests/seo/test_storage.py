"""SeoAudit rows: one per page revision, updated in place when re-audited."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import slugify
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from articles.importing.store import default_parent
from articles.models import ArticleIndexPage, ArticlePage
from seo import runner
from seo.audit import Auditor
from seo.document import ArticleData
from seo.findings import Level
from seo.models import SeoAudit, SeoAuditCheck, SeoLibraryDay
from seo.storage import (
    NotStorable,
    audit_row,
    drop_stale_audits,
    save_reports,
    save_rows,
)

from .factories import TODAY, disclaimer, heading, paragraph
from .test_formats import CHECKS, Disclaimer, Lorem

pytestmark = pytest.mark.django_db
AUDIT_INSERT = 'INSERT INTO "seo_seoaudit"'


@pytest.fixture(autouse=True)
def equal_weights(settings):
    settings.SEO_AUDIT = {}
    settings.SEO_SILENCED_CHECKS = []


def article_page(
    title: str, *blocks: dict, publish: bool = False, revision: bool = True, **fields
) -> ArticlePage:
    """An article under the index: a draft by default, published if asked;
    `revision=False` leaves it with no revision at all (created in code)."""
    fields.setdefault("slug", slugify(title))
    page = ArticlePage(title=title, body=list(blocks), live=publish, **fields)
    default_parent().add_child(instance=page)
    if revision:
        saved = page.save_revision()
        if publish:
            saved.publish()
    page.refresh_from_db()
    return page


def audit_pages(*pages, checks=CHECKS):
    auditor = Auditor(checks)
    return list(runner.audit_pages([p.pk for p in pages], auditor, today=TODAY))


def test_a_row_holds_scores_counts_results_and_the_engine_version():
    page = article_page("Lorem for sciatica", paragraph("Lorem ipsum dolor."))
    (report,) = audit_pages(page)
    row = audit_row(report)
    assert (row.page_id, row.revision_id) == (page.pk, page.latest_revision_id)
    assert row.engine_version == "1.0.0"
    assert row.overall_score == report.scores.overall == 33
    assert row.readability_score == 0  # lorem
    assert row.health_score == 0  # no disclaimer
    assert row.seo_score == 100  # no TODO in the title; no keyphrase set
    assert row.headings_score is None  # only an info check
    assert row.hashtags_score is None
    # The disclaimer check is bad with no finding of its own: it still counts.
    assert (row.errors, row.warnings) == (1, 1)
    assert row.results == [result.as_json() for result in report.results]


def test_saving_again_updates_the_row_for_the_same_revision():
    page = article_page("Lorem for sciatica", paragraph("Lorem ipsum dolor."))
    assert save_reports(audit_pages(page, checks=[Lorem])) == 1
    first = SeoAudit.objects.get()
    assert (first.readability_score, first.health_score) == (0, None)

    # Re-audited (say, by a newer engine): the revision's row is replaced.
    assert save_reports(audit_pages(page, checks=[Disclaimer])) == 1
    second = SeoAudit.objects.get()
    assert second.pk == first.pk
    assert second.revision_id == page.latest_revision_id
    assert (second.readability_score, second.health_score) == (None, 0)
    assert [r["check"] for r in second.results] == ["test-disclaimer"]
    assert second.audited_at >= first.audited_at


def test_a_new_revision_gets_a_new_row_and_history_stays():
    page = article_page("Lorem for sciatica", paragraph("Lorem ipsum dolor."))
    save_reports(audit_pages(page))
    page.body = [
        {"type": "paragraph", "value": "<p>Clean now.</p>"},
        {"type": "disclaimer", "value": {"text": "<p>Not advice.</p>"}},
    ]
    page.save_revision()
    save_reports(audit_pages(page))
    rows = list(
        SeoAudit.objects.order_by("pk").values_list("revision_id", "overall_score")
    )
    assert len(rows) == 2
    assert rows[0][1] == 33
    assert rows[1] == (page.get_latest_revision().pk, 100)


def test_a_page_with_no_revision_keeps_one_row():
    page = article_page(
        "Never saved from the admin", paragraph("Text."), revision=False
    )
    assert page.latest_revision_id is None
    save_reports(audit_pages(page))
    save_reports(audit_pages(page))
    [audit] = SeoAudit.objects.filter(page=page, revision__isnull=True)
    # Its failing checks are indexed once, against that row.
    assert audit.checks.filter(check_id="test-disclaimer").count() == 1
    assert SeoAuditCheck.objects.exclude(audit=audit).count() == 0


def test_rows_are_written_in_batches():
    pages = [article_page(f"Article {n}", paragraph("Lorem.")) for n in range(5)]
    reports = audit_pages(*pages)
    with CaptureQueriesContext(connection) as one_batch:
        save_reports(reports)
    inserts = [q for q in one_batch if q["sql"].startswith(AUDIT_INSERT)]
    assert len(inserts) == 1
    SeoAudit.objects.all().delete()
    with CaptureQueriesContext(connection) as three_batches:
        assert save_reports(reports, batch_size=2) == 5
    inserts = [q for q in three_batches if q["sql"].startswith(AUDIT_INSERT)]
    assert len(inserts) == 3
    assert SeoAudit.objects.count() == 5


def test_the_last_of_two_rows_for_one_revision_wins():
    page = article_page("Twice", paragraph("Lorem."))
    (report,) = audit_pages(page)
    (clean,) = audit_pages(page, checks=[Disclaimer])
    save_rows([audit_row(report), audit_row(clean)])
    assert SeoAudit.objects.get().results == [clean.results[0].as_json()]


def test_a_file_audit_cannot_be_saved():
    report = Auditor([Lorem]).audit(
        runner.Document(ArticleData(title="Draft", source="draft.txt"))
    )
    with pytest.raises(NotStorable, match="draft.txt: only stored pages can be saved"):
        audit_row(report)


def test_heading_scores_land_in_their_column():
    class HeadingCheck(Lorem):
        id = "test-heading-lorem"
        category = "headings"

    page = article_page("Headings", heading("Lorem"), paragraph("Lorem."), disclaimer())
    (report,) = audit_pages(page, checks=[HeadingCheck])
    assert audit_row(report).headings_score == 0


def latest(page) -> SeoAudit:
    return SeoAudit.objects.get(page=page, is_latest=True)


def test_the_most_recently_stored_audit_of_each_page_is_its_latest():
    one = article_page("One", paragraph("Lorem ipsum dolor."))
    two = article_page("Two", paragraph("Lorem ipsum dolor."))
    save_reports(audit_pages(one, two))
    first = latest(one)
    assert first.revision_id == one.latest_revision_id
    assert latest(two).revision_id == two.latest_revision_id

    one.save_revision()
    save_reports(audit_pages(one))
    assert latest(one).revision_id == one.get_latest_revision().pk != first.revision_id
    assert SeoAudit.objects.filter(page=one).count() == 2
    # Re-auditing an older revision makes its audit the latest again.
    row = audit_row(audit_pages(one)[0])
    row.revision_id = first.revision_id
    save_rows([row])
    assert latest(one).pk == first.pk
    assert latest(two).revision_id == two.latest_revision_id


def test_dropping_a_stale_latest_audit_makes_the_previous_one_latest():
    page = article_page("Rewritten", paragraph("Lorem ipsum dolor."))
    save_reports(audit_pages(page))
    older = latest(page)
    page.save_revision()
    save_reports(audit_pages(page))
    newest = latest(page)
    assert newest.pk != older.pk
    assert drop_stale_audits(newest.revision_id, {"rewritten": True}) == 1
    assert latest(page).pk == older.pk


def test_the_checks_that_did_not_pass_are_indexed_with_their_level():
    page = article_page("Lorem for sciatica", paragraph("Lorem ipsum dolor."))
    (report,) = audit_pages(page)
    save_reports([report])
    audit = SeoAudit.objects.get()
    indexed = {
        check.check_id: (check.status, check.level, check.findings)
        for check in audit.checks.all()
    }
    expected = {
        result.check_id: (
            str(result.status),
            max((int(f.level) for f in result.findings), default=None),
            len(result.findings),
        )
        for result in report.results
        if result.findings or result.status in ("bad", "ok")
    }
    assert indexed == expected
    assert indexed["test-disclaimer"] == ("bad", Level.ERROR, 1)
    assert audit.infos == report.count(Level.INFO)

    # Re-audited clean: the index follows the row.
    save_reports(audit_pages(page, checks=[Disclaimer]))
    assert (
        not SeoAuditCheck.objects.filter(audit=audit)
        .exclude(check_id="test-disclaimer")
        .exists()
    )


def test_storing_audits_records_the_library_average_of_the_day():
    one = article_page("One", paragraph("Lorem ipsum dolor."))
    two = article_page("Two", paragraph("Lorem ipsum dolor."))
    save_reports(audit_pages(one, checks=[Lorem]))
    save_reports(audit_pages(two, checks=[Disclaimer]))
    [day] = SeoLibraryDay.objects.all()
    scores = SeoAudit.objects.filter(is_latest=True).values_list(
        "overall_score", flat=True
    )
    assert day.day == timezone.localdate()
    assert day.articles == 2
    assert day.average_score == sum(scores) / 2
    # A later audit of the same day replaces the figure, not adds a day.
    save_reports(audit_pages(one, checks=[Disclaimer]))
    [day] = SeoLibraryDay.objects.all()
    assert day.average_score == latest(one).overall_score == latest(two).overall_score


@pytest.mark.django_db(transaction=True)
def test_a_save_is_planned_for_the_tables_now_on_postgresql():
    """PostgreSQL checks each new SeoAuditCheck row's key at COMMIT with a
    query it plans once per connection. Planned while the audit tables are
    nearly empty, that plan scans all of SeoAudit per row: the save asks for
    a plan per check, and no JIT compilation of its small statements, for its
    own transaction only."""
    if connection.vendor != "postgresql":
        pytest.skip("plan_cache_mode and jit are PostgreSQL settings")
    from seo.signals import audits_saved

    def show():
        with connection.cursor() as cursor:
            cursor.execute("SHOW plan_cache_mode")
            plan = cursor.fetchone()[0]
            cursor.execute("SHOW jit")
            return plan, cursor.fetchone()[0]

    seen = []

    def inside_the_save(**kwargs):
        seen.append(show())

    if not ArticleIndexPage.objects.exists():
        # An earlier transactional test flushed the migrated site tree.
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root")
        )
        root.add_child(instance=ArticleIndexPage(title="Articles", slug="articles"))
    page = article_page("Planned", paragraph("Lorem ipsum dolor."))
    before = show()
    audits_saved.connect(inside_the_save)
    try:
        save_reports(audit_pages(page))
    finally:
        audits_saved.disconnect(inside_the_save)
    assert seen == [("force_custom_plan", "off")]
    assert show() == before
    assert SeoAuditCheck.objects.filter(audit__page=page).exists()
