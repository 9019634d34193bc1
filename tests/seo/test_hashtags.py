"""The hashtags checks: a table per check of articles that pass and that fail,
with the exact findings; and the inline hashtags of seed 001 as the importer
leaves them."""

import pytest

from articles.importing.reader import parse_file
from seo.audit import Auditor
from seo.checks import registry
from seo.checks.base import Check
from seo.checks.hashtags import (
    HashtagCamelCase,
    HashtagCount,
    HashtagDuplicates,
    HashtagForm,
    HashtagInProse,
    HashtagKeyphrase,
    HashtagRelevance,
    camel_case,
    segment,
)
from seo.document import Document, ImportNote
from seo.findings import Level, Location, Status
from seo.sources import article_from_import

from .factories import bullets, document, heading, paragraph

GOOD, OK, BAD, NA = Status.GOOD, Status.OK, Status.BAD, Status.NOT_APPLICABLE
TEXT = paragraph("Massage eases the pain.")


def tagged(*names: str, body=(TEXT,), **fields) -> Document:
    return document(*body, hashtags=names, **fields)


def field(excerpt: str | None = None, name: str = "hashtags") -> Location:
    return Location(field=name, excerpt=excerpt)


def at(block: int, excerpt: str | None = None) -> Location:
    return Location(block=block, excerpt=excerpt)


def outcome(check: Check, doc) -> tuple[Status, list[tuple[str, Location | None]]]:
    result = check.run(doc)
    assert result.check_id == check.id
    return result.status, [(f.message, f.location) for f in result.findings]


# --- helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("massagetherapyforsciatica", ("massage", "therapy", "for", "sciatica")),
        ("MassageTherapy", ("Massage", "Therapy")),
        ("sciatica", ("sciatica",)),
    ],
)
def test_segment(name, words):
    assert segment(name) == words


def test_camel_case_keeps_only_hashtag_characters():
    assert camel_case(["massage", "for", "patient's", "back-pain"]) == (
        "MassageForPatientsBackpain"
    )


# --- hashtag-form -------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "status", "findings"),
    [
        pytest.param((), NA, [], id="none"),
        pytest.param(("Sciatica", "back_pain", "Sciatica2024"), GOOD, [], id="valid"),
        pytest.param(
            ("massage therapy",),
            BAD,
            [
                (
                    "“#massage therapy” is not a valid hashtag: use letters, digits "
                    "and underscores only, with no spaces; write #MassageTherapy.",
                    field("massage therapy"),
                )
            ],
            id="space",
        ),
        pytest.param(
            ("sciatica-relief",),
            BAD,
            [
                (
                    "“#sciatica-relief” is not a valid hashtag: use letters, digits "
                    "and underscores only, with no spaces; write #SciaticaRelief.",
                    field("sciatica-relief"),
                )
            ],
            id="hyphen",
        ),
        pytest.param(
            ("#sciatica",),
            BAD,
            [
                (
                    "“##sciatica” is stored with its “#”; write #Sciatica.",
                    field("#sciatica"),
                )
            ],
            id="stored-with-hash",
        ),
        pytest.param(
            ("2024",),
            BAD,
            [
                (
                    "“#2024” has no letter, so it is not a hashtag; say what it is "
                    "about (for example #Sciatica2024) or delete it.",
                    field("2024"),
                )
            ],
            id="all-digits",
        ),
        pytest.param(
            ("",),
            BAD,
            [("An empty hashtag; delete it.", field(""))],
            id="empty",
        ),
        pytest.param(
            ("!!",),
            BAD,
            [
                (
                    "“#!!” is not a valid hashtag: use letters, digits and "
                    "underscores only, with no spaces; delete it.",
                    field("!!"),
                )
            ],
            id="nothing-to-keep",
        ),
    ],
)
def test_hashtag_form(names, status, findings):
    assert outcome(HashtagForm(), tagged(*names)) == (status, findings)


