"""The table of contents: the body's headings, anchored on their block ids."""

from typing import Any


def table_of_contents(raw_blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """[{"level", "text", "anchor"}] in body order; `anchor` is the heading
    block's `id`, which the body JSON carries too, so a frontend can render
    `<h2 id="{anchor}">` and link `#{anchor}` from the table."""
    return [
        {
            "level": int(raw["value"]["level"]),
            "text": raw["value"]["text"].strip(),
            "anchor": raw.get("id"),
        }
        for raw in raw_blocks
        if raw.get("type") == "heading" and raw["value"].get("text", "").strip()
    ]
