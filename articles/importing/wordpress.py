"""Read a WordPress export (WXR): a whole site in one RSS file.

An export can be hundreds of megabytes, so it is never held in memory: it is
streamed twice with defusedxml's iterparse, each <item> cleared once read.
Pass 1, scan(), validates the whole file (refusing entity tricks, malformed
XML and files that are not exports) and collects what every post needs from
elsewhere in the file: authors, attachments (for galleries and images), the
permalinks of posts and pages (for rewriting links between them). Pass 2,
items(), yields every item; article_from_item() turns a post or page into an
ImportedArticle.

A post's content is turned into HTML the way WordPress renders it (Gutenberg
block comments removed, classic content given paragraphs, [caption] and
[gallery] made figures, other shortcodes stripped) and imported by html.py, so
the cleanup every format gets applies here too. What has no block to go to
(dynamic blocks, embeds, shortcodes) is reported as dropped, with its line in
the export file.
"""

import html as html_lib
import io
import json
import re
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit, urlunsplit
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.parsers import expat

from bs4 import BeautifulSoup
from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.ElementTree import DefusedXMLParser, iterparse
from django.utils.text import slugify

from articles.limits import import_max_wxr_bytes, size_text

from . import html, plaintext
from .article import Dropped, ImportedArticle
from .reader import SourceError

# WordPress's export namespace, any 1.x version, http or https.
_WP_NAMESPACE = re.compile(r"https?://wordpress\.org/export/1\.\d+/")
_WP_EXCERPT_NAMESPACE = re.compile(r"https?://wordpress\.org/export/1\.\d+/excerpt/")
_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
SNIFF_BYTES = 64 * 1024
ZERO_DATE = "0000-00-00"
UNCATEGORIZED = "uncategorized"

DYNAMIC_REASON = "WordPress dynamic block wp:{name}: rebuild it in the admin"
SHORTCODE_REASON = "WordPress shortcode [{name}]"
GALLERY_CAPTION_REASON = "gallery caption: add it in the admin"
ENTITIES_REFUSED = (
    "refused: the XML declares entities (an entity-expansion attack or an "
    "external entity); WordPress exports never do"
)
EXTERNAL_REFUSED = (
    "refused: the XML refers to an external DTD or entity; WordPress exports never do"
)


class _Refused(Exception):
    """A refusal found while streaming, before the file name is known to it."""


@dataclass(frozen=True)
class Author:
    login: str
    display_name: str
    first_name: str
    last_name: str
    email: str

    @property
    def name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return self.display_name or full or self.login


@dataclass(frozen=True)
class Item:
    """One <item> of the export: a post, page, attachment, menu item…"""

    post_id: int
    post_type: str
    status: str
    title: str
    slug: str
    link: str
    published_at: datetime | None
    creator: str
    excerpt: str
    content: str
    password: str
    parent_id: int
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    meta: Mapping[str, str]
    attachment_url: str
    line: int
    # Beyond the brief: where content:encoded starts (dropped text is
    # reported at its line in the file), the gallery order, and the guid
    # (a permalink too).
    content_line: int = 0
    menu_order: int = 0
    guid: str = ""


@dataclass
class Export:
    path: Path
    title: str
    link: str
    base_site_url: str
    base_blog_url: str
    authors: dict[str, Author]
    attachments: dict[int, Item]
    counts: Counter
    permalinks: dict[str, int]
    # Comments across every item: not imported, but counted for the summary.
    comments: int = 0
    # The size cap scan() was given, so items() reads under the same one.
    max_bytes: int = field(default=0, repr=False)


# Detection.


def is_wxr(path: Path) -> bool:
    """Whether `path` is a WordPress export, by its content: an <rss> root
    declaring WordPress's export namespace within the first 64 KB."""
    try:
        with Path(path).open("rb") as file:
            head = file.read(SNIFF_BYTES)
    except OSError:
        return False
    if b"\x00" in head:
        return False
    namespaces: list[str] = []
    try:
        for event, value in iterparse(io.BytesIO(head), events=("start-ns", "start")):
            if event == "start-ns":
                namespaces.append(value[1])
                continue
            return value.tag == "rss" and any(
                _WP_NAMESPACE.fullmatch(uri) for uri in namespaces
            )
    except (ParseError, DefusedXmlException, ValueError, LookupError):
        pass  # not XML, truncated before the root, or a refused trick
    return False


# Pass 1 and pass 2.


