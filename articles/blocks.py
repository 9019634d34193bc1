"""The article body's blocks.

The JSON of every block here is a public contract: the importer emits it, the page
stores it, the audit reads it and the API serves it. Struct children are declared
in the order the JSON lists them.
"""

import html
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from .unencodable import unencodable_text_errors
from .url_safety import sanitise_value, validate_safe_url

# Rich text never offers h1 (the page title is the only h1) nor images: headings
# and images are blocks of their own so the audit can see them.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "superscript"]
INLINE_FEATURES = ["bold", "italic", "link"]

HEADING_LEVELS = [(2, "H2"), (3, "H3"), (4, "H4")]
CAPTION_MAX_LENGTH = 255


class HeadingLevelBlock(blocks.ChoiceBlock):
    """A heading level stored as the integer 2, 3 or 4, as the contract promises."""

    def __init__(self, **kwargs):
        super().__init__(choices=HEADING_LEVELS, default=2, **kwargs)

    def get_field(self, **kwargs):
        return forms.TypedChoiceField(coerce=int, **kwargs)

    def to_python(self, value):
        return int(value) if value not in (None, "") else value


class HeadingBlock(blocks.StructBlock):
    """A section heading, h2 to h4."""

    text = blocks.CharBlock(max_length=255)
    level = HeadingLevelBlock()

    class Meta:
        template = "articles/blocks/heading.html"
        icon = "title"
        description = "A section heading (h2-h4); the page title is the only h1."
        preview_value = {"text": "How massage eases sciatic pain", "level": 2}
        form_classname = "struct-block heading-block"


class ListItemBlock(blocks.StructBlock):
    """One list item, with an optional list of sub-items."""

    text = blocks.CharBlock()
    children = blocks.ListBlock(blocks.CharBlock(), default=[])

    class Meta:
        icon = "list-ul"


class ListBlock(blocks.StructBlock):
    """A bulleted or numbered list, nested one level deep at most."""

    ordered = blocks.BooleanBlock(required=False, default=False)
    items = blocks.ListBlock(ListItemBlock(), min_num=1)

    class Meta:
        template = "articles/blocks/list.html"
        icon = "list-ul"
        description = "A bulleted or numbered list, with one level of sub-items."
        preview_value = {
            "ordered": False,
            "items": [
                {"text": "Swedish massage", "children": []},
                {"text": "Deep tissue massage", "children": []},
            ],
        }


class TableBlock(blocks.StructBlock):
    """A data table with a header row; every row has one cell per header cell."""

    caption = blocks.CharBlock(required=False)
    header = blocks.ListBlock(blocks.CharBlock(), min_num=1)
    rows = blocks.ListBlock(blocks.ListBlock(blocks.CharBlock(required=False)))

    class Meta:
        template = "articles/blocks/table.html"
        icon = "table"
        description = "A table with a header row (cells are plain text)."
        preview_value = {
            "caption": "Symptoms of sciatica",
            "header": ["Symptom", "Description"],
            "rows": [["Tingling", "Pins-and-needles feeling in the leg"]],
        }

    def clean(self, value):
        value = super().clean(value)
        columns = len(value["header"])
        bad_rows = [
            str(number)
            for number, row in enumerate(value["rows"], start=1)
            if len(row) != columns
        ]
        if bad_rows:
            raise StructBlockValidationError(
                block_errors={
                    "rows": ErrorList(
                        [
                            ValidationError(
                                f"Row {', '.join(bad_rows)} must have {columns} "
                                f"cells, one per header cell."
                            )
                        ]
                    )
                }
            )
        return value


class QuoteBlock(blocks.StructBlock):
    """A pull quote or a quotation from a source."""

    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)

    class Meta:
        template = "articles/blocks/quote.html"
        icon = "openquote"
        description = "A quotation with an optional attribution."
        preview_value = {
            "text": "Massage gave me my evenings back.",
            "attribution": "A patient",
        }


class CalloutBlock(blocks.StructBlock):
    """A highlighted tip, note or warning."""

    kind = blocks.ChoiceBlock(
        choices=[("tip", "Tip"), ("note", "Note"), ("warning", "Warning")],
        default="note",
    )
    title = blocks.CharBlock(required=False)
    text = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        template = "articles/blocks/callout.html"
        icon = "warning"
        description = "A tip, note or warning set apart from the text."
        preview_value = {
            "kind": "warning",
            "title": "See a doctor first",
            "text": "<p>Sudden leg weakness needs urgent care.</p>",
        }


class FaqItemBlock(blocks.StructBlock):
    """One question with its answer."""

    question = blocks.CharBlock()
    answer = blocks.RichTextBlock(features=INLINE_FEATURES)


