"""Checks: site-wide.

Broken page links, unlinked references to other articles, duplicate titles and
meta descriptions, keyphrase cannibalization, near-duplicate text, orphans and
internal-link suggestions. All but unlinked-references need the SiteIndex
(seo.site), which the audit builds once and hands to every Document; each
lookup is a dict access or an LSH query, so a check costs microseconds however
large the library.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import TYPE_CHECKING, Any

from articles.blocks import RICH_TEXT_BLOCKS
from seo import text
from seo.document import ArticleData, Block, Document, Sentence
from seo.findings import CheckResult, Finding, Fix, Level, Status
from seo.fixes import (
    FixError,
    arg,
    attach,
    block_args,
    block_field,
    block_name,
    find_block,
    fixer,
    map_texts,
    text_runs,
    with_block,
)
from seo.registry import register
from seo.text import Phrase, counted

from .base import Category, Check

if TYPE_CHECKING:
    # The index module loads numpy and datasketch: only an audit that has an
    # index needs them, not the registry (`--list-checks`, the URLconf).
    from seo.site import IndexedArticle, PhraseTarget, SiteIndex

TAGS = frozenset({"site"})
LINK_TAGS = frozenset({"site", "links"})
# Findings listed per duplicate check; the message gives the full count.
MAX_LISTED = 5

# "check out our article on types of massage therapy", "read our guide to
# stretching", "see our posts about heat and ice", "learn more in our in-depth
# article on trigger points": "our", up to two describing words, a kind of
# page, a preposition, then the topic up to the end of the clause.
_NOUN = (
    r"(?P<noun>articles?|guides?|(?:blog\s+)?posts?|blogs?|pages?|pieces?"
    r"|resources?|tutorials?|write-?ups?)"
)
_TOPIC_END = r"[^.!?;:()\[\]]+"
REFERENCE = re.compile(
    rf"\bour\s+(?:[\w-]+\s+){{0,2}}?{_NOUN}\s+"
    r"(?:on|about|to|for|covering|regarding|explaining|discussing|titled|called)"
    rf"\s+(?P<topic>{_TOPIC_END})",
    re.IGNORECASE,
)
# "learn more about the long-term benefits in our article."
REFERENCE_AFTER = re.compile(
    r"\b(?:learn|read|find\s+out|discover)\s+more\s+about\s+"
    rf"(?P<topic>{_TOPIC_END}?)\s+(?:in|on)\s+our\s+(?:[\w-]+\s+){{0,2}}?{_NOUN}\b",
    re.IGNORECASE,
)
# A topic ends before a comma (one page) and loses a trailing "here" or
# "for more tips"; a list of pages ("our articles on X and Y") splits.
_TOPIC_TAIL = re.compile(
    r"(?:\s+(?:for\s+(?:more|further|additional)\b.*|here|below|above|too|now)"
    r"|[\s,]+)$",
    re.IGNORECASE,
)
_TOPIC_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", re.IGNORECASE)


def _quoted(value: str) -> str:
    return f"“{text.excerpt(value, 90)}”"


# --- references --------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A sentence that points readers at another article of ours."""

    sentence: Sentence
    position: int  # the sentence's index in document.sentences
    text: str  # "our article on types of massage therapy"
    topics: tuple[str, ...]
    unlinked: tuple[str, ...]  # the topics no link in the sentence covers


def _topics(match: re.Match[str]) -> tuple[str, ...]:
    topic = match.group("topic").strip()
    plural = match.group("noun").lower().endswith("s")
    if not plural:
        topic = topic.split(",", 1)[0]
    topic = _TOPIC_TAIL.sub("", topic).strip()
    parts = _TOPIC_SPLIT.split(topic) if plural else [topic]
    return tuple(part.strip() for part in parts if part.strip())


def _block_anchors(document: Document) -> dict[int, list[str]]:
    anchors: dict[int, list[str]] = {}
    for link in document.links:
        if link.text:
            anchors.setdefault(link.block.index, []).append(link.text.casefold())
    return anchors