def scan(path: Path, *, max_bytes: int | None = None) -> Export:
    """Read the whole export once, refusing it (SourceError) if any of it is
    unusable, and collect what the posts need from the rest of the file."""
    path = Path(path)
    limit = import_max_wxr_bytes() if max_bytes is None else max_bytes
    export = Export(path, "", "", "", "", {}, {}, Counter(), {}, max_bytes=limit)
    channel: dict[str, str] = {}
    for name, element, lines in _stream(path, limit):
        if name == "item":
            item = _item(element, lines, path, with_content=False)
            export.counts[item.post_type] += 1
            export.comments += sum(
                1 for child in element if _name(child.tag) == "wp:comment"
            )
            if item.post_type == "attachment":
                export.attachments[item.post_id] = item
            elif item.post_type in ("post", "page"):
                _add_permalinks(export, item, channel)
        elif name == "wp:author":
            author = _author(element)
            export.authors.setdefault(author.login, author)
        elif name in ("title", "link", "wp:base_site_url", "wp:base_blog_url"):
            channel.setdefault(name, (element.text or "").strip())
    export.title = plain_text(channel.get("title", ""))
    export.link = channel.get("link", "")
    export.base_site_url = channel.get("wp:base_site_url", "")
    export.base_blog_url = channel.get("wp:base_blog_url", "")
    return export


def items(export: Export) -> Iterator[Item]:
    """Every <item> of the export, in file order, all post types."""
    limit = export.max_bytes or import_max_wxr_bytes()
    for name, element, lines in _stream(export.path, limit):
        if name == "item":
            yield _item(element, lines, export.path, with_content=True)


def _add_permalinks(export: Export, item: Item, channel: dict[str, str]) -> None:
    base = (channel.get("wp:base_blog_url") or channel.get("link") or "").rstrip("/")
    links = [item.link, item.guid]
    if base:
        links.append(f"{base}/?p={item.post_id}")
        if item.post_type == "page":
            links.append(f"{base}/?page_id={item.post_id}")
    for link in links:
        if link:
            export.permalinks.setdefault(link, item.post_id)


