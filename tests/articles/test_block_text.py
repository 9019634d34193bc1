"""One definition of each block type's text (articles.blocks.BLOCK_TEXT), and
every reader of block text deriving from it."""

import copy
import hashlib
import json

import pytest
from django.conf import settings
from wagtail import blocks as wagtail_blocks

from articles import blocks
from articles.blocks import BLOCK_TEXT, ArticleStreamBlock, Items, contract_data
from articles.importing import html as html_import
from articles.importing import parse_file
from seo import document as seo_document
from seo import site as seo_site

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


EXPECTED = [
    # (block text, prose units, rich text, compared strings), as the three
    # walkers this table replaced read them.
    ("Heat or ice", [], [], ["Heat or ice"]),
    (
        "Rest first, then walk.",
        ["Rest first, then walk."],
        [EVERY_BLOCK[1]["value"]],
        [EVERY_BLOCK[1]["value"]],
    ),
    (
        "Rest the back well On a firm bed Walk a little every day",
        ["Rest the back well", "On a firm bed", "Walk a little every day"],
        [],
        ["Rest the back well", "On a firm bed", "Walk a little every day"],
    ),
    (
        "Weekly plan Day Session Monday Stretch Friday",
        [],
        [],
        ["Weekly plan", "Day", "Session", "Monday", "Stretch", "Friday", ""],
    ),
    ("A chair", [], [], []),
    ("", [], [], []),
    ("It helped.", ["It helped."], [], ["It helped.", "A patient"]),
    (
        "Stop If pain grows, call.",
        ["Stop", "If pain grows, call."],
        [EVERY_BLOCK[7]["value"]["text"]],
        ["Stop", EVERY_BLOCK[7]["value"]["text"]],
    ),
    (
        "Untitled tip.",
        ["Untitled tip."],
        ["<p>Untitled tip.</p>"],
        ["", "<p>Untitled tip.</p>"],
    ),
    (
        "Does it hurt? No. Not & never. How often Weekly",
        ["Does it hurt?", "No. Not & never.", "How often", "Weekly"],
        ["<p>No. Not &amp; never.</p>", "<p>Weekly</p>"],
        ["Does it hurt?", "<p>No. Not &amp; never.</p>", "How often", "<p>Weekly</p>"],
    ),
    (
        "Stretch Lie down Relax. Hold it for thirty seconds. Then swap",
        ["Lie down", "Relax.", "Hold it for thirty seconds. Then swap"],
        [],
        ["Stretch", "Lie down", "Relax.", "", "Hold it for thirty seconds. Then swap"],
    ),
    ("Sciatica A paper", [], [], []),
    (
        "Not medical advice.",
        ["Not medical advice."],
        ["<p>Not medical advice.</p>"],
        ["<p>Not medical advice.</p>"],
    ),
]


def test_every_block_type_has_one_definition():
    assert set(BLOCK_TEXT) == set(ArticleStreamBlock().child_blocks)
    assert {block["type"] for block in EVERY_BLOCK} == set(BLOCK_TEXT)


def _check_against(parts, block) -> None:
    for part in parts:
        child = block if part.key is None else block.child_blocks[part.key]
        if isinstance(part, Items):
            assert isinstance(child, wagtail_blocks.ListBlock), part
            _check_against(part.parts, child.child_block)
            continue
        if part.unless:
            assert isinstance(
                block.child_blocks[part.unless], wagtail_blocks.BooleanBlock
            )
        rich = isinstance(child, wagtail_blocks.RichTextBlock)
        assert rich == bool(part.kind & blocks.HTML), part
        if not rich:
            assert isinstance(
                child, wagtail_blocks.CharBlock | wagtail_blocks.TextBlock
            )


@pytest.mark.parametrize("name", sorted(BLOCK_TEXT))
def test_each_definition_names_text_fields_of_its_block(name):
    """Every key a definition reads is a text field of that block (rich text
    exactly where it says HTML), and every list it walks is a ListBlock."""
    _check_against(BLOCK_TEXT[name], ArticleStreamBlock().child_blocks[name])