class FaqBlock(blocks.StructBlock):
    """Frequently asked questions; becomes FAQPage structured data."""

    items = blocks.ListBlock(FaqItemBlock(), min_num=1)

    class Meta:
        template = "articles/blocks/faq.html"
        icon = "help"
        description = "Questions and answers (FAQPage structured data)."
        preview_value = {
            "items": [
                {
                    "question": "How often should I get a massage for sciatica?",
                    "answer": "<p>Weekly at first, then every two to four weeks.</p>",
                }
            ]
        }


class StepBlock(blocks.StructBlock):
    """One step of a how-to."""

    title = blocks.CharBlock(required=False)
    text = blocks.TextBlock()


class StepsBlock(blocks.StructBlock):
    """Step-by-step instructions; becomes HowTo structured data."""

    name = blocks.CharBlock()
    steps = blocks.ListBlock(StepBlock(), min_num=1)

    class Meta:
        template = "articles/blocks/steps.html"
        icon = "list-ol"
        description = "A named how-to with ordered steps (HowTo structured data)."
        preview_value = {
            "name": "Piriformis stretch",
            "steps": [
                {"title": "Sit", "text": "Sit on the floor with legs extended."},
                {"title": "Hold", "text": "Hold for 30 seconds, then switch."},
            ],
        }


class ReferenceBlock(blocks.StructBlock):
    """One citation."""

    title = blocks.CharBlock()
    url = blocks.URLBlock(required=False)
    publisher = blocks.CharBlock(required=False)
    date = blocks.DateBlock(required=False)

    def clean(self, value):
        value = super().clean(value)
        try:
            validate_safe_url(value["url"])
        except ValidationError as error:
            raise StructBlockValidationError(
                block_errors={"url": ErrorList([error])}
            ) from None
        return value


class ReferencesBlock(blocks.StructBlock):
    """The sources the article cites."""

    items = blocks.ListBlock(ReferenceBlock(), min_num=1)

    class Meta:
        template = "articles/blocks/references.html"
        icon = "link"
        description = "Citations: title, URL, publisher and date."
        preview_value = {
            "items": [
                {
                    "title": "Sciatica",
                    "url": "https://www.nhs.uk/conditions/sciatica/",
                    "publisher": "NHS",
                    "date": "2023-01-01",
                }
            ]
        }


class ImageBlock(blocks.StructBlock):
    """An image with alt text (or marked decorative) and an optional caption."""

    # The fields and stored shape of Wagtail's own ImageBlock, which has no
    # caption and takes no further child blocks; imported [caption]s and
    # figures need one.
    image = ImageChooserBlock()
    decorative = blocks.BooleanBlock(
        required=False,
        default=False,
        label="Image is decorative",
        help_text="Decorative images are skipped by screen readers and need no "
        "alt text.",
    )
    alt_text = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text="What the image shows, for people who cannot see it.",
    )
    caption = blocks.CharBlock(
        required=False,
        max_length=CAPTION_MAX_LENGTH,
        help_text="Shown below the image.",
    )

    class Meta:
        template = "articles/blocks/image.html"
        icon = "image"
        description = "An image with alt text, or marked decorative."

    def clean(self, value):
        value = super().clean(value)
        if not value.get("decorative") and not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        "Add alt text for the image, or mark it as decorative."
                    )
                }
            )
        return value


class DisclaimerBlock(blocks.StructBlock):
    """A medical disclaimer shown with the article."""

    text = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        template = "articles/blocks/disclaimer.html"
        icon = "warning"
        description = "A medical disclaimer."
        preview_value = {
            "text": "<p>This article is general information, not medical advice.</p>"
        }


# --- the text of each block type ---------------------------------------------
#
# Every reader of block text (the API's word count, the importer, the audit's
# prose and links, the site index's near-duplicate signatures) reads it from
# this one table: adding a block type means adding its entry here. An entry
# lists where the block's text is in its value, and what each piece of text is.

# What a piece of text is to those readers, as bits (cheap to test per piece).
READ = 1  # part of the block's readable text (block_text)
SENTENCE = 2  # ends a sentence: a unit of the prose the audit measures
COMPARED = 4  # compared when looking for near-duplicate articles
HTML = 8  # stored rich text: read without its tags; its links are links

PROSE = READ | SENTENCE | COMPARED  # what the article says, in sentences
RICH = PROSE | HTML  # the same, as rich text
LABEL = READ | COMPARED  # a heading, a table cell, a how-to's name: no sentence
NOTE = READ  # not the article's own wording: a citation's title, alt text
CREDIT = COMPARED  # a quotation's attribution: never read as the article's text