def _stream(path: Path, limit: int) -> Iterator[tuple[str, Element, list[int]]]:
    """The channel's children as they end: (name such as "item" or
    "wp:author", element, [line of the element, line of its
    content:encoded]); each is cleared and let go once the caller has it."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise SourceError(
                f"{path}: file is {size_text(size)}, over the {size_text(limit)} "
                "WordPress export limit; export fewer posts (Tools › Export can "
                "export one post type or date range), or raise IMPORT_MAX_WXR_BYTES"
            )
        file = path.open("rb")
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror})") from exc
    with file:
        try:
            yield from _channel_children(_Limited(file, limit), path)
        except _Refused as exc:
            raise SourceError(f"{path}: {exc}") from None
        except EntitiesForbidden:
            raise SourceError(f"{path}: {ENTITIES_REFUSED}") from None
        except (ExternalReferenceForbidden, DTDForbidden):
            raise SourceError(f"{path}: {EXTERNAL_REFUSED}") from None
        except ParseError as exc:
            line, column = getattr(exc, "position", (0, 0))
            code = getattr(exc, "code", None)
            reason = expat.ErrorString(code) if code else str(exc)
            raise SourceError(
                f"{path}: line {line}, column {column + 1}: not well-formed XML "
                f"({reason}); fix the file or export it again"
            ) from None
        except OSError as exc:
            raise SourceError(f"{path}: cannot read ({exc.strerror})") from exc


class _Parser(DefusedXMLParser):
    """defusedxml's parser (entity declarations and external entities
    refused), also refusing a DOCTYPE that points at an external DTD."""

    def __init__(self, target: "_LineTarget"):
        super().__init__(target=target, forbid_dtd=True)

    def defused_start_doctype_decl(self, name, sysid, pubid, has_internal_subset):
        if sysid or pubid:
            raise ExternalReferenceForbidden(name, None, sysid, pubid)


def _channel_children(file: BinaryIO, path: Path) -> Iterator[tuple[Any, ...]]:
    target = _LineTarget()
    parser = _Parser(target)
    # The pure-Python parser defusedxml builds on exposes its expat parser;
    # its position during a start-tag callback is that tag's line.
    target.expat = getattr(parser, "parser", None)
    namespaces: list[str] = []
    depth = 0
    root: Element | None = None
    channel: Element | None = None
    in_channel = False
    for event, value in iterparse(file, ("start-ns", "start", "end"), parser):
        if event == "start-ns":
            namespaces.append(value[1])
            continue
        if event == "start":
            depth += 1
            if depth == 1:
                _check_root(value, namespaces)
                root = value
            elif depth == 2:
                in_channel = channel is None and value.tag == "channel"
                channel = value if in_channel else channel
            continue
        depth -= 1
        if depth == 2 and in_channel:
            name = _name(value.tag)
            lines = target.lines.popleft() if name == "item" else [0, 0]
            yield name, value, lines
            value.clear()
            channel.remove(value)  # the first child: earlier ones are gone
        elif depth == 1:
            in_channel = False
            value.clear()  # memory stays bounded whatever is outside
            root.remove(value)
        elif depth == 0 and channel is None:
            raise _Refused(
                "not a WordPress export: no <channel> in the <rss>; export "
                "the site again with Tools › Export"
            )


def _check_root(root: Element, namespaces: list[str]) -> None:
    if root.tag != "rss":
        name = root.tag.rpartition("}")[2]
        raise _Refused(
            f"not a WordPress export: the document is <{name}>, not <rss>; "
            "export the site with WordPress's Tools › Export"
        )
    if not any(_WP_NAMESPACE.fullmatch(uri) for uri in namespaces):
        raise _Refused(
            "an RSS feed, not a WordPress export (no wordpress.org/export "
            "namespace); export the site with WordPress's Tools › Export"
        )


class _LineTarget:
    """Builds the tree as TreeBuilder does, noting for each <item> the line
    of its start tag and of its content:encoded (iterparse reports events a
    chunk late, so the expat position then is not the element's)."""

    def __init__(self) -> None:
        self.builder = TreeBuilder()
        self.expat: Any = None
        self.lines: deque[list[int]] = deque()
        self.depth = 0

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        self.depth += 1
        line = self.expat.CurrentLineNumber if self.expat is not None else 0
        # rss > channel > item: the only items _channel_children yields.
        if self.depth == 3 and tag == "item":
            self.lines.append([line, 0])
        elif self.depth == 4 and self.lines and _name(tag) == "content:encoded":
            self.lines[-1][1] = line
        return self.builder.start(tag, attrs)

    def end(self, tag: str) -> Element:
        self.depth -= 1
        return self.builder.end(tag)

    def data(self, data: str) -> None:
        self.builder.data(data)

    def close(self) -> Element:
        return self.builder.close()


class _Limited:
    """The file, refused once more than `limit` bytes have been read (it may
    have grown since its size was checked)."""

    def __init__(self, file: BinaryIO, limit: int):
        self.file, self.limit, self.read_so_far = file, limit, 0

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.read_so_far += len(data)
        if self.read_so_far > self.limit:
            raise _Refused(
                f"file is over the {size_text(self.limit)} WordPress export limit"
            )
        return data


@lru_cache(maxsize=256)
def _name(tag: str) -> str:
    """'{https://wordpress.org/export/1.2/}post_id' -> 'wp:post_id', whatever
    the export version; other namespaces by their usual prefix."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    if _WP_EXCERPT_NAMESPACE.fullmatch(uri):
        return f"excerpt:{local}"
    if _WP_NAMESPACE.fullmatch(uri):
        return f"wp:{local}"
    prefix = _NAMESPACES.get(uri)
    return f"{prefix}:{local}" if prefix else tag


def _author(element: Element) -> Author:
    values = {_name(child.tag): (child.text or "").strip() for child in element}
    return Author(
        login=values.get("wp:author_login", ""),
        display_name=plain_text(values.get("wp:author_display_name", "")),
        first_name=plain_text(values.get("wp:author_first_name", "")),
        last_name=plain_text(values.get("wp:author_last_name", "")),
        email=values.get("wp:author_email", ""),
    )


def _item(element: Element, lines: list[int], path: Path, *, with_content: bool):
    values: dict[str, str] = {}
    tags: list[str] = []
    categories: list[str] = []
    meta: dict[str, str] = {}
    for child in element:
        name = _name(child.tag)
        if name == "category":
            term = plain_text(child.text or "")
            domain = child.get("domain")
            if term and domain == "post_tag":
                tags.append(term)
            elif term and domain == "category":
                categories.append(term)
        elif name == "wp:postmeta":
            pair = {_name(c.tag): c.text or "" for c in child}
            meta.setdefault(pair.get("wp:meta_key", ""), pair.get("wp:meta_value", ""))
        elif name not in values:
            values[name] = child.text or ""
    line, content_line = lines
    post_id = _integer(values.get("wp:post_id"))
    if post_id is None:
        raise SourceError(
            f"{path}: line {line}: an <item> without a numeric wp:post_id; "
            "export the site again with Tools › Export"
        )
    meta.pop("", None)
    return Item(
        post_id=post_id,
        post_type=values.get("wp:post_type", "").strip(),
        status=values.get("wp:status", "").strip(),
        title=plain_text(values.get("title", "")),
        slug=values.get("wp:post_name", "").strip(),
        link=values.get("link", "").strip(),
        published_at=_date(values.get("wp:post_date_gmt"), values.get("wp:post_date")),
        creator=values.get("dc:creator", "").strip(),
        excerpt=plain_text(values.get("excerpt:encoded", "")),
        content=values.get("content:encoded", "") if with_content else "",
        password=values.get("wp:post_password", ""),
        parent_id=_integer(values.get("wp:post_parent")) or 0,
        tags=tuple(tags),
        categories=tuple(categories),
        meta=meta,
        attachment_url=values.get("wp:attachment_url", "").strip(),
        line=line,
        content_line=content_line,
        menu_order=_integer(values.get("wp:menu_order")) or 0,
        guid=values.get("guid", "").strip(),
    )


def _integer(text: str | None) -> int | None:
    try:
        return int((text or "").strip())
    except ValueError:
        return None


def _date(gmt: str | None, local: str | None) -> datetime | None:
    """From the GMT date unless WordPress left it zero (drafts), else the
    site-local date read as UTC (the export does not say the site's zone)."""
    for text in (gmt, local):
        text = (text or "").strip()
        if not text or text.startswith(ZERO_DATE):
            continue
        try:
            return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


# Bounded so that a "<" with no ">" after it is not rescanned from every "<".
_TAG = re.compile(r"<[A-Za-z/!][^<>]*>")


def plain_text(markup: str) -> str:
    """Text without tags or entities, its whitespace squeezed: a block tag
    or <br> parts words, an inline tag does not ("Mark<sup>up</sup>")."""
    if "<" in markup:
        markup = _TAG.sub(_tag_space, markup)
    return html.normalise(html_lib.unescape(markup))


def _tag_space(match: re.Match) -> str:
    tag = match.group(0)
    return " " if _BLOCK_TAG.match(tag) or tag[:3].lower() == "<br" else ""


# Hashtags.

# Letters NFKD does not decompose into an ASCII letter and a mark.
_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "Oe"}
    | {"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d"}
)
_WORD = re.compile(r"[A-Za-z0-9]+")


