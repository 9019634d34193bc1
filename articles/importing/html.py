"""Import an HTML page: the article's own content, as block data.

Markup already says what is a heading, a list or a table, so nothing is guessed
from how lines look (as plaintext.py must). The work here is choosing what
belongs to the article (<article>, else <main>, else <body>, minus the site's
navigation, comment sections and the like), keeping only the inline markup a
paragraph allows, and reporting what has no block to go to, such as images,
which need a Wagtail Image.

Text goes through the same cleanup as plain text (boilerplate lines, trailers
such as "Leave a Reply", hashtags, sales copy), so every format reports alike.
Markdown is rendered to HTML and imported here too (see markdown.py).
"""

import html
import re
from collections.abc import Callable, Iterator
from itertools import groupby
from os.path import commonprefix
from typing import NamedTuple

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.builder import ParserRejectedMarkup
from bs4.element import PreformattedString
from django.utils.text import slugify

from articles.blocks import CAPTION_MAX_LENGTH, HEADING_LEVELS
from articles.url_safety import is_safe_url
from seo.document import ArticleData

from . import cleanup, plaintext
from .article import Block, Dropped, ImportedArticle
from .reader import NoArticleText, SourceError

IMAGE_REASON = "image: import the file in the admin"
MEDIA_REASON = "embedded media: add it in the admin"
CAPTION_REASON = "image caption: add it with the image in the admin"
ARTICLE_HEADER_REASON = "article header (byline, dates)"
EXCERPT_LENGTH = 100
TOP_LEVEL, DEEPEST_LEVEL = HEADING_LEVELS[0][0], HEADING_LEVELS[-1][0]

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
LISTS = ("ul", "ol")
# What a <header> can introduce besides the page (then it is the site's header).
SECTIONS = ("article", "main", "section")
# No article text in these: removed without a report.
SILENT = frozenset(
    {"script", "style", "noscript", "template", "svg", "canvas", "button"}
    | {"input", "select", "textarea", "option", "datalist", "dialog", "map"}
    | {"head", "title", "meta", "link", "base"}
)
MEDIA = frozenset({"iframe", "video", "audio", "object", "embed"})
FURNITURE_TAGS = {
    "nav": "navigation",
    "aside": "aside (sidebar or pull-out box)",
    "form": "form",
    "footer": "footer",
}
# Site furniture that themes mark with a class or id, not an element; matched
# against whole class names so "comment-content" inside a post is not caught.
FURNITURE_NAMES = [
    (
        re.compile(
            r"comments?(?:-(?:area|list|section|wrapper|form))?|commentlist"
            r"|comment-respond|respond|disqus_thread"
        ),
        "comment section",
    ),
    (
        re.compile(r"(?:jp-|yarpp-|crp_)?related(?:[-_]?(?:posts?|articles|content))?"),
        "related-posts list",
    ),
    (
        re.compile(
            r"share|sharing|sharedaddy|share-?buttons|social-?shar(?:e|ing)"
            r"|addtoany\w*"
        ),
        "share buttons",
    ),
    (re.compile(r"sidebar|widget-area"), "sidebar"),
    (re.compile(r"site-header|masthead"), "site header"),
    (re.compile(r"site-footer|colophon"), "footer"),
    (
        re.compile(
            r"site-navigation|main-navigation|navbar|menu|breadcrumbs?"
            r"|post-navigation|nav-links"
        ),
        "navigation",
    ),
    (
        re.compile(r"newsletter|subscribe|cookie-(?:notice|banner|consent)"),
        "sign-up or cookie notice",
    ),
]
# Text only screen readers get ("(opens in a new tab)"), not article prose.
HIDDEN_CLASSES = frozenset({"screen-reader-text", "sr-only", "visually-hidden"})
# Containers the furniture names must never remove: they hold the article.
NEVER_FURNITURE = frozenset({"html", "body", "main", "article"})
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)