def _find_references(document: Document) -> tuple[Reference, ...]:
    anchors = document.memo("site.block-anchors", lambda: _block_anchors(document))
    found = []
    for position, sentence in enumerate(document.sentences):
        if "our" not in sentence.words:
            continue  # cheap: most sentences are not references
        match = REFERENCE.search(sentence.text) or REFERENCE_AFTER.search(sentence.text)
        if match is None:
            continue
        topics = _topics(match)
        if not topics:
            continue
        found.append(
            Reference(
                sentence,
                position,
                match.group(0).strip(),
                topics,
                _unlinked(match, topics, anchors.get(sentence.block.index, ())),
            )
        )
    return tuple(found)


def _unlinked(
    match: re.Match[str], topics: tuple[str, ...], anchors: list[str]
) -> tuple[str, ...]:
    """The topics no link covers. A link over one topic ("our articles on X
    and <a>Y</a>") covers that topic only; a link over the rest of the words
    ("<a>our guide</a> to X", "our <a>articles</a> on X and Y") covers all."""
    if not anchors:
        return topics
    sentence = match.string.casefold()
    here = [anchor for anchor in anchors if anchor in sentence]
    linked = [
        any(a in topic.casefold() or topic.casefold() in a for a in here)
        for topic in topics
    ]
    if any(linked):
        return tuple(t for t, done in zip(topics, linked, strict=True) if not done)
    span = match.group(0).casefold()
    return () if any(a in span or span in a for a in here) else topics


def _stem_pairs(document: Document) -> frozenset[tuple[str, str]]:
    """Consecutive stems within each sentence: a phrase can occur only where
    all its pairs do, which rules out most candidates without a search."""
    return frozenset(chain.from_iterable(pairwise(s.stems) for s in document.sentences))


def references(document: Document) -> tuple[Reference, ...]:
    """The document's references to other articles, found once per audit."""
    return document.memo("site.references", lambda: _find_references(document))


def _linked(document: Document) -> tuple[set[int], set[str]]:
    """Page ids and URL slugs the document links to already."""
    ids, slugs = set(), set()
    for link in document.links:
        if link.page_id:
            ids.add(link.page_id)
        elif link.href.startswith("/"):
            slugs.add(link.href.split("?")[0].split("#")[0].rstrip("/").rsplit("/")[-1])
    return ids, slugs


def links_to(document: Document, article: IndexedArticle) -> bool:
    ids, slugs = document.memo("site.linked", lambda: _linked(document))
    if article.page_id is not None and article.page_id in ids:
        return True
    return bool(article.slug) and article.slug in slugs


# --- checks ------------------------------------------------------------------


@register
class BrokenInternalLinks(Check):
    id = "broken-internal-links"
    title = "Links to unpublished or deleted pages"
    help_text = (
        "A link to a page that is unpublished or deleted leads readers to an error "
        "and wastes what search engines pass along links. Any such link fails. "
        "Publish the target page, link to a live page instead, or remove the link."
    )
    category = Category.SEO
    level = Level.ERROR
    tags = LINK_TAGS
    needs_site = True

    def run(self, document: Document) -> CheckResult:
        site: SiteIndex = document.site
        page_links = [link for link in document.links if link.page_id is not None]
        if not page_links:
            return self.not_applicable("The text links to no page of this site.")
        findings: list[Finding] = []
        checked = 0
        for link in page_links:
            anchor = _quoted(link.text or "(no text)")
            where = self.at(link.block, excerpt=link.text or None)
            if link.page_id == 0:
                checked += 1
                findings.append(
                    self.finding(
                        f"Link {anchor} names no valid page.",
                        hint="Choose the page again in the link editor.",
                        location=where,
                    )
                )
                continue
            live = site.page_live(link.page_id)
            if live is None and not site.knows_all_pages:
                continue  # an index of files cannot tell deleted from unknown
            checked += 1
            if live is None:
                findings.append(
                    self.finding(
                        f"Link {anchor} points to a deleted page (id {link.page_id}).",
                        hint="Link to a live page instead, or remove the link.",
                        location=where,
                        value=link.page_id,
                    )
                )
            elif not live:
                article = site.page(link.page_id)
                name = article.label if article else f"page {link.page_id}"
                findings.append(
                    self.finding(
                        f"Link {anchor} points to {name}, which is not published.",
                        hint="Publish that page first, or link to a live one.",
                        location=where,
                        value=link.page_id,
                    )
                )
        if not checked:
            return self.not_applicable(
                "The site index does not list the pages these links point to."
            )
        if findings:
            return self.result(
                Status.BAD,
                f"{counted(len(findings), 'link')} to pages readers cannot open.",
                findings,
                value=len(findings),
            )
        return self.good(
            f"{counted(checked, 'page link')}, all to published pages.", value=0
        )


