"""Fixes: one parameter table per fixer, stale fixes, fix_article, apply_to_page.

Every case applies the fix exactly as the audit's JSON gives it, then checks
two things: the finding it answers is gone when the article is audited again,
and the article equals the original with only the expected fields changed
(dataclass equality compares every other field and every other block).
"""

import json
import uuid
from dataclasses import replace

import pytest

from articles.models import ArticlePage, Hashtag
from seo import fixes
from seo.audit import Auditor
from seo.checks.hashtags import HashtagCamelCase, HashtagForm, HashtagInProse
from seo.checks.headings import HeadingPunctuation
from seo.checks.health import DEFAULT_DISCLAIMER, MedicalDisclaimer
from seo.checks.metadata import MetaDescriptionLength
from seo.checks.site import UnlinkedReferences
from seo.document import ArticleData, Document
from seo.findings import Fix
from seo.fixes import FixError, apply_fix, apply_to_page, fix_article
from seo.site import SiteIndex
from seo.sources import article_from_page

from .factories import TODAY
from .test_storage import article_page


@pytest.fixture(autouse=True)
def default_thresholds(settings):
    settings.SEO_AUDIT = {}
    settings.SEO_SILENCED_CHECKS = []


def block(block_type: str, value, block_id: str) -> dict:
    return {"type": block_type, "value": value, "id": block_id}


def para(html: str, block_id: str) -> dict:
    return block("paragraph", f"<p>{html}</p>", block_id)


# Blocks around the one a fix changes: they must come out untouched.
BEFORE = block("heading", {"text": "Why massage helps", "level": 2}, "h-before")
AFTER = block(
    "list",
    {
        "ordered": False,
        "items": [{"text": "Swedish massage", "children": ["Gentle"]}],
    },
    "l-after",
)


def article(*body: dict, **fields) -> ArticleData:
    fields.setdefault("title", "Massage for sciatica")
    fields.setdefault("slug", "massage-for-sciatica")
    fields.setdefault("search_description", "How massage eases sciatica.")
    fields.setdefault("hashtags", ("Sciatica",))
    fields.setdefault("today", TODAY)
    return ArticleData(body=[BEFORE, *body, AFTER], **fields)


def audit(data: ArticleData, check, site=None):
    return Auditor([check]).audit(Document(data, site)).findings


def the_fix(data: ArticleData, check, site=None):
    """The fixable finding of `check` (several findings may share one fix, as
    a tag written twice in a block), and its fix as JSON would carry it."""
    fixable = [f for f in audit(data, check, site) if f.fix is not None]
    assert len({json.dumps(f.fix.as_json()) for f in fixable}) == 1, fixable
    finding = fixable[0]
    carried = json.loads(json.dumps(finding.fix.as_json()))
    assert carried["id"] == finding.fix.id
    assert carried["label"]
    return finding, carried


def assert_fixed(data, check, expected, site=None):
    """Apply the finding's fix: the finding goes, and only `expected` changes."""
    finding, fix = the_fix(data, check, site)
    fixed = apply_fix(data, fix["id"], fix["args"])
    assert fixed == replace(data, **expected)
    remaining = [(f.message, f.location) for f in audit(fixed, check, site)]
    assert (finding.message, finding.location) not in remaining
    return fixed


# --- hashtags ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("hashtags", "expected"),
    [
        (
            ("Sciatica", "massagetherapyforsciatica"),
            ("Sciatica", "MassageTherapyForSciatica"),
        ),
        (("SCIATICARELIEF", "Massage"), ("SciaticaRelief", "Massage")),
        (("heattherapy",), ("HeatTherapy",)),
    ],
)
def test_hashtag_camel_case(hashtags, expected):
    data = article(para("Massage eases sciatica.", "p-1"), hashtags=hashtags)
    finding, fix = the_fix(data, HashtagCamelCase)
    assert fix["id"] == "hashtag-camel-case"
    assert fix["label"] == f"Write it as #{finding.value}"
    assert_fixed(data, HashtagCamelCase, {"hashtags": expected})