# Elements that start and end a paragraph; everything else is inline.
BLOCK_CONTAINERS = frozenset(
    {"address", "article", "aside", "body", "center", "dd", "details", "div"}
    | {"dl", "dt", "fieldset", "figcaption", "footer", "form", "header"}
    | {"hgroup", "html", "legend", "li", "main", "menu", "nav", "p", "pre"}
    | {"search", "section", "summary"}
    # Cells of a layout table (a data table never reaches the walk).
    | {"caption", "table", "tbody", "td", "tfoot", "th", "thead", "tr"}
)
# Elements whose text is kept apart from their neighbours' in plain-text blocks.
SEPARATED = BLOCK_CONTAINERS | set(HEADINGS) | set(LISTS) | {"blockquote", "br", "hr"}
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
# Tried only where a run of spaces starts: from every space of a long run it
# would re-read the run each time.
_TITLE_SEPARATOR = re.compile(r"(?<!\s)\s+[|–—-]\s+")
_LEADING_DASH = re.compile(r"^[—–-]+\s*")
_DESCRIPTION = re.compile(r"^description$", re.I)


class Style(NamedTuple):
    """The inline markup on a run of paragraph text."""

    href: str | None = None
    bold: bool = False
    italic: bool = False
    superscript: bool = False


PLAIN = Style()


class Run(NamedTuple):
    text: str
    style: Style


def parse(text: str, source: str) -> ImportedArticle:
    soup = read_markup(text, source)
    if soup.find(True) is None:
        # Text saved as .html: structure can only be recovered the plain way.
        article = plaintext.parse(text, source)
        article.warnings.append("no HTML markup found; imported as plain text")
        return article
    return _run(_Import(soup, source, None))


def parse_markup(
    markup: str,
    source: str,
    *,
    line_attribute: str | None = None,
    title: str = "",
    description: str = "",
    slug: str = "",
    hashtags: tuple[str, ...] = (),
    image_for: Callable[[str], int | None] | None = None,
) -> ImportedArticle:
    """Import HTML. `line_attribute` names an attribute holding each element's
    line in the real source (Markdown renders to HTML with other line numbers);
    the keyword fields are given values (front matter) that beat the markup's.
    `image_for` maps an <img> src to a Wagtail Image id where the caller has
    the file (a WordPress export's media): those images become image blocks;
    without it, or without an id, images are reported as dropped."""
    importer = _Import(
        read_markup(markup, source), source, line_attribute, image_for=image_for
    )
    importer.hashtags.extend(hashtags)
    return _run(importer, title=title, description=description, slug=slug)


def read_markup(markup: str, source: str) -> BeautifulSoup:
    try:
        return BeautifulSoup(markup, "html.parser")
    except ParserRejectedMarkup as exc:
        # bs4's message is a paragraph; its last line is the parser's reason.
        reason = str(exc).splitlines()[-1].strip().removeprefix("AssertionError: ")
        raise SourceError(
            f"{source}: not readable as HTML ({reason}); fix the markup there"
        ) from exc


def _run(importer: "_Import", **given: str) -> ImportedArticle:
    try:
        return importer.run(**given)
    except RecursionError as exc:
        raise SourceError(
            f"{importer.source}: HTML is nested too deeply to import; simplify "
            "the markup"
        ) from exc