def test_hashtag_form_is_an_error():
    result = HashtagForm().run(tagged("a b"))
    assert [f.level for f in result.findings] == [Level.ERROR]
    assert result.findings[0].value == "AB"


# --- hashtag-count ------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "status", "message", "level", "threshold"),
    [
        (0, BAD, "The article has no hashtags; add 1 to 5 about its topic.", 30, 1),
        (1, GOOD, None, None, None),
        (5, GOOD, None, None, None),
        (6, OK, "The article has 6 hashtags; keep the 5 most specific.", 20, 5),
    ],
)
def test_hashtag_count(count, status, message, level, threshold):
    result = HashtagCount().run(tagged(*(f"Tag{n}" for n in range(count))))
    assert (result.status, result.value) == (status, count)
    expected = [(message, field(), Level(level), threshold)] if message else []
    assert [
        (f.message, f.location, f.level, f.threshold) for f in result.findings
    ] == expected


def test_hashtag_count_limits_are_settings():
    doc = tagged()
    result = HashtagCount({"min": 0}).run(doc)
    assert result.status is GOOD
    result = HashtagCount({"min": 2}).run(tagged("Sciatica"))
    assert result.findings[0].message == (
        "The article has only 1 hashtags; add 2 to 5 about its topic."
    )


# --- hashtag-duplicates -------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "status", "findings"),
    [
        pytest.param(("Sciatica",), NA, [], id="one"),
        pytest.param(("Sciatica", "Massage"), GOOD, [], id="distinct"),
        pytest.param(
            ("Sciatica", "Massage", "sciatica"),
            BAD,
            [
                (
                    "“#sciatica” repeats “#Sciatica” (hashtags ignore case); remove "
                    "one.",
                    field("sciatica"),
                )
            ],
            id="case-insensitive",
        ),
        pytest.param(
            ("Sciatica", "Sciatica"),
            BAD,
            [("“#Sciatica” repeats “#Sciatica”; remove one.", field("Sciatica"))],
            id="exact",
        ),
    ],
)
def test_hashtag_duplicates(names, status, findings):
    assert outcome(HashtagDuplicates(), tagged(*names)) == (status, findings)


# --- hashtag-camel-case -------------------------------------------------------


def needs_camel(name: str, suggestion: str):
    return (
        f"“#{name}” runs its words together; write #{suggestion} so screen "
        "readers read it word by word.",
        field(name),
    )


@pytest.mark.parametrize(
    ("names", "body", "status", "findings"),
    [
        pytest.param((), (TEXT,), NA, [], id="none"),
        pytest.param(
            ("MassageTherapyForSciatica", "massageTherapy", "sciatica", "Sciatica2024"),
            (TEXT,),
            GOOD,
            [],
            id="camel-or-one-word",
        ),
        pytest.param(
            ("massagetherapyforsciatica",),
            (TEXT,),
            BAD,
            [needs_camel("massagetherapyforsciatica", "MassageTherapyForSciatica")],
            id="run-together",
        ),
        pytest.param(
            ("Backpain", "BACKPAIN", "deep_tissue"),
            (TEXT,),
            BAD,
            [
                needs_camel("Backpain", "BackPain"),
                needs_camel("BACKPAIN", "BackPain"),
                needs_camel("deep_tissue", "DeepTissue"),
            ],
            id="capital-only-first-upper-underscore",
        ),
        pytest.param(
            ("piriformis",),
            (paragraph("Stretch the piriformis muscle."),),
            GOOD,
            [],
            id="a-word-of-the-article",
        ),
        pytest.param(
            ("piriformis",),
            (TEXT,),
            BAD,
            [needs_camel("piriformis", "PiriFormIs")],
            id="wordninja-over-splits-unknown-words",
        ),
        pytest.param(("massage therapy",), (TEXT,), GOOD, [], id="invalid-is-form"),
    ],
)
def test_hashtag_camel_case(names, body, status, findings):
    doc = tagged(*names, body=body)
    assert outcome(HashtagCamelCase(), doc) == (status, findings)