def hashtag_from_term(name: str) -> str:
    """A tag or category name as a hashtag: 'post formats' -> 'PostFormats',
    'Café au lait' -> 'CafeAuLait'; each word's first letter capitalised and
    the rest kept as written ('WordPress', '8BIT'). '' when nothing of it has
    an ASCII form ('Ελληνικά') or it has no letter ('6.1')."""
    # An apostrophe joins its word ("Women's" -> "Womens", not "WomenS").
    name = re.sub(r"(?<=\w)['’](?=\w)", "", html_lib.unescape(name))
    text = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    ascii_text = "".join(c for c in text if not unicodedata.combining(c))
    tag = "".join(word[:1].upper() + word[1:] for word in _WORD.findall(ascii_text))
    return tag if re.search(r"[A-Za-z]", tag) else ""


def term_hashtags(item: Item) -> list[str]:
    """Tags, then categories, as hashtags; WordPress's default category
    "Uncategorized" is no topic."""
    kept: list[str] = []
    seen: set[str] = set()
    for term in (*item.tags, *item.categories):
        tag = hashtag_from_term(term)
        if tag and tag.lower() not in seen and tag.lower() != UNCATEGORIZED:
            seen.add(tag.lower())
            kept.append(tag)
    return kept


# SEO plugin fields.

_YOAST_VARIABLE = re.compile(r"%%([A-Za-z_][\w-]{0,60})%%")
_RANK_MATH_VARIABLE = re.compile(r"%([A-Za-z_][\w-]{0,60})(?:\([^()%]{0,100}\))?%")
SEPARATOR = "–"
_SEPARATOR_RUNS = re.compile(rf"(?:\s*{SEPARATOR})+")


def expand_template(template: str, values: Mapping[str, str]) -> str:
    """Yoast's %%title%% %%sep%% %%sitename%% and Rank Math's %title% %sep%
    %sitename% filled in; variables with no value here are removed, and the
    separators they leave doubled or at an end with them."""
    if "%" not in template:
        return html.normalise(template)

    def fill(match: re.Match) -> str:
        return values.get(match.group(1).lower(), "")

    text = _RANK_MATH_VARIABLE.sub(fill, _YOAST_VARIABLE.sub(fill, template))
    text = _SEPARATOR_RUNS.sub(f" {SEPARATOR}", html.normalise(text))
    return html.normalise(text).strip(f" {SEPARATOR}")


def _template_values(item: Item, title: str, export: Export) -> dict[str, str]:
    categories = [c for c in item.categories if c.lower() != UNCATEGORIZED]
    first_category = categories[0] if categories else ""
    return {
        "title": title,
        "sitename": export.title,
        "sep": SEPARATOR,
        "excerpt": item.excerpt,
        "excerpt_only": item.excerpt,
        "category": first_category,
        "primary_category": first_category,
        "tag": item.tags[0] if item.tags else "",
    }


# The article.


def article_from_item(
    item: Item,
    export: Export,
    *,
    image_for: Callable[[str], int | None] | None = None,
) -> ImportedArticle:
    """A post or page as an article. Raises SourceError (naming the file and
    post id) when it has no article text, or more blocks than an article may
    hold."""
    from .fields import fit_to_fields

    source = f"{export.path}#{item.post_id}"
    dropped: list[Dropped] = []
    markup = content_html(item, export, dropped)
    slug = unquote(item.slug)  # WordPress stores non-ASCII slugs %-encoded
    imported = html.parse_markup(
        markup,
        source,
        title=item.title,
        slug=slug if slugify(slug) else "",
        hashtags=tuple(term_hashtags(item)),
        image_for=_with_size_fallback(image_for) if image_for else None,
    )
    # html.py counts lines from the start of the content: make them the file's.
    offset = max((item.content_line or item.line) - 1, 0)
    imported.dropped = sorted(
        [*dropped, *(_shifted(d, offset) for d in imported.dropped)],
        key=lambda d: d.line,
    )
    imported.warnings = [_shift_warning(w, offset) for w in imported.warnings]
    meta = item.meta
    values = _template_values(item, imported.title, export)
    fields: dict[str, Any] = {
        "seo_title": expand_template(
            meta.get("_yoast_wpseo_title") or meta.get("rank_math_title") or "",
            values,
        ),
        "focus_keyphrase": html.normalise(
            meta.get("_yoast_wpseo_focuskw")
            or (meta.get("rank_math_focus_keyword") or "").split(",")[0]
        ),
        "intro": item.excerpt,
        "authors": _authors(item, export),
    }
    description = expand_template(
        meta.get("_yoast_wpseo_metadesc") or meta.get("rank_math_description") or "",
        values,
    )
    if description:
        fields["search_description"] = description
    imported.update(**fields)
    return fit_to_fields(imported)