class _Import:
    """One document's import: the state the steps below share."""

    def __init__(
        self,
        soup: BeautifulSoup,
        source: str,
        line_attribute: str | None,
        *,
        image_for: Callable[[str], int | None] | None = None,
    ):
        self.soup = soup
        self.source = source
        self.line_attribute = line_attribute
        self.body: list[Block] = []
        self.origins: list[int] = []
        self.dropped: list[Dropped] = []
        self.warnings: list[str] = []
        self.hashtags: list[str] = []
        # (line number, tag, the words in its place and just after them)
        self.inline_hashtags: list[tuple[int, str, str]] = []
        self.trailer: str | None = None
        self.runs: list[Run] = []
        self.runs_line = 0
        # Links met in blocks that hold plain text; reported once, if kept.
        self.unlinked: list[str] = []
        self.pending_links: list[str] = []
        self.image_for = image_for
        # The caption of the <figure> being walked, until an image takes it.
        self.caption: str | None = None
        # Image blocks met inside a block that holds only text (a list, a
        # table): they follow that block once it is appended.
        self.pending_images: list[tuple[Block, int]] = []

    # The steps, in order.

    def run(
        self, *, title: str = "", description: str = "", slug: str = ""
    ) -> ImportedArticle:
        page_title = next(
            (
                t.get_text()
                for t in self.soup.find_all("title")
                if not t.find_parent("svg")
            ),
            "",
        )
        meta = normalise(description) or self.meta_description()
        self.remove_shortcodes()
        for heading in self.soup.find_all(HEADINGS):
            unnest_blocks(heading)
        root = self.choose_root()
        if title:
            title = self.clean_title(title)
            self.drop_repeated_title(root, title)
        else:
            title = self.take_title(root)
        self.remove_furniture(root)
        self.walk(root, PLAIN)
        self.flush()
        self.body = plaintext.with_disclaimer_blocks(self.body)
        if not plaintext.has_article_text(self.body):
            raise NoArticleText(f"{self.source}: no recognisable article text")
        if not title:
            title = self.title_from_page(page_title) or self.derive_title()
        if self.unlinked:
            shown = ", ".join(self.unlinked[:3])
            more = ", …" if len(self.unlinked) > 3 else ""
            self.warnings.append(
                f"{len(self.unlinked)} link(s) in headings, lists, tables or quotes "
                f"kept as plain text (those blocks hold no links): {shown}{more}"
            )
        flags = plaintext.promotional_flags(
            self.body, self.origins
        ) + plaintext.inline_hashtag_flags(
            self.body, self.origins, self.inline_hashtags
        )
        return ImportedArticle(
            ArticleData(
                title=title,
                body=self.body,
                slug=slugify(slug or title)[:255] or "article",
                search_description=meta or plaintext.meta_description(self.body),
                hashtags=tuple(cleanup.unique_case_insensitive(self.hashtags)),
                source=self.source,
                import_notes=tuple(sorted(flags, key=lambda f: (f.block, f.kind))),
            ),
            dropped=sorted(self.dropped, key=lambda d: d.line),
            warnings=self.warnings,
        )

    def remove_shortcodes(self) -> None:
        """Page-builder shortcodes are text in the markup: out of each string
        before anything reads it, so the text around them keeps its markup."""
        for string in self.soup.find_all(string=cleanup.SHORTCODE):
            text, shortcodes = cleanup.strip_shortcodes(str(string))
            self.drop(
                self.line(string.parent), " ".join(shortcodes), "page-builder shortcode"
            )
            string.replace_with(text)

    def meta_description(self) -> str:
        tag = self.soup.find("meta", attrs={"name": _DESCRIPTION})
        return normalise(str(tag.get("content") or "")) if tag else ""

    def choose_root(self) -> Tag:
        """The element holding the article: the biggest top-level <article>
        (a comment or related post can be an <article> too), else <main> (or
        role="main"), else <body>, else the whole document (a fragment)."""
        articles = [
            tag
            for tag in self.soup.find_all("article")
            if tag.find_parent("article") is None and not self.in_furniture(tag)
        ]
        if articles:
            return max(articles, key=lambda tag: len(tag.get_text()))
        mains = [
            *self.soup.find_all("main"),
            *self.soup.find_all(attrs={"role": "main"}),
        ]
        main = next((t for t in mains if not self.in_furniture(t)), None)
        return main or self.soup.body or self.soup

    def take_title(self, root: Tag) -> str:
        """The first h1 of the article, else of the site's header (some pages put
        the title there), else anywhere on the page outside the furniture."""
        in_root = [h for h in root.find_all("h1") if not self.in_furniture(h)]
        candidates = [
            *(h for h in in_root if not in_site_header(h)),
            *in_root,
            *(h for h in self.soup.find_all("h1") if not self.in_furniture(h)),
        ]
        for heading in candidates:
            title = self.clean_title(self.text_of(heading))
            if title:
                heading.extract()
                return title
        return ""

    def clean_title(self, text: str) -> str:
        text, tags, _ = cleanup.extract_hashtags(normalise(text))
        self.hashtags.extend(tags)
        return text

    def drop_repeated_title(self, root: Tag, title: str) -> None:
        """A given title makes an h1 repeating it redundant; any other h1 stays,
        and is reported as a second h1."""
        heading = root.find("h1")
        if heading and normalise(heading.get_text()).casefold() == title.casefold():
            heading.extract()

    def title_from_page(self, page_title: str) -> str:
        """<title> without the site's name ("Massage for Sciatica | Calm Spa")."""
        full = normalise(page_title)
        separators = list(_TITLE_SEPARATOR.finditer(full))
        title = self.clean_title(full[: separators[-1].start()] if separators else full)
        if not title:
            return ""
        self.warnings.append(
            f"no <h1> found; used the page <title> “{full}” as the title "
            f"“{title}”: check it"
        )
        return title

    def derive_title(self) -> str:
        """A heading above all the text is the title, and leaves the body;
        else the opening words (see plaintext.title_from_opening)."""
        if self.body[0]["type"] == "heading":
            self.origins.pop(0)
            title, warning = plaintext.title_from_heading(
                self.body.pop(0)["value"]["text"]
            )
            self.warnings.append(warning)
            return title
        texts = [
            plaintext.plain_text(b) for b in self.body if b["type"] == "paragraph"
        ] or [plaintext.plain_text(b) for b in self.body]
        title, warning = plaintext.title_from_opening(texts)
        self.warnings.append(warning)
        return title

    # Furniture: what the site adds around the article.

    def furniture_reason(self, tag: Tag) -> str | None:
        if tag.name in FURNITURE_TAGS:
            if tag.name == "footer" and tag.find_parent("blockquote"):
                return None  # a quotation's attribution
            return FURNITURE_TAGS[tag.name]
        if tag.name in NEVER_FURNITURE:
            return None
        for name in names_of(tag):
            for pattern, reason in FURNITURE_NAMES:
                if pattern.fullmatch(name):
                    return reason
        return None

    def in_furniture(self, tag: Tag) -> bool:
        return any(
            self.furniture_reason(t) for t in (tag, *tag.parents) if t.name
        ) or is_hidden(tag)

    def remove_furniture(self, root: Tag) -> None:
        # Depth first by hand: what is removed is not visited. (bs4's
        # Tag.decomposed looks up a missing attribute as a child tag search.)
        stack = tags_in(root)
        while stack:
            tag = stack.pop()
            if tag.name in SILENT or is_hidden(tag):
                tag.decompose()
            elif tag.name == "header":
                stack.extend(self.remove_header(tag))
            elif tag.name in MEDIA:
                self.drop_element(tag, MEDIA_REASON, keep_empty=True)
            elif reason := self.furniture_reason(tag):
                self.drop_element(tag, reason)
            else:
                stack.extend(tags_in(tag))

    def remove_header(self, header: Tag) -> list[Tag]:
        """A header of the page is the site's; a header of the article holds its
        title and byline; a section's header is part of the text. Returns the
        elements kept, still to be visited."""
        owner = header.find_parent(SECTIONS)
        if owner is None:
            self.drop_element(header, "site header")
            return []
        if owner.name == "section":
            kept = tags_in(header)
            header.unwrap()
            return kept
        kept = header.find_all(HEADINGS)
        for heading in kept:
            header.insert_before(heading.extract())
        self.drop_element(header, ARTICLE_HEADER_REASON)
        return kept[::-1]

    def drop_element(self, tag: Tag, reason: str, *, keep_empty: bool = False) -> None:
        text = normalise(tag.get_text(" "))
        if keep_empty and not text:
            text = str(tag.get("src") or tag.get("data") or f"<{tag.name}>")
        if text:
            self.drop(self.line(tag), plaintext.shorten(text, EXCERPT_LENGTH), reason)
        tag.decompose()

    # The walk: block elements become blocks, inline ones paragraph runs.

    def walk(self, node: Tag, style: Style) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):
                    self.add_text(str(child), style, node)
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in HEADINGS:
                self.flush()
                self.heading(child)
            elif name in LISTS:
                self.flush()
                self.list_block(child)
            elif name == "table" and not is_layout_table(child):
                self.flush()
                self.table_block(child)
            elif name == "blockquote":
                self.flush()
                self.quote(child)
            elif name == "img":
                self.image(child, in_text=False)
            elif name in ("br", "hr"):
                self.flush()
            elif name == "figure":
                self.flush()
                self.figure(child, style)
                self.flush()
            elif name in BLOCK_CONTAINERS:
                self.flush()
                self.walk(child, style)
                self.flush()
            else:
                self.walk(child, inline_style(child, style))

    def add_text(self, text: str, style: Style, parent: Tag) -> None:
        text = _WHITESPACE.sub(" ", text)
        if text.startswith(" ") and (not self.runs or self.runs[-1].text[-1] == " "):
            text = text[1:]
        if not text:
            return
        if not self.runs:
            self.runs_line = self.line(parent)
        self.runs.append(Run(text, style))

    def flush(self) -> None:
        """End the paragraph the runs so far make."""
        runs, self.runs = self.runs, []
        self.pending_links.clear()
        plain = "".join(run.text for run in runs)
        spaced = cleanup.normalise_line(plain)
        if spaced and not self.trailing(spaced, self.runs_line):
            text = self.clean(spaced, self.runs_line)
            if text:
                value = f"<p>{rich_text(runs, [plain, spaced, text])}</p>"
                self.append({"type": "paragraph", "value": value}, self.runs_line)
        # Images met since (or inside) the paragraph follow it.
        self.emit_pending_images()

    def heading(self, tag: Tag) -> None:
        line = self.line(tag)
        text = self.text_of(tag)
        if not text or self.trailing(text, line):
            return
        text = self.clean(text, line)
        if not text:
            return
        level = int(tag.name[1])
        if level == 1:
            self.warnings.append(
                f"line {line}: a second <h1> “{text}” became an h2; the page title "
                "is the only h1"
            )
        level = min(max(level, TOP_LEVEL), DEEPEST_LEVEL)
        self.append({"type": "heading", "value": {"text": text, "level": level}}, line)

    def list_block(self, tag: Tag) -> None:
        """One level of sub-items, as the list block allows; deeper items are
        added to their top-level item's sub-items in reading order."""
        if self.after_trailer(tag):
            return
        line = self.line(tag)
        if is_link_menu(tag):
            self.drop(line, self.text_of(tag), "navigation menu")
            return
        items: list[dict] = []
        too_deep = False
        for depth, raw in self.list_entries(tag, 1):
            # A marked-up list item is an item, however short and lowercase.
            text = self.clean(raw, line, captions=False)
            if not text:
                continue
            if depth == 1 or not items:
                items.append({"text": text, "children": []})
            else:
                items[-1]["children"].append(text)
                too_deep = too_deep or depth > 2
        if not items:
            return
        if too_deep:
            self.warnings.append(
                f"line {line}: a list nested more than one level deep; its deeper "
                "items became sub-items of their top-level item"
            )
        value = {"ordered": tag.name == "ol", "items": items}
        self.append({"type": "list", "value": value}, line)

    def list_entries(self, tag: Tag, depth: int) -> Iterator[tuple[int, str]]:
        for child in tag.children:
            if isinstance(child, Tag):
                if child.name == "li":
                    yield from self.item_entries(child, depth)
                elif child.name in LISTS:  # <ul><li>…</li><ul>…</ul></ul>
                    yield from self.list_entries(child, depth + 1)
                elif child.name == "img":
                    self.image(child)
                elif child.find("li"):  # a wrapper around the items
                    yield from self.list_entries(child, depth)
                else:
                    yield depth, self.text_of(child)
            elif isinstance(child, NavigableString) and not isinstance(
                child, PreformattedString
            ):
                yield depth, normalise(str(child))

    def item_entries(self, item: Tag, depth: int) -> Iterator[tuple[int, str]]:
        texts: list[str] = []
        nested: list[Tag] = []
        self.gather(item, texts, nested)
        yield depth, normalise("".join(texts))
        for sublist in nested:
            yield from self.list_entries(sublist, depth + 1)
        # html.parser nests an unclosed <li> in the one before it.
        for sibling in item.find_all("li", recursive=False):
            yield from self.item_entries(sibling, depth)

    def table_block(self, tag: Tag) -> None:
        if self.after_trailer(tag):
            return
        line = self.line(tag)
        rows = [
            cells
            for tr in tag.find_all("tr")
            if tr.find_parent("table") is tag
            and (cells := tr.find_all(["th", "td"], recursive=False))
        ]
        if not rows:
            return
        head = next((r for r in rows if r[0].find_parent("thead")), None)
        if head is None and all(cell.name == "th" for cell in rows[0]):
            head = rows[0]
        if head is None:
            head = rows[0]
            self.warnings.append(
                f"line {line}: a table with no header row; its first row became the "
                "header: check it"
            )
        header = self.cells(head, line)
        width = len(header)
        body, padded, cut = [], [], []
        for number, row in enumerate((r for r in rows if r is not head), start=1):
            cells = self.cells(row, line)
            if not any(cells):
                continue
            if len(cells) < width:
                padded.append(str(number))
                cells += [""] * (width - len(cells))
            elif len(cells) > width:
                cut.extend(cell for cell in cells[width:] if cell)
                cells = cells[:width]
            body.append(cells)
        if not any(header) and not body:
            return
        fitted = []
        if padded:
            rows_padded = f"{plural(len(padded), 'row')} {', '.join(padded)}"
            fitted.append(f"{rows_padded} padded with empty cells")
        if cut:
            fitted.append(f"extra cells cut: {'; '.join(cut)}")
        if fitted:
            self.warnings.append(
                f"line {line}: table rows fitted to its {width}-column header: "
                f"{'; '.join(fitted)}"
            )
        if "" in header:
            self.warnings.append(
                f"line {line}: a table header cell is empty; name its column in "
                "the admin"
            )
        caption = tag.find("caption")
        value = {
            "caption": self.text_of(caption) if caption else "",
            "header": header,
            "rows": body,
        }
        self.append({"type": "table", "value": value}, line)

    def cells(self, row: list[Tag], line: int) -> list[str]:
        texts = []
        for cell in row:
            text = self.clean(self.text_of(cell), line, boilerplate=False)
            texts.append(text)
            texts.extend([""] * (span(cell) - 1))
        return texts

    def quote(self, tag: Tag) -> None:
        if self.after_trailer(tag):
            return
        line = self.line(tag)
        # A <footer>, or a <cite> ending the quote; a <cite> inside a sentence
        # names a work.
        source = tag.find("footer")
        if source is None:
            cite = tag.find("cite", recursive=False)
            source = cite if cite and ends_its_parent(cite) else None
        attribution = self.text_of(source.extract()) if source else ""
        parts = [self.text_of(p) for p in tag.find_all("p")] or [self.text_of(tag)]
        if not attribution and len(parts) > 1 and _LEADING_DASH.match(parts[-1]):
            attribution = parts.pop()
        text = self.clean(" ".join(part for part in parts if part), line)
        if text:
            value = {"text": text, "attribution": _LEADING_DASH.sub("", attribution)}
            self.append({"type": "quote", "value": value}, line)

    def figure(self, tag: Tag, style: Style) -> None:
        caption = tag.find("figcaption")
        if not (caption and tag.find("img")):
            self.walk(tag, style)
            return
        line = self.line(caption)
        text = normalise(caption.extract().get_text(" "))
        # The first image block made inside takes the caption (see image()).
        outer, self.caption = self.caption, text
        self.walk(tag, style)
        text, self.caption = self.caption or "", outer
        if text:
            self.drop(line, text, CAPTION_REASON)

    def image(self, tag: Tag, *, in_text: bool = True) -> None:
        """An image block where `image_for` knows the file, else a report.
        `in_text`: met inside a block that holds only text, which the image
        then follows; else it ends the paragraph so far and takes its place."""
        src = str(tag.get("src") or tag.get("data-src") or "(no src)")
        alt = normalise(str(tag.get("alt") or ""))
        line = self.line(tag)
        image_id = self.image_for(src) if self.image_for and src != "(no src)" else None
        if image_id is None:
            text = f"{src} (alt: {alt})" if alt else src
            self.drop(line, text, IMAGE_REASON)
            return
        caption = self.caption or ""
        if self.caption is not None:
            self.caption = ""  # taken: the figure's other images get none
        value = {
            "image": image_id,
            "alt_text": alt,
            "decorative": False,
            "caption": plaintext.shorten(caption, CAPTION_MAX_LENGTH),
        }
        self.pending_images.append(({"type": "image", "value": value}, line))
        if not in_text:
            self.flush()

    def emit_pending_images(self) -> None:
        pending, self.pending_images = self.pending_images, []
        for block, line in pending:
            self.body.append(block)
            self.origins.append(line)

    # Shared by every block.

    def text_of(self, tag: Tag) -> str:
        """Plain text, for blocks that hold no markup."""
        texts: list[str] = []
        self.gather(tag, texts, None)
        return normalise("".join(texts))

    def gather(self, node: Tag, texts: list[str], lists: list[Tag] | None) -> None:
        """Collect `node`'s text; with `lists`, nested lists are set aside there
        (and <li>s left unclosed are skipped: they are items of their own)."""
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):
                    texts.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            if lists is not None and child.name in LISTS:
                lists.append(child)
            elif lists is not None and child.name == "li":
                continue
            elif child.name == "img":
                self.image(child)
            else:
                if child.name == "a" and (href := usable_href(child)):
                    self.pending_links.append(href)
                separated = child.name in SEPARATED
                texts.append(" " if separated else "")
                self.gather(child, texts, lists)
                texts.append(" " if separated else "")

    def clean(
        self, text: str, line: int, *, boilerplate: bool = True, captions: bool = True
    ) -> str:
        """Boilerplate goes; hashtags come out of the text, as in plain text."""
        reason = (
            cleanup.boilerplate_reason(text, captions=captions) if boilerplate else None
        )
        if reason:
            self.drop(line, text, reason)
            return ""
        text, tags, inline = cleanup.extract_hashtags(text)
        self.hashtags.extend(tags)
        self.inline_hashtags.extend((line, *use) for use in inline)
        return text

    def trailing(self, text: str, line: int) -> bool:
        """Whether `text` is, or comes after, the end of the article (a comment
        section or related posts): if so it is dropped."""
        if self.trailer is None and self.body:
            self.trailer = cleanup.trailer_reason(text)
        if self.trailer is None:
            return False
        self.drop(
            line,
            text,
            cleanup.trailer_reason(text)
            or cleanup.boilerplate_reason(text)
            or self.trailer,
        )
        return True

    def after_trailer(self, tag: Tag) -> bool:
        """Whether the article ended before `tag` (see trailing()); if so, the
        whole element is dropped, before any hashtag in it is collected."""
        if self.trailer is None:
            return False
        text = self.text_of(tag)
        if text:
            reason = cleanup.trailer_reason(text) or self.trailer
            self.drop(self.line(tag), text, reason)
        return True

    def append(self, block: Block, line: int) -> None:
        self.body.append(block)
        self.origins.append(line)
        self.unlinked.extend(self.pending_links)
        self.pending_links.clear()
        self.emit_pending_images()

    def drop(self, line: int, text: str, reason: str) -> None:
        self.dropped.append(Dropped(line, text, reason))

    def line(self, tag: Tag) -> int:
        if self.line_attribute is None:
            return tag.sourceline or 1
        for node in (tag, *tag.parents):
            value = node.get(self.line_attribute) if node.name else None
            if value:
                return int(value)
        # Raw HTML inside Markdown: the nearest element before it.
        before = tag.find_previous(attrs={self.line_attribute: True})
        return int(before[self.line_attribute]) if before else 1


