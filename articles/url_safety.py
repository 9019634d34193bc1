"""Which link addresses an article may hold, and its rich text cleaned to match.

A link is kept only with an http, https, mailto or tel scheme, or with no scheme
at all (a relative address); page and document links carry no address in stored
rich text (`<a linktype="page" id="3">`) and are kept. The scheme is judged the
way a browser reads it, after entities are decoded and the control characters
and whitespace it skips are dropped, so `java&#x09;script:`, `&#106;avascript:`
or ` JaVaScRiPt:` are refused like `javascript:`, and `data:` or `vbscript:` too.

Rich text goes through Wagtail's own whitelist for its block's features (the
converter API v3 uses for input); the scheme rule here is added on top, as
Wagtail's `check_url` also lets `ftp:` through.

Where it applies: the article body's block definitions clean every value the
admin form and API v3 save (`articles.blocks.ArticleStreamBlock.clean`); the
importer refuses unsafe links as it reads them (`importing.html.usable_href`)
and can pass its blocks through `sanitise_article_body`; `manage.py clean_links`
cleans bodies and revisions stored before these rules.
"""

import html
import re
import unicodedata
from functools import cache, lru_cache

from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.rich_text import RichText
from wagtail.whitelist import check_url

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_BLOCK_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Browsers decode an attribute once; a value pasted into HTML unescaped by some
# API client would be decoded once more, so decode until nothing changes.
_MAX_DECODES = 4


def _skipped(char: str) -> bool:
    # Browsers drop tabs and line breaks anywhere in a URL and control characters
    # and spaces around it; dropping every control, format and space character
    # anywhere is stricter and leaves no gap between the two.
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs")


def browser_form(url: str) -> str:
    """The address as a browser would judge its scheme: entities decoded,
    skipped characters dropped, lowercased."""
    for _ in range(_MAX_DECODES):
        decoded = html.unescape(url)
        if decoded == url:
            break
        url = decoded
    return (
        "".join(char for char in url if not _skipped(char))
        .replace("\ufffd", "")
        .lower()
    )


def is_safe_url(url: str) -> bool:
    """Whether a link to `url` is allowed: a safe scheme, or a relative address."""
    if check_url(url) is None:
        return False
    scheme = _SCHEME.match(browser_form(url))
    return scheme is None or scheme[1] in ALLOWED_SCHEMES


def validate_safe_url(url: str) -> None:
    if url and not is_safe_url(url):
        raise ValidationError(
            f"“{url}” is not a link readers can safely follow: use an http or "
            "https address.",
            code="unsafe_url",
        )


@cache
def _converter_class() -> type:
    # Imported when first used: Wagtail's admin converters load the Page model,
    # and this module is imported while models are still loading.
    from wagtail.admin.rich_text.converters.db_html import (
        DbHTMLConverter,
        DbHtmlInputWhitelister,
    )

    class SafeLinkWhitelister(DbHtmlInputWhitelister):
        """Wagtail's whitelist for stored rich text, dropping the address of a
        link whose scheme is not allowed here (the link's text stays)."""

        def clean_tag_node(self, doc, tag):
            block_key = tag.get("data-block-key")
            super().clean_tag_node(doc, tag)
            href = tag.get("href") if tag.name == "a" else None
            if href is not None and not is_safe_url(href):
                del tag["href"]
            # The admin's editor keys its blocks (comments are anchored to
            # them); the whitelist would drop the key of an element it keeps.
            if (
                block_key is not None
                and tag.parent is not None
                and _BLOCK_KEY.fullmatch(block_key)
            ):
                tag["data-block-key"] = block_key

    class SafeRichTextConverter(DbHTMLConverter):
        @cached_property
        def whitelister(self):
            return SafeLinkWhitelister(self.converter_rules)

    return SafeRichTextConverter


def clean_rich_text(source: str, features: list[str] | None) -> str:
    """Stored rich text with only what `features` allow and only safe links."""
    return _clean_rich_text(source or "", None if features is None else tuple(features))


# Whitelisting costs milliseconds per value, and the admin cleans the whole body
# on every save, preview and autosave while most of it is unchanged since the last.
@lru_cache(maxsize=4096)
def _clean_rich_text(source: str, features: tuple[str, ...] | None) -> str:
    # A converter per call: its whitelister keeps per-call state.
    converter = _converter_class()(None if features is None else list(features))
    cleaned, _removals = converter.clean(source)
    return cleaned


# What a browser fetches, navigates to or runs from an element or attribute
# (rich text holds links only: Wagtail stores images as `<embed embedtype>`).
_SCRIPTING_ELEMENTS = frozenset(
    {"script", "style", "iframe", "frame", "object", "embed", "applet", "base"}
    | {"meta", "link", "form", "svg", "math", "template"}
)
_FETCHING_ATTRIBUTES = frozenset(
    {"src", "srcdoc", "srcset", "action", "formaction", "data", "poster"}
    | {"background", "xlink:href", "style"}
)


def holds_script(source: str) -> bool:
    """Whether stored rich text holds anything that could run script: a link
    with an unsafe address, an event handler, a fetching attribute, or a
    scripting element (other than Wagtail's own `<embed embedtype>`)."""
    if "<" not in source:
        return False
    for tag in BeautifulSoup(source, "html.parser").find_all(True):
        if tag.name in _SCRIPTING_ELEMENTS and not (
            tag.name == "embed"
            and set(tag.attrs) <= {"embedtype", "id", "alt", "format", "url"}
        ):
            return True
        for name, value in tag.attrs.items():
            name = name.lower()
            if name.startswith("on") or name in _FETCHING_ATTRIBUTES:
                return True
            if name == "href" and not is_safe_url(
                " ".join(value) if isinstance(value, list) else value
            ):
                return True
    return False


def sanitise_value(block: blocks.Block, value, *, only_unsafe: bool = False):
    """Clean the rich text and URLs anywhere inside `value`, a block's native
    value, in place where the value allows it (so block ids are kept).

    With `only_unsafe`, rich text goes through the whitelist only where it
    holds script (`holds_script`): stored text is otherwise left exactly as
    it is, markup the block's features no longer offer included."""
    if isinstance(block, blocks.RichTextBlock):
        source = value.source if isinstance(value, RichText) else value
        if only_unsafe and not holds_script(source or ""):
            return value
        return RichText(clean_rich_text(source, block.features))
    if isinstance(block, blocks.URLBlock):
        return value if not value or is_safe_url(value) else ""
    if isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if name in value:
                value[name] = sanitise_value(
                    child, value[name], only_unsafe=only_unsafe
                )
    elif isinstance(block, blocks.ListBlock):
        for child in getattr(value, "bound_blocks", ()):
            child.value = sanitise_value(
                block.child_block, child.value, only_unsafe=only_unsafe
            )
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            child.value = sanitise_value(
                child.block, child.value, only_unsafe=only_unsafe
            )
    return value


def sanitise_article_body(body: list[dict]) -> list[dict]:
    """An article body in the contract's JSON shape (as the importer builds it),
    with its rich text and URLs cleaned as the admin and API v3 clean them."""
    from .blocks import contract_data
    from .models import ArticlePage

    stream_block = ArticlePage._meta.get_field("body").stream_block
    value = sanitise_value(stream_block, stream_block.to_python(body))
    return contract_data(stream_block.get_prep_value(value))