@pytest.mark.parametrize(
    ("hashtags", "label", "expected"),
    [
        (
            ("Sciatica", "massage therapy"),
            "Write it as #MassageTherapy",
            ("Sciatica", "MassageTherapy"),
        ),
        (("#Sciatica",), "Write it as #Sciatica", ("Sciatica",)),
        (("Sciatica", ""), "Delete the empty hashtag", ("Sciatica",)),
        # Its CamelCase form is there already: the duplicate goes.
        (
            ("MassageTherapy", "massage therapy"),
            "Write it as #MassageTherapy",
            ("MassageTherapy",),
        ),
        (("Sciatica", "!!"), "Delete “!!”", ("Sciatica",)),
    ],
)
def test_hashtag_form(hashtags, label, expected):
    data = article(para("Massage eases sciatica.", "p-1"), hashtags=hashtags)
    _, fix = the_fix(data, HashtagForm)
    assert (fix["id"], fix["label"]) == ("hashtag-form", label)
    assert_fixed(data, HashtagForm, {"hashtags": expected})


def test_a_hashtag_of_digits_has_no_fix():
    data = article(hashtags=("2024",))
    (finding,) = audit(data, HashtagForm)
    assert finding.fix is None


LIST_WITH_TAG = {
    "ordered": True,
    "items": [
        {"text": "Try #heattherapy first", "children": []},
        {"text": "Rest", "children": ["#heattherapy again"]},
    ],
}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # Mid-sentence: the words, lower case as the tag; the tag is added.
        (
            {"body": [para("The benefits of #massagetherapy are real.", "p-1")]},
            {
                "body": [para("The benefits of massage therapy are real.", "p-1")],
                "hashtags": ("Sciatica", "massagetherapy"),
            },
        ),
        # A sentence's start is capitalised; a tag already there is not added.
        (
            {"body": [para("Stretch first. #sciatica eases with time.", "p-1")]},
            {"body": [para("Stretch first. Sciatica eases with time.", "p-1")]},
        ),
        # A fragment link's href is markup, not text.
        (
            {"body": [para('See <a href="#causes">causes</a> of #backpain.', "p-1")]},
            {
                "body": [para('See <a href="#causes">causes</a> of back pain.', "p-1")],
                "hashtags": ("Sciatica", "backpain"),
            },
        ),
        # Plain-text blocks: every item of a list, sub-items too.
        (
            {"body": [block("list", LIST_WITH_TAG, "l-1")]},
            {
                "body": [
                    block(
                        "list",
                        {
                            "ordered": True,
                            "items": [
                                {"text": "Try heat therapy first", "children": []},
                                {"text": "Rest", "children": ["Heat therapy again"]},
                            ],
                        },
                        "l-1",
                    )
                ],
                "hashtags": ("Sciatica", "heattherapy"),
            },
        ),
        # A callout's rich text; its title is left alone.
        (
            {
                "body": [
                    block(
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Tip",
                            "text": "<p>Ask about #SciaticaRelief.</p>",
                        },
                        "c-1",
                    )
                ]
            },
            {
                "body": [
                    block(
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Tip",
                            "text": "<p>Ask about Sciatica Relief.</p>",
                        },
                        "c-1",
                    )
                ],
                "hashtags": ("Sciatica", "SciaticaRelief"),
            },
        ),
        # The intro field.
        (
            {"intro": "Why #heattherapy helps."},
            {
                "intro": "Why heat therapy helps.",
                "hashtags": ("Sciatica", "heattherapy"),
            },
        ),
    ],
)
def test_hashtag_in_prose(fields, expected):
    body = fields.pop("body", [])
    data = article(*body, **fields)
    if "body" in expected:
        expected["body"] = [BEFORE, *expected["body"], AFTER]
    fixed = assert_fixed(data, HashtagInProse, expected)
    assert not audit(fixed, HashtagInProse)


def test_a_tag_split_by_formatting_has_no_fix():
    data = article(para("The benefits of #massage<b>therapy</b> are real.", "p-1"))
    findings = audit(data, HashtagInProse)
    assert findings
    assert all(f.fix is None for f in findings)


