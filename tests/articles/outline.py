"""A compact view of imported block data, so tests can assert exact structure."""

from bs4 import BeautifulSoup


def block_text(block: dict) -> str:
    kind, value = block["type"], block["value"]
    if kind == "paragraph":
        return BeautifulSoup(value, "html.parser").get_text()
    if kind == "disclaimer":
        return BeautifulSoup(value["text"], "html.parser").get_text()
    if kind == "heading":
        return value["text"]
    if kind == "list":
        return " ".join(
            " ".join([item["text"], *item["children"]]) for item in value["items"]
        )
    if kind == "table":
        cells = [*value["header"], *(cell for row in value["rows"] for cell in row)]
        return " ".join(cells)
    raise AssertionError(f"unexpected block type {kind}")


def outline(body: list[dict]) -> list[tuple]:
    """("h2", text), ("p", text), ("disclaimer", text), ("ul"/"ol", [(item,
    [children])]), ("table", ...)."""
    rows = []
    for block in body:
        kind, value = block["type"], block["value"]
        if kind == "heading":
            rows.append((f"h{value['level']}", value["text"]))
        elif kind == "paragraph":
            rows.append(("p", block_text(block)))
        elif kind == "disclaimer":
            rows.append(("disclaimer", block_text(block)))
        elif kind == "steps":
            steps = [(step["title"], step["text"]) for step in value["steps"]]
            rows.append(("steps", value["name"], steps))
        elif kind == "list":
            items = [(i["text"], i["children"]) for i in value["items"]]
            rows.append(("ol" if value["ordered"] else "ul", items))
        elif kind == "table":
            rows.append(("table", value["header"], value["rows"]))
    return rows


def headings(body: list[dict]) -> list[tuple]:
    return [row for row in outline(body) if row[0] in ("h2", "h3", "h4")]
