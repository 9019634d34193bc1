"""The readable report: per article its scores, then what to fix, check by check.

Colour comes from the Django `Style` the command passes in, which is plain
unless the output is a terminal (or --force-color). Verbosity 0 prints only the
summary line, 1 the results that need attention (bad, ok, info), 2 every
result including good and not-applicable ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TextIO

from django.core.management.color import Style, no_style

from cms.public_urls import admin_edit_url, page_public_url
from seo.checks.base import Category
from seo.findings import CheckResult, Finding, Level, Status

from . import CheckInfo, Failure, Summary, Writer, describe_location

if TYPE_CHECKING:
    from seo.audit import AuditReport

QUIET_STATUSES = frozenset({Status.GOOD, Status.NOT_APPLICABLE})
INDENT = "  "
LEVEL_WIDTH = len("warning")


class TextWriter(Writer):
    name = "text"

    def _colour(self, level: Level | None, status: Status) -> Callable[[str], str]:
        style = self.style
        if level is Level.ERROR:
            return style.ERROR
        if level is Level.WARNING:
            return style.WARNING
        if level is Level.INFO or status is Status.INFO:
            return style.HTTP_NOT_MODIFIED
        if status is Status.GOOD:
            return style.SUCCESS
        return str

    def render(self, report: AuditReport) -> str:
        if self.context.verbosity < 1:
            return ""
        lines: list[str] = []
        article = report.article
        lines.append(self.style.MIGRATE_HEADING(article.title or "(untitled)"))
        lines.append(INDENT + _identity(report))
        lines.append(INDENT + _scores(report))
        found = self.context.counts(report)
        lines.append(
            INDENT
            + ", ".join(
                f"{found[level.label]} {level.label}"
                + ("" if found[level.label] == 1 else "s")
                for level in sorted(Level, reverse=True)
            )
        )
        shown = [
            (self.context.level_of(result), position, result)
            for position, result in enumerate(report.results)
            if self.context.verbosity >= 2 or result.status not in QUIET_STATUSES
        ]
        # Worst first; within a level, in the order the checks ran.
        shown.sort(key=lambda item: (-(item[0] or 0), item[1]))
        for level, _, result in shown:
            self._result(lines, result, level)
        lines.append("")
        return "\n".join(lines) + "\n"

    def render_failure(self, failure: Failure) -> str:
        if self.context.verbosity < 1:
            return ""
        return self.style.ERROR(f"error: {failure.message()}") + "\n\n"

    def _result(
        self, lines: list[str], result: CheckResult, level: Level | None
    ) -> None:
        label = level.label if level else str(result.status)
        colour = self._colour(level, result.status)
        title = self.context.title_of(result.check_id)
        head = f"{label:<{LEVEL_WIDTH}}"
        lines.append(
            f"{INDENT}{colour(head)}  {self.style.MIGRATE_LABEL(result.check_id)} "
            f"({title}): {result.message}"
        )
        for finding in result.findings:
            self._finding(lines, finding, result.message)

    def _finding(self, lines: list[str], finding: Finding, said: str) -> None:
        pad = INDENT + " " * (LEVEL_WIDTH + 2)
        where = describe_location(finding.location)
        excerpt = finding.location.excerpt if finding.location else None
        # A check with one thing to say often says it twice (result and
        # finding); print it once.
        message = "" if finding.message == said else finding.message
        parts = [f"{where}:" if where and (message or excerpt) else where, message]
        if excerpt:
            parts.append(f"“{excerpt}”")
        line = " ".join(part for part in parts if part)
        if line:
            lines.append(f"{pad}- {line}")
        if finding.hint:
            lines.append(f"{pad}  hint: {finding.hint}")

    def end(self, summary: Summary) -> None:
        colour = self.style.ERROR if summary.failed else self.style.SUCCESS
        # Why the run fails is the command's error message, not repeated here.
        self.stream.write(colour(summary.line()) + "\n")

    @classmethod
    def write_checks(
        cls, stream: TextIO, checks: Iterable[CheckInfo], style: Style | None = None
    ) -> None:
        style = style or no_style()
        header = ("ID", "LEVEL", "CATEGORY", "TAGS", "TITLE")
        rows = [
            (
                info.id,
                info.level.label,
                info.category,
                ",".join(info.tags),
                info.title + (" (silenced)" if info.silenced else ""),
            )
            for info in checks
        ]
        widths = [
            max(len(row[column]) for row in [header, *rows]) for column in range(4)
        ]

        def line(row: tuple[str, ...]) -> str:
            cells = [
                cell.ljust(width) for cell, width in zip(row, widths, strict=False)
            ]
            return "  ".join([*cells, row[4]])

        stream.write(style.MIGRATE_HEADING(line(header)) + "\n")
        for row in rows:
            stream.write(line(row) + "\n")


def _identity(report: AuditReport) -> str:
    """Which article: for a stored page its public URL and its editor's, as a
    reader and an editor reach it; for a file, the file."""
    article = report.article
    parts = []
    if article.page_id is not None:
        parts.append(f"page {article.page_id}")
        if article.revision_id is not None:
            parts.append(f"revision {article.revision_id}")
        url = page_public_url(article.url_path) if article.url_path else None
        if url:
            parts.append(url)
        parts.append(f"edit: {admin_edit_url(article.page_id)}")
    elif article.slug:
        parts.append(f"/{article.slug}/")
    if article.source and article.page_id is None:
        parts.append(f"file {article.source}")
    return ", ".join(parts) or "(unsaved article)"


def _scores(report: AuditReport) -> str:
    scores = report.scores

    def show(value: int | None) -> str:
        return "-" if value is None else str(value)

    # Always in the same order, whatever order the scoring produced them in.
    order = {str(category): position for position, category in enumerate(Category)}
    ranked = sorted(
        scores.categories.items(), key=lambda item: (order.get(item[0], 99), item[0])
    )
    categories = " | ".join(f"{name} {show(value)}" for name, value in ranked)
    text = f"score {show(scores.overall)}"
    return f"{text} | {categories}" if categories else text