@dataclass(frozen=True, slots=True)
class Text:
    """One piece of text: the value itself (`key` None) or one key of it.
    `unless` names a key that, when true, leaves the text out (an image marked
    decorative has no alt text to read)."""

    kind: int
    key: str | None = None
    unless: str | None = None


@dataclass(frozen=True, slots=True)
class Items:
    """A list in the value (`key` of it, or the value itself), each item read
    by `parts`."""

    key: str | None
    parts: tuple["Text | Items", ...]


BLOCK_TEXT: dict[str, tuple[Text | Items, ...]] = {
    "heading": (Text(LABEL, "text"),),
    "paragraph": (Text(RICH),),
    "list": (Items("items", (Text(PROSE, "text"), Items("children", (Text(PROSE),)))),),
    "table": (
        Text(LABEL, "caption"),
        Items("header", (Text(LABEL),)),
        Items("rows", (Items(None, (Text(LABEL),)),)),
    ),
    "image": (Text(NOTE, "alt_text", unless="decorative"), Text(NOTE, "caption")),
    "quote": (Text(PROSE, "text"), Text(CREDIT, "attribution")),
    "callout": (Text(PROSE, "title"), Text(RICH, "text")),
    "faq": (Items("items", (Text(PROSE, "question"), Text(RICH, "answer"))),),
    "steps": (
        Text(LABEL, "name"),
        Items("steps", (Text(PROSE, "title"), Text(PROSE, "text"))),
    ),
    "references": (Items("items", (Text(NOTE, "title"),)),),
    "disclaimer": (Text(RICH, "text"),),
}


class ArticleStreamBlock(blocks.StreamBlock):
    """Everything an article body can hold."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        description="A paragraph of text.",
        preview_value="<p>Massage can ease the muscle tension behind sciatica.</p>",
    )
    list = ListBlock()
    table = TableBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    faq = FaqBlock()
    steps = StepsBlock()
    references = ReferencesBlock()
    disclaimer = DisclaimerBlock()

    def clean(self, value):
        # The one place every saved body passes, from the admin form and from
        # API v3 (which binds the same form): rich text keeps only what its
        # block's features allow, and links only safe schemes. The admin's
        # rich-text editor posts JSON, whose escapes can carry text that has
        # no UTF-8 form; refused here, it never becomes an unpublishable draft.
        value = sanitise_value(self, super().clean(value))
        problems = unencodable_text_errors(self.get_prep_value(value), loc=())
        if problems:
            raise ValidationError(problems[0]["msg"], code="unencodable")
        return value


_ITEM_KEYS = frozenset({"type", "value", "id"})


def contract_data(value):
    """Stored StreamField data in the public contract's shape, without block ids.

    Wagtail stores list items as {"type": "item", "value": ..., "id": ...}; the
    contract (and the importer) use plain lists, and ids are storage details.
    """
    if isinstance(value, list):
        return [contract_data(item) for item in value]
    if isinstance(value, dict):
        if value.get("type") == "item" and value.keys() <= _ITEM_KEYS:
            return contract_data(value["value"])
        return {key: contract_data(item) for key, item in value.items() if key != "id"}
    return value


def contract_blocks(raw_data: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A stored body in contract shape, each top-level block keeping its id
    (where the audit's findings point)."""
    return [
        {"type": b["type"], "value": contract_data(b["value"]), "id": b.get("id")}
        for b in raw_data
    ]


def contract_blocks_from_json(text: str) -> list[dict[str, Any]]:
    """contract_blocks() of a body's stored JSON text, converted while it is
    parsed instead of copied after: reading a whole library, the copy costs
    as much as the parse. (Its one difference, which no ArticleStreamBlock
    body has: a top-level block of type "item" would be unwrapped.)"""
    ids: dict[int, Any] = {}

    def convert(value: dict[str, Any]) -> Any:
        if value.get("type") == "item" and value.keys() <= _ITEM_KEYS:
            return value["value"]
        if "id" in value:
            ids[id(value)] = value.pop("id")
        return value

    return [
        {"type": b["type"], "value": b["value"], "id": ids.get(id(b))}
        for b in json.loads(text, object_hook=convert)
    ]


_TAG = re.compile(r"<[^>]+>")


def rich_text_plain(value: str) -> str:
    """The text of stored rich text. Wagtail writes well-formed HTML with escaped
    attribute values, so dropping tags is exact and far cheaper than parsing."""
    return html.unescape(_TAG.sub("", value)).strip()


def list_items(values: Any) -> list[Any]:
    """A ListBlock's values, stored ({"type": "item", "value": v, "id": ...})
    or in contract shape (plain values)."""
    if not values:
        return []
    first = values[0]
    if isinstance(first, dict) and first.get("type") == "item":
        return [item["value"] for item in values]
    return values