# --- headings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Causes:", "Causes"),
        ("What to expect...", "What to expect"),
        ("Next steps…", "Next steps"),
        ("When to see a doctor:  ", "When to see a doctor"),
    ],
)
def test_heading_punctuation(text, fixed):
    heading = block("heading", {"text": text, "level": 3}, "h-1")
    data = article(heading, para("Text.", "p-1"))
    _, fix = the_fix(data, HeadingPunctuation)
    assert fix["label"] == f"Write it as “{fixed}”"
    assert fix["args"] == {"block_id": "h-1", "block": 1, "text": text.strip()}
    new = block("heading", {"text": fixed, "level": 3}, "h-1")
    assert_fixed(
        data, HeadingPunctuation, {"body": [BEFORE, new, para("Text.", "p-1"), AFTER]}
    )


def test_a_heading_of_punctuation_only_has_no_fix():
    data = article(block("heading", {"text": "...", "level": 2}, "h-1"))
    (finding,) = audit(data, HeadingPunctuation)
    assert finding.fix is None


# --- unlinked references -----------------------------------------------------

TARGET = ArticleData(
    title="Types of Massage Therapy",
    slug="types-of-massage-therapy",
    focus_keyphrase="types of massage therapy",
    page_id=12,
)


TOPIC = "types of massage therapy"


def link(text: str, page_id: int = 12) -> str:
    return f'<a linktype="page" id="{page_id}">{text}</a>'


@pytest.mark.parametrize(
    ("html", "fixed"),
    [
        (
            "Read our article on types of massage therapy.",
            f"Read our article on {link('types of massage therapy')}.",
        ),
        # Escaped text before it, formatting elsewhere, a tail word dropped.
        (
            "<b>Tip:</b> heat &amp; ice help. See our guide to types of massage "
            "therapy for more.",
            "<b>Tip:</b> heat &amp; ice help. See our guide to "
            f"{link('types of massage therapy')} for more.",
        ),
        # The same words earlier in the block are not the reference.
        (
            "Types of massage therapy differ. Check out our article on types of "
            "massage therapy.",
            "Types of massage therapy differ. Check out our article on "
            f"{link('types of massage therapy')}.",
        ),
    ],
)
def test_unlinked_references(html, fixed):
    data = article(para(html, "p-1"), page_id=5)
    site = SiteIndex.from_articles([TARGET, data])
    _, fix = the_fix(data, UnlinkedReferences, site)
    assert fix["label"] == (
        "Link “types of massage therapy” to “Types of Massage Therapy” (page 12)"
    )
    assert fix["args"]["links"] == [
        {"topic": "types of massage therapy", "page_id": 12}
    ]
    assert_fixed(
        data,
        UnlinkedReferences,
        {"body": [BEFORE, para(fixed, "p-1"), AFTER]},
        site,
    )


def test_unlinked_references_without_a_live_match_have_no_fix():
    data = article(para("Read our article on types of massage therapy.", "p-1"))
    # Without the library there is nothing to link to.
    (finding,) = audit(data, UnlinkedReferences)
    assert finding.fix is None
    # A draft is not linked to: readers could not open it.
    site = SiteIndex.from_articles([TARGET, data], live={12: False})
    (finding,) = audit(data, UnlinkedReferences, site)
    assert finding.fix is None


# --- the medical disclaimer --------------------------------------------------


def test_a_missing_disclaimer_is_appended_as_a_block():
    data = article(para("Massage eases sciatica.", "p-1"))
    _, fix = the_fix(data, MedicalDisclaimer)
    assert fix == {
        "id": "medical-disclaimer",
        "label": "Add a medical disclaimer",
        "args": {"text": DEFAULT_DISCLAIMER},
    }
    fixed = apply_fix(data, fix["id"], fix["args"])
    *body, added = fixed.body
    assert uuid.UUID(added["id"]).version == 4
    assert added["type"] == "disclaimer"
    assert added["value"] == {"text": f"<p>{DEFAULT_DISCLAIMER}</p>"}
    assert replace(fixed, body=body) == data
    assert not audit(fixed, MedicalDisclaimer)
    # Fresh ids: applying it again elsewhere never reuses one.
    again = apply_fix(data, fix["id"], fix["args"])
    assert again.body[-1]["id"] != added["id"]