@register
class UnlinkedReferences(Check):
    id = "unlinked-references"
    title = "References to other articles without a link"
    help_text = (
        "A sentence such as “check out our article on types of massage therapy” "
        "promises a page but gives no way to reach it, which frustrates readers "
        "and leaves an internal link unmade. Each such sentence with no link "
        "over its words is a finding. Link the words to the article, or remove "
        "the sentence. With the site index the hint names the article whose title "
        "or keyphrase best matches the topic (half its rarity-weighted words at "
        "least)."
    )
    category = Category.SEO
    level = Level.WARNING
    tags = LINK_TAGS
    defaults = {"min_match": 0.5}

    def run(self, document: Document) -> CheckResult:
        if not document.sentences:
            return self.not_applicable("The article has no text.")
        site: SiteIndex | None = document.site
        findings = []
        for reference in references(document):
            if not reference.unlinked:
                continue
            finding = self.finding(
                f"{_quoted(reference.text)} names "
                f"{'articles' if len(reference.topics) > 1 else 'an article'} "
                "but links to none.",
                hint=self._hint(document, site, reference),
                location=self.at(
                    reference.sentence.block, excerpt=reference.sentence.text
                ),
                value=list(reference.unlinked),
            )
            findings.append(attach(finding, self._fix(document, site, reference)))
        if not findings:
            return self.good("Every reference to another article has a link.", 0)
        return self.result(
            Status.BAD,
            f"{counted(len(findings), 'reference')} to other articles with no link.",
            findings,
            value=len(findings),
        )

    def _hint(
        self, document: Document, site: SiteIndex | None, reference: Reference
    ) -> str:
        if site is None:
            return "Link the words to the article they name, or remove the sentence."
        min_match = self.param(document, "min_match")
        parts = []
        for topic in reference.unlinked:
            article = site.best_match(topic, document.data, min_match)
            parts.append(
                f"{_quoted(topic)}: link to {article.label}"
                if article
                else f"{_quoted(topic)}: no such article in the library"
            )
        return "; ".join(parts) + "."

    def _fix(
        self, document: Document, site: SiteIndex | None, reference: Reference
    ) -> Fix | None:
        """Link each unlinked topic to the live article the hint names, where
        the topic's words sit in one run of the block's rich text."""
        block = reference.sentence.block
        if site is None or block.type not in RICH_TEXT_BLOCKS:
            return None
        min_match = self.param(document, "min_match")
        links, names = [], []
        for topic in reference.unlinked:
            article = site.best_match(topic, document.data, min_match)
            if article is None or article.page_id is None or not article.live:
                continue
            links.append({"topic": topic, "page_id": article.page_id})
            names.append(f"{_quoted(topic)} to {article.label}")
        if not links:
            return None
        args = {
            **block_args(block),
            "sentence": reference.sentence.text,
            "links": links,
        }
        try:
            _with_links(block.type, block.value, args, "this block")
        except FixError:
            return None  # the words cross formatting: the writer links them
        label = (
            f"Link {names[0]}"
            if len(names) == 1
            else f"Link {len(names)} topics to their articles"
        )
        return Fix(self.id, label, args)


