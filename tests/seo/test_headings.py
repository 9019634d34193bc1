"""The headings checks: a table per check of articles that pass and that fail,
with the exact findings."""

import pytest

from seo.checks.base import Check
from seo.checks.headings import (
    DuplicateHeadings,
    EmptyHeadings,
    HeadingCase,
    HeadingLength,
    HeadingLevels,
    HeadingPunctuation,
    ParagraphHeadings,
    RichTextHeadings,
    SingleH1,
    SubheadingsPresent,
    case_style,
)
from seo.findings import Level, Location, Status

from .factories import bullets, document, heading, paragraph

GOOD, OK, BAD, NA = Status.GOOD, Status.OK, Status.BAD, Status.NOT_APPLICABLE


def rich(html: str) -> dict:
    """A paragraph block with the given stored HTML (no <p> wrapping)."""
    return {"type": "paragraph", "value": html}


def callout(html: str) -> dict:
    return {"type": "callout", "value": {"kind": "tip", "title": "", "text": html}}


def faq(answer: str) -> dict:
    items = [{"question": "Does it hurt?", "answer": answer}]
    return {"type": "faq", "value": {"items": items}}


def at(block: int, excerpt: str | None = None) -> Location:
    return Location(block=block, excerpt=excerpt)


def outcome(check: Check, doc) -> tuple[Status, list[tuple[str, Location | None]]]:
    result = check.run(doc)
    assert result.check_id == check.id
    return result.status, [(f.message, f.location) for f in result.findings]


def words(count: int) -> str:
    return " ".join(["word"] * count) + "."


TEXT = paragraph("Massage eases the pain.")


# --- single-h1 ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "status", "findings"),
    [
        pytest.param(document(heading("Causes"), TEXT), GOOD, [], id="title-only"),
        pytest.param(
            document(rich("<h2>Causes</h2><p>Text.</p>")), GOOD, [], id="h2-not-h1"
        ),
        pytest.param(
            document(TEXT, title="  "),
            BAD,
            [
                (
                    "The page has no title, so it has no h1; add a title.",
                    Location(field="title"),
                )
            ],
            id="no-title",
        ),
        pytest.param(
            document(TEXT, rich("<h1 class='x'>Massage &amp; you</h1><p>Text.</p>")),
            BAD,
            [
                (
                    "“Massage & you” is a second h1; the page title is the h1, so "
                    "make this an h2 heading block.",
                    at(1, "Massage & you"),
                )
            ],
            id="h1-in-rich-text",
        ),
        pytest.param(
            document(heading("Old title", level=1), TEXT),
            BAD,
            [
                (
                    "“Old title” is a second h1; the page title is the h1, so make "
                    "this an h2 heading block.",
                    at(0, "Old title"),
                )
            ],
            id="h1-heading-block",
        ),
    ],
)
def test_single_h1(doc, status, findings):
    assert outcome(SingleH1(), doc) == (status, findings)


def test_single_h1_counts_the_extra_h1s_and_reports_errors():
    result = SingleH1().run(document(rich("<h1>A</h1>"), rich("<H1>B</H1>")))
    assert result.message == "2 h1 heading(s) in the text besides the title."
    assert result.value == 2
    assert {f.level for f in result.findings} == {Level.ERROR}


# --- rich-text-headings -----------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "status", "findings"),
    [
        pytest.param(document(TEXT), GOOD, [], id="plain"),
        pytest.param(document(rich("<h1>Title</h1>")), GOOD, [], id="h1-is-single-h1"),
        pytest.param(
            document(TEXT, rich("<p>Intro.</p><h3 class='x'>How it <b>works</b></h3>")),
            BAD,
            [
                (
                    "h3 “How it works” is inside the text of a paragraph; make it a "
                    "heading block.",
                    at(1, "How it works"),
                )
            ],
            id="h3-in-paragraph",
        ),
        pytest.param(
            document(callout("<h2>Tip</h2><p>Rest.</p>")),
            BAD,
            [
                (
                    "h2 “Tip” is inside the text of a callout; make it a heading "
                    "block.",
                    at(0, "Tip"),
                )
            ],
            id="h2-in-callout",
        ),
        pytest.param(
            document(faq("<h6>No</h6><p>Not usually.</p>")),
            BAD,
            [
                (
                    "h6 “No” is inside the text of a faq; make it a heading block.",
                    at(0, "No"),
                )
            ],
            id="h6-in-faq-answer",
        ),
    ],
)
def test_rich_text_headings(doc, status, findings):
    assert outcome(RichTextHeadings(), doc) == (status, findings)