def _authors(item: Item, export: Export) -> tuple[str, ...]:
    author = export.authors.get(item.creator)
    if author is not None:
        return (author.name,)
    return (item.creator,) if item.creator else ()


def _shifted(dropped: Dropped, offset: int) -> Dropped:
    return Dropped(dropped.line + offset, dropped.text, dropped.reason)


_WARNING_LINE = re.compile(r"^line (\d+):")


def _shift_warning(warning: str, offset: int) -> str:
    return _WARNING_LINE.sub(lambda m: f"line {int(m.group(1)) + offset}:", warning)


_SIZE_SUFFIX = re.compile(r"-\d{1,5}x\d{1,5}(?=\.[A-Za-z0-9]{1,5}$)")


def _with_size_fallback(
    image_for: Callable[[str], int | None],
) -> Callable[[str], int | None]:
    """WordPress links resized copies ("photo-300x200.jpg" for "photo.jpg",
    on wordpress.com "photo.jpg?w=300"): the URL as written, then without
    its query, then without the size suffix."""

    def find(url: str) -> int | None:
        tried = []
        parts = urlsplit(url)
        bare = urlunsplit(parts._replace(query="", fragment=""))
        path = _SIZE_SUFFIX.sub("", parts.path)
        unsized = urlunsplit(parts._replace(path=path, query="", fragment=""))
        for candidate in (url, bare, unsized):
            if candidate not in tried:
                tried.append(candidate)
                found = image_for(candidate)
                if found is not None:
                    return found
        return None

    return find


def content_html(item: Item, export: Export, dropped: list[Dropped]) -> str:
    """The post's content as the HTML WordPress would render, with the same
    line breaks as the source, so html.py's lines map back to the file;
    what cannot be rendered is added to `dropped`."""
    first_line = item.content_line or item.line
    content = item.content.replace("\r\n", "\n").replace("\r", "\n")
    if "<!-- wp:" in content:
        content = _Blocks(item, export, dropped, first_line).render(content)
        return _Shortcodes(item, export, dropped, first_line).render(content)
    content = _Shortcodes(item, export, dropped, first_line).render(content)
    return autop(content)


class _Lines:
    """Line numbers of positions met in order, counted once: linear."""

    def __init__(self, text: str, first_line: int):
        self.text, self.line, self.position = text, first_line, 0

    def at(self, position: int) -> int:
        self.line += self.text.count("\n", self.position, position)
        self.position = position
        return self.line


def _blank_lines(text: str) -> str:
    """What stands for removed text: its line breaks, so lines still match."""
    return "\n" * text.count("\n")


def _padded(new: str, old: str) -> str:
    """`new`, standing for `old`, with as many line breaks as `old` at least."""
    return new + "\n" * max(old.count("\n") - new.count("\n"), 0)


# Gutenberg blocks.

# Blocks that render nothing of the article's (a rule, space, the "more" and
# page-break markers).
SILENT_BLOCKS = frozenset({"separator", "spacer", "more", "nextpage"})
# Dynamic blocks whose inner blocks are a template for the site's content, not
# the post's: reported once, and everything inside left out.
TEMPLATE_BLOCKS = frozenset(
    {"query", "comments", "navigation", "post-template", "comment-template"}
)
MAX_BLOCK_DEPTH = 100


@dataclass
class _Open:
    name: str
    attrs: dict[str, Any]
    line: int
    mode: str  # "keep", "silent", "template", "embed", "gallery", "table"
    parts: list[str] = field(default_factory=list)