def normalise(text: str) -> str:
    return cleanup.normalise_line(_WHITESPACE.sub(" ", text))


def names_of(tag: Tag) -> list[str]:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    ident = tag.get("id")
    return [name.lower() for name in [*classes, *([ident] if ident else [])]]


def is_hidden(tag: Tag) -> bool:
    return (
        tag.has_attr("hidden")
        or bool(_DISPLAY_NONE.search(str(tag.get("style") or "")))
        or not HIDDEN_CLASSES.isdisjoint(names_of(tag))
    )


def unnest_blocks(heading: Tag) -> None:
    """html.parser never closes a heading implicitly, so "<h2>Why<p>Text" puts
    the text inside the heading: blocks in a heading move out, after it."""
    children = list(heading.children)
    first = next(
        (
            index
            for index, child in enumerate(children)
            if isinstance(child, Tag) and child.name in SEPARATED and child.name != "br"
        ),
        None,
    )
    if first is None:
        return
    anchor = heading
    for child in children[first:]:
        anchor.insert_after(child.extract())
        anchor = child


def tags_in(tag: Tag) -> list[Tag]:
    """`tag`'s child elements, last first (a stack pops them in order)."""
    return [child for child in reversed(tag.contents) if isinstance(child, Tag)]


def ends_its_parent(tag: Tag) -> bool:
    return all(
        isinstance(sibling, NavigableString) and not sibling.strip()
        for sibling in tag.next_siblings
    )