# --- reading block text: every reader derives from BLOCK_TEXT ---------------

# Appends the texts a block type's definition finds in a value to a list.
Reader = Callable[[Any, list[str]], None]


def _reader(parts: tuple[Text | Items, ...], kind: int, plain: bool) -> Reader | None:
    """A function that appends the texts of `kind` that `parts` find in a
    value (rich text without its tags if `plain`), built once per block type
    so that reading a library's blocks is a few calls each; None when `parts`
    hold no text of that kind."""
    readers: list[Reader] = []
    for part in parts:
        if isinstance(part, Items):
            inner = _reader(part.parts, kind, plain)
            if inner is not None:
                readers.append(_each(part.key, inner))
        elif part.kind & kind:
            convert = rich_text_plain if plain and part.kind & HTML else None
            readers.append(_text(part.key, part.unless, convert))
    if len(readers) <= 1:
        return readers[0] if readers else None

    def read_all(value: Any, out: list[str], readers=tuple(readers)) -> None:
        for read in readers:
            read(value, out)

    return read_all


def _each(key: str | None, inner: Reader) -> Reader:
    def read(value: Any, out: list[str]) -> None:
        for item in list_items(value if key is None else value.get(key)):
            inner(item, out)

    return read


def _text(
    key: str | None, unless: str | None, convert: Callable[[str], str] | None
) -> Reader:
    if unless is not None:
        inner = _text(key, None, convert)

        def read(value: Any, out: list[str]) -> None:
            if not value.get(unless):
                inner(value, out)

    elif key is None:

        def read(value: Any, out: list[str]) -> None:
            out.append(convert(value or "") if convert else value or "")

    else:

        def read(value: Any, out: list[str]) -> None:
            text = value.get(key) or ""
            out.append(convert(text) if convert else text)

    return read


def _readers(kind: int, *, plain: bool) -> dict[str, Reader]:
    return {
        name: reader
        for name, parts in BLOCK_TEXT.items()
        if (reader := _reader(parts, kind, plain)) is not None
    }


_READABLE = _readers(READ, plain=True)
_PROSE = _readers(SENTENCE, plain=True)
_RICH = _readers(HTML, plain=False)
_COMPARED = _readers(COMPARED, plain=False)

# Blocks whose text a reader reads as prose (readability, keyphrase density);
# headings, tables, references and alt text are measured by their own checks.
PROSE_BLOCKS = frozenset(_PROSE)
RICH_TEXT_BLOCKS = frozenset(_RICH)
# The blocks compared for near-duplicates.
SIGNATURE_BLOCKS = frozenset(_COMPARED)


def _texts(readers: dict[str, Reader], block_type: str, value: Any) -> list[str]:
    out: list[str] = []
    if (read := readers.get(block_type)) is not None:
        read(value, out)
    return out


def block_text(block_type: str, value: Any) -> str:
    """The readable text of one block in contract shape (see contract_data)."""
    return " ".join(text for text in _texts(_READABLE, block_type, value) if text)


def prose_units(block_type: str, value: Any) -> list[str]:
    """A block's prose as units that each end a sentence: list items, FAQ
    questions and step titles carry no full stop of their own. Empty for a
    block that is not prose (see PROSE_BLOCKS)."""
    return _texts(_PROSE, block_type, value)


def rich_texts(block_type: str, value: Any) -> list[str]:
    """A block's stored rich text (HTML), where its links are."""
    return _texts(_RICH, block_type, value)


def compared_strings(
    block_type: str, value: Any, out: list[str] | None = None
) -> list[str]:
    """The text a near-duplicate signature compares, markup included, added
    to `out` (or a new list) and returned; nothing for a block type that is
    not compared. Reads stored data and contract data alike. A value off the
    contract (a string where a mapping belongs) gives every string under a
    key that can hold text."""
    out = [] if out is None else out
    if (read := _COMPARED.get(block_type)) is None:
        return out
    mark = len(out)
    try:
        read(value, out)
    except (KeyError, TypeError, AttributeError):
        del out[mark:]
        _any_text(value, out)
    return out


# The keys of a value that can hold text, read when data is off the contract
# ("value": a stored list item's).
def _keys(parts: tuple[Text | Items, ...]) -> Iterator[str]:
    for part in parts:
        if part.key is not None:
            yield part.key
        if isinstance(part, Items):
            yield from _keys(part.parts)


_TEXT_KEYS = frozenset(key for parts in BLOCK_TEXT.values() for key in _keys(parts)) | {
    "value"
}


def _any_text(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in _TEXT_KEYS:
                _any_text(item, out)
    elif isinstance(value, list):
        for item in value:
            _any_text(item, out)
