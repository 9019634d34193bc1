"""The table of contents: the body's headings, anchored on their block ids."""

from typing import Any

from articles.blocks import HeadingBlock

DEFAULT_LEVEL = HeadingBlock.base_blocks["level"].get_default()


def table_of_contents(raw_blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """[{"level", "text", "anchor"}] in body order; `anchor` is the heading
    block's `id`, which the body JSON carries too, so a frontend can render
    `<h2 id="{anchor}">` and link `#{anchor}` from the table."""
    return [
        {
            # A heading stored without a level (data written outside the
            # admin) reads as the block's default, as the body JSON shows it.
            "level": int(raw["value"].get("level") or DEFAULT_LEVEL),
            "text": raw["value"]["text"].strip(),
            "anchor": raw.get("id"),
        }
        for raw in raw_blocks
        if raw.get("type") == "heading" and (raw["value"].get("text") or "").strip()
    ]
