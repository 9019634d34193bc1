"""The JSON report, versioned and described by `schema.json` (draft 2020-12).

{"schema_version": 1, "engine_version": ..., "generated_at": ..., "checks": [...],
 "articles": [AuditReport.as_json(), ...], "summary": {...}}

The document is written piece by piece: the header, then each article as it is
audited, then the summary, so a bulk run never holds every article at once.
Bump SCHEMA_VERSION (and the schema's "const") when a field changes meaning or
goes away; adding optional fields does not need a new version.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from django.core.management.color import Style

from . import SCHEMA_VERSION, CheckInfo, Summary, Writer, dumps

if TYPE_CHECKING:
    from seo.audit import AuditReport

SCHEMA_PATH = Path(__file__).with_name("schema.json")


@cache
def schema() -> dict[str, Any]:
    """The report's JSON Schema, for consumers that validate what they read."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


class JsonWriter(Writer):
    name = "json"

    def begin(self) -> None:
        context = self.context
        header = {
            "schema_version": SCHEMA_VERSION,
            "engine_version": context.engine_version,
            "generated_at": context.generated_at.isoformat(),
            "checks": [info.as_json() for info in context.checks.values()],
        }
        # The header object without its closing brace, then the articles array.
        self.stream.write(dumps(header)[:-1] + ', "articles": [')
        self._first = True

    def render(self, report: AuditReport) -> str:
        return dumps(report.as_json())

    def emit(self, text: str) -> None:
        self.stream.write(("\n" if self._first else ",\n") + text)
        self._first = False

    def end(self, summary: Summary) -> None:
        self.stream.write('\n], "summary": ' + dumps(summary.as_json()) + "}\n")

    @classmethod
    def write_checks(
        cls, stream: TextIO, checks: Iterable[CheckInfo], style: Style | None = None
    ) -> None:
        rows = [info.listing_json() for info in checks]
        stream.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