def test_an_empty_disclaimer_block_is_filled():
    empty = block("disclaimer", {"text": "<p></p>"}, "d-1")
    data = article(para("Massage eases sciatica.", "p-1"), empty)
    _, fix = the_fix(data, MedicalDisclaimer)
    assert fix["args"] == {"block_id": "d-1", "block": 2, "text": DEFAULT_DISCLAIMER}
    filled = block("disclaimer", {"text": f"<p>{DEFAULT_DISCLAIMER}</p>"}, "d-1")
    body = [BEFORE, para("Massage eases sciatica.", "p-1"), filled, AFTER]
    assert_fixed(data, MedicalDisclaimer, {"body": body})


def test_the_disclaimer_fix_escapes_the_text_it_is_given():
    data = article()
    fixed = apply_fix(
        data, "medical-disclaimer", {"text": "Not advice <b>& no cure</b>."}
    )
    assert fixed.body[-1]["value"] == {
        "text": "<p>Not advice &lt;b&gt;&amp; no cure&lt;/b&gt;.</p>"
    }


# --- the meta description ----------------------------------------------------

S1 = "Sciatica is pain that runs from the lower back down the back of one leg."
S2 = (
    "Massage eases the tight muscles that press on the nerve, and this guide shows how."
)
S3 = "It also covers stretches, heat, and when to see a doctor about your symptoms."
TWO = f"{S1} {S2}"  # 155 characters: inside 120-156


@pytest.mark.parametrize(
    ("fields", "body", "label", "expected"),
    [
        ({"search_description": "", "intro": f"{S1}\n{S2} {S3}"}, [], "the intro", TWO),
        (
            {"search_description": "x" * 200, "intro": f"{S1} {S2} {S3}"},
            [],
            "the intro",
            TWO,
        ),
        (
            {"search_description": ""},
            [para(f"{S1} {S2} {S3}", "p-1")],
            "the first paragraph",
            TWO,
        ),
        # An intro with no boundary in the band: the first paragraph instead.
        (
            {"search_description": "", "intro": f"{S1} {S2[:-1]}, {S3}"},
            [para(f"{S1} <b>{S2}</b> {S3}", "p-1")],
            "the first paragraph",
            TWO,
        ),
    ],
)
def test_meta_description(fields, body, label, expected):
    data = article(*body, **fields)
    _, fix = the_fix(data, MetaDescriptionLength)
    assert fix["label"] == f"Use the opening of {label} ({len(expected)} characters)"
    fixed = assert_fixed(data, MetaDescriptionLength, {"search_description": expected})
    assert not audit(fixed, MetaDescriptionLength)


@pytest.mark.parametrize(
    "intro",
    [
        S1,  # too short
        f"{S1} {S2[:-1]}, {S3}",  # one sentence that runs past the band
        f"{S1} {S2[:-1]}",  # in the band but it ends mid-sentence
    ],
)
def test_no_meta_description_fix_without_a_sentence_boundary_in_the_band(intro):
    data = article(search_description="", intro=intro)
    findings = audit(data, MetaDescriptionLength)
    assert findings
    assert all(f.fix is None for f in findings)


def test_a_short_description_is_left_to_the_writer():
    data = article(search_description="Massage for sciatica.", intro=TWO)
    (finding,) = audit(data, MetaDescriptionLength)
    assert finding.fix is None


def test_the_meta_description_band_comes_from_the_checks_params(settings):
    settings.SEO_AUDIT = {
        "CHECKS": {"meta-description-length": {"min_length": 50, "max_length": 80}}
    }
    data = article(search_description="", intro=f"{S1} {S2} {S3}")
    _, fix = the_fix(data, MetaDescriptionLength)
    assert fix["args"]["text"] == S1
    assert_fixed(data, MetaDescriptionLength, {"search_description": S1})


