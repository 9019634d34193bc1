"""Checks: content and links.

Text length, internal and outbound links, anchors that compete for the
keyphrase, image alt text, site boilerplate left in the body and sales copy.
Where Yoast has the same assessment its thresholds are used, so editors who
know Yoast can trust the verdicts. Broken links, unlinked references, link
suggestions and duplicates need the whole library and live in seo.checks.site.
"""

import re
from urllib.parse import urlsplit

from articles.importing.cleanup import (
    BOILERPLATE_LINES,
    TRAILER_MARKERS,
    boilerplate_reason,
    promotion_match,
    trailer_reason,
)
from seo import text
from seo.document import Block, Document, Link
from seo.findings import CheckResult, Finding, Level, Status
from seo.registry import register
from seo.text import counted

from .base import Category, Check

# Blocks a reader reads as running text: where sales copy would sit.
_PROMOTION_BLOCKS = frozenset({"paragraph", "list", "quote", "callout", "faq", "steps"})
# A word every match of cleanup.PROMOTION contains, one per alternative ("is
# the place to go" has "place"): a sentence whose words hold none of them
# skips the case-insensitive regex, which costs far more than the set test.
# tests/seo/test_content.py checks this list against the pattern.
PROMOTION_WORDS = frozenset({"our", "contact", "call", "visit", "book", "place", "we"})

# The importer's boilerplate patterns as one regex, so that a line costs one
# call instead of one per pattern; boilerplate_reason() then names the reason
# for the rare line that matches. While they are all anchored at the start (as
# they are), match(), which tries the start alone, is enough.
_ANY_BOILERPLATE = re.compile(
    "|".join(f"(?:{p.pattern})" for p, _ in BOILERPLATE_LINES), re.I
)
_boilerplate_candidate = (
    _ANY_BOILERPLATE.match
    if all(p.pattern.startswith("^") for p, _ in BOILERPLATE_LINES)
    else _ANY_BOILERPLATE.search
)
# Trailer markers are whole lines ("Similar Posts:"), so longer lines skip them.
_LONGEST_TRAILER = max(map(len, TRAILER_MARKERS)) + 1


