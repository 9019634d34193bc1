"""Report formats for `seo_audit`: text, JSON, CSV and JUnit XML.

Every writer streams: `begin()` once, `article(report)` per audited article, as
the reports arrive, then `end(summary)`. Nothing holds the whole run, so a bulk
audit of 10,000 articles writes its report in constant memory.

A result's level is what `--fail-level` compares: its worst finding, or, for a
bad result with nothing to point at, the level of the check itself (a missing
disclaimer is an error even when the check has no block to name).
"""

from __future__ import annotations

import json as _json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from django.core.management.color import Style, no_style
from django.utils import timezone

from seo.findings import CheckResult, Level, Location, Status

if TYPE_CHECKING:
    from seo.audit import Auditor, AuditReport
    from seo.checks.base import Check
    from seo.document import ArticleData

SCHEMA_VERSION = 1
FORMATS = ("text", "json", "csv", "junit")
# How many failing articles a failure message names before "and N more".
NAMED_IN_MESSAGE = 10


@dataclass(frozen=True)
class CheckInfo:
    """What a report says about a check, independent of any article."""

    id: str
    title: str
    level: Level
    category: str
    tags: tuple[str, ...]
    silenced: bool = False
    help_text: str = ""

    @classmethod
    def of(cls, check: type[Check] | Check, silenced: bool = False) -> CheckInfo:
        return cls(
            check.id,
            check.title,
            check.level,
            str(check.category),
            tuple(sorted(check.tags)),
            silenced,
            str(check.help_text),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "level": self.level.label,
            "category": self.category,
            "tags": list(self.tags),
        }

    def listing_json(self) -> dict[str, Any]:
        """A row of `--list-checks --format json` (and the API's list): the
        report's check entry, whether settings silence it, and its help text."""
        return dict(self.as_json(), silenced=self.silenced, help_text=self.help_text)


@dataclass(frozen=True)
class ArticleFacts:
    """What the summary needs from one article: small enough to send from a
    worker process instead of the report itself."""

    label: str
    overall: int | None
    findings: dict[str, int]
    statuses: dict[str, int]
    failing: bool


@dataclass(frozen=True)
class Context:
    """What every writer needs besides the reports: the checks that ran (in
    order), the thresholds, and when the report was made."""

    checks: Mapping[str, CheckInfo]
    fail_level: Level = Level.ERROR
    fail_under: int | None = None
    verbosity: int = 1
    generated_at: datetime = field(default_factory=timezone.now)
    engine_version: str = ""

    @classmethod
    def for_auditor(cls, auditor: Auditor, **options: Any) -> Context:
        from seo.audit import ENGINE_VERSION

        options.setdefault("engine_version", ENGINE_VERSION)
        checks = {check.id: CheckInfo.of(check) for check in auditor.checks}
        return cls(checks, **options)

    @staticmethod
    def level_of(result: CheckResult) -> Level | None:
        """The most serious finding of a result (None: nothing to report)."""
        return max((finding.level for finding in result.findings), default=None)

    @staticmethod
    def counts(report: AuditReport) -> dict[str, int]:
        return {level.label: report.count(level) for level in Level}

    def fails(self, result: CheckResult) -> bool:
        level = self.level_of(result)
        return level is not None and level >= self.fail_level

    def facts(self, report: AuditReport) -> ArticleFacts:
        statuses: Counter[str] = Counter()
        for result in report.results:
            statuses[str(result.status)] += 1
        return ArticleFacts(
            label=article_label(report.article),
            overall=report.scores.overall,
            findings=self.counts(report),
            statuses=dict(statuses),
            failing=any(self.fails(result) for result in report.results),
        )

    def title_of(self, check_id: str) -> str:
        info = self.checks.get(check_id)
        return info.title if info else check_id


@dataclass(frozen=True)
class Failure:
    """A stored article whose audit failed (a draft stored broken, say): the
    run reports it as one failed article and audits the rest."""

    page_id: int
    slug: str
    reason: str

    @classmethod
    def of(cls, page_id: int, slug: str, error: BaseException) -> Failure:
        return cls(
            page_id, writable(slug), writable(f"{type(error).__name__}: {error}")
        )

    @property
    def label(self) -> str:
        return self.slug or f"page {self.page_id}"

    def message(self) -> str:
        return (
            f"page {self.page_id} ({self.label}): could not be audited: {self.reason}"
        )