# --- stale and unknown fixes -------------------------------------------------


def stale(data, fix_id, args) -> FixError:
    with pytest.raises(FixError) as caught:
        apply_fix(data, fix_id, args)
    return caught.value


HEADED = article(block("heading", {"text": "Causes:", "level": 2}, "h-1"))
HEADING_ARGS = {"block_id": "h-1", "block": 1, "text": "Causes:"}


@pytest.mark.parametrize(
    ("data", "fix_id", "args", "field", "named"),
    [
        (HEADED, "no-such-fix", {}, ("id",), "no-such-fix"),
        (HEADED, "heading-punctuation", [], ("args",), "object"),
        (article(), "heading-punctuation", HEADING_ARGS, ("args", "block_id"), "'h-1'"),
        (
            article(block("heading", {"text": "Causes", "level": 2}, "h-1")),
            "heading-punctuation",
            HEADING_ARGS,
            ("args", "text"),
            "'h-1'",
        ),
        (
            article(para("Causes:", "h-1")),
            "heading-punctuation",
            HEADING_ARGS,
            ("args", "block_id"),
            "paragraph",
        ),
        (
            HEADED,
            "heading-punctuation",
            {"block_id": "h-1"},
            ("args", "text"),
            "'text'",
        ),
        (
            HEADED,
            "heading-punctuation",
            {"block": 9, "text": "x"},
            ("args", "block"),
            "no block 9",
        ),
        (
            HEADED,
            "heading-punctuation",
            {"block_id": 7, "text": "Causes:"},
            ("args", "block_id"),
            "string",
        ),
        (
            article(hashtags=("Sciatica",)),
            "hashtag-camel-case",
            {"name": "massagetherapy", "to": "MassageTherapy"},
            ("args", "name"),
            "#massagetherapy",
        ),
        (
            article(hashtags=("massagetherapy",)),
            "hashtag-camel-case",
            {"name": "massagetherapy", "to": "HeatTherapy"},
            ("args", "to"),
            "CamelCase",
        ),
        (
            article(hashtags=("massage therapy",)),
            "hashtag-form",
            {"name": "massage therapy", "to": "Massage Therapy"},
            ("args", "to"),
            "valid",
        ),
        (
            article(para("No tags now.", "p-1")),
            "hashtag-in-prose",
            {"block_id": "p-1", "block": 1, "hashtag": "backpain"},
            ("args", "hashtag"),
            "'p-1'",
        ),
        (
            article(intro="No tags now."),
            "hashtag-in-prose",
            {"field": "intro", "hashtag": "backpain"},
            ("args", "hashtag"),
            "intro",
        ),
        (
            article(search_description="Written since."),
            "meta-description-length",
            {"current": "", "text": S1, "source": "intro"},
            ("args", "current"),
            "search_description",
        ),
        (
            article(search_description="", intro="Rewritten since."),
            "meta-description-length",
            {"current": "", "text": S1, "source": "intro"},
            ("args", "text"),
            "intro",
        ),
        (
            article(para("Rewritten since.", "p-1")),
            "unlinked-references",
            {
                "block_id": "p-1",
                "block": 1,
                "sentence": "Read our article on types of massage therapy.",
                "links": [{"topic": "types of massage therapy", "page_id": 12}],
            },
            ("args", "sentence"),
            "'p-1'",
        ),
        (
            article(para("Read our article on types of massage therapy.", "p-1")),
            "unlinked-references",
            {
                "block_id": "p-1",
                "block": 1,
                "sentence": "Read our article on types of massage therapy.",
                "links": [{"topic": "types of massage therapy", "page_id": "12"}],
            },
            ("args", "links", 0, "page_id"),
            "page id",
        ),
        (
            article(para(f"Read our article on {link(TOPIC)}.", "p-1")),
            "unlinked-references",
            {
                "block_id": "p-1",
                "block": 1,
                "sentence": "Read our article on types of massage therapy.",
                "links": [{"topic": "types of massage therapy", "page_id": 12}],
            },
            ("args", "links", 0, "topic"),
            "linked already",
        ),
        (
            article(block("disclaimer", {"text": "<p>Not advice.</p>"}, "d-1")),
            "medical-disclaimer",
            {"text": DEFAULT_DISCLAIMER},
            ("args",),
            "'d-1'",
        ),
        (
            article(block("disclaimer", {"text": "<p>Not advice.</p>"}, "d-1")),
            "medical-disclaimer",
            {"block_id": "d-1", "block": 1, "text": "x"},
            ("args", "block_id"),
            "'d-1'",
        ),
    ],
)
def test_a_stale_or_unknown_fix_is_refused_naming_the_field(
    data, fix_id, args, field, named
):
    error = stale(data, fix_id, args)
    assert error.field == field
    assert error.path == ".".join(["fix", *map(str, field)])
    assert named in str(error)