# --- linking a reference -------------------------------------------------------

_OPEN_A = re.compile(r"<a\b", re.I)
_CLOSE_A = re.compile(r"</a\s*>", re.I)


def _link_in(markup: str, sentence: str, topic: str, page_id: int) -> str | None:
    """`markup` (rich text) with `topic`, inside `sentence`, wrapped in a
    Wagtail page link; None when the sentence is not in this text. Raises
    FixError when the topic is not in the sentence, is linked already, or
    crosses formatting."""
    pieces = []  # (plain offset, markup offset, text node, inside a link)
    plain: list[str] = []
    length = depth = 0
    for offset, piece, is_tag in text_runs(markup):
        if is_tag:
            if _OPEN_A.match(piece):
                depth += 1
            elif _CLOSE_A.match(piece):
                depth = max(0, depth - 1)
            continue
        unescaped = html.unescape(piece)
        pieces.append((length, offset, piece, depth > 0))
        plain.append(unescaped)
        length += len(unescaped)
    flat = "".join(plain)
    start = flat.find(sentence)
    if start < 0:
        return None
    at = flat.find(topic, start, start + len(sentence))
    if at < 0:
        raise FixError(f"The sentence no longer mentions {_quoted(topic)}.")
    for plain_start, offset, piece, linked in pieces:
        local = at - plain_start
        if not 0 <= local <= len(html.unescape(piece)) - len(topic):
            continue
        if linked:
            raise FixError(f"{_quoted(topic)} is linked already.")
        escaped = html.escape(topic, quote=False)
        index = piece.find(escaped)
        while index >= 0 and len(html.unescape(piece[:index])) != local:
            index = piece.find(escaped, index + 1)
        if index < 0:
            break
        end = index + len(escaped)
        wrapped = (
            f'{piece[:index]}<a linktype="page" id="{page_id}">'
            f"{piece[index:end]}</a>{piece[end:]}"
        )
        return markup[:offset] + wrapped + markup[offset + len(piece) :]
    raise FixError(f"{_quoted(topic)} runs across formatting; link it by hand.")


def _with_links(block_type: str, value: Any, args: Mapping[str, Any], name: str) -> Any:
    """The block's value with every topic of `args["links"]` linked in the
    rich text holding `args["sentence"]`."""
    sentence = arg(args, "sentence")
    links = arg(args, "links", list)
    if not links:
        raise FixError("fix.args.links is empty.", ("args", "links"))
    for position, link in enumerate(links):
        field = ("args", "links", position)
        if not isinstance(link, Mapping):
            raise FixError(f"fix.args.links[{position}] must be an object.", field)
        arg(link, "topic")
        page_id = link.get("page_id")
        if (
            not isinstance(page_id, int)
            or isinstance(page_id, bool)
            or not 0 < page_id < 2**63
        ):
            raise FixError(
                f"fix.args.links[{position}].page_id must be a page id, "
                f"not {page_id!r}.",
                (*field, "page_id"),
            )
    found = False

    def edit(markup: str, rich: bool) -> str:
        nonlocal found
        if not rich or found:
            return markup
        for position, link in enumerate(links):
            try:
                linked = _link_in(markup, sentence, link["topic"], link["page_id"])
            except FixError as error:
                raise FixError(
                    f"{name}: {error}", ("args", "links", position, "topic")
                ) from None
            if linked is None:
                return markup  # the sentence is in another rich text
            found, markup = True, linked
        return markup

    fixed = map_texts(block_type, value, edit)
    if not found:
        raise FixError(
            f"{name} no longer holds the sentence {_quoted(sentence)}.",
            ("args", "sentence"),
        )
    return fixed


@fixer("unlinked-references")
def fix_unlinked_references(
    article: ArticleData, args: Mapping[str, Any]
) -> ArticleData:
    """The topics of a reference ("our article on X") linked to the articles
    named, as Wagtail stores page links: <a linktype="page" id="N">X</a>."""
    index = find_block(article, args)
    block = article.body[index]
    if block["type"] not in RICH_TEXT_BLOCKS:
        raise FixError(
            f"{block_name(args)} is a {block['type']} block, which holds no links.",
            block_field(args),
        )
    value = _with_links(block["type"], block["value"], args, block_name(args))
    return with_block(article, index, value)


