"""The article body's blocks.

The JSON of every block here is a public contract: the importer emits it, the page
stores it, the audit reads it and the API serves it. Struct children are declared
in the order the JSON lists them.
"""

import html
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

from .unencodable import unencodable_text_errors
from .url_safety import sanitise_value, validate_safe_url

# Rich text never offers h1 (the page title is the only h1) nor images: headings
# and images are blocks of their own so the audit can see them.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "superscript"]
INLINE_FEATURES = ["bold", "italic", "link"]

HEADING_LEVELS = [(2, "H2"), (3, "H3"), (4, "H4")]


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
    image = ImageBlock(
        description="An image with alt text, or marked decorative.",
        template="articles/blocks/image.html",
    )
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


def contract_data(value):
    """Stored StreamField data in the public contract's shape, without block ids.

    Wagtail stores list items as {"type": "item", "value": ..., "id": ...}; the
    contract (and the importer) use plain lists, and ids are storage details.
    """
    if isinstance(value, list):
        return [contract_data(item) for item in value]
    if isinstance(value, dict):
        if value.get("type") == "item" and set(value) <= {"type", "value", "id"}:
            return contract_data(value["value"])
        return {key: contract_data(item) for key, item in value.items() if key != "id"}
    return value


_TAG = re.compile(r"<[^>]+>")


def rich_text_plain(value: str) -> str:
    """The text of stored rich text. Wagtail writes well-formed HTML with escaped
    attribute values, so dropping tags is exact and far cheaper than parsing."""
    return html.unescape(_TAG.sub("", value)).strip()


def _joined(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def block_text(block_type: str, value) -> str:
    """The readable text of one block in contract shape (see contract_data)."""
    match block_type:
        case "paragraph":
            return rich_text_plain(value)
        case "heading" | "quote":
            return value["text"]
        case "list":
            return _joined(
                *(_joined(item["text"], *item["children"]) for item in value["items"])
            )
        case "table":
            cells = (cell for row in value["rows"] for cell in row)
            return _joined(value.get("caption", ""), *value["header"], *cells)
        case "callout":
            return _joined(value.get("title", ""), rich_text_plain(value["text"]))
        case "disclaimer":
            return rich_text_plain(value["text"])
        case "faq":
            return _joined(
                *(
                    _joined(item["question"], rich_text_plain(item["answer"]))
                    for item in value["items"]
                )
            )
        case "steps":
            return _joined(
                value["name"],
                *(
                    _joined(step.get("title", ""), step["text"])
                    for step in value["steps"]
                ),
            )
        case "references":
            return _joined(*(item["title"] for item in value["items"]))
        case "image":
            return "" if value.get("decorative") else value.get("alt_text") or ""
    return ""