def test_a_block_without_an_id_is_found_by_position():
    data = ArticleData(
        title="Massage",
        body=[{"type": "heading", "value": {"text": "Causes:", "level": 2}}],
    )
    (finding,) = audit(data, HeadingPunctuation)
    assert finding.fix.args == {"block_id": None, "block": 0, "text": "Causes:"}
    fixed = apply_fix(data, finding.fix.id, finding.fix.args)
    assert fixed.body == [{"type": "heading", "value": {"text": "Causes", "level": 2}}]


def test_a_body_of_an_unexpected_shape_is_a_fix_error_not_a_crash():
    data = article(block("heading", "not a struct", "h-1"))
    error = stale(data, "heading-punctuation", HEADING_ARGS)
    assert "heading-punctuation" in str(error)


# --- fix_article -------------------------------------------------------------


def test_fix_article_applies_every_fix_until_none_is_left():
    data = article(
        block("heading", {"text": "Causes:", "level": 2}, "h-1"),
        para("The benefits of #massagetherapy are real.", "p-1"),
        search_description="",
        intro=f"{S1} {S2} {S3}",
        hashtags=("Sciatica", "sciatica relief"),
    )
    checks = [
        HashtagForm,
        HashtagCamelCase,
        HashtagInProse,
        HeadingPunctuation,
        MedicalDisclaimer,
        MetaDescriptionLength,
    ]
    auditor = Auditor(checks)
    fixed, applied = fix_article(data, auditor)
    assert all(isinstance(fix, Fix) for fix in applied)
    # The tag taken out of the prose is added, then put in CamelCase (a
    # second round: in the first it was a word of the article).
    assert [fix.id for fix in applied] == [
        "hashtag-form",
        "hashtag-in-prose",
        "heading-punctuation",
        "medical-disclaimer",
        "meta-description-length",
        "hashtag-camel-case",
    ]
    assert fixed.hashtags == ("Sciatica", "SciaticaRelief", "MassageTherapy")
    assert fixed.search_description == TWO
    assert fixed.body[1]["value"]["text"] == "Causes"
    assert fixed.body[2]["value"] == "<p>The benefits of massage therapy are real.</p>"
    assert fixed.body[-1]["type"] == "disclaimer"
    assert [b for b in fixed.body if b["id"] in ("h-before", "l-after")] == [
        BEFORE,
        AFTER,
    ]
    report = auditor.audit(Document(fixed))
    assert not [f for f in report.findings if f.fix is not None]
    # Nothing is left to fix: a second pass changes nothing.
    assert fix_article(fixed, auditor) == (fixed, [])


def test_fix_article_stops_after_a_bounded_number_of_rounds(monkeypatch):
    from seo.checks.base import Category, Check
    from seo.findings import Status

    class Restless(Check):
        id = "test-restless"
        title = "Never satisfied"
        help_text = "Always wants one more exclamation mark."
        category = Category.SEO

        def run(self, document):
            finding = self.finding("More!")
            fix = Fix("test-exclaim", "Add “!”", {})
            return self.result(Status.BAD, "More!", [fixes.attach(finding, fix)])

    monkeypatch.setitem(
        fixes._FIXERS,
        "test-exclaim",
        fixes._Registered(
            "test-exclaim", lambda data, args: replace(data, title=data.title + "!")
        ),
    )
    fixed, applied = fix_article(article(), Auditor([Restless]), rounds=3)
    assert fixed.title == "Massage for sciatica!!!"
    assert len(applied) == 3


