"""The JUnit XML report, for CI systems that show test results.

One <testsuite> per article and one <testcase> per check. A result at or above
the fail level is a <failure> (so the report agrees with the exit status), a
not-applicable result is <skipped> with its reason, and findings below the fail
level go to <system-out> so they are visible without failing the build.

Suites are serialized one at a time with ElementTree and streamed inside a
hand-written <testsuites> element.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO
from xml.sax.saxutils import quoteattr

from django.core.management.color import Style

from seo.findings import CheckResult, Status

from . import CheckInfo, Failure, Summary, Writer, article_label, describe_location

if TYPE_CHECKING:
    from seo.audit import AuditReport

# Characters XML 1.0 cannot carry at all, even escaped; scraped text has them.
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Dots in a classname read as package separators in most CI tools.
CLASSNAME_UNSAFE = re.compile(r"[.\s]+")


def clean(text: object) -> str:
    return INVALID_XML.sub("\ufffd", str(text))


class JUnitWriter(Writer):
    name = "junit"
    lists_checks = False

    def begin(self) -> None:
        self.stream.write('<?xml version="1.0" encoding="utf-8"?>\n')
        self.stream.write(
            f"<testsuites name={quoteattr('seo_audit')} "
            f"timestamp={quoteattr(self.context.generated_at.isoformat())}>\n"
        )

    def render(self, report: AuditReport) -> str:
        article = report.article
        label = article_label(article)
        classname = CLASSNAME_UNSAFE.sub("_", label)
        suite = ET.Element("testsuite", name=clean(label))
        properties = ET.SubElement(suite, "properties")
        facts = {
            "title": article.title,
            "page_id": article.page_id,
            "revision_id": article.revision_id,
            "slug": article.slug,
            "source": article.source,
            **{
                f"score.{name}": value
                for name, value in report.scores.as_json().items()
            },
        }
        for name, value in facts.items():
            if value not in (None, ""):
                ET.SubElement(properties, "property", name=name, value=clean(value))

        failures = skipped = 0
        for result in report.results:
            info = self.context.checks.get(result.check_id)
            category = info.category if info else "seo"
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"{classname}.{category}",
                name=result.check_id,
                time="0",
            )
            level = self.context.level_of(result)
            if self.context.fails(result):
                failures += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=clean(result.message),
                    type=level.label if level else "error",
                )
                failure.text = clean(_details(result))
            elif result.status is Status.NOT_APPLICABLE:
                skipped += 1
                ET.SubElement(case, "skipped", message=clean(result.message))
            elif result.findings:
                out = ET.SubElement(case, "system-out")
                out.text = clean(_details(result))
        suite.set("tests", str(len(report.results)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", str(skipped))
        suite.set("time", "0")
        suite.set("timestamp", self.context.generated_at.isoformat())
        return ET.tostring(suite, encoding="unicode") + "\n"

    def render_failure(self, failure: Failure) -> str:
        """A suite with one test in error: the audit itself."""
        suite = ET.Element(
            "testsuite",
            name=clean(failure.label),
            tests="1",
            failures="0",
            errors="1",
            skipped="0",
            time="0",
            timestamp=self.context.generated_at.isoformat(),
        )
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(
            properties, "property", name="page_id", value=str(failure.page_id)
        )
        if failure.slug:
            ET.SubElement(
                properties, "property", name="slug", value=clean(failure.slug)
            )
        case = ET.SubElement(
            suite,
            "testcase",
            classname=CLASSNAME_UNSAFE.sub("_", failure.label),
            name="audit",
            time="0",
        )
        error = ET.SubElement(
            case, "error", message=clean(failure.reason), type="audit-failed"
        )
        error.text = clean(failure.message())
        return ET.tostring(suite, encoding="unicode") + "\n"

    def end(self, summary: Summary) -> None:
        self.stream.write("</testsuites>\n")

    @classmethod
    def write_checks(
        cls, stream: TextIO, checks: Iterable[CheckInfo], style: Style | None = None
    ) -> None:
        raise ValueError("--list-checks has no JUnit form; use text, json or csv")


def _details(result: CheckResult) -> str:
    lines = [result.message]
    for finding in result.findings:
        where = describe_location(finding.location)
        line = (
            f"{finding.level.label}: {where + ': ' if where else ''}{finding.message}"
        )
        if finding.location and finding.location.excerpt:
            line += f" “{finding.location.excerpt}”"
        lines.append(line)
        if finding.hint:
            lines.append(f"  hint: {finding.hint}")
    return "\n".join(lines)