class _Duplicates(Check):
    """Shared by the checks that look for other articles with the same value."""

    category = Category.SEO
    level = Level.WARNING
    tags = TAGS
    needs_site = True

    def listed(
        self, found: list[IndexedArticle], message: str, hint: str, field: str
    ) -> list[Finding]:
        return [
            self.finding(
                message.format(article.label),
                hint=hint,
                location=self.at_field(field),
                value=article.key,
            )
            for article in found[:MAX_LISTED]  # the index keeps them in rank order
        ]

    @staticmethod
    def summary(count: int, what: str) -> str:
        return f"{what} is shared with {counted(count, 'other article')}."


@register
class DuplicateTitle(_Duplicates):
    id = "duplicate-title"
    title = "Title used by another article"
    help_text = (
        "When two articles share a title (or SEO title), search results cannot "
        "tell them apart and the pages compete with each other. Any other article "
        "with the same title, ignoring case and spacing, fails this check. Give "
        "each article a title that says what only it covers."
    )

    def run(self, document: Document) -> CheckResult:
        site: SiteIndex = document.site
        fields = {text_key: field for field, text_key in self._titles(document)}
        findings: list[Finding] = []
        # Each indexed article is one object, hashed by identity (in C): a
        # title shared by a thousand articles is counted without a Python
        # step per article.
        others: set[IndexedArticle] = set()
        for value, field in fields.items():
            found = site.same_title(value, document.data)
            others.update(found)
            label = "SEO title" if field == "seo_title" else "Title"
            findings += self.listed(
                found,
                f"{label} {_quoted(value)} is also the title of {{}}.",
                "Rewrite it to say what only this article covers.",
                field,
            )
        if findings:
            return self.result(
                Status.BAD,
                self.summary(len(others), "The title"),
                findings,
                value=len(others),
            )
        return self.good("No other article has this title.", 0)

    @staticmethod
    def _titles(document: Document) -> list[tuple[str, str]]:
        titles = [("title", document.title.strip())]
        seo_title = document.data.seo_title.strip()
        if seo_title and seo_title.casefold() != titles[0][1].casefold():
            titles.append(("seo_title", seo_title))
        return [(field, value) for field, value in titles if value]


@register
class DuplicateMetaDescription(_Duplicates):
    id = "duplicate-meta-description"
    title = "Meta description used by another article"
    help_text = (
        "Search engines show the meta description under the title; when two "
        "articles share one they often replace both with text of their own "
        "choosing. Any other article with the same description, ignoring case "
        "and spacing, fails this check. Write a description for each article."
    )

    def run(self, document: Document) -> CheckResult:
        description = document.data.search_description.strip()
        if not description:
            return self.not_applicable("No meta description is set.")
        found = document.site.same_description(description, document.data)
        if not found:
            return self.good("No other article has this meta description.", 0)
        findings = self.listed(
            found,
            "The meta description is also used by {}.",
            "Rewrite it to sum up what this article alone offers.",
            "search_description",
        )
        return self.result(
            Status.BAD,
            self.summary(len(found), "The meta description"),
            findings,
            value=len(found),
        )