# --- hashtag-in-prose ---------------------------------------------------------


def written(name: str, words: str, location: Location):
    return (
        f"“#{name}” is written in the text; write “{words}” instead and put the tag "
        "in the hashtags field.",
        location,
    )


def replaced(name: str, words: str, location: Location):
    return (
        f"The import found “#{name}” inside a sentence and replaced it with "
        f"“{words}”; check that the sentence reads well.",
        location,
    )


NOTE = ImportNote(
    "inline-hashtag", 1, "#backpain", "hashtag inside a sentence; the text now reads…"
)
OTHER_NOTE = ImportNote("promotional", 0, "Book now", "reads as sales copy")


@pytest.mark.parametrize(
    ("doc", "status", "findings"),
    [
        pytest.param(
            document(paragraph("Ranked #1 for care; see page#top and &#39;."), TEXT),
            GOOD,
            [],
            id="not-hashtags",
        ),
        pytest.param(
            document(TEXT, import_notes=[OTHER_NOTE]), GOOD, [], id="other-notes"
        ),
        pytest.param(
            document(TEXT, paragraph("Try #massagetherapy for relief.")),
            BAD,
            [
                written(
                    "massagetherapy",
                    "massage therapy",
                    at(1, "Try #massagetherapy for relief."),
                )
            ],
            id="in-paragraph",
        ),
        pytest.param(
            document(
                heading("Why #Sciatica hurts"),
                bullets("Rest", "Stretch " + "x " * 30 + "then #SelfCare daily"),
            ),
            BAD,
            [
                written("Sciatica", "Sciatica", at(0, "Why #Sciatica hurts")),
                written(
                    "SelfCare",
                    "Self Care",
                    at(1, "…x x x x x x x x x x x x x x x x x then #SelfCare daily"),
                ),
            ],
            id="heading-and-list",
        ),
        pytest.param(
            document(TEXT, intro="All about #sciatica."),
            BAD,
            [written("sciatica", "sciatica", field("All about #sciatica.", "intro"))],
            id="intro",
        ),
        pytest.param(
            document(
                TEXT,
                paragraph("Stretch often. It eases back pain. Back pain fades."),
                import_notes=[NOTE],
            ),
            OK,
            [replaced("backpain", "back pain", at(1, "It eases back pain."))],
            id="imported-sentence-found",
        ),
        pytest.param(
            document(TEXT, paragraph("Stretch often."), import_notes=[NOTE]),
            OK,
            [replaced("backpain", "back pain", at(1, "#backpain"))],
            id="imported-sentence-not-found",
        ),
        pytest.param(
            document(TEXT, import_notes=[NOTE]),
            OK,
            [replaced("backpain", "back pain", field("#backpain", "body"))],
            id="imported-block-gone",
        ),
    ],
)
def test_hashtag_in_prose(doc, status, findings):
    assert outcome(HashtagInProse(), doc) == (status, findings)


def test_hashtag_in_prose_levels():
    written_result = HashtagInProse().run(document(paragraph("Use #Sciatica.")))
    assert [f.level for f in written_result.findings] == [Level.WARNING]
    imported = HashtagInProse().run(document(TEXT, TEXT, import_notes=[NOTE]))
    assert [(f.level, f.hint) for f in imported.findings] == [(Level.INFO, NOTE.reason)]


