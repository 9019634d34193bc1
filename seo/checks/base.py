"""The Check base class: one class per check, with a pure `run(document)`."""

from collections.abc import Mapping
from dataclasses import replace
from enum import StrEnum
from typing import Any, ClassVar

from seo.document import Document
from seo.findings import CheckResult, Finding, Level, Location, Status


class Category(StrEnum):
    """What a check's score counts towards."""

    READABILITY = "readability"
    SEO = "seo"
    HEADINGS = "headings"
    HASHTAGS = "hashtags"
    HEALTH = "health"


class Check:
    """Subclasses set the class attributes and implement `run`.

    `defaults` holds the check's thresholds; `SEO_AUDIT["CHECKS"][id]` overrides
    them, and `cornerstone_defaults` replaces some of them on cornerstone pages.
    Read thresholds with `self.param(document, name)`.
    """

    id: ClassVar[str]
    title: ClassVar[str]
    help_text: ClassVar[str]
    category: ClassVar[Category]
    level: ClassVar[Level] = Level.WARNING
    tags: ClassVar[frozenset[str]] = frozenset()
    weight: ClassVar[float] = 1.0
    defaults: ClassVar[Mapping[str, Any]] = {}
    cornerstone_defaults: ClassVar[Mapping[str, Any]] = {}
    # Site-wide checks need the SiteIndex; alone, they report "not applicable".
    needs_site: ClassVar[bool] = False

    def __init__(self, params: Mapping[str, Any] | None = None):
        self.params = dict(self.defaults, **(params or {}))
        self.cornerstone_params = dict(
            self.params,
            **self.cornerstone_defaults,
            **self.params.get("cornerstone", {}),
        )

    def param(self, document: Document, name: str) -> Any:
        source = self.cornerstone_params if document.cornerstone else self.params
        return source[name]

    @property
    def effective_weight(self) -> float:
        return float(self.params.get("weight", self.weight))

    def run(self, document: Document) -> CheckResult:
        raise NotImplementedError

    # --- building results -------------------------------------------------

    def finding(
        self,
        message: str,
        *,
        hint: str = "",
        location: Location | None = None,
        value: Any = None,
        threshold: Any = None,
    ) -> Finding:
        """A finding; its level is set by the result it goes into."""
        return Finding(self.id, self.level, message, hint, location, value, threshold)

    def result(
        self,
        status: Status,
        message: str,
        findings: list[Finding] | tuple[Finding, ...] = (),
        value: Any = None,
    ) -> CheckResult:
        """A verdict. Findings take the check's level when it is bad, a warning
        (or info, for a warning-level check) when it is ok, and info otherwise.
        A bad or ok verdict without findings gets one carrying its message."""
        if status is Status.BAD:
            level = self.level
        elif status is Status.OK:
            level = Level.WARNING if self.level is Level.ERROR else Level.INFO
        else:
            level = Level.INFO
        if status in (Status.BAD, Status.OK) and not findings:
            # Something to fix is always a finding, so every count sees it.
            findings = (self.finding(message, value=value),)
        findings = tuple(
            f if f.level <= level else replace(f, level=level) for f in findings
        )
        return CheckResult(self.id, status, message, findings, value)

    def one(
        self,
        status: Status,
        message: str,
        location: Location | None = None,
        *,
        hint: str = "",
        value: Any = None,
        threshold: Any = None,
    ) -> CheckResult:
        """A verdict whose message is also its one finding."""
        finding = self.finding(
            message, hint=hint, location=location, value=value, threshold=threshold
        )
        return self.result(status, message, [finding], value=value)

    def good(self, message: str, value: Any = None) -> CheckResult:
        return self.result(Status.GOOD, message, value=value)

    def not_applicable(self, reason: str) -> CheckResult:
        return self.result(Status.NOT_APPLICABLE, reason)

    @staticmethod
    def at(block, *, excerpt: str | None = None, heading: str | None = None):
        """A location pointing at a block (a seo.document.Block)."""
        return Location(
            block=block.index, block_id=block.id, excerpt=excerpt, heading=heading
        )

    @staticmethod
    def at_field(name: str, excerpt: str | None = None) -> Location:
        return Location(field=name, excerpt=excerpt)
