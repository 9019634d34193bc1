"""Store audit reports as SeoAudit rows: one row per page revision.

Re-auditing a revision replaces its row (the latest engine's verdict is the one
that counts), while a new revision gets a new row, so history survives edits.
Rows are written in batches with one INSERT ... ON CONFLICT (page, revision)
DO UPDATE each, which SQLite and PostgreSQL both support, so a bulk audit of
10,000 pages issues about fifty writes, not 10,000.

Wagtail's autosave rewrites a revision in place, so a row also records the hash
of the content it audited where the writer knows it (audits on save, in
seo.tasks), and a rewritten revision loses the rows that no longer match it
(`drop_stale_audits`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Avg, Count, OuterRef, Subquery, Value
from django.utils import timezone

from seo.findings import Level
from seo.models import SeoAudit, SeoAuditCheck, SeoLibraryDay
from seo.signals import audits_saved

if TYPE_CHECKING:
    from seo.audit import AuditReport
    from seo.formats import Context

BATCH_SIZE = 200
JSON = models.JSONField()
SCORE_FIELDS = {
    "readability": "readability_score",
    "seo": "seo_score",
    "headings": "headings_score",
    "hashtags": "hashtags_score",
    "health": "health_score",
}
UPDATED_FIELDS = [
    "audited_at",
    "engine_version",
    "overall_score",
    *SCORE_FIELDS.values(),
    "errors",
    "warnings",
    "infos",
    "results",
    # A writer that does not know the hash (seo_audit --save) clears it: the
    # row no longer describes the content the old hash named.
    "content_hash",
]


class NotStorable(ValueError):
    """An audit of something that is not a stored page (a --file audit)."""


def content_hash(content: Any) -> str:
    """SHA-256 of a revision's content in one canonical JSON form (sorted keys,
    no spaces, Revision.content's own encoder), so the content Wagtail is about
    to store and the same content read back from the database hash alike."""
    text = json.dumps(
        content, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()


def drop_stale_audits(revision_id: int, content: Any) -> int:
    """Delete the audits of a revision that do not match its content now (an
    autosave rewrote it); returns how many. Rows without a hash cannot be
    matched, so they go too."""
    rows = list(
        SeoAudit.objects.filter(revision_id=revision_id).values_list(
            "pk", "content_hash"
        )
    )
    if not rows:
        return 0  # the usual case, and no hashing needed
    current = content_hash(content)
    stale = [pk for pk, stored in rows if stored != current]
    if stale:
        pages = set(
            SeoAudit.objects.filter(pk__in=stale).values_list("page_id", flat=True)
        )
        SeoAudit.objects.filter(pk__in=stale).delete()
        mark_latest(pages)
    return len(stale)


def mark_latest(page_ids: Iterable[int], *, record_day: bool = True) -> None:
    """Flag each page's most recently stored audit as its latest (and no other):
    two UPDATEs for any number of pages. Then, unless a bulk run records it
    once at its end, today's library average."""
    page_ids = list(page_ids)
    if not page_ids:
        return
    newest = SeoAudit.objects.filter(page_id=OuterRef("page_id")).order_by(
        "-audited_at", "-pk"
    )
    audits = SeoAudit.objects.filter(page_id__in=page_ids)
    audits.filter(is_latest=True).update(is_latest=False)
    audits.filter(pk=Subquery(newest.values("pk")[:1])).update(is_latest=True)
    if record_day:
        record_library_day()


def record_library_day() -> SeoLibraryDay:
    """Record today's library average (over each article's latest audit)."""
    library = SeoAudit.objects.filter(is_latest=True).aggregate(
        average=Avg("overall_score"), articles=Count("pk")
    )
    day, _ = SeoLibraryDay.objects.update_or_create(
        day=timezone.localdate(),
        defaults={
            "average_score": library["average"],
            "articles": library["articles"],
        },
    )
    return day


