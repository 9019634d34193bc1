"""One definition of each block type's text (articles.blocks.BLOCK_TEXT), and
every reader of block text deriving from it."""

import copy
from pathlib import Path

import pytest
from django.conf import settings

from articles import blocks
from articles.blocks import ArticleStreamBlock
from articles.importing import html as html_import
from articles.importing import parse_file
from seo import document as seo_document
from seo import site as seo_site
from tests.conftest import SEEDS_DIR

EVERY_BLOCK = [
    {"type": "heading", "value": {"text": "Heat or ice", "level": 2}},
    {
        "type": "paragraph",
        "value": '<p>Rest <b>first</b>, then <a linktype="page" id="3">walk</a>.</p>',
    },
    {
        "type": "list",
        "value": {
            "ordered": False,
            "items": [
                {"text": "Rest the back well", "children": ["On a firm bed"]},
                {"text": "Walk a little every day", "children": []},
            ],
        },
    },
    {
        "type": "table",
        "value": {
            "caption": "Weekly plan",
            "header": ["Day", "Session"],
            "rows": [["Monday", "Stretch"], ["Friday", ""]],
        },
    },
    {
        "type": "image",
        "value": {"image": 3, "alt_text": "A chair", "decorative": False},
    },
    {"type": "image", "value": {"image": 4, "alt_text": "Hidden", "decorative": True}},
    {"type": "quote", "value": {"text": "It helped.", "attribution": "A patient"}},
    {
        "type": "callout",
        "value": {
            "kind": "warning",
            "title": "Stop",
            "text": '<p>If pain grows, <a href="https://nhs.uk">call</a>.</p>',
        },
    },
    {
        "type": "callout",
        "value": {"kind": "tip", "title": "", "text": "<p>Untitled tip.</p>"},
    },
    {
        "type": "faq",
        "value": {
            "items": [
                {"question": "Does it hurt?", "answer": "<p>No. Not &amp; never.</p>"},
                {"question": "How often", "answer": "<p>Weekly</p>"},
            ]
        },
    },
    {
        "type": "steps",
        "value": {
            "name": "Stretch",
            "steps": [
                {"title": "Lie down", "text": "Relax."},
                {"title": "", "text": "Hold it for thirty seconds. Then swap"},
            ],
        },
    },
    {
        "type": "references",
        "value": {
            "items": [
                {
                    "title": "Sciatica",
                    "url": "https://www.nhs.uk/conditions/sciatica/",
                    "publisher": "NHS",
                    "date": "2023-01-01",
                },
                {"title": "A paper", "url": "", "publisher": "", "date": None},
            ]
        },
    },
    {"type": "disclaimer", "value": {"text": "<p>Not medical advice.</p>"}},
]


def _sources() -> list[Path]:
    demo = sorted((settings.BASE_DIR / "articles" / "demo_content").glob("*.txt"))
    seeds = sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
    return demo + seeds


def _bodies() -> list[list[dict]]:
    from tests.articles.test_html_import import REALISTIC_PAGE

    html = html_import.parse(REALISTIC_PAGE, "page.html").body
    return [EVERY_BLOCK, html] + [parse_file(path).body for path in _sources()]


def test_every_block_type_has_one_definition():
    assert set(BLOCK_TEXT_TYPES) == set(ArticleStreamBlock().child_blocks)


BLOCK_TEXT_TYPES = blocks.BLOCK_TEXT


# --- the one definition gives what the three walkers gave -------------------


def _old_units(block_type, value):
    return [u for u in seo_document._prose_units(block_type, value) if u.strip()]


def _new_units(block_type, value):
    return [u for u in blocks.prose_units(block_type, value) if u.strip()]


def _old_signature(block_type, value):
    out: list = []
    seo_site._block_strings(block_type, value, out)
    return out


@pytest.mark.parametrize("body", _bodies(), ids=lambda body: str(len(body)))
def test_the_table_reads_what_the_walkers_read(body):
    assert blocks.PROSE_BLOCKS == seo_document.PROSE_BLOCKS
    assert blocks.RICH_TEXT_BLOCKS == seo_document.RICH_TEXT_BLOCKS
    assert blocks.SIGNATURE_BLOCKS == seo_site.SIGNATURE_BLOCKS
    for block in body:
        kind, value = block["type"], block["value"]
        assert blocks._new_block_text(kind, value) == blocks.block_text(kind, value)
        if kind in blocks.PROSE_BLOCKS:
            assert _new_units(kind, value) == _old_units(kind, value)
        if kind in blocks.RICH_TEXT_BLOCKS:
            assert blocks.rich_texts(kind, value) == seo_document.rich_texts(
                kind, value
            )
        if kind in blocks.SIGNATURE_BLOCKS:
            assert blocks.compared_strings(kind, value) == _old_signature(kind, value)


@pytest.mark.parametrize("body", _bodies(), ids=lambda body: str(len(body)))
def test_stored_data_gives_the_same_signature_strings(body):
    """Stored StreamField data (ids, list items wrapped as "item" blocks)."""
    stream = ArticleStreamBlock()
    without_images = [copy.deepcopy(b) for b in body if b["type"] != "image"]
    stored = stream.get_prep_value(stream.to_python(without_images))
    for block in stored:
        kind, value = block["type"], block["value"]
        if kind in blocks.SIGNATURE_BLOCKS:
            assert blocks.compared_strings(kind, value) == _old_signature(kind, value)


def _variants(block: dict):
    """The block with each optional key missing, None or empty in turn."""
    value = block["value"]
    if not isinstance(value, dict):
        return
    for key in value:
        for change in ("drop", None, ""):
            varied = copy.deepcopy(value)
            if change == "drop":
                del varied[key]
            else:
                varied[key] = change
            yield {"type": block["type"], "value": varied}
    yield {"type": block["type"], "value": "<p>A string where a mapping belongs.</p>"}


@pytest.mark.parametrize("block", EVERY_BLOCK, ids=lambda block: block["type"])
def test_data_off_the_contract_gives_the_same_shingles(block):
    for varied in _variants(block):
        old = seo_site._folded(seo_site.body_strings([varied])).split()
        new = seo_site._folded(
            blocks.compared_strings(varied["type"], varied["value"])
        ).split()
        # Where the old walker failed halfway through a block, it kept what it
        # had read and then read the whole block again: those words twice.
        twice = len(old) - len(new)
        assert old[twice:] == new, varied
        assert old[:twice] == new[:twice], varied