# --- apply_to_page -----------------------------------------------------------


LIST_BLOCK = {
    "type": "list",
    "value": {"ordered": False, "items": [{"text": "Swedish", "children": []}]},
}


@pytest.mark.django_db
def test_apply_to_page_writes_only_what_changed_and_keeps_block_ids():
    page = article_page(
        "Massage for sciatica",
        {"type": "heading", "value": {"text": "Causes:", "level": 2}},
        LIST_BLOCK,
        {"type": "paragraph", "value": "<p>#backpain eases.</p>"},
        search_description="Short.",
    )
    page.hashtags.set(["Sciatica"])
    page.save_revision()
    page = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    stored = list(page.body.raw_data)
    data = article_from_page(page)
    fixed, applied = fix_article(
        data, Auditor([HeadingPunctuation, HashtagInProse, MedicalDisclaimer])
    )
    assert applied

    changed = apply_to_page(page, fixed)
    assert changed == ["hashtags", "body"]
    assert page.search_description == "Short."
    assert sorted(page.hashtags.names()) == ["Sciatica", "backpain"]
    raw = list(page.body.raw_data)
    assert [b["id"] for b in raw[:3]] == [b["id"] for b in stored]
    # An unchanged block keeps its stored data, list item ids included.
    assert raw[1] == stored[1]
    assert raw[0]["value"] == {"text": "Causes", "level": 2}
    assert raw[2]["value"] == "<p>Back pain eases.</p>"
    assert raw[3]["type"] == "disclaimer"
    assert uuid.UUID(raw[3]["id"]).version == 4

    revision = page.save_revision()
    reloaded = revision.as_object()
    assert article_from_page(reloaded).body == fixed.body
    assert apply_to_page(reloaded, fixed) == []


@pytest.mark.django_db
def test_apply_to_page_recases_a_run_together_tag_for_every_article():
    first = article_page("Massage for sciatica")
    first.hashtags.set(["massagetherapy", "Sciatica"])
    first.save()
    other = article_page("Heat for sciatica")
    other.hashtags.set(["massagetherapy"])
    other.save()

    data = article_from_page(first)
    fixed, _ = fix_article(data, Auditor([HashtagCamelCase]))
    assert fixed.hashtags == ("MassageTherapy", "Sciatica")
    assert apply_to_page(first, fixed) == ["hashtags"]
    first.save()
    # One tag whatever its case: renamed, not doubled, and every article
    # that has it shows the readable form.
    assert Hashtag.objects.filter(name__iexact="massagetherapy").count() == 1
    assert list(ArticlePage.objects.get(pk=other.pk).hashtags.names()) == [
        "MassageTherapy"
    ]


@pytest.mark.django_db
def test_apply_to_page_keeps_the_spelling_of_an_existing_tag_otherwise():
    page = article_page("Massage for sciatica")
    page.hashtags.set(["SciaticaRelief"])
    page.save()
    data = article_from_page(page)
    apply_to_page(page, replace(data, hashtags=("sciaticarelief",)))
    page.save()
    assert Hashtag.objects.get(name__iexact="sciaticarelief").name == "SciaticaRelief"


@pytest.mark.django_db
def test_apply_to_page_uses_a_tag_spelled_exactly_so_when_there_is_one():
    # From before tags ignored case: one row per spelling.
    Hashtag.objects.create(name="massagetherapy", slug="massagetherapy")
    exact = Hashtag.objects.create(name="MassageTherapy", slug="massagetherapy_1")
    page = article_page("Massage for sciatica")
    data = article_from_page(page)
    assert apply_to_page(page, replace(data, hashtags=("MassageTherapy",))) == [
        "hashtags"
    ]
    page.save()
    assert [item.tag_id for item in page.tagged_items.all()] == [exact.pk]
    assert Hashtag.objects.filter(name="massagetherapy").exists()