# --- heading-levels -----------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "status", "findings"),
    [
        pytest.param((), NA, [], id="no-headings"),
        pytest.param((2, 3, 4, 2, 3), GOOD, [], id="nested"),
        pytest.param((2, 3, 4, 2), GOOD, [], id="up-two-levels"),
        pytest.param(
            (2, 4),
            BAD,
            [
                (
                    "h4 “H1” follows h2 “H0” and skips h3; make it an h3.",
                    at(1, "H1"),
                )
            ],
            id="h2-to-h4",
        ),
        pytest.param(
            (3, 4),
            BAD,
            [("The first heading, h3 “H0”, skips h2; make it an h2.", at(0, "H0"))],
            id="starts-at-h3",
        ),
        pytest.param(
            (4,),
            BAD,
            [
                (
                    "The first heading, h4 “H0”, skips h2 and h3; make it an h2.",
                    at(0, "H0"),
                )
            ],
            id="starts-at-h4",
        ),
    ],
)
def test_heading_levels(levels, status, findings):
    doc = document(*(heading(f"H{n}", level) for n, level in enumerate(levels)))
    assert outcome(HeadingLevels(), doc) == (status, findings)


def test_heading_levels_reports_the_expected_level():
    result = HeadingLevels().run(document(heading("A"), heading("B", 4)))
    assert (result.findings[0].value, result.findings[0].threshold) == (4, 3)


# --- empty-headings -----------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "status", "findings"),
    [
        pytest.param(document(TEXT), NA, [], id="no-headings"),
        pytest.param(document(heading("Causes")), GOOD, [], id="words"),
        pytest.param(
            document(heading("Causes"), heading("  ")),
            BAD,
            [("An h2 heading has no words; write it or delete it.", at(1))],
            id="blank",
        ),
        pytest.param(
            document(heading("—", 3)),
            BAD,
            [("An h3 heading has no words; write it or delete it.", at(0, "—"))],
            id="punctuation-only",
        ),
    ],
)
def test_empty_headings(doc, status, findings):
    assert outcome(EmptyHeadings(), doc) == (status, findings)


# --- duplicate-headings -------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "status", "findings"),
    [
        pytest.param(document(TEXT), NA, [], id="no-headings"),
        pytest.param(
            document(heading("Causes"), heading("Symptoms")), GOOD, [], id="unique"
        ),
        pytest.param(
            document(heading(""), heading("")), GOOD, [], id="empty-not-duplicates"
        ),
        pytest.param(
            document(heading("Causes"), TEXT, heading("causes.", 3)),
            BAD,
            [
                (
                    "h3 “causes.” repeats an earlier h2 heading; reword one of them.",
                    at(2, "causes."),
                )
            ],
            id="case-and-punctuation",
        ),
        pytest.param(
            document(heading("Massage for Sciatica?")),
            BAD,
            [
                (
                    "h2 “Massage for Sciatica?” repeats the page title; say what "
                    "this section covers.",
                    at(0, "Massage for Sciatica?"),
                )
            ],
            id="repeats-title",
        ),
    ],
)
def test_duplicate_headings(doc, status, findings):
    assert outcome(DuplicateHeadings(), doc) == (status, findings)


# --- heading-length -----------------------------------------------------------

SEVENTY = "Why regular massage therapy helps the sciatic nerve heal after injury?"
SEVENTY_ONE = "Why regular massage therapy helps the sciatic nerve heal after injury?!"
FIFTEEN_WORDS = "How a daily walk and a warm bath can ease the pain in your back"


