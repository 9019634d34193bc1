"""Small builders for audit tests: block data in contract shape, and Documents."""

from datetime import date

from seo.document import ArticleData, Document

TODAY = date(2026, 11, 21)


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def heading(text: str, level: int = 2) -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def bullets(*items: str, ordered: bool = False) -> dict:
    value = {"ordered": ordered, "items": [{"text": t, "children": []} for t in items]}
    return {"type": "list", "value": value}


def image(image_id: int = 1, alt: str = "", decorative: bool = False) -> dict:
    value = {"image": image_id, "alt_text": alt, "decorative": decorative}
    return {"type": "image", "value": value}


def disclaimer(text: str = "This is general information, not medical advice.") -> dict:
    return {"type": "disclaimer", "value": {"text": f"<p>{text}</p>"}}


def references(*urls: str) -> dict:
    items = [{"title": f"Source {n}", "url": url} for n, url in enumerate(urls, 1)]
    return {"type": "references", "value": {"items": items}}


def document(*body: dict, site=None, **fields) -> Document:
    """A Document from blocks; any ArticleData field can be given by name."""
    fields.setdefault("title", "Massage for sciatica")
    fields.setdefault("today", TODAY)
    return Document(ArticleData(body=list(body), **fields), site=site)