@register
class KeyphraseCannibalization(_Duplicates):
    id = "keyphrase-cannibalization"
    title = "Focus keyphrase used by another article"
    help_text = (
        "Articles with the same focus keyphrase compete for the same searches, "
        "so neither ranks as well as one would (keyword cannibalization). Word "
        "forms, word order and function words are ignored: “massages for "
        "sciatica” is “sciatica massage”. Any other article with the same "
        "keyphrase fails this check. Choose a different keyphrase, or merge the "
        "articles and redirect one to the other."
    )

    def run(self, document: Document) -> CheckResult:
        if document.keyphrase is None:
            return self.not_applicable("No focus keyphrase is set.")
        found = document.site.same_keyphrase(
            document.data.focus_keyphrase, document.data
        )
        if not found:
            return self.good("No other article targets this keyphrase.", 0)
        findings = self.listed(
            found,
            f"{{}} also targets {_quoted(document.keyphrase.text)}.",
            "Give one of them another keyphrase, or merge them.",
            "focus_keyphrase",
        )
        return self.result(
            Status.BAD,
            self.summary(len(found), "The focus keyphrase"),
            findings,
            value=len(found),
        )


@register
class NearDuplicate(Check):
    id = "near-duplicate"
    title = "Near-duplicate of another article"
    help_text = (
        "Search engines show one of several near-identical pages and drop the "
        "rest, and readers gain nothing from the second copy. The text is cut "
        "into overlapping three-word shingles and compared with every other "
        "article through MinHash (an estimate of the share of shingles two texts "
        "have in common, the Jaccard similarity). At 80% or more the check fails. "
        "Rewrite the article so it covers its own ground, or merge the two."
    )
    category = Category.SEO
    level = Level.WARNING
    tags = TAGS
    needs_site = True
    defaults = {"threshold": 0.8}

    def run(self, document: Document) -> CheckResult:
        site: SiteIndex = document.site
        if site.signature_of(document) is None:
            return self.not_applicable("Too little text to compare.")
        threshold = self.param(document, "threshold")
        found = site.near_duplicates(document, threshold)
        if not found:
            return self.good(
                f"No other article shares {threshold:.0%} of its text with this one."
            )
        findings = [
            self.finding(
                f"About {similarity:.0%} of the text matches {article.label}.",
                hint="Rewrite this article to cover its own ground, or merge them.",
                location=self.at_field("body"),
                value=round(similarity, 2),
                threshold=threshold,
            )
            for article, similarity in found[:MAX_LISTED]
        ]
        return self.result(
            Status.BAD,
            f"Near-duplicate of {counted(len(found), 'other article')}.",
            findings,
            value=round(found[0][1], 2),
        )


@register
class OrphanArticle(Check):
    id = "orphan-article"
    title = "Articles that link here"
    help_text = (
        "An article no other page links to is hard for readers to find and is "
        "crawled and ranked poorly (an orphan). Links are counted from Wagtail's "
        "reference index, from published pages only. Fewer than one fails. Link "
        "to it from related articles, with words that describe it."
    )
    category = Category.SEO
    level = Level.WARNING
    tags = LINK_TAGS
    needs_site = True
    defaults = {"min_inbound": 1}

    def run(self, document: Document) -> CheckResult:
        page_id = document.data.page_id
        if page_id is None:
            return self.not_applicable(
                "The article is not saved, so nothing links to it yet."
            )
        inbound = document.site.inbound_links(page_id)
        if inbound is None:
            return self.not_applicable("The article is not in the site index.")
        minimum = self.param(document, "min_inbound")
        if inbound >= minimum:
            return self.good(
                f"{counted(inbound, 'published page')} "
                f"{'links' if inbound == 1 else 'link'} here.",
                inbound,
            )
        message = (
            "No published page links here."
            if inbound == 0
            else f"Only {counted(inbound, 'published page')} "
            f"{'links' if inbound == 1 else 'link'} here; aim for {minimum}."
        )
        return self.result(
            Status.BAD,
            message,
            [
                self.finding(
                    message,
                    hint="Link to it from related articles, with words that "
                    "describe it.",
                    location=self.at_field("title"),
                    value=inbound,
                    threshold=minimum,
                )
            ],
            value=inbound,
        )


@dataclass(frozen=True)
class Suggestion:
    article: IndexedArticle
    block: Block
    order: tuple[int, int]  # block and sentence position of the first mention
    message: str
    excerpt: str