def writable(text: str, limit: int = 500) -> str:
    """One line that any report can hold: what an error quotes from a broken
    draft may be a lone surrogate, or pages of it."""
    line = " ".join(str(text).split())
    line = line.encode("utf-8", "backslashreplace").decode("utf-8")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def article_label(article: ArticleData) -> str:
    """A short name for an article in messages: its slug, else its file."""
    return article.slug or article.source or article.title or "(untitled)"


class Summary:
    """Running totals over a report, kept small: counts, the score range and the
    labels of the articles that fail a threshold."""

    def __init__(self, context: Context):
        self.context = context
        self.articles = 0
        self.findings: Counter[str] = Counter({level.label: 0 for level in Level})
        self.statuses: Counter[str] = Counter({str(status): 0 for status in Status})
        self.scored = 0
        self._score_total = 0
        self.lowest: tuple[int, str] | None = None
        self.failing: list[str] = []
        self.below: list[tuple[str, int]] = []
        # Files that could not be read and articles that could not be audited,
        # one message each (the JSON summary's "source_errors").
        self.source_errors: list[str] = []
        self.unaudited: Counter[str] = Counter()
        self.failed_articles: list[str] = []

    def add(self, report: AuditReport) -> None:
        self.add_facts(self.context.facts(report))

    def add_facts(self, facts: ArticleFacts) -> None:
        self.articles += 1
        self.findings.update(facts.findings)
        self.statuses.update(facts.statuses)
        if facts.failing:
            self.failing.append(facts.label)
        overall = facts.overall
        if overall is not None:
            self.scored += 1
            self._score_total += overall
            if self.lowest is None or overall < self.lowest[0]:
                self.lowest = (overall, facts.label)
            fail_under = self.context.fail_under
            if fail_under is not None and overall < fail_under:
                self.below.append((facts.label, overall))

    def add_source_error(self, message: str) -> None:
        self.source_errors.append(message)
        self.unaudited["file"] += 1

    def add_failure(self, failure: Failure) -> None:
        self.source_errors.append(failure.message())
        self.unaudited["article"] += 1
        self.failed_articles.append(failure.label)

    def add_site_error(self, message: str) -> None:
        self.source_errors.append(message)
        self.unaudited["site index"] += 1

    @property
    def average(self) -> float | None:
        return round(self._score_total / self.scored, 1) if self.scored else None

    @property
    def failed(self) -> bool:
        return bool(self.failing or self.below or self.source_errors)

    def failure_message(self) -> str:
        """Why the run fails, one sentence per reason (empty when it passes)."""
        reasons = []
        if self.failing:
            count = len(self.failing)
            level = self.context.fail_level.label
            reasons.append(
                f"{count} of {_plural(self.articles, 'article')} {_has(count)} "
                f"findings at or above the fail level ({level}): "
                f"{_names(self.failing)}."
            )
        if self.below:
            count = len(self.below)
            named = [f"{label} ({score})" for label, score in self.below]
            reasons.append(
                f"{count} of {_plural(self.articles, 'article')} "
                f"{_score_verb(count)} below {self.context.fail_under}: "
                f"{_names(named)}."
            )
        if self.unaudited["file"]:
            reasons.append(
                f"{_plural(self.unaudited['file'], 'file')} could not be audited."
            )
        if self.failed_articles:
            reasons.append(
                f"{_plural(len(self.failed_articles), 'article')} could not be "
                f"audited: {_names(self.failed_articles)}."
            )
        if self.unaudited["site index"]:
            reasons.append(
                "The site index could not be built: site-wide checks were skipped."
            )
        return " ".join(reasons)

    def line(self) -> str:
        """The one-line summary that ends a text report."""
        counts = ", ".join(
            _plural(self.findings[level.label], level.label)
            for level in sorted(Level, reverse=True)
        )
        text = (
            f"Audited {_plural(self.articles, 'article')} with "
            f"{_plural(len(self.context.checks), 'check')}: {counts}."
        )
        if self.average is not None and self.lowest is not None:
            text += (
                f" Average score {self.average:g}; lowest {self.lowest[0]} "
                f"({self.lowest[1]})."
            )
        if self.unaudited["file"]:
            text += f" {_plural(self.unaudited['file'], 'file')} could not be read."
        if self.failed_articles:
            count = len(self.failed_articles)
            text += f" {_plural(count, 'article')} could not be audited."
        if self.unaudited["site index"]:
            text += " Site-wide checks were skipped."
        return text

    def as_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "checks": len(self.context.checks),
            "findings": dict(self.findings),
            "statuses": dict(self.statuses),
            "scored": self.scored,
            "average_score": self.average,
            "lowest_score": self.lowest[0] if self.lowest else None,
            "fail_level": self.context.fail_level.label,
            "fail_under": self.context.fail_under,
            "failed": self.failed,
            "failing_articles": self.failing,
            "below_fail_under": [
                {"article": label, "score": score} for label, score in self.below
            ],
            "source_errors": self.source_errors,
        }


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _has(count: int) -> str:
    return "has" if count == 1 else "have"