class _Blocks:
    """Block markup to HTML: each block's inner HTML kept, its comments gone.

    Delimiters are HTML comments, found with str.find (each "<!--" and its
    "-->" once: linear on any input); WordPress escapes "--" inside a
    block's JSON attributes, so a delimiter ends at the first "-->"."""

    def __init__(self, item: Item, export: Export, dropped: list[Dropped], line: int):
        self.item, self.export, self.dropped = item, export, dropped
        self.first_line = line
        self.stack: list[_Open] = []
        self.out: list[str] = []

    def render(self, content: str) -> str:
        lines = _Lines(content, self.first_line)
        position = 0
        while (start := content.find("<!--", position)) >= 0:
            end = content.find("-->", start + 4)
            if end < 0:
                break
            self.emit(content[position:start])
            comment = content[start : end + 3]
            delimiter = _delimiter(comment[4:-3])
            if delimiter is None:
                self.emit(comment)
            else:
                self.emit(_blank_lines(comment))
                self.block(*delimiter, comment, lines.at(start))
            position = end + 3
        self.emit(content[position:])
        while self.stack:
            self.close(self.stack[-1].name)
        return "".join(self.out)

    def emit(self, text: str) -> None:
        if not text:
            return
        for block in reversed(self.stack):
            if block.mode in ("silent", "template", "embed"):
                if block.mode == "embed":
                    block.parts.append(text)
                self.out.append(_blank_lines(text))
                return
            if block.mode in ("gallery", "table"):
                block.parts.append(text)
                return
        self.out.append(text)

    def block(
        self, closer: bool, name: str, attrs: dict, void: bool, text: str, line: int
    ):
        if closer:
            self.close(name)
            return
        inside_template = any(b.mode in ("silent", "template") for b in self.stack)
        if void:
            if name not in SILENT_BLOCKS and not inside_template:
                self.report_dynamic(name, text, line)
            return
        if len(self.stack) >= MAX_BLOCK_DEPTH:
            return  # its contents stay; its closer matches nothing
        if name in SILENT_BLOCKS:
            mode = "silent"
        elif name in TEMPLATE_BLOCKS:
            mode = "template"
            if not inside_template:
                self.report_dynamic(name, text, line)
        elif name == "embed" or name.startswith("core-embed/"):
            mode = "embed"
        elif name == "gallery":
            mode = "gallery"
        elif name == "table":
            mode = "table"
        else:
            mode = "keep"
        self.stack.append(_Open(name, attrs, line, mode))

    def report_dynamic(self, name: str, text: str, line: int) -> None:
        self.dropped.append(
            Dropped(
                line,
                plaintext.shorten(html.normalise(text), html.EXCERPT_LENGTH),
                DYNAMIC_REASON.format(name=name),
            )
        )

    def close(self, name: str) -> None:
        if not any(block.name == name for block in self.stack):
            return  # a stray closer
        while self.stack:
            block = self.stack.pop()
            inner = "".join(block.parts)
            if block.mode == "embed":
                self.embed(block, inner)
            elif block.mode == "gallery":
                self.emit(_padded(self.gallery(block, inner), inner))
            elif block.mode == "table":
                self.emit(_padded(table_caption(inner), inner))
            if block.name == name:
                return

    def embed(self, block: _Open, inner: str) -> None:
        url = str(block.attrs.get("url") or "") or plain_text(inner)
        soup = BeautifulSoup(inner, "html.parser") if "<figcaption" in inner else None
        caption = soup.find("figcaption") if soup else None
        text = f"{url} (caption: {plain_text(str(caption))})" if caption else url
        if text:
            self.dropped.append(Dropped(block.line, text, html.MEDIA_REASON))

    def gallery(self, block: _Open, inner: str) -> str:
        """Each image of the gallery as a figure of its own (html.py gives a
        figure one caption); with no images written, the attachments named
        by its ids."""
        soup = BeautifulSoup(inner, "html.parser")
        outer = soup.find("figure")
        own = outer.find("figcaption", recursive=False) if outer else None
        if own is not None:
            text = plain_text(str(own.extract()))
            if text:
                self.dropped.append(Dropped(block.line, text, GALLERY_CAPTION_REASON))
        figures = []
        for img in soup.find_all("img"):
            figure = img.find_parent("figure")
            caption = (
                figure.find("figcaption") if figure and figure is not outer else None
            )
            figures.append(
                _figure(
                    str(img.get("src") or ""),
                    str(img.get("alt") or ""),
                    caption.decode_contents() if caption else "",
                )
            )
        if not figures:
            ids = block.attrs.get("ids") or []
            figures = [
                _attachment_figure(a)
                for a in _attachments(self.export, ids if isinstance(ids, list) else [])
            ]
        return "".join(figures)


def _delimiter(body: str) -> tuple[bool, str, dict, bool] | None:
    """A block comment's parts (closer, name, attributes, self-closing), or
    None when the comment is not a block delimiter."""
    text = body.strip()
    void = text.endswith("/")
    if void:
        text = text[:-1].rstrip()
    closer = text.startswith("/wp:")
    if not (closer or text.startswith("wp:")):
        return None
    name, _, raw = text.removeprefix("/").removeprefix("wp:").partition(" ")
    if not re.fullmatch(r"[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?", name):
        return None
    attrs: dict[str, Any] = {}
    if raw.strip():
        try:
            parsed = json.loads(raw)
        except ValueError:
            parsed = None
        attrs = parsed if isinstance(parsed, dict) else {}
    return closer, name, attrs, void