def in_site_header(tag: Tag) -> bool:
    header = tag.find_parent("header")
    return header is not None and header.find_parent(SECTIONS) is None


def is_layout_table(table: Tag) -> bool:
    """A table used to lay out a page holds blocks in its cells, or is a single
    cell; its content is the article's, read as text blocks."""
    cells = table.find_all(["td", "th"])
    if len(cells) <= 1:
        return True
    if table.find([*HEADINGS, *LISTS, "table", "blockquote"]):
        return True
    return any(len(cell.find_all("p", limit=2)) > 1 for cell in cells)


def span(cell: Tag) -> int:
    try:
        return min(max(int(str(cell.get("colspan") or 1)), 1), 50)
    except ValueError:
        return 1


def usable_href(tag: Tag) -> str | None:
    """A link worth keeping: not an in-page anchor, and with a scheme readers
    can safely follow (`java&#x09;script:`, `data:` and the like are not)."""
    href = str(tag.get("href") or "").strip()
    if not href or href.startswith("#") or not is_safe_url(href):
        return None
    return href


def inline_style(tag: Tag, style: Style) -> Style:
    match tag.name:
        case "b" | "strong":
            return style._replace(bold=True)
        case "i" | "em":
            return style._replace(italic=True)
        case "sup":
            return style._replace(superscript=True)
        case "a":
            href = usable_href(tag)
            return style._replace(href=href) if href else style
    return style