def _host(url: str) -> str:
    """A URL's host without "www.", so www.example.com and example.com match."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:  # a malformed URL (for example an unclosed IPv6 bracket)
        return ""
    return host.removeprefix("www.")


def _classify_links(document: Document) -> tuple[tuple[Link, ...], tuple[Link, ...]]:
    """Internal and outbound links, shared by the link checks.

    Internal: Wagtail page links, site-relative hrefs, and absolute URLs on the
    article's own host (from its canonical URL). Outbound: http(s) URLs on any
    other host, references included. Fragment links (#section), mailto: and
    tel: are neither: they lead nowhere a search engine follows.
    """
    own_host = _host(document.data.canonical_url)
    internal: list[Link] = []
    outbound: list[Link] = []
    for link in document.links:
        href = link.href.strip()
        if link.page_id is not None:
            internal.append(link)
            continue
        if not href or href.startswith("#"):
            continue
        if href.startswith("//"):  # protocol-relative: a full URL, not a path
            href = "https:" + href
        try:
            parts = urlsplit(href)
        except ValueError:
            continue
        if parts.scheme in ("http", "https") and parts.hostname:
            host = parts.hostname.removeprefix("www.")
            (internal if own_host and host == own_host else outbound).append(link)
        elif not parts.scheme and not parts.netloc:
            internal.append(link)  # a path on this site: "/guides/x", "../x"
    return tuple(internal), tuple(outbound)


def link_kinds(document: Document) -> tuple[tuple[Link, ...], tuple[Link, ...]]:
    return document.memo("content.link-kinds", lambda: _classify_links(document))


def _links_to_self(document: Document, link: Link) -> bool:
    """Yoast ignores anchors that point at the page itself."""
    if link.page_id is not None:
        return link.page_id == document.data.page_id
    href = link.href.strip()
    canonical = document.data.canonical_url.strip()
    return href.startswith("#") or bool(canonical and href == canonical)


@register
class TextLength(Check):
    id = "text-length"
    title = "Text length"
    help_text = (
        "Short articles rarely answer a reader's question well enough to rank. "
        "Counted as Yoast counts it: every word of the body, headings and tables "
        "included, but not image alt text or references. Yoast's bands: 300 words "
        "or more is good, 250-299 is ok, under 250 is bad; for cornerstone "
        "content 900 or more is good, 400-899 ok, under 400 bad. Fix: add what "
        "readers need (symptoms, what to expect, when to see a doctor), not filler."
    )
    category = Category.SEO
    level = Level.WARNING
    tags = frozenset({"content"})
    defaults = {"good": 300, "ok": 250}
    cornerstone_defaults = {"good": 900, "ok": 400}

    def run(self, document: Document) -> CheckResult:
        good, ok = self.param(document, "good"), self.param(document, "ok")
        count = self._word_count(document)
        kind = "cornerstone content" if document.cornerstone else "an article"
        if count >= good:
            return self.good(
                f"{counted(count, 'word')}; the minimum for {kind} is {good:,}.", count
            )
        status = Status.OK if count >= ok else Status.BAD
        finding = self.finding(
            f"The text has {counted(count, 'word')}, below the minimum of "
            f"{good:,} for {kind}.",
            hint="Add content that answers readers' questions.",
            value=count,
            threshold=good,
        )
        return self.result(
            status, f"{counted(count, 'word')}; aim for {good:,}.", [finding], count
        )

    @staticmethod
    def _word_count(document: Document) -> int:
        # block_word_counts covers prose and tables; headings are not prose.
        body = sum(document.block_word_counts.values())
        return body + sum(len(text.words(h.text)) for h in document.headings)


@register
class InternalLinks(Check):
    id = "internal-links"
    title = "Internal links"
    help_text = (
        "Links to your own articles help readers go deeper and help search engines "
        "find and weigh your pages. As Yoast: no internal link is bad, one or more "
        "is good. Internal means a Wagtail page link, a site-relative link (/...) "
        "or a full URL on the article's own host (taken from its canonical URL). "
        "Fix: link a related article where the text mentions its topic."
    )
    category = Category.SEO
    level = Level.WARNING
    tags = frozenset({"content", "links"})

    def run(self, document: Document) -> CheckResult:
        internal, _ = link_kinds(document)
        if internal:
            return self.good(
                f"{counted(len(internal), 'internal link')}.", len(internal)
            )
        finding = self.finding(
            "No internal links.",
            hint="Link to at least one related article on this site.",
            value=0,
            threshold=1,
        )
        return self.result(Status.BAD, "No internal links.", [finding], 0)


@register
class OutboundLinks(Check):
    id = "outbound-links"
    title = "Outbound links"
    help_text = (
        "Health content earns trust by citing its sources. As Yoast: no outbound "
        "link is bad, one or more is good. Outbound means an http(s) link to "
        "another site, in the text or in a references block. (Yoast also weighs "
        "nofollow links; our rich text has no rel attribute, so it does not.) "
        "Fix: cite a trustworthy source, such as a study or a health agency."
    )
    category = Category.SEO
    level = Level.WARNING
    tags = frozenset({"content", "links"})

    def run(self, document: Document) -> CheckResult:
        _, outbound = link_kinds(document)
        if outbound:
            return self.good(
                f"{counted(len(outbound), 'outbound link')}.", len(outbound)
            )
        finding = self.finding(
            "No outbound links.",
            hint="Cite at least one trustworthy source, in the text or in a "
            "references block.",
            value=0,
            threshold=1,
        )
        return self.result(Status.BAD, "No outbound links.", [finding], 0)


@register
class CompetingLinks(Check):
    id = "competing-links"
    title = "Links competing for the keyphrase"
    help_text = (
        "A link whose anchor text is your keyphrase tells search engines that "
        "another page is the one about it. As Yoast: an anchor competes when its "
        "topic words are exactly the keyphrase's (or a synonym's), in any word "
        "form and order: with keyphrase 'massage for sciatica', the anchor "
        "'sciatica massage' competes, 'massage' or 'massage for sciatica prices' "
        "do not. Links to this page itself are ignored. Any competing link is bad. "
        "Fix: reword the anchor to describe the linked page's own topic."
    )
    category = Category.SEO
    level = Level.WARNING
    tags = frozenset({"content", "links", "keyphrase"})

    def run(self, document: Document) -> CheckResult:
        if document.keyphrase is None:
            return self.not_applicable("No focus keyphrase set.")
        # Each phrase as (topic stems it must cover, every stem it may use).
        phrases = [(p.content, frozenset(p.stems)) for p in document.keyphrases]
        findings = []
        for link in document.links:
            if _links_to_self(document, link):
                continue
            tokens = text.words(link.text)
            topic = [t for t in tokens if t not in text.STOP_WORDS] or tokens
            anchor = frozenset(text.stems(topic))
            if anchor and any(need <= anchor <= allowed for need, allowed in phrases):
                findings.append(
                    self.finding(
                        f'The link "{link.text}" uses the keyphrase as its anchor '
                        "text, so it competes with this page.",
                        hint="Reword the anchor to describe the linked page.",
                        location=self.at(link.block, excerpt=link.text),
                    )
                )
        if not findings:
            return self.good("No link uses the keyphrase as its anchor text.", 0)
        count = len(findings)
        verb = "competes" if count == 1 else "compete"
        message = f"{counted(count, 'link')} {verb} for the keyphrase."
        return self.result(Status.BAD, message, findings, len(findings))


@register
class ImageAltText(Check):
    id = "image-alt-text"
    title = "Image alt text"
    help_text = (
        "Screen readers read alt text aloud, and search engines use it to "
        "understand images. As Yoast: any image without alt text is bad. Images "
        "marked decorative need none. With no images the check does not apply "
        "(Yoast scores that red; an article need not have images). Fix: describe "
        "what the image shows, or mark it decorative if it adds nothing."
    )
    category = Category.SEO
    level = Level.WARNING
    tags = frozenset({"content", "images"})

    def run(self, document: Document) -> CheckResult:
        images = document.images
        if not images:
            return self.not_applicable("The body has no images.")
        missing = [i for i in images if not i.alt and not i.decorative]
        if not missing:
            return self.good("Every image has alt text or is decorative.", 0)
        findings = [
            self.finding(
                "Image without alt text.",
                hint="Describe what it shows, or mark it decorative.",
                location=self.at(image.block),
            )
            for image in missing
        ]
        message = (
            f"{len(missing)} of {counted(len(images), 'image')} "
            f"{'has' if len(missing) == 1 else 'have'} no alt text."
        )
        return self.result(Status.BAD, message, findings, len(missing))


def _block_lines(block: Block) -> list[str]:
    """The separate lines of a block that boilerplate could be: a paragraph or
    heading whole, each list item and sub-item on its own."""
    if block.type == "list":
        return [
            line
            for item in block.value["items"]
            for line in (item["text"], *item["children"])
        ]
    return [block.text]


@register
class BodyBoilerplate(Check):
    id = "body-boilerplate"
    title = "Boilerplate in the body"
    help_text = (
        "Scraped or pasted articles often bring the old site's furniture with "
        "them: comment forms ('Leave a Reply', 'Your email address will not be "
        "published'), share buttons, 'Similar Posts' lists, tag and category "
        "lines, 'Posted in' lines. Readers see clutter and search engines see "
        "text that is not the article. The patterns are the importer's own "
        "(articles.importing.cleanup). Any paragraph, heading or list item that "
        "is boilerplate is bad. Fix: delete it; the site supplies its own."
    )
    category = Category.SEO
    level = Level.WARNING
    tags = frozenset({"content"})

    def run(self, document: Document) -> CheckResult:
        findings = []
        for block in document.blocks:
            if block.type not in ("paragraph", "heading", "list"):
                continue
            for line in _block_lines(block):
                line = line.strip()
                reason = (len(line) <= _LONGEST_TRAILER and trailer_reason(line)) or (
                    _boilerplate_candidate(line) and boilerplate_reason(line)
                )
                if reason:
                    findings.append(
                        self.finding(
                            f"Leftover site boilerplate ({reason}): "
                            f'"{text.excerpt(line, 60)}".',
                            hint="Delete it.",
                            location=self.at(block, excerpt=text.excerpt(line)),
                        )
                    )
        if not findings:
            return self.good("No boilerplate left in the body.", 0)
        message = f"{counted(len(findings), 'piece')} of site boilerplate in the body."
        return self.result(Status.BAD, message, findings, len(findings))


@register
class PromotionalPassages(Check):
    id = "promotional-passages"
    title = "Promotional passages"
    help_text = (
        "Sales copy ('our therapists', 'book now', 'contact us', 'we offer') in "
        "a health article reads as an advert and weakens readers' trust in its "
        "advice. Advisory only: it never changes the score, since a clinic's own "
        "article may rightly end with how to book. The patterns are the "
        "importer's (articles.importing.cleanup). Fix: keep the article "
        "informative and move the offer to one short closing paragraph."
    )
    category = Category.SEO
    level = Level.INFO
    tags = frozenset({"content"})
    # Advisory: a weight of 0 keeps the check out of the SEO score either way.
    weight = 0.0

    def run(self, document: Document) -> CheckResult:
        # Searched sentence by sentence (a phrase never spans two), and only
        # sentences holding one of PROMOTION_WORDS; a steps block's name is no
        # sentence, so it is searched on its own.
        found: dict[int, tuple[Block, str]] = {}
        for sentence in document.sentences:
            block = sentence.block
            if (
                block.index in found
                or block.type not in _PROMOTION_BLOCKS
                or PROMOTION_WORDS.isdisjoint(sentence.words)
            ):
                continue
            phrase = promotion_match(sentence.text)
            if phrase:
                found[block.index] = (block, phrase)
        for block in document.blocks_of("steps"):
            phrase = block.index not in found and promotion_match(block.value["name"])
            if phrase:
                found[block.index] = (block, phrase)
        findings: list[Finding] = [
            self.finding(
                f'Reads as sales copy ("{phrase}").',
                hint="Keep the article informative; move offers to one closing "
                "paragraph.",
                location=self.at(block, excerpt=text.excerpt(block.text)),
            )
            for _, (block, phrase) in sorted(found.items())
        ]
        if not findings:
            return self.good("No promotional passages.", 0)
        count = len(findings)
        verb = "reads" if count == 1 else "read"
        message = f"{counted(count, 'block')} {verb} as sales copy."
        return self.result(Status.INFO, message, findings, len(findings))