def _score_verb(count: int) -> str:
    return "scores" if count == 1 else "score"


def _names(labels: list[str]) -> str:
    shown = ", ".join(labels[:NAMED_IN_MESSAGE])
    more = len(labels) - NAMED_IN_MESSAGE
    return f"{shown} and {more} more" if more > 0 else shown


def json_default(value: Any) -> Any:
    """Measured values are plain data, but a check may report a date or a set."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def dumps(value: Any) -> str:
    return _json.dumps(value, ensure_ascii=False, default=json_default)


def describe_location(location: Location | None) -> str:
    """Where a finding points, for people: "body[12] (heading: Causes)".
    A block is named by its index in the article's `body`, counted from 0 as
    JSON, CSV and the API count it, so one finding has one address in every
    format."""
    if location is None:
        return ""
    parts = []
    if location.block is not None:
        parts.append(f"body[{location.block}]")
    if location.field:
        parts.append(f"field {location.field}")
    text = " ".join(parts)
    if location.heading:
        text = f"{text} (heading: {location.heading})" if text else location.heading
    return text


class Writer:
    """A report format. Subclasses write to `stream` as reports arrive.

    `render(report)` turns one article into text and depends on nothing but
    the report and the context, so worker processes render their own chunks
    and the parent only `emit`s the text, in order.
    """

    name: ClassVar[str]
    # Whether `--list-checks` can be written in this format.
    lists_checks: ClassVar[bool] = True

    def __init__(self, stream: TextIO, context: Context, style: Style | None = None):
        self.stream = stream
        self.context = context
        self.style = style or no_style()

    def begin(self) -> None:
        pass

    def render(self, report: AuditReport) -> str:
        raise NotImplementedError

    def emit(self, text: str) -> None:
        self.stream.write(text)

    def article(self, report: AuditReport) -> None:
        self.emit(self.render(report))

    def render_failure(self, failure: Failure) -> str:
        """A failed article in the report itself ("": only in the summary,
        which names it in every format, and on stderr)."""
        return ""

    def end(self, summary: Summary) -> None:
        pass

    @classmethod
    def write_checks(
        cls, stream: TextIO, checks: Iterable[CheckInfo], style: Style | None = None
    ) -> None:
        raise NotImplementedError


def get_writer(name: str) -> type[Writer]:
    from . import csv, json, junit, text

    writers: dict[str, type[Writer]] = {
        "text": text.TextWriter,
        "json": json.JsonWriter,
        "csv": csv.CsvWriter,
        "junit": junit.JUnitWriter,
    }
    try:
        return writers[name]
    except KeyError:
        raise ValueError(
            f"unknown format {name!r}; choose from {', '.join(FORMATS)}"
        ) from None


__all__ = [
    "FORMATS",
    "ArticleFacts",
    "SCHEMA_VERSION",
    "CheckInfo",
    "Context",
    "Failure",
    "Summary",
    "Writer",
    "article_label",
    "describe_location",
    "dumps",
    "get_writer",
]
