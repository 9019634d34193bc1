"""The CSV report: one row per finding, for spreadsheets and ad-hoc analysis.

A result that is bad or ok but has nothing to point at still gets one row (its
own message, no location), so a spreadsheet never hides a failing check. Good,
info-without-findings and not-applicable results have no rows. `block` is the
0-based index the engine and the JSON report use.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from django.core.management.color import Style

from . import CheckInfo, Failure, Writer, dumps

if TYPE_CHECKING:
    from seo.audit import AuditReport

COLUMNS = (
    "page_id",
    "revision_id",
    "slug",
    "title",
    "source",
    "check",
    "level",
    "status",
    "message",
    "hint",
    "block",
    "block_id",
    "heading",
    "field",
    "excerpt",
    "value",
    "threshold",
)
CHECK_COLUMNS = ("id", "level", "category", "tags", "title", "silenced")


def cell(value: Any) -> str | int | float:
    """Scalars as they are; lists and mappings as JSON, so they survive a
    round trip; None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return value
    return dumps(value)


class CsvWriter(Writer):
    name = "csv"

    def begin(self) -> None:
        csv.writer(self.stream).writerow(COLUMNS)

    def render(self, report: AuditReport) -> str:
        article = report.article
        ident = [
            cell(article.page_id),
            cell(article.revision_id),
            article.slug,
            article.title,
            article.source,
        ]
        rows = []
        for result in report.results:
            status = str(result.status)
            for finding in result.findings:
                where = finding.location
                rows.append(
                    [
                        *ident,
                        finding.check_id,
                        finding.level.label,
                        status,
                        finding.message,
                        finding.hint,
                        cell(where.block if where else None),
                        cell(where.block_id if where else None),
                        cell(where.heading if where else None),
                        cell(where.field if where else None),
                        cell(where.excerpt if where else None),
                        cell(finding.value),
                        cell(finding.threshold),
                    ]
                )
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        return buffer.getvalue()

    def render_failure(self, failure: Failure) -> str:
        """One row: the audit itself failed, at error level."""
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            page_id=failure.page_id,
            slug=failure.slug,
            check="audit-failed",
            level="error",
            status="error",
            message=f"Could not be audited: {failure.reason}",
        )
        buffer = io.StringIO()
        csv.writer(buffer).writerow(row.values())
        return buffer.getvalue()

    @classmethod
    def write_checks(
        cls, stream: TextIO, checks: Iterable[CheckInfo], style: Style | None = None
    ) -> None:
        writer = csv.writer(stream)
        writer.writerow(CHECK_COLUMNS)
        for info in checks:
            writer.writerow(
                [
                    info.id,
                    info.level.label,
                    info.category,
                    " ".join(info.tags),
                    info.title,
                    cell(info.silenced),
                ]
            )