def test_the_sets_of_block_types():
    assert {
        "paragraph",
        "list",
        "quote",
        "callout",
        "faq",
        "steps",
        "disclaimer",
    } == blocks.PROSE_BLOCKS
    assert {"paragraph", "callout", "disclaimer", "faq"} == blocks.RICH_TEXT_BLOCKS
    assert blocks.PROSE_BLOCKS | {"heading", "table"} == blocks.SIGNATURE_BLOCKS
    # Where other code has always imported them from.
    assert seo_document.PROSE_BLOCKS is blocks.PROSE_BLOCKS
    assert seo_document.RICH_TEXT_BLOCKS is blocks.RICH_TEXT_BLOCKS
    assert seo_document.rich_texts is blocks.rich_texts
    assert seo_site.SIGNATURE_BLOCKS is blocks.SIGNATURE_BLOCKS


def _read(block: dict) -> tuple:
    kind, value = block["type"], block["value"]
    return (
        blocks.block_text(kind, value),
        [unit for unit in blocks.prose_units(kind, value) if unit.strip()],
        blocks.rich_texts(kind, value),
        blocks.compared_strings(kind, value),
    )


@pytest.mark.parametrize(
    ("block", "expected"),
    list(zip(EVERY_BLOCK, EXPECTED, strict=True)),
    ids=[block["type"] for block in EVERY_BLOCK],
)
def test_each_block_types_text(block, expected):
    assert _read(block) == expected


def test_stored_data_reads_as_contract_data():
    """Stored StreamField data: block ids, list items wrapped as "item" blocks."""
    stream = ArticleStreamBlock()
    body = [copy.deepcopy(b) for b in EVERY_BLOCK if b["type"] != "image"]
    # As the admin saves it: clean() gives every list item a block id.
    stored = stream.get_prep_value(stream.clean(stream.to_python(body)))
    assert stored[2]["value"]["items"][0]["type"] == "item"
    for block in stored:
        contract = {"type": block["type"], "value": contract_data(block["value"])}
        assert _read(block) == _read(contract)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        # A block missing a list reads what is there, once.
        ({"type": "steps", "value": {"name": "Stretch"}}, ["Stretch"]),
        (
            {"type": "table", "value": {"caption": "Plan", "rows": [["Monday", None]]}},
            ["Plan", "Monday", ""],
        ),
        # A string where a mapping belongs is read as it is.
        ({"type": "callout", "value": "<p>Plain text.</p>"}, ["<p>Plain text.</p>"]),
        (
            {"type": "list", "value": {"ordered": True, "items": ["One", "Two"]}},
            ["One", "Two"],
        ),
        # Never a block type that is not compared, however it is stored.
        ({"type": "image", "value": "odd"}, []),
    ],
)
def test_data_off_the_contract_is_compared_as_far_as_it_goes(block, expected):
    assert blocks.compared_strings(block["type"], block["value"]) == expected


def test_the_seeds_read_as_they_always_have(seeds_dir):
    """A digest of every reading of the seeds, the demo articles and an HTML
    import, taken from the three walkers this table replaced: block text,
    prose units, rich text, compared strings and the near-duplicate signature
    (which stored audits depend on)."""
    from tests.articles.test_html_import import REALISTIC_PAGE

    demo = sorted((settings.BASE_DIR / "articles" / "demo_content").glob("*.txt"))
    bodies = [html_import.parse(REALISTIC_PAGE, "page.html").body] + [
        parse_file(path).body for path in demo + sorted(seeds_dir.glob("*.txt"))
    ]
    digest = hashlib.sha256()
    for body in bodies:
        for block in body:
            digest.update(json.dumps([block["type"], *_read(block)]).encode())
        values = seo_site.signature(body)
        digest.update(json.dumps(None if values is None else values.tolist()).encode())
    assert (len(bodies), digest.hexdigest()) == (
        9,
        "526ece23a60e61c3ea167b9303dc2693c3a956675ea108b48c4d08e29857ca5a",
    )


def test_an_images_caption_is_read_with_its_alt_text():
    value = {"image": 3, "alt_text": "A chair", "decorative": False, "caption": "Sit."}
    assert blocks.block_text("image", value) == "A chair Sit."
    # A decorative image has no alt text to read; its caption is still shown.
    assert blocks.block_text("image", {**value, "decorative": True}) == "Sit."
    assert blocks.compared_strings("image", value) == []