@pytest.mark.parametrize(
    ("doc", "status", "findings"),
    [
        pytest.param(document(TEXT), NA, [], id="no-headings"),
        pytest.param(document(heading("Conclusion")), GOOD, [], id="one-word"),
        pytest.param(document(heading(SEVENTY)), GOOD, [], id="70-characters"),
        pytest.param(
            document(heading(SEVENTY_ONE)),
            BAD,
            [
                (
                    "h2 “Why regular massage therapy helps the sciatic nerve heal…” is "
                    "71 characters long (at most 70 characters); shorten it.",
                    at(0, SEVENTY_ONE),
                )
            ],
            id="71-characters",
        ),
        pytest.param(
            document(heading(FIFTEEN_WORDS, 3)),
            BAD,
            [
                (
                    "h3 “How a daily walk and a warm bath can ease the pain in your…” "
                    "is 15 words long (at most 12 words); shorten it.",
                    at(0, FIFTEEN_WORDS),
                )
            ],
            id="15-words",
        ),
    ],
)
def test_heading_length(doc, status, findings):
    assert outcome(HeadingLength(), doc) == (status, findings)


def test_heading_length_thresholds_are_settings():
    doc = document(heading("Three short words"))
    assert HeadingLength({"max_words": 2}).run(doc).findings[0].threshold == 2
    assert HeadingLength().run(doc).status is GOOD


# --- heading-punctuation ------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "status", "message"),
    [
        ("What is sciatica?", GOOD, None),
        ("Massage works!", GOOD, None),
        ("Deep tissue massage", GOOD, None),
        ("Causes:", BAD, "h2 “Causes:” ends with “:”; delete it."),
        ("Causes.", BAD, "h2 “Causes.” ends with “.”; delete it."),
        ("And more…", BAD, "h2 “And more…” ends with “…”; delete it."),
    ],
)
def test_heading_punctuation(title, status, message):
    doc = document(heading(title), TEXT)
    findings = [(message, at(0, title))] if message else []
    assert outcome(HeadingPunctuation(), doc) == (status, findings)


def test_heading_punctuation_needs_headings():
    assert HeadingPunctuation().run(document(TEXT)).status is NA


# --- paragraph-headings -------------------------------------------------------


def pseudo(text: str, style: str, level: int, block: int = 0):
    return [
        (
            f"“{text}” {style} and introduces the text after it, like a heading; "
            f"make it an h{level} heading block.",
            at(block, text),
        )
    ]


@pytest.mark.parametrize(
    ("doc", "status", "findings"),
    [
        pytest.param(document(heading("Only a heading")), NA, [], id="no-paragraphs"),
        pytest.param(
            document(rich("<p><b>Stretches for sciatica</b></p>"), TEXT),
            BAD,
            pseudo("Stretches for sciatica", "is all bold", 2),
            id="bold",
        ),
        pytest.param(
            document(
                heading("Relief"),
                rich("<p><strong>Stretches</strong> <strong>to try</strong></p>"),
                bullets("Piriformis stretch"),
            ),
            BAD,
            pseudo("Stretches to try", "is all bold", 3, block=1),
            id="bold-runs-after-h2",
        ),
        pytest.param(
            document(heading("A", 4), paragraph("Stretches for Lower Back Pain"), TEXT),
            BAD,
            pseudo("Stretches for Lower Back Pain", "is in Title Case", 4, block=1),
            id="title-case-after-h4",
        ),
        pytest.param(
            document(paragraph("What Is Sciatica?"), TEXT),
            BAD,
            pseudo("What Is Sciatica?", "is in Title Case", 2),
            id="title-case-question",
        ),
        pytest.param(
            document(paragraph("Benefits of Swedish Massage:"), bullets("Less pain")),
            GOOD,
            [],
            id="colon-lead-in",
        ),
        pytest.param(
            document(rich("<p><b>Massage helps.</b></p>"), TEXT),
            GOOD,
            [],
            id="sentence",
        ),
        pytest.param(
            document(paragraph("Read on to learn more"), TEXT),
            GOOD,
            [],
            id="sentence-case",
        ),
        pytest.param(
            document(paragraph("Stretches for Lower Back Pain"), heading("Next")),
            GOOD,
            [],
            id="followed-by-heading",
        ),
        pytest.param(
            document(TEXT, paragraph("Stretches for Lower Back Pain")),
            GOOD,
            [],
            id="last-block",
        ),
        pytest.param(
            document(rich("<p><b>Note</b> the pain</p>"), TEXT),
            GOOD,
            [],
            id="partly-bold",
        ),
        pytest.param(
            document(
                rich(
                    "<p><b>Eleven Words Is Too Many For A Line To Be A Heading</b></p>"
                ),
                TEXT,
            ),
            GOOD,
            [],
            id="eleven-words",
        ),
    ],
)
def test_paragraph_headings(doc, status, findings):
    assert outcome(ParagraphHeadings(), doc) == (status, findings)


