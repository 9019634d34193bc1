"""Report formats: every one parses, says the same thing, and streams."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from django.core.management.color import color_style, no_style
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from seo.audit import Auditor
from seo.checks.base import Category, Check
from seo.findings import Level, Location, Status
from seo.formats import (
    CheckInfo,
    Context,
    Summary,
    describe_location,
    get_writer,
)
from seo.formats.csv import COLUMNS, CsvWriter
from seo.formats.json import JsonWriter, schema
from seo.formats.junit import JUnitWriter
from seo.formats.text import TextWriter

from .factories import disclaimer, document, heading, paragraph

GENERATED_AT = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


# --- checks made for these tests ----------------------------------------------


def _section_heading(document, block) -> str | None:
    for section in document.sections:
        if block in section.blocks and section.heading is not None:
            return section.heading.text
    return None


class Lorem(Check):
    """Warning level: one finding per placeholder paragraph."""

    id = "test-lorem"
    title = "No placeholder text"
    help_text = "Placeholder text must go."
    category = Category.READABILITY
    level = Level.WARNING
    tags = frozenset({"test", "body"})

    def run(self, document):
        findings = [
            self.finding(
                "Placeholder text; replace it.",
                hint="Write the real paragraph.",
                location=self.at(
                    block,
                    excerpt=block.text[:20],
                    heading=_section_heading(document, block),
                ),
                value=block.text.lower().count("lorem"),
                threshold=0,
            )
            for block in document.paragraphs
            if "lorem" in block.text.lower()
        ]
        if not findings:
            return self.good("No placeholder text.")
        return self.result(
            Status.BAD, f"{len(findings)} placeholder paragraphs.", findings, 1
        )


class Disclaimer(Check):
    """Error level, and bad with nothing to point at."""

    id = "test-disclaimer"
    title = "Disclaimer"
    help_text = "Health articles need a disclaimer."
    category = Category.HEALTH
    level = Level.ERROR
    tags = frozenset({"test", "health"})

    def run(self, document):
        if document.blocks_of("disclaimer") or document.data.site_disclaimer:
            return self.good("Has a disclaimer.")
        return self.result(Status.BAD, "No medical disclaimer.")


class Keyphrase(Check):
    """Not applicable without a keyphrase; ok (info finding) when missing."""

    id = "test-keyphrase"
    title = "Keyphrase in title"
    help_text = "The title should carry the keyphrase."
    category = Category.SEO
    level = Level.WARNING
    tags = frozenset({"test", "seo-basics"})

    def run(self, document):
        if document.keyphrase is None:
            return self.not_applicable("No focus keyphrase set.")
        if document.keyphrase.found_in(document.stem_set(document.title)):
            return self.good("Keyphrase in the title.")
        finding = self.finding(
            "Keyphrase missing from the title.",
            location=self.at_field("title", excerpt=document.title),
        )
        return self.result(Status.OK, "Keyphrase not in the title.", [finding])


class TodoTitle(Check):
    """Error level with a finding at a field."""

    id = "test-todo-title"
    title = "No TODO in the title"
    help_text = "Finish the title."
    category = Category.SEO
    level = Level.ERROR
    tags = frozenset({"test", "seo-basics"})

    def run(self, document):
        if "TODO" not in document.title:
            return self.good("Title finished.")
        finding = self.finding(
            "The title still says TODO.",
            hint="Finish it.",
            location=self.at_field("title", excerpt=document.title),
        )
        return self.result(Status.BAD, "Unfinished title.", [finding])


class WordNote(Check):
    """Info level: reports a figure on every article."""

    id = "test-word-note"
    title = "Word count"
    help_text = "How long the text is."
    category = Category.HEADINGS
    level = Level.INFO
    tags = frozenset({"test", "notes"})

    def run(self, document):
        finding = self.finding(
            f"{document.word_count} words.", value={"words": document.word_count}
        )
        return self.result(Status.INFO, "Length noted.", [finding], document.word_count)


CHECKS = [Lorem, Disclaimer, Keyphrase, TodoTitle, WordNote]


def clean_article(**fields):
    """An article every test check passes (WordNote still notes its length)."""
    fields.setdefault("slug", "clean")
    fields.setdefault("title", "Massage for sciatica")
    fields.setdefault("focus_keyphrase", "massage")
    return document(
        paragraph("Massage eases tight muscles in the lower back."),
        disclaimer(),
        **fields,
    )


def messy_article(**fields):
    """Fails everything: placeholder text, no disclaimer, TODO title."""
    fields.setdefault("slug", "messy")
    fields.setdefault("title", "TODO heat for sciatica")
    fields.setdefault("focus_keyphrase", "massage")
    return document(
        paragraph("An honest first paragraph."),
        heading("Causes"),
        paragraph("Lorem ipsum dolor sit amet, consectetur."),
        paragraph('Lorem "quoted", with commas,\nand a newline.'),
        **fields,
    )


def audit(doc, checks=CHECKS):
    return Auditor(checks).audit(doc)


def context(**options) -> Context:
    options.setdefault("generated_at", GENERATED_AT)
    return Context.for_auditor(Auditor(CHECKS), **options)


def render(writer_class, reports, style=None, **options) -> tuple[str, Summary]:
    ctx = context(**options)
    stream = io.StringIO()
    summary = Summary(ctx)
    writer = writer_class(stream, ctx, style)
    writer.begin()
    for report in reports:
        summary.add(report)
        writer.article(report)
    writer.end(summary)
    return stream.getvalue(), summary


@pytest.fixture(autouse=True)
def equal_weights(settings):
    """Every category weighs 1 and nothing is silenced, so scores are simple."""
    settings.SEO_AUDIT = {}
    settings.SEO_SILENCED_CHECKS = []


@pytest.fixture
def reports():
    return [audit(clean_article()), audit(messy_article())]


# --- levels and summaries -----------------------------------------------------


@pytest.mark.parametrize(
    ("location", "text"),
    [
        (None, ""),
        (Location(block=11), "body[11]"),
        (Location(block=0, heading="Causes"), "body[0] (heading: Causes)"),
        (Location(field="seo_title", excerpt="x"), "field seo_title"),
        (Location(heading="Causes"), "Causes"),
    ],
)
def test_locations_name_blocks_by_their_body_index_as_json_does(location, text):
    assert describe_location(location) == text


def test_summary_counts_and_explains_failures(reports):
    summary = Summary(context(fail_under=60))
    for report in reports:
        summary.add(report)
    assert summary.articles == 2
    assert dict(summary.findings) == {"info": 3, "warning": 2, "error": 2}
    # clean: lorem, disclaimer, keyphrase, title good (100 everywhere scored);
    # messy: seo 25 (ok 0.5 + bad 0) ... every category weighs 1.
    assert reports[0].scores.overall == 100
    assert reports[1].scores.overall == 8
    assert summary.lowest == (8, "messy")
    assert summary.average == 54
    assert summary.failing == ["messy"]
    assert summary.below == [("messy", 8)]
    assert summary.failed
    assert summary.failure_message() == (
        "1 of 2 articles has findings at or above the fail level (error): messy. "
        "1 of 2 articles scores below 60: messy (8)."
    )
    assert summary.line() == (
        "Audited 2 articles with 5 checks: 2 errors, 2 warnings, 3 infos. "
        "Average score 54; lowest 8 (messy)."
    )


@pytest.mark.parametrize(
    ("fail_level", "fail_under", "failing", "below"),
    [
        (Level.ERROR, None, ["messy"], []),
        (Level.WARNING, None, ["messy"], []),
        (Level.ERROR, 8, ["messy"], []),  # a score equal to the bar passes
        (Level.ERROR, 9, ["messy"], [("messy", 8)]),
        (Level.INFO, 100, ["clean", "messy"], [("messy", 8)]),
    ],
)
def test_summary_thresholds(reports, fail_level, fail_under, failing, below):
    summary = Summary(context(fail_level=fail_level, fail_under=fail_under))
    for report in reports:
        summary.add(report)
    assert summary.failing == failing
    assert summary.below == below


def test_warnings_fail_only_at_fail_level_warning():
    report = audit(messy_article(title="Massage heat", slug="warn"), [Lorem])
    for level, failed in [(Level.ERROR, False), (Level.WARNING, True)]:
        summary = Summary(context(fail_level=level))
        summary.add(report)
        assert summary.failed is failed


def test_failure_message_names_ten_articles_then_counts():
    summary = Summary(context())
    report = audit(messy_article())
    for n in range(12):
        summary.add(
            type(report)(
                report.article.__class__(title="t", slug=f"a{n}"),
                report.results,
                report.scores,
            )
        )
    assert summary.failure_message().endswith("a8, a9 and 2 more.")


# --- JSON ---------------------------------------------------------------------


def validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(
        schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def test_json_report_validates_against_its_schema(reports):
    out, _ = render(JsonWriter, reports, fail_under=50)
    data = json.loads(out)
    validator().validate(data)
    assert data["schema_version"] == 1
    assert data["engine_version"] == "1.0.0"
    assert data["generated_at"] == "2026-11-21T09:30:00+00:00"
    assert [c["id"] for c in data["checks"]] == [c.id for c in CHECKS]
    assert data["checks"][1] == {
        "id": "test-disclaimer",
        "title": "Disclaimer",
        "level": "error",
        "category": "health",
        "tags": ["health", "test"],
    }
    expected = [json.loads(json.dumps(report.as_json())) for report in reports]
    assert data["articles"] == expected
    # Counts include the bad disclaimer result, whose message is its finding.
    assert expected[1]["counts"] == {"info": 2, "warning": 2, "error": 2}
    assert data["summary"]["failing_articles"] == ["messy"]
    assert data["summary"]["below_fail_under"] == [{"article": "messy", "score": 8}]
    assert data["summary"]["findings"] == {"info": 3, "warning": 2, "error": 2}
    assert data["summary"]["failed"] is True


def test_json_report_with_no_articles_is_valid():
    out, _ = render(JsonWriter, [])
    data = json.loads(out)
    validator().validate(data)
    assert data["articles"] == []
    assert data["summary"]["articles"] == 0


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["schema_version"], 2),
        (["articles", 0, "results", 0, "status"], "fine"),
        (["articles", 0, "scores", "seo"], 101),
        (["articles", 0, "results", 0, "findings", 0, "level"], "critical"),
        (["articles", 0, "unexpected"], 1),
    ],
)
def test_the_schema_rejects_what_the_engine_never_writes(path, value):
    out, _ = render(JsonWriter, [audit(messy_article())])
    data = json.loads(out)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValidationError):
        validator().validate(data)


def test_json_writer_streams_each_article_as_it_comes():
    ctx = context()
    stream = io.StringIO()
    writer = JsonWriter(stream, ctx)
    writer.begin()
    writer.article(audit(clean_article()))
    assert stream.getvalue().count('"slug": "clean"') == 1
    writer.article(audit(messy_article()))
    assert stream.getvalue().count('"slug": "messy"') == 1
    writer.end(Summary(ctx))
    assert len(json.loads(stream.getvalue())["articles"]) == 2


def test_json_values_that_are_not_json_are_written_as_text():
    class Odd(WordNote):
        id = "test-odd"

        def run(self, document):
            finding = self.finding(
                "odd", value={"b", "a"}, threshold=document.data.today
            )
            return self.result(Status.INFO, "odd", [finding])

    out, _ = render(JsonWriter, [audit(clean_article(), [Odd])])
    finding = json.loads(out)["articles"][0]["results"][0]["findings"][0]
    assert finding["value"] == ["a", "b"]
    assert finding["threshold"] == "2026-11-21"


# --- CSV ----------------------------------------------------------------------


def test_csv_has_one_row_per_finding(reports):
    out, _ = render(CsvWriter, reports)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == COLUMNS
    assert [(r["slug"], r["check"], r["level"], r["status"]) for r in rows] == [
        ("clean", "test-word-note", "info", "info"),
        ("messy", "test-lorem", "warning", "bad"),
        ("messy", "test-lorem", "warning", "bad"),
        # Bad with no finding still gets a row, at the check's level.
        ("messy", "test-disclaimer", "error", "bad"),
        ("messy", "test-keyphrase", "info", "ok"),
        ("messy", "test-todo-title", "error", "bad"),
        ("messy", "test-word-note", "info", "info"),
    ]
    lorem = rows[2]
    assert lorem == {
        "page_id": "",
        "revision_id": "",
        "slug": "messy",
        "title": "TODO heat for sciatica",
        "source": "",
        "check": "test-lorem",
        "level": "warning",
        "status": "bad",
        "message": "Placeholder text; replace it.",
        "hint": "Write the real paragraph.",
        "block": "3",
        "block_id": "",
        "heading": "Causes",
        "field": "",
        "excerpt": 'Lorem "quoted", with',
        "value": "1",
        "threshold": "0",
    }
    assert rows[3]["message"] == "No medical disclaimer."
    assert rows[5]["field"] == "title"
    assert json.loads(rows[0]["value"]) == {"words": 15}


def test_csv_survives_commas_quotes_and_newlines_in_text():
    class Awkward(Lorem):
        id = "test-awkward"

        def run(self, document):
            text = 'Say "no", then\nstop.'
            return self.result(Status.BAD, text, [self.finding(text, hint=text)])

    out, _ = render(CsvWriter, [audit(clean_article(), [Awkward])])
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["message"] == row["hint"] == 'Say "no", then\nstop.'


# --- JUnit --------------------------------------------------------------------


def test_junit_has_a_suite_per_article_and_a_case_per_check(reports):
    out, _ = render(JUnitWriter, reports)
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["clean", "messy"]
    messy = suites[1]
    assert {k: messy.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "5",
        "failures": "2",
        "errors": "0",
        "skipped": "0",
    }
    cases = {case.get("name"): case for case in messy.findall("testcase")}
    assert list(cases) == [c.id for c in CHECKS]
    assert cases["test-disclaimer"].get("classname") == "messy.health"
    failure = cases["test-disclaimer"].find("failure")
    assert failure.get("message") == "No medical disclaimer."
    assert failure.get("type") == "error"
    title = cases["test-todo-title"].find("failure")
    assert title.text == (
        "Unfinished title.\nerror: field title: The title still says TODO. "
        "“TODO heat for sciatica”\n  hint: Finish it."
    )
    # Below the fail level: visible, not failing.
    assert cases["test-lorem"].find("failure") is None
    assert "body[2] (heading: Causes): Placeholder text" in (
        cases["test-lorem"].find("system-out").text
    )
    properties = {p.get("name"): p.get("value") for p in messy.iter("property")}
    assert properties["score.overall"] == "8"
    assert properties["title"] == "TODO heat for sciatica"


def test_junit_failures_follow_the_fail_level():
    report = audit(messy_article())
    out, _ = render(JUnitWriter, [report], fail_level=Level.WARNING)
    suite = ET.fromstring(out).find("testsuite")
    failed = [
        c.get("name")
        for c in suite.findall("testcase")
        if c.find("failure") is not None
    ]
    assert failed == ["test-lorem", "test-disclaimer", "test-todo-title"]


def test_junit_skips_checks_that_do_not_apply():
    out, _ = render(JUnitWriter, [audit(clean_article(focus_keyphrase=""))])
    suite = ET.fromstring(out).find("testsuite")
    assert suite.get("skipped") == "1"
    skipped = suite.find("testcase[@name='test-keyphrase']/skipped")
    assert skipped.get("message") == "No focus keyphrase set."


def test_junit_parses_whatever_characters_the_text_holds():
    title = "Tabs\tand \x0b vertical & <angle> “quotes”\x00"
    out, _ = render(JUnitWriter, [audit(messy_article(title="TODO " + title))])
    suite = ET.fromstring(out).find("testsuite")
    failure = suite.find("testcase[@name='test-todo-title']/failure")
    assert "& <angle> “quotes”" in failure.text
    assert "\x0b" not in failure.text


# --- text ---------------------------------------------------------------------


def test_text_report_groups_findings_by_check_worst_first(reports):
    out, _ = render(TextWriter, reports)
    messy = out.split("TODO heat for sciatica\n")[1]
    assert messy.splitlines()[:12] == [
        "  /messy/",
        "  score 8 | readability 0 | seo 25 | headings - | health 0",
        "  2 errors, 2 warnings, 2 infos",
        "  error    test-disclaimer (Disclaimer): No medical disclaimer.",
        "  error    test-todo-title (No TODO in the title): Unfinished title.",
        "           - field title: The title still says TODO. “TODO heat for sciatica”",
        "             hint: Finish it.",
        "  warning  test-lorem (No placeholder text): 2 placeholder paragraphs.",
        "           - body[2] (heading: Causes): Placeholder text; replace it. "
        "“Lorem ipsum dolor si”",
        "             hint: Write the real paragraph.",
        "           - body[3] (heading: Causes): Placeholder text; replace it. "
        '“Lorem "quoted", with”',
        "             hint: Write the real paragraph.",
    ]
    assert out.rstrip().endswith(
        "Audited 2 articles with 5 checks: 2 errors, 2 warnings, 3 infos. "
        "Average score 54; lowest 8 (messy)."
    )
    # Good and not-applicable results stay quiet at the default verbosity.
    assert "test-disclaimer" not in out.split("TODO heat")[0]


def test_text_verbosity_zero_prints_the_summary_and_two_everything(reports):
    quiet, _ = render(TextWriter, reports, verbosity=0)
    assert quiet.splitlines() == [
        "Audited 2 articles with 5 checks: 2 errors, 2 warnings, 3 infos. "
        "Average score 54; lowest 8 (messy)."
    ]
    loud, _ = render(
        TextWriter, [audit(clean_article(focus_keyphrase=""))], verbosity=2
    )
    assert "  good     test-disclaimer (Disclaimer): Has a disclaimer." in loud
    assert (
        "  not-applicable  test-keyphrase (Keyphrase in title): No focus keyphrase set."
        in loud
    )


def test_text_colours_only_with_a_colour_style(reports):
    plain, _ = render(TextWriter, reports, style=no_style())
    assert "\x1b[" not in plain
    coloured, _ = render(TextWriter, reports, style=color_style(force_color=True))
    assert "\x1b[31;1merror  \x1b[0m" in coloured or "\x1b[31;1merror" in coloured
    assert coloured.replace("\x1b[0m", "").count("\x1b[") > 5


# --- listing checks -------------------------------------------------------------


INFOS = [CheckInfo.of(check) for check in CHECKS[:2]] + [
    CheckInfo.of(WordNote, silenced=True)
]


def test_list_checks_as_text():
    stream = io.StringIO()
    TextWriter.write_checks(stream, INFOS)
    assert stream.getvalue().splitlines() == [
        "ID               LEVEL    CATEGORY     TAGS         TITLE",
        "test-lorem       warning  readability  body,test    No placeholder text",
        "test-disclaimer  error    health       health,test  Disclaimer",
        "test-word-note   info     headings     notes,test   Word count (silenced)",
    ]


def test_list_checks_as_json_and_csv():
    stream = io.StringIO()
    JsonWriter.write_checks(stream, INFOS)
    assert json.loads(stream.getvalue())[2] == {
        "id": "test-word-note",
        "title": "Word count",
        "level": "info",
        "category": "headings",
        "tags": ["notes", "test"],
        "silenced": True,
        "help_text": str(WordNote.help_text),
    }
    assert WordNote.help_text
    stream = io.StringIO()
    CsvWriter.write_checks(stream, INFOS)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert rows[0] == {
        "id": "test-lorem",
        "level": "warning",
        "category": "readability",
        "tags": "body test",
        "title": "No placeholder text",
        "silenced": "false",
    }
    with pytest.raises(ValueError, match="no JUnit form"):
        JUnitWriter.write_checks(io.StringIO(), INFOS)


def test_get_writer_names_every_format():
    assert [get_writer(name).name for name in ("text", "json", "csv", "junit")] == [
        "text",
        "json",
        "csv",
        "junit",
    ]
    with pytest.raises(ValueError, match="choose from text, json, csv, junit"):
        get_writer("xml")
