"""Article bodies as typed block JSON, from the stored data and the block definitions.

The JSON follows the block contract (`articles.blocks`, README "The block
contract"), with what a frontend cannot resolve itself filled in: rich text is
display HTML with links on public addresses, and an image block's `image` is an
object (id, title, url, width, height) instead of an id. Each top-level block
keeps its stable `id`.

Blocks are walked from their raw stored values rather than through
`StreamValue`, which loads each stream's images with a query of its own;
`References` has already fetched every image and link target of the batch.
"""

from collections.abc import Iterator
from typing import Any

from wagtail import blocks
from wagtail.api.rich_text import APIRichText

from articles.blocks import ImageBlock

from .references import References

TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.URLBlock)


def _item_value(raw: Any) -> Any:
    """A list item's value: Wagtail stores {"type": "item", "value", "id"}."""
    if isinstance(raw, dict) and raw.get("type") == "item" and "value" in raw:
        return raw["value"]
    return raw


def _struct_child(block: blocks.StructBlock, raw: dict, name: str) -> Any:
    child = block.child_blocks[name]
    if name in raw:
        return raw[name]
    default = child.get_prep_value(child.get_default())
    if default is None and isinstance(child, TEXT_BLOCKS):
        return ""  # the contract promises a string, as Wagtail's form saves it
    return default


def _image_id(raw: Any) -> Any:
    return raw.get("image") if isinstance(raw, dict) else raw


def references_in(block: blocks.Block, raw: Any) -> Iterator[tuple[str, Any]]:
    """("rich_text", html) and ("image", id) for everything a value refers to."""
    if isinstance(block, ImageBlock):
        yield "image", _image_id(raw)
    elif isinstance(block, blocks.RichTextBlock):
        yield "rich_text", raw or ""
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            yield from references_in(child, _struct_child(block, raw, name))
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for item in raw:
            yield from references_in(block.child_block, _item_value(item))


def stream_references(
    stream_block: blocks.StreamBlock, raw_blocks: list[dict]
) -> Iterator[tuple[str, Any]]:
    for raw in raw_blocks:
        child = stream_block.child_blocks.get(raw.get("type"))
        if child is not None:
            yield from references_in(child, raw.get("value"))


class BodyRenderer:
    """Renders raw stream data to API JSON with one batch's references."""

    def __init__(self, references: References, rich_text_format: str):
        self.references = references
        self.rich_text_format = rich_text_format

    def stream(self, stream_block: blocks.StreamBlock, raw_blocks: list[dict]) -> list:
        return [
            {
                "type": raw["type"],
                "value": self.value(
                    stream_block.child_blocks[raw["type"]], raw["value"]
                ),
                "id": raw.get("id"),
            }
            for raw in raw_blocks
            # A block type removed from the code since the page was saved is
            # skipped, as Wagtail skips it when it loads the stream.
            if raw.get("type") in stream_block.child_blocks
        ]

    def value(self, block: blocks.Block, raw: Any) -> Any:
        if isinstance(block, ImageBlock):
            return self.image(raw)
        if isinstance(block, blocks.RichTextBlock):
            return self.rich_text(block, raw or "")
        if isinstance(block, blocks.StructBlock):
            raw = raw if isinstance(raw, dict) else {}
            return {
                name: self.value(child, _struct_child(block, raw, name))
                for name, child in block.child_blocks.items()
            }
        if isinstance(block, blocks.ListBlock):
            return [
                self.value(block.child_block, _item_value(item)) for item in raw or []
            ]
        # Plain field blocks store JSON-ready values, which the contract uses as is.
        return raw

    def rich_text(self, block: blocks.RichTextBlock, html: str) -> str:
        if self.rich_text_format == APIRichText.FORMAT_HTML:
            return self.references.rich_text(html)
        # Other formats Wagtail offers (?rich_text_format=db_html, markdown...)
        # stay available through its own serializer.
        return APIRichText.serialize(
            html, format=self.rich_text_format, features=block.features
        )

    def image(self, raw: Any) -> dict[str, Any]:
        if not isinstance(raw, dict):  # an image id stored by an ImageChooserBlock
            raw = {"image": raw, "alt_text": None, "decorative": False}
        image = self.references.image(raw.get("image")) if raw.get("image") else None
        decorative = bool(raw.get("decorative"))
        alt_text = raw.get("alt_text")
        if alt_text is None and image is not None:
            alt_text = self.references.images[image["id"]].default_alt_text
        return {
            "image": image,
            "alt_text": "" if decorative else alt_text or "",
            "decorative": decorative,
            "caption": raw.get("caption") or "",
        }
