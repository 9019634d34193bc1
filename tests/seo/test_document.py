"""The Document's derived views, which every check relies on."""

from datetime import date

import pytest

from seo.document import ArticleData
from seo.text import Phrase

from .factories import bullets, document, heading, paragraph, references


def test_sentences_come_from_prose_blocks_only():
    doc = document(
        heading("Why massage helps"),
        paragraph("Massage relaxes muscles. It eases the nerve, e.g. the sciatic one."),
        bullets("Swedish massage", "Deep tissue"),
        {"type": "table", "value": {"caption": "", "header": ["A"], "rows": [["b"]]}},
    )
    assert [s.text for s in doc.sentences] == [
        "Massage relaxes muscles.",
        "It eases the nerve, e.g. the sciatic one.",
        "Swedish massage",
        "Deep tissue",
    ]
    # List items close a sentence for the readability formulas.
    assert doc.prose_text.endswith("Swedish massage. Deep tissue.")


def test_sections_split_at_headings_and_count_words():
    doc = document(
        paragraph("One two three."),
        heading("First"),
        paragraph("Four five."),
        heading("Second", 3),
    )
    assert [(s.heading and s.heading.text, s.word_count) for s in doc.sections] == [
        (None, 3),
        ("First", 2),
        ("Second", 0),
    ]


def test_links_from_rich_text_and_references():
    doc = document(
        paragraph(
            'See <a linktype="page" id="7">our guide</a> and '
            '<a href="https://www.nhs.uk/sciatica">the NHS</a>.'
        ),
        references("https://pubmed.ncbi.nlm.nih.gov/1/"),
    )
    assert [(link.text, link.page_id, link.href) for link in doc.links] == [
        ("our guide", 7, ""),
        ("the NHS", None, "https://www.nhs.uk/sciatica"),
        ("Source 1", None, "https://pubmed.ncbi.nlm.nih.gov/1/"),
    ]


def test_first_paragraph_prefers_the_intro_field():
    body = [paragraph("Body opening.")]
    assert document(*body).first_paragraph == "Body opening."
    assert document(*body, intro="Summary.").first_paragraph == "Summary."


@pytest.mark.parametrize(
    ("phrase", "text", "found", "exact"),
    [
        ("massage for sciatica", "Sciatica massages help.", True, False),
        ("massage for sciatica", "A massage for sciatica helps.", True, True),
        ("massage therapy", "Massaging is a therapy.", True, False),
        ("massage therapy", "Stretching helps.", False, False),
    ],
)
def test_phrases_match_word_forms(phrase, text, found, exact):
    doc = document(paragraph(text))
    parsed = Phrase.parse(phrase)
    assert parsed.found_in(frozenset(doc.stems)) is found
    assert parsed.exact_in(doc.stems) is exact


def test_memo_computes_once():
    doc = document(paragraph("Text."))
    calls = []
    for _ in range(3):
        doc.memo("key", lambda: calls.append(1) or len(calls))
    assert calls == [1]


def test_article_data_from_field_values():
    """How the v3 audit route and seo.sources build the one envelope."""
    body = [{"type": "paragraph", "value": "<p>Text.</p>"}]
    data = ArticleData.from_fields(
        {
            "title": "Massage",
            "body": body,
            "hashtags": ["Sciatica"],
            "keyphrase_synonyms": ["sciatica massage", " ", " massage therapy "],
            "last_reviewed": date(2026, 1, 5),
        },
        site_disclaimer="Not advice.",
        today=None,
    )
    assert data.hashtags == ("Sciatica",)
    assert data.keyphrase_synonyms == ("sciatica massage", "massage therapy")
    assert (data.body, data.site_disclaimer) == (body, "Not advice.")
    assert data.today == date.today()
    # Synonyms as a page stores them: one comma-separated text.
    stored = ArticleData.from_fields({"title": "M", "keyphrase_synonyms": "a, b,"})
    assert stored.keyphrase_synonyms == ("a", "b")
    with pytest.raises(TypeError):
        ArticleData.from_fields({"title": "M", "checks": []})