def failing_checks(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The checks of a stored report (`SeoAudit.results`) that did not pass,
    as SeoAuditCheck field values: those with findings, or a bad or partial
    verdict."""
    failing = []
    for result in results:
        findings = result.get("findings") or []
        if not findings and result.get("status") not in ("bad", "ok"):
            continue
        levels = [Level.parse(finding["level"]) for finding in findings]
        failing.append(
            {
                "check_id": result["check"],
                "status": result["status"],
                "level": int(max(levels)) if levels else None,
                "findings": len(findings),
            }
        )
    return failing


def _index_checks(rows: list[SeoAudit]) -> None:
    """Rewrite the SeoAuditCheck rows of the audits just stored (their primary
    keys set by the upsert)."""
    SeoAuditCheck.objects.filter(audit_id__in=[row.pk for row in rows]).delete()
    SeoAuditCheck.objects.bulk_create(
        SeoAuditCheck(audit_id=row.pk, **check)
        for row in rows
        for check in failing_checks(row.results)
    )


def audit_row(report: AuditReport, content_hash: str = "") -> SeoAudit:
    """The unsaved SeoAudit row for a report of a stored page; `content_hash`
    is that of the revision content the report audited, where known."""
    article = report.article
    if article.page_id is None:
        raise NotStorable(
            f"{article.source or article.title}: only stored pages can be saved; "
            "this audit is of a file"
        )
    categories = report.scores.categories
    return SeoAudit(
        page_id=article.page_id,
        revision_id=article.revision_id,
        audited_at=timezone.now(),
        engine_version=report.engine_version,
        overall_score=report.scores.overall,
        **{field: categories.get(name) for name, field in SCORE_FIELDS.items()},
        errors=report.count(Level.ERROR),
        warnings=report.count(Level.WARNING),
        infos=report.count(Level.INFO),
        results=report.as_json()["results"],
        content_hash=content_hash,
    )


def save_rows(rows: list[SeoAudit], *, record_day: bool = True) -> None:
    """Insert or update rows, keyed by (page, revision), and send
    `audits_saved`. A bulk run passes `record_day=False` and calls
    `record_library_day()` once at its end: the average reads every latest
    audit, and parallel writers would queue on today's row."""
    # PostgreSQL refuses to update one row twice in a statement: keep the last.
    rows = list({(row.page_id, row.revision_id): row for row in rows}.values())
    if not rows:
        return
    with transaction.atomic():
        _plan_for_the_tables_now()
        with_revision = [row for row in rows if row.revision_id is not None]
        if with_revision:
            _bulk_upsert(with_revision)
        # NULLs never conflict in a unique constraint, so a page that has no
        # revision at all (created in code, never saved from the admin) is
        # matched by hand; such pages are rare.
        for row in rows:
            if row.revision_id is None:
                row.pk = SeoAudit.objects.update_or_create(
                    page_id=row.page_id,
                    revision__isnull=True,
                    defaults={name: getattr(row, name) for name in UPDATED_FIELDS},
                )[0].pk
        _index_checks(rows)
        mark_latest({row.page_id for row in rows}, record_day=record_day)
        audits_saved.send(SeoAudit, page_ids=sorted({row.page_id for row in rows}))


def _plan_for_the_tables_now() -> None:
    """On PostgreSQL, plan this transaction's statements for the audit
    tables as they are now, and without JIT compilation.

    Foreign key checks are cached queries that PostgreSQL plans once per
    connection: planned while a new library's audit tables are nearly empty,
    one scans the whole of SeoAudit for every SeoAuditCheck row, and a first
    bulk save on 10,000 pages spent more time checking keys at COMMIT than
    auditing. A custom plan per check costs microseconds.

    Every statement here touches a chunk's rows, but on tables whose
    statistics predate a bulk run (ANALYZE is autovacuum's to schedule) the
    planner can cost mark_latest()'s update above jit_above_cost, and JIT
    would compile it for about 10 ms a chunk to run it for 0.1 ms."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
            cursor.execute("SET LOCAL jit = off")


def _bulk_upsert(rows: list[SeoAudit]) -> None:
    # On PostgreSQL, Django inserts plain values through UNNEST(arrays), and
    # psycopg escapes a jsonb array element by element in Python: 25 ms a
    # row for a typical report. A value given as an expression makes Django
    # write VALUES rows instead, each JSON document quoted by libpq in C.
    results = [row.results for row in rows]
    for row in rows:
        row.results = Value(row.results, output_field=JSON)
    try:
        SeoAudit.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["page", "revision"],
            update_fields=UPDATED_FIELDS,
        )
    finally:
        for row, value in zip(rows, results, strict=True):
            row.results = value


class AuditSaver:
    """Collects reports as they stream past and writes them in batches."""

    def __init__(self, batch_size: int = BATCH_SIZE, context: Context | None = None):
        self.batch_size = batch_size
        self.context = context
        self.saved = 0
        self._pending: list[SeoAudit] = []

    def add(self, report: AuditReport) -> None:
        self._pending.append(audit_row(report))
        if len(self._pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            save_rows(self._pending)
            self.saved += len(self._pending)
            self._pending = []


def save_reports(
    reports: Iterable[AuditReport],
    batch_size: int = BATCH_SIZE,
    context: Context | None = None,
) -> int:
    """Store reports of stored pages; returns how many rows were written."""
    saver = AuditSaver(batch_size, context)
    for report in reports:
        saver.add(report)
    saver.flush()
    return saver.saved
