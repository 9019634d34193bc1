"""Pages, documents and images that article bodies refer to, fetched in bulk.

Wagtail resolves rich-text links one rich-text value at a time and loads body
images one stream at a time, so an article with many paragraphs (or a listing
of many articles) costs queries in proportion. Here every reference in a batch
of bodies is collected first and each kind is fetched in one query, so the
query count stays constant however many links, images and articles there are.
"""

from collections.abc import Iterable

from django.http import HttpRequest
from django.utils.html import escape
from wagtail.api.utils import get_full_url
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import features
from wagtail.rich_text.rewriters import (
    FIND_A_TAG,
    EmbedRewriter,
    LinkRewriter,
    MultiRuleRewriter,
    extract_attrs,
)


def _int_ids(values: Iterable) -> set[int]:
    return {int(value) for value in values if str(value).isdigit()}


def linked_ids(rich_texts: Iterable[str]) -> tuple[set[int], set[int]]:
    """The page ids and document ids linked from database-HTML values."""
    pages, documents = [], []
    for html in rich_texts:
        for attr_string in FIND_A_TAG.findall(html):
            attrs = extract_attrs(attr_string)
            if attrs.get("linktype") == "page":
                pages.append(attrs.get("id"))
            elif attrs.get("linktype") == "document":
                documents.append(attrs.get("id"))
    return _int_ids(pages), _int_ids(documents)


class References:
    """Resolved references for one batch of bodies, and rich text rendered with them."""

    def __init__(
        self,
        *,
        request: HttpRequest,
        pages: dict[int, Page],
        documents: dict[int, object],
        images: dict[int, object],
    ):
        self.request = request
        self.pages = pages
        self.documents = documents
        self.images = images
        self._rewriter = MultiRuleRewriter(
            [
                LinkRewriter(
                    bulk_rules={
                        "page": self._page_links,
                        "document": self._document_links,
                    }
                ),
                # Paragraph features offer no embeds; should one reach the
                # database anyway, Wagtail's handlers still render it.
                EmbedRewriter(
                    bulk_rules={
                        name: handler.expand_db_attributes_many
                        for name, handler in features.get_embed_types().items()
                    }
                ),
            ]
        )

    @classmethod
    def fetch(
        cls,
        *,
        request: HttpRequest,
        pages: dict[int, Page],
        document_ids: set[int],
        image_ids: Iterable[int],
    ) -> "References":
        """References with the linked `pages` the caller has fetched (only
        those readers may see: a link to a draft or a private page renders
        without an address rather than leaking one), and the documents and
        images fetched here by id."""
        image_ids = _int_ids(image_ids)
        return cls(
            request=request,
            pages=pages,
            documents=get_document_model().objects.in_bulk(document_ids)
            if document_ids
            else {},
            images=get_image_model().objects.in_bulk(image_ids) if image_ids else {},
        )

    def rich_text(self, html: str) -> str:
        """Database HTML as display HTML, links on their public addresses."""
        return self._rewriter(html)

    def image(self, image_id) -> dict[str, object] | None:
        image = self.images.get(int(image_id)) if str(image_id).isdigit() else None
        if image is None:
            return None
        return {
            "id": image.pk,
            "title": image.title,
            "url": get_full_url(self.request, image.file.url),
            "width": image.width,
            "height": image.height,
        }

    def _page_links(self, attrs_list: list[dict]) -> list[str]:
        tags = []
        for attrs in attrs_list:
            page = (
                self.pages.get(int(attrs["id"]))
                if attrs.get("id", "").isdigit()
                else None
            )
            url = page.get_full_url(self.request) if page else None
            tags.append(f'<a href="{escape(url)}">' if url else "<a>")
        return tags

    def _document_links(self, attrs_list: list[dict]) -> list[str]:
        tags = []
        for attrs in attrs_list:
            doc_id = attrs.get("id", "")
            document = self.documents.get(int(doc_id)) if doc_id.isdigit() else None
            if document is None:
                tags.append("<a>")
                continue
            url = get_full_url(self.request, document.url)
            tags.append(f'<a href="{escape(url)}" title="{escape(document.title)}">')
        return tags
