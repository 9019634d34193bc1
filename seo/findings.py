"""What an audit says: a result per check, made of findings.

In the spirit of Django's CheckMessage: findings are frozen values with a level,
a message a writer can act on, a hint, and where in the article they point.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any


class Status(StrEnum):
    """How one check came out; the unit of scoring."""

    GOOD = "good"
    OK = "ok"
    BAD = "bad"
    INFO = "info"
    NOT_APPLICABLE = "not-applicable"


class Level(IntEnum):
    """How serious a finding is; `--fail-level` compares against it."""

    INFO = 20
    WARNING = 30
    ERROR = 40

    @classmethod
    def parse(cls, name: str) -> "Level":
        return cls[name.upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Location:
    """Where a finding points: a block (by position and, once stored, its id),
    a page field, or a heading, with a short excerpt of the text concerned."""

    block: int | None = None
    block_id: str | None = None
    field: str | None = None
    heading: str | None = None
    excerpt: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Fix:
    """The one right change for a finding, applied by `seo.fixes.apply_fix`.

    `id` names the fixer (kebab-case, like a check id); `label` is the button
    text a writer reads; `args` (JSON values only) say exactly what to change
    and what the article must still hold there (a block's id and text), so a
    fix computed from an older version of the article is refused, not applied
    somewhere else.
    """

    id: str
    label: str
    args: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "args": dict(self.args)}


@dataclass(frozen=True)
class Finding:
    check_id: str
    level: Level
    message: str
    hint: str = ""
    location: Location | None = None
    value: Any = None
    threshold: Any = None
    fix: Fix | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "check": self.check_id,
            "level": self.level.label,
            "message": self.message,
            "hint": self.hint,
            "location": self.location.as_json() if self.location else None,
            "value": self.value,
            "threshold": self.threshold,
            "fix": self.fix.as_json() if self.fix else None,
        }


@dataclass(frozen=True)
class CheckResult:
    """One check's verdict on one article.

    `message` sums the verdict up ("Flesch-Kincaid grade 11.2; target 8");
    `findings` point at what to fix. `value` is the measured figure, if any.
    """

    check_id: str
    status: Status
    message: str
    findings: tuple[Finding, ...] = field(default=())
    value: Any = None

    def as_json(self) -> dict[str, Any]:
        return {
            "check": self.check_id,
            "status": str(self.status),
            "message": self.message,
            "value": self.value,
            "findings": [finding.as_json() for finding in self.findings],
        }
