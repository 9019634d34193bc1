"""The Document: everything a check reads, derived once per audit.

A Document is built from an `ArticleData` (plain values: the page's fields and
its body as block data in contract shape) and, for site-wide checks, a
precomputed `SiteIndex`. Every derived view (sentences, words, stems, headings,
sections, links, images) is a cached property, so the text is tokenized once
however many checks run. Nothing here touches the database or the network:
`seo.sources` turns pages and imports into ArticleData.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from html.parser import HTMLParser
from itertools import chain
from typing import TYPE_CHECKING, Any, TypeVar

from sentencex import segment

# Each block type's text is defined once, in articles.blocks.BLOCK_TEXT: the
# prose and rich-text block types and how to read them come from there.
from articles.blocks import (
    PROSE_BLOCKS,
    RICH_TEXT_BLOCKS,
    block_text,
    prose_units,
    rich_texts,
)

from . import text
from .text import Phrase

if TYPE_CHECKING:
    from .site import SiteIndex

T = TypeVar("T")


@dataclass(frozen=True)
class ImageInfo:
    width: int | None = None
    height: int | None = None
    alt: str = ""


@dataclass(frozen=True)
class ImportNote:
    """Something the importer kept but an editor should look at (a promotional
    passage, a hashtag written inside a sentence): the importer's flag
    (articles.importing.Flag is this class) and what the audit reads of it.
    `block` is its index in the body, `line` its line in the source file."""

    kind: str
    block: int
    excerpt: str
    reason: str
    line: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The stored and dry-run form (the import's log entry keeps it)."""
        return {
            "kind": self.kind,
            "line": self.line,
            "block": self.block,
            "excerpt": self.excerpt,
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "ImportNote":
        return cls(
            data["kind"],
            data["block"],
            data["excerpt"],
            data["reason"],
            data.get("line"),
        )


def _strings(value: str | Iterable[str]) -> tuple[str, ...]:
    """A list of short texts, given as one: "a, b" as a page stores them."""
    if isinstance(value, str):
        value = value.split(",")
    return tuple(item.strip() for item in value if item.strip())


@dataclass(frozen=True)
class ArticleData:
    """An article as plain values: what the audit needs and nothing else.

    The one envelope of an article outside the database: the importer
    produces it (articles.importing.ImportedArticle.article), seo.sources reads
    pages into it (article_from_page, load_articles), the v3 audit route builds
    it from its input (from_fields), and the site index is built from it.
    """

    title: str
    body: Sequence[dict[str, Any]] = ()
    slug: str = ""
    seo_title: str = ""
    search_description: str = ""
    intro: str = ""
    hashtags: Sequence[str] = ()
    focus_keyphrase: str = ""
    keyphrase_synonyms: Sequence[str] = ()
    canonical_url: str = ""
    noindex: bool = False
    social_image: ImageInfo | None = None
    cornerstone: bool = False
    target_grade: int | None = None
    reviewer: str = ""
    # Display names of the article's authors, in order.
    authors: Sequence[str] = ()
    last_reviewed: date | None = None
    site_disclaimer: str = ""
    page_id: int | None = None
    revision_id: int | None = None
    source: str = ""
    import_notes: Sequence[ImportNote] = ()
    today: date = field(default_factory=date.today)
    # Where a stored page sits in the tree, and whether it is published.
    url_path: str = ""
    live: bool = False

    @classmethod
    def from_fields(cls, fields: Mapping[str, Any], **more: Any) -> "ArticleData":
        """An article from field values by name (an API payload, a page's
        fields), with `more` over them: the body as block data in contract
        shape; hashtags, synonyms and import notes as any sequence (synonyms
        also as one comma-separated text, as a page stores them); `today`
        None for today. A name that is no field here raises TypeError."""
        values = {**fields, **more}
        for name in ("hashtags", "authors", "import_notes"):
            if name in values:
                values[name] = tuple(values[name])
        if "keyphrase_synonyms" in values:
            values["keyphrase_synonyms"] = _strings(values["keyphrase_synonyms"])
        if "today" in values and values["today"] is None:
            del values["today"]
        return cls(**values)


@dataclass(frozen=True)
class Block:
    index: int
    id: str | None
    type: str
    value: Any
    text: str


@dataclass(frozen=True)
class Heading:
    block: Block
    level: int
    text: str


@dataclass(frozen=True)
class Sentence:
    block: Block
    text: str
    words: tuple[str, ...]
    stems: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """The text under one heading (or before the first), up to the next heading."""

    heading: Heading | None
    blocks: tuple[Block, ...]
    word_count: int


@dataclass(frozen=True)
class Link:
    block: Block
    text: str
    href: str
    # A Wagtail page link (linktype="page"); 0 when its id is unreadable. Which
    # other links are internal depends on the site's host: see
    # seo.checks.content.link_kinds.
    page_id: int | None


@dataclass(frozen=True)
class BodyImage:
    block: Block
    image_id: int | None
    alt: str
    decorative: bool


class _LinkCollector(HTMLParser):
    """Anchors in stored rich text: Wagtail writes page links as
    <a linktype="page" id="..."> and external ones as <a href="...">."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open, self._text = dict(attrs), []

    def handle_data(self, data):
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.links.append((self._open, "".join(self._text).strip()))
            self._open = None


def _sentences(unit: str) -> list[str]:
    if "." not in unit[:-1] and "?" not in unit[:-1] and "!" not in unit[:-1]:
        return [unit]  # one sentence at most; skip the segmenter
    return [s.strip() for s in segment("en", unit) if s.strip()]


class Document:
    """One article, with every view a check needs computed on first use."""

    def __init__(self, data: ArticleData, site: "SiteIndex | None" = None):
        self.data = data
        self.site = site

    def __repr__(self) -> str:
        return f"<Document {self.data.title!r}>"

    def memo(self, key: str, compute: "Callable[[], T]") -> "T":
        """Cache a value an area's checks share (for example passive sentences),
        so several checks derive it once per document."""
        cache = self.__dict__.setdefault("_memo", {})
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    # --- blocks -----------------------------------------------------------

    @cached_property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(
            Block(
                index=index,
                id=raw.get("id"),
                type=raw["type"],
                value=raw["value"],
                text=block_text(raw["type"], raw["value"]),
            )
            for index, raw in enumerate(self.data.body)
        )

    def blocks_of(self, *types: str) -> list[Block]:
        return [block for block in self.blocks if block.type in types]

    @cached_property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(
            Heading(block, int(block.value["level"]), block.value["text"].strip())
            for block in self.blocks
            if block.type == "heading"
        )

    @cached_property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(self.blocks_of("paragraph"))

    @cached_property
    def first_paragraph(self) -> str:
        """The introduction as a reader meets it: the intro field, or else the
        first paragraph of the body."""
        if self.data.intro.strip():
            return self.data.intro.strip()
        return self.paragraphs[0].text if self.paragraphs else ""

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        sections: list[Section] = []
        heading: Heading | None = None
        current: list[Block] = []
        headings = {h.block.index: h for h in self.headings}

        def close():
            if heading is not None or current:
                words = sum(self.block_word_counts[b.index] for b in current)
                sections.append(Section(heading, tuple(current), words))

        for block in self.blocks:
            if block.index in headings:
                close()
                heading, current = headings[block.index], []
            else:
                current.append(block)
        close()
        return tuple(sections)

    # --- prose ------------------------------------------------------------

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        found = []
        for block in self.blocks:
            if block.type not in PROSE_BLOCKS:
                continue
            for unit in prose_units(block.type, block.value):
                for sentence in _sentences(unit.strip()) if unit.strip() else ():
                    tokens = tuple(text.words(sentence))
                    if tokens:
                        found.append(
                            Sentence(block, sentence, tokens, tuple(text.stems(tokens)))
                        )
        return tuple(found)

    @cached_property
    def prose_text(self) -> str:
        """The prose as one text, each sentence closed with punctuation, which
        is the text readability formulas are given."""
        return " ".join(
            s.text if s.text[-1] in ".!?" else f"{s.text}." for s in self.sentences
        )

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(chain.from_iterable(s.words for s in self.sentences))

    @cached_property
    def stems(self) -> tuple[str, ...]:
        return tuple(chain.from_iterable(s.stems for s in self.sentences))

    @cached_property
    def word_count(self) -> int:
        return len(self.words)

    @cached_property
    def block_word_counts(self) -> dict[int, int]:
        counts = dict.fromkeys((b.index for b in self.blocks), 0)
        for sentence in self.sentences:
            counts[sentence.block.index] += len(sentence.words)
        for block in self.blocks:
            if block.type == "table":
                counts[block.index] = len(text.words(block.text))
        return counts

    # --- keyphrase --------------------------------------------------------

    @cached_property
    def keyphrase(self) -> Phrase | None:
        return Phrase.parse(self.data.focus_keyphrase)

    @cached_property
    def synonyms(self) -> tuple[Phrase, ...]:
        parsed = (Phrase.parse(s) for s in self.data.keyphrase_synonyms)
        return tuple(phrase for phrase in parsed if phrase)

    @cached_property
    def keyphrases(self) -> tuple[Phrase, ...]:
        """The keyphrase then its synonyms: what Yoast accepts where synonyms count."""
        return ((self.keyphrase,) if self.keyphrase else ()) + self.synonyms

    @staticmethod
    def stem_set(value: str) -> frozenset[str]:
        return frozenset(text.stems(text.words(value)))

    # --- links and images -------------------------------------------------

    @cached_property
    def links(self) -> tuple[Link, ...]:
        found = []
        for block in self.blocks:
            if block.type in RICH_TEXT_BLOCKS:
                for html in rich_texts(block.type, block.value):
                    if "<a" in html:
                        found.extend(self._links_in(block, html))
            elif block.type == "references":
                found.extend(
                    Link(block, item["title"], item["url"], None)
                    for item in block.value["items"]
                    if item.get("url")
                )
        return tuple(found)

    @staticmethod
    def _links_in(block: Block, html: str) -> list[Link]:
        parser = _LinkCollector()
        parser.feed(html)
        parser.close()
        links = []
        for attrs, anchor in parser.links:
            if attrs.get("linktype") == "page":
                page_id = attrs.get("id") or ""
                links.append(
                    Link(block, anchor, "", int(page_id) if page_id.isdigit() else 0)
                )
            elif attrs.get("href"):
                links.append(Link(block, anchor, attrs["href"] or "", None))
        return links

    @cached_property
    def images(self) -> tuple[BodyImage, ...]:
        return tuple(
            BodyImage(
                block,
                block.value.get("image"),
                (block.value.get("alt_text") or "").strip(),
                bool(block.value.get("decorative")),
            )
            for block in self.blocks_of("image")
        )

    # --- page fields ------------------------------------------------------

    @property
    def title(self) -> str:
        return self.data.title

    @cached_property
    def seo_title(self) -> str:
        """The title search results show: the SEO title, or else the page title."""
        return (self.data.seo_title or self.data.title).strip()

    @property
    def cornerstone(self) -> bool:
        return self.data.cornerstone