# --- heading-case ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "style"),
    [
        ("Conclusion", None),
        ("Deep Tissue Massage", "title"),
        ("What Is Sciatica?", "title"),
        ("Living with Sciatica", "title"),
        ("Sciatica: What to Know", "title"),
        ("FAQ about ADHD", None),
        ("Self-Care Tips for Sciatica", "title"),
        ("What is Sciatica?", "sentence"),
        ("Benefits of Swedish massage", "sentence"),
        ("Sciatica: what to know", "sentence"),
        ("5 ways to ease sciatica", "sentence"),
    ],
)
def test_case_style(value, style):
    assert case_style(value) == style


def minority(text: str, style: str, others: int, house: str, hint: str):
    return (
        f"h2 “{text}” is in {style}; the other {others} headings are in {house}.",
        hint,
    )


@pytest.mark.parametrize(
    ("titles", "status", "findings"),
    [
        pytest.param(("Conclusion", "Deep Tissue Massage"), NA, [], id="one-styled"),
        pytest.param(
            ("Deep Tissue Massage", "Trigger Point Therapy", "Conclusion"),
            GOOD,
            [],
            id="all-title",
        ),
        pytest.param(
            ("Deep Tissue Massage", "What is Sciatica?", "Trigger Point Therapy"),
            OK,
            [
                minority(
                    "What is Sciatica?",
                    "sentence case",
                    2,
                    "Title Case",
                    "Capitalise “is”.",
                )
            ],
            id="sentence-minority",
        ),
        pytest.param(
            ("Deep tissue massage", "Trigger Point Therapy", "How it works"),
            OK,
            [
                minority(
                    "Trigger Point Therapy",
                    "Title Case",
                    2,
                    "sentence case",
                    "Lower-case any of “Point”, “Therapy” that is not a name.",
                )
            ],
            id="title-minority",
        ),
        pytest.param(
            ("Trigger Point Therapy", "Deep tissue massage"),
            OK,
            [
                minority(
                    "Deep tissue massage",
                    "sentence case",
                    1,
                    "Title Case",
                    "Capitalise “tissue”, “massage”.",
                )
            ],
            id="tie-first-wins",
        ),
    ],
)
def test_heading_case(titles, status, findings):
    doc = document(*(heading(t) for t in titles), heading("an h4 is ignored", 4))
    result = HeadingCase().run(doc)
    assert result.status is status
    assert [(f.message, f.hint) for f in result.findings] == findings


# --- subheadings-present --------------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "status", "message"),
    [
        pytest.param(
            document(paragraph(words(300))),
            NA,
            "The text has 300 words, short enough to need no subheadings (more "
            "than 300 would).",
            id="300-words",
        ),
        pytest.param(
            document(heading("Causes"), paragraph(words(400))),
            GOOD,
            "The text has 1 subheading(s).",
            id="has-heading",
        ),
        pytest.param(
            document(paragraph(words(301))),
            BAD,
            "301 words and no subheadings.",
            id="301-words",
        ),
    ],
)
def test_subheadings_present(doc, status, message):
    result = SubheadingsPresent().run(doc)
    assert (result.status, result.message) == (status, message)


def test_subheadings_present_finding():
    result = SubheadingsPresent().run(document(paragraph(words(301))))
    (finding,) = result.findings
    assert finding.message == (
        "The text has 301 words and no subheadings; split it into sections of at "
        "most 300 words under h2 headings."
    )
    assert (finding.level, finding.value, finding.threshold) == (Level.ERROR, 301, 300)