# A list of plaintext.MIN_MENU_ITEMS items or more, each nothing but a link of
# at most this many words, is a menu ("Home", "About", "Services"); a link's
# words are a little longer than a bare menu line's.
MAX_MENU_LINK_WORDS = 4


def is_link_menu(tag: Tag) -> bool:
    items = tag.find_all("li", recursive=False)
    if len(items) < plaintext.MIN_MENU_ITEMS:
        return False
    for item in items:
        text = normalise(item.get_text(" "))
        links = normalise(" ".join(a.get_text(" ") for a in item.find_all("a")))
        if not text or text != links or len(text.split()) > MAX_MENU_LINK_WORDS:
            return False
    return True


def rich_text(runs: list[Run], stages: list[str]) -> str:
    """The runs' text, as Wagtail's rich text with their bold, italic,
    superscript and links. `stages` is the runs' plain text, the same with its
    spaces normalised, then with hashtags taken out: the text to write."""
    text = stages[-1]
    if all(run.style == PLAIN for run in runs):
        return html.escape(text, quote=False)
    styles = [run.style for run in runs for _ in run.text]
    plain, spaced, _ = stages
    if spaced != plain:
        styles = follow_spacing(plain, styles, spaced)
    if text != spaced:
        # Each character of the cleaned text takes the style of the one it
        # came from (a hashtag's words, the tag's own).
        styles = [styles[index] for index in cleanup.hashtag_origins(spaced)]
    # A space at the edge of a bold run is not bold: "<b>Tip</b> text".
    for index, char in enumerate(text):
        if char == " " and styles[index] != PLAIN:
            before = styles[index - 1] if index else PLAIN
            after = styles[index + 1] if index + 1 < len(text) else PLAIN
            styles[index] = common(styles[index], common(before, after))
    return markup(text, styles)