def test_seed_001_inline_hashtags_are_flagged(seed):
    """Seed 001 writes #massagetherapyforsciatica twice inside sentences; the
    importer replaces both with words, and the audit shows each to the editor,
    with the tag's own CamelCase problem."""
    data = article_from_import(parse_file(seed("001")))
    notes = [n for n in data.import_notes if n.kind == "inline-hashtag"]
    assert len(notes) == 2
    report = Auditor(registry.select(tags=["hashtags"])).audit(Document(data))
    results = {r.check_id: r for r in report.results}

    prose = results["hashtag-in-prose"]
    assert prose.status is OK
    assert prose.message == (
        "The import replaced 2 hashtag(s) inside sentences with their words."
    )
    message = replaced(
        "massagetherapyforsciatica", "massage therapy for sciatica", None
    )[0]
    assert [(f.message, f.location.block, f.value) for f in prose.findings] == [
        (message, note.block, "massagetherapyforsciatica") for note in notes
    ]
    assert prose.findings[0].location.excerpt == (
        "Via the following points, we will delve into the benefits of using massage "
        "therapy for sciatica."
    )
    assert "#massagetherapyforsciatica" not in " ".join(
        b.text for b in Document(data).blocks
    )

    camel = results["hashtag-camel-case"]
    assert [f.value for f in camel.findings] == ["MassageTherapyForSciatica"]
    assert results["hashtag-relevance"].status is GOOD


# --- hashtag-relevance --------------------------------------------------------


def off_topic(name: str):
    return (
        f"“#{name}” shares no word with the title, keyphrase or headings; use a "
        "hashtag about the article's topic, or drop it.",
        field(name),
    )


@pytest.mark.parametrize(
    ("names", "fields", "status", "findings"),
    [
        pytest.param((), {}, NA, [], id="none"),
        pytest.param(("Sciatica",), {"title": "  "}, NA, [], id="no-topic"),
        pytest.param(
            ("Sciatica", "massages", "SciaticNerve"),
            {},
            GOOD,
            [],
            id="title-word-forms",
        ),
        pytest.param(
            ("BackPain",), {"focus_keyphrase": "back pain relief"}, GOOD, [], id="kp"
        ),
        pytest.param(
            ("Piriformis",),
            {"body": (heading("Piriformis stretches"), TEXT)},
            GOOD,
            [],
            id="heading",
        ),
        pytest.param(
            ("Sciatica", "TravelDeals"),
            {},
            OK,
            [off_topic("TravelDeals")],
            id="one-off-topic",
        ),
        pytest.param(
            ("TravelDeals", "TheBest"),
            {},
            BAD,
            [off_topic("TravelDeals"), off_topic("TheBest")],
            id="all-off-topic",
        ),
        pytest.param(
            ("Painting",),
            {"title": "Pain relief", "body": (paragraph("Painting is calming."),)},
            BAD,
            [off_topic("Painting")],
            id="body-words-and-short-prefixes-do-not-count",
        ),
    ],
)
def test_hashtag_relevance(names, fields, status, findings):
    doc = tagged(*names, **fields)
    assert outcome(HashtagRelevance(), doc) == (status, findings)


# --- hashtag-keyphrase --------------------------------------------------------


def uncovered(keyphrase: str, suggestion: str):
    return (
        f"No hashtag covers the keyphrase “{keyphrase}”; add #{suggestion}.",
        field(),
    )


@pytest.mark.parametrize(
    ("names", "keyphrase", "status", "findings"),
    [
        pytest.param(("Sciatica",), "", NA, [], id="no-keyphrase"),
        pytest.param(
            ("SciaticaMassage",), "massage for sciatica", GOOD, [], id="any-order"
        ),
        pytest.param(
            ("Pain", "massagesforsciatica"),
            "massage for sciatica",
            GOOD,
            [],
            id="run-together-word-forms",
        ),
        pytest.param(
            ("Sciatica", "Massage"),
            "massage for sciatica",
            BAD,
            [uncovered("massage for sciatica", "MassageForSciatica")],
            id="split-over-two",
        ),
        pytest.param(
            (),
            "patient's back pain",
            BAD,
            [uncovered("patient's back pain", "PatientsBackPain")],
            id="no-hashtags",
        ),
    ],
)
def test_hashtag_keyphrase(names, keyphrase, status, findings):
    doc = tagged(*names, focus_keyphrase=keyphrase)
    assert outcome(HashtagKeyphrase(), doc) == (status, findings)