@register
class InternalLinkSuggestions(Check):
    id = "internal-link-suggestions"
    title = "Internal links to add"
    help_text = (
        "Links between related articles help readers go deeper and show search "
        "engines how the library fits together. For every reference to another "
        "article with no link, and every mention of another article's focus "
        "keyphrase or title (two topic words or more, in any word form) in a "
        "page that does not link to it, the check names the article to link: "
        "one suggestion per article, at its first mention, at most ten. Its own "
        "keyphrase and title are left alone, as linking them would compete."
    )
    category = Category.SEO
    level = Level.INFO
    tags = LINK_TAGS
    needs_site = True
    defaults = {"min_phrase_words": 2, "max_suggestions": 10, "min_match": 0.5}

    def run(self, document: Document) -> CheckResult:
        if not document.sentences:
            return self.not_applicable("The article has no text.")
        found = self._suggestions(document)
        if not found:
            return self.good("No unlinked mention of another article.", 0)
        limit = self.param(document, "max_suggestions")
        findings = [
            self.finding(
                s.message,
                hint=f"Link the words to {s.article.label}.",
                location=self.at(s.block, excerpt=s.excerpt),
                value=s.article.key,
            )
            for s in found[:limit]
        ]
        return self.result(
            Status.INFO,
            f"{counted(len(found), 'article')} to link from this one.",
            findings,
            value=len(found),
        )

    def _suggestions(self, document: Document) -> list[Suggestion]:
        site: SiteIndex = document.site
        data = document.data
        min_match = self.param(document, "min_match")
        found: dict[int | str, Suggestion] = {}

        def offer(article: IndexedArticle, suggestion: Suggestion) -> None:
            current = found.get(article.key)
            if current is None or suggestion.order < current.order:
                found[article.key] = suggestion

        for reference in references(document):
            sentence = reference.sentence
            for topic in reference.unlinked:
                article = site.best_match(topic, data, min_match)
                if article is None or links_to(document, article):
                    continue
                offer(
                    article,
                    Suggestion(
                        article,
                        sentence.block,
                        (sentence.block.index, reference.position),
                        f"{_quoted(reference.text)} could link to {article.label}.",
                        sentence.text,
                    ),
                )
        linked_ids, linked_slugs = document.memo(
            "site.linked", lambda: _linked(document)
        )
        for target, n in self._mentions(document):
            if not (
                linked_ids.isdisjoint(target.page_ids)
                and linked_slugs.isdisjoint(target.slugs)
            ):
                continue
            article = next(
                (a for a in target.articles if not site.is_self(a, data)), None
            )
            if article is None:
                continue
            sentence = document.sentences[n]
            offer(
                article,
                Suggestion(
                    article,
                    sentence.block,
                    (sentence.block.index, n),
                    f"Mentions {_quoted(target.text)}: link it to {article.label}.",
                    sentence.text,
                ),
            )
        return sorted(found.values(), key=lambda s: s.order)

    def _mentions(self, document: Document) -> Iterator[tuple[PhraseTarget, int]]:
        """Other articles' titles and keyphrases that occur, as consecutive
        words in any word form, in one sentence: (target, sentence position)."""
        site: SiteIndex = document.site
        stem_set = document.memo("site.stem-set", lambda: frozenset(document.stems))
        own = {p.content for p in document.keyphrases}
        if title := Phrase.parse(document.title):
            own.add(title.content)
        minimum = self.param(document, "min_phrase_words")
        targets = [
            target
            for target in site.phrase_targets(stem_set)
            if len(target.content) >= minimum and target.content not in own
        ]
        if not targets:
            return
        pairs = document.memo("site.stem-pairs", lambda: _stem_pairs(document))
        for target in targets:
            stems = target.stems
            if not all(pair in pairs for pair in pairwise(stems)):
                continue  # cheap: most candidates fail here
            size = len(stems)
            for position, sentence in enumerate(document.sentences):
                if stems[0] in sentence.stems and any(
                    sentence.stems[i : i + size] == stems
                    for i, item in enumerate(sentence.stems)
                    if item == stems[0]
                ):
                    yield target, position
                    break