def follow_spacing(old: str, styles: list[Style], new: str) -> list[Style]:
    """Styles for `new`, which is `old` with some spacing deleted and the rest
    made plain spaces. Only spacing is deleted, so the first match is the one."""
    start, end = unchanged_ends(old, new)
    carried = styles[:start]
    index, last = start, len(old) - end - 1
    for char in new[start : len(new) - end]:
        while index < last and not (
            old[index] == char or (char == " " and old[index].isspace())
        ):
            index += 1
        carried.append(styles[index])
        index += index < last
    return carried + styles[len(old) - end :]


def unchanged_ends(old: str, new: str) -> tuple[int, int]:
    """How many characters at the start and at the end cleanup left alone:
    only the part between them needs aligning, which keeps it cheap."""
    start = len(commonprefix([old, new]))
    end = len(commonprefix([old[start:][::-1], new[start:][::-1]]))
    return start, end


def common(a: Style, b: Style) -> Style:
    return Style(
        a.href if a.href == b.href else None,
        a.bold and b.bold,
        a.italic and b.italic,
        a.superscript and b.superscript,
    )


def markup(text: str, styles: list[Style]) -> str:
    """Nested tags, the link outermost so a partly bold link stays one link."""
    out: list[str] = []
    stack: list[str] = []  # open tags, e.g. ['a href="…"', "b"]
    position = 0
    for style, group in groupby(styles):
        length = len(list(group))
        wanted = tags_for(style)
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep] == wanted[keep]:
            keep += 1
        out.extend(f"</{tag.split()[0]}>" for tag in reversed(stack[keep:]))
        out.extend(f"<{tag}>" for tag in wanted[keep:])
        stack = wanted
        out.append(html.escape(text[position : position + length], quote=False))
        position += length
    out.extend(f"</{tag.split()[0]}>" for tag in reversed(stack))
    return "".join(out)


def tags_for(style: Style) -> list[str]:
    tags = [f'a href="{html.escape(style.href)}"'] if style.href else []
    if style.bold:
        tags.append("b")
    if style.italic:
        tags.append("i")
    if style.superscript:
        tags.append("sup")
    return tags


def plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"