def table_caption(inner: str) -> str:
    """A table block's <figcaption> as the table's <caption>, which html.py
    reads as the table block's caption."""
    if "<figcaption" not in inner:
        return inner
    soup = BeautifulSoup(inner, "html.parser")
    table, figcaption = soup.find("table"), soup.find("figcaption")
    if table is None or figcaption is None or table.find("caption"):
        return inner
    caption = soup.new_tag("caption")
    caption.string = plain_text(str(figcaption.extract()))
    table.insert(0, caption)
    return str(soup)


def _figure(src: str, alt: str, caption: str) -> str:
    image = f'<img src="{html_lib.escape(src)}" alt="{html_lib.escape(alt)}">'
    if caption.strip():
        return f"<figure>{image}<figcaption>{caption}</figcaption></figure>"
    return f"<figure>{image}</figure>"


def _attachment_figure(attachment: Item) -> str:
    return _figure(
        attachment.attachment_url,
        attachment.meta.get("_wp_attachment_image_alt", ""),
        html_lib.escape(attachment.excerpt),
    )


def _attachments(export: Export, ids: list[Any]) -> list[Item]:
    found = []
    for raw in ids:
        post_id = _integer(str(raw))
        if post_id is not None and post_id in export.attachments:
            found.append(export.attachments[post_id])
    return found


# Shortcodes.

# [name attrs], [name attrs /], [/name]; "[[name]]" is WordPress's escape for
# a literal "[name]". No bracket inside: an unclosed "[x " is not retried
# across the next one, so the scan stays linear.
_SHORTCODE = re.compile(
    r"\[(?P<escape>\[?)(?P<closer>/?)(?P<name>[A-Za-z][\w-]{0,63})"
    r"(?P<attrs>(?:\s[^\[\]]{0,2000})?)\](?P<end>\]?)"
)
_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"]+))|"([^"]*)"|(\S+)"""
)
# WordPress core's shortcodes and the common plugins'. Any other [word] counts
# as a shortcode only when it has attributes, a closing tag or a plugin-style
# name (contact-form-7, vc_row): prose has "[sic]" and "[citation needed]".
KNOWN_SHORTCODES = frozenset(
    {"caption", "wp_caption", "gallery", "playlist", "audio", "video", "embed"}
    | {"code", "sourcecode", "contact-form", "contact-form-7", "gravityform"}
    | {"recent-posts", "googlemaps", "youtube", "vimeo", "soundcloud", "twitter"}
    | {"instagram", "wpforms", "ninja_form", "mc4wp_form", "toc", "table"}
)
_IMG = re.compile(r"<img\b[^<>]*>", re.I)
_LINKED_IMG = re.compile(r"<a\b[^<>]*>\s*(<img\b[^<>]*>)\s*</a>", re.I)


class _Shortcodes:
    """[caption] and [gallery] as figures; every other shortcode's tags
    removed (the text between them kept) and reported."""

    def __init__(self, item: Item, export: Export, dropped: list[Dropped], line: int):
        self.item, self.export, self.dropped = item, export, dropped
        self.first_line = line

    def render(self, content: str) -> str:
        if "[" not in content:
            return content
        matches = list(_SHORTCODE.finditer(content))
        closers = {m["name"].lower() for m in matches if m["closer"]}
        # For each [caption], where its [/caption] is (captions do not nest).
        caption_end: dict[int, int] = {}
        next_close = None
        for index in range(len(matches) - 1, -1, -1):
            match = matches[index]
            if (
                match["name"].lower() in ("caption", "wp_caption")
                and not match["escape"]
            ):
                if match["closer"]:
                    next_close = index
                else:
                    caption_end[index] = next_close
        lines = _Lines(content, self.first_line)
        out: list[str] = []
        position = 0
        index = 0
        while index < len(matches):
            match = matches[index]
            name = match["name"].lower()
            out.append(content[position : match.start()])
            position = match.end()
            index += 1
            if match["escape"] and match["end"]:
                out.append(match.group(0)[1:-1])  # [[name]] is a literal [name]
                continue
            out.append(match["escape"])  # a "[" before it, not an escape
            if not self.is_shortcode(match, name, closers):
                out.append(match.group(0)[len(match["escape"]) :])
                continue
            if match["closer"]:
                continue  # its opening tag was reported
            line = lines.at(match.start())
            attrs = _attributes(match["attrs"])
            if name in ("caption", "wp_caption") and caption_end.get(index - 1):
                close = matches[caption_end[index - 1]]
                inner = content[match.end() : close.start()]
                out.append(_padded(_caption_figure(attrs, inner), inner))
                position = close.end()
                index = caption_end[index - 1] + 1
            elif name == "gallery":
                out.append(self.gallery(attrs))
            else:
                self.dropped.append(
                    Dropped(
                        line,
                        plaintext.shorten(match.group(0), html.EXCERPT_LENGTH),
                        SHORTCODE_REASON.format(name=match["name"]),
                    )
                )
                out.append(_blank_lines(match.group(0)))
            out.append(match["end"])  # a "]" after it
        out.append(content[position:])
        return "".join(out)

    @staticmethod
    def is_shortcode(match: re.Match, name: str, closers: set[str]) -> bool:
        return bool(
            match["closer"]
            or name in KNOWN_SHORTCODES
            or name in closers
            or "=" in match["attrs"]
            or "_" in name
            or "-" in name
        )

    def gallery(self, attrs: dict[str, str]) -> str:
        ids = attrs.get("ids") or attrs.get("include") or ""
        if ids:
            chosen = _attachments(self.export, re.split(r"[\s,]+", ids.strip()))
        else:
            # WordPress shows the post's own attachments, by menu order.
            chosen = sorted(
                (
                    a
                    for a in self.export.attachments.values()
                    if a.parent_id == self.item.post_id
                ),
                key=lambda a: a.menu_order,
            )
        return "".join(_attachment_figure(a) for a in chosen)


def _attributes(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        if match[1]:
            value = next(v for v in match.group(2, 3, 4) if v is not None)
            attrs.setdefault(match[1].lower(), value)
    return attrs


def _caption_figure(attrs: dict[str, str], inner: str) -> str:
    """[caption]<a><img></a> Text[/caption] as <figure> with a <figcaption>
    (the caption="" attribute, in older posts, wins)."""
    image = _LINKED_IMG.search(inner) or _IMG.search(inner)
    if image is None:
        return inner
    img = image.group(1) if image.re is _LINKED_IMG else image.group(0)
    text = attrs.get("caption") or (inner[: image.start()] + inner[image.end() :])
    caption = f"<figcaption>{text.strip()}</figcaption>" if text.strip() else ""
    return f"<figure>{img}{caption}</figure>"


# Classic content: WordPress's automatic paragraphs.

_BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li"
    "|pre|form|map|area|blockquote|address|math|style|script|p|h[1-6]|hr"
    "|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure"
    "|figcaption|details|menu|summary|iframe|video|audio|object|noscript"
    "|textarea|main|svg"
)
_BLOCK_TAG = re.compile(rf"<(/?)({_BLOCK_TAGS})\b[^<>]*>", re.I)
# Where text runs become paragraphs: the top level and containers of flow.
_FLOW = frozenset(
    {"", "div", "blockquote", "section", "article", "aside", "main", "header"}
    | {"footer", "nav", "details", "form", "address", "fieldset"}
)
# Where a line break in text is a <br>: elements holding one run of text.
_TEXT = frozenset(
    {"li", "td", "th", "dd", "dt", "p", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"figcaption", "caption", "summary", "legend"}
)
_RAW = frozenset({"pre", "script", "style", "textarea", "svg", "math"})
_VOID = frozenset({"hr", "col", "area"})
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# A line break, and a <br> already ending the line (not doubled).
_LINE_BREAK = re.compile(r"(<br\s*/?>)?[ \t]*\n", re.I)


def _breaks(text: str) -> str:
    return _LINE_BREAK.sub(lambda m: (m.group(1) or "<br />") + "\n", text)


def autop(text: str) -> str:
    """WordPress's wpautop, as a small rule (no maintained Python port is
    published): a blank line ends a paragraph and a single line break is a
    <br>, in text at the top level or in a container such as <div>; text in
    an <li>, <td>, <p>… only gets its <br>s; nothing changes inside <pre>,
    lists and tables themselves; chunks that are block elements (including
    the figures [caption] became) are not wrapped. Line breaks are kept, so
    lines still match the source."""
    out: list[str] = []
    stack: list[str] = []
    position = 0
    for match in _BLOCK_TAG.finditer(text):
        out.append(_autop_run(text[position : match.start()], stack))
        out.append(match.group(0))
        position = match.end()
        closer, name = match.group(1), match.group(2).lower()
        if match.group(0).endswith("/>") or name in _VOID:
            continue
        if not closer:
            if not (stack and stack[-1] in _RAW):
                stack.append(name)
        elif name in stack:
            if stack[-1] in _RAW and name != stack[-1]:
                continue
            while stack.pop() != name:
                pass
    out.append(_autop_run(text[position:], stack))
    return "".join(out)


def _autop_run(run: str, stack: list[str]) -> str:
    container = stack[-1] if stack else ""
    if not run.strip() or container in _RAW:
        return run
    if container in _TEXT:
        lead = len(run) - len(run.lstrip())
        body = run.strip()
        tail = run[lead + len(body) :]
        return run[:lead] + _breaks(body) + tail
    if container not in _FLOW:
        return run
    pieces = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(run):
        pieces.append(_paragraph(run[position : match.start()]) + match.group(0))
        position = match.end()
    pieces.append(_paragraph(run[position:]))
    return "".join(pieces)


def _paragraph(chunk: str) -> str:
    body = chunk.strip()
    if not body:
        return chunk
    lead = len(chunk) - len(chunk.lstrip())
    tail = chunk[lead + len(body) :]
    return f"{chunk[:lead]}<p>{_breaks(body)}</p>{tail}"
