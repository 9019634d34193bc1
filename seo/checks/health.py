"""Checks: health content.

What a health article needs beyond SEO: a medical disclaimer, a named author
and reviewer and a recent review, sources for its claims, no promises no
treatment can keep, and language that puts people before their conditions.

The phrase checks read text the Document has already split and stemmed (its
sentences, plus headings and page fields). Each pattern names trigger words,
one of which every match contains; a sentence is given to a pattern's
precompiled regex only when its tokens hold one (or a number, for numeric
patterns). Regexes over the whole text would cost milliseconds; the token test
is a set operation in C, and most sentences hold no trigger at all.
"""

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, NamedTuple

from articles.blocks import rich_text_plain
from seo import disclaimers, text
from seo.document import ArticleData, Block, Document, Sentence
from seo.findings import CheckResult, Finding, Fix, Level, Location, Status
from seo.fixes import (
    FixError,
    arg,
    attach,
    block_args,
    block_field,
    block_name,
    find_block,
    fixer,
    rich_text,
    with_block,
    with_new_block,
)
from seo.registry import register
from seo.text import counted

from .base import Category, Check
from .content import link_kinds


def _quote(alternatives: tuple[str, ...]) -> str:
    return " or ".join(f'"{a}"' for a in alternatives)


# --- disclaimer, reviewer, review date ------------------------------------------------

# What the medical-disclaimer fix writes when the site has no disclaimer of its
# own (Settings > Health content): general, and true of every article here.
DEFAULT_DISCLAIMER = (
    "This article is general information, not medical advice. It is no "
    "substitute for diagnosis or treatment by a doctor or another qualified "
    "health professional: ask one about your own symptoms before you start a "
    "treatment, and get urgent care if symptoms are sudden or severe."
)


@register
class MedicalDisclaimer(Check):
    id = "medical-disclaimer"
    title = "Medical disclaimer"
    help_text = (
        "Readers must be told that a health article is general information and "
        "no substitute for a clinician's advice; without it the site takes the "
        "blame for self-treatment gone wrong. Good when the body has a disclaimer "
        "block with text, or the site-wide disclaimer (Settings > Health content) "
        "is set, or the text says it anywhere ('for informational purposes "
        "only', 'not a substitute for medical advice', 'consult your doctor "
        "before…'); bad otherwise. Fix: add a disclaimer block, or set the "
        "site-wide one once for every article."
    )
    category = Category.HEALTH
    level = Level.ERROR
    tags = frozenset({"health"})

    def run(self, document: Document) -> CheckResult:
        blocks = document.blocks_of("disclaimer")
        if any(block.text.strip() for block in blocks):
            return self.good("The article has a disclaimer block.")
        if document.data.site_disclaimer.strip():
            return self.good("The site-wide medical disclaimer applies.")
        for sentence in document.sentences:
            if disclaimers.disclaimer_match(sentence.text, sentence.words):
                return self.good(
                    "The article's text has a disclaimer: "
                    f"“{text.excerpt(sentence.text).rstrip('.')}”."
                )
        disclaimer = document.data.site_disclaimer.strip() or DEFAULT_DISCLAIMER
        findings = [
            self.finding(
                "The disclaimer block is empty.",
                hint="Write the disclaimer, or delete the block and set the "
                "site-wide one.",
                location=self.at(block),
            )
            for block in blocks
        ]
        if findings:
            # Filling one block is enough: the others are then empty extras.
            fix = Fix(
                self.id,
                "Write the medical disclaimer in this block",
                {**block_args(blocks[0]), "text": disclaimer},
            )
            findings[0] = attach(findings[0], fix)
        else:
            finding = self.finding(
                "No medical disclaimer.",
                hint="Add a disclaimer block, or set the site-wide disclaimer "
                "in Settings > Health content.",
            )
            fix = Fix(self.id, "Add a medical disclaimer", {"text": disclaimer})
            findings = [attach(finding, fix)]
        return self.result(Status.BAD, "No medical disclaimer.", findings)


@fixer("medical-disclaimer")
def fix_medical_disclaimer(
    article: ArticleData, args: Mapping[str, Any]
) -> ArticleData:
    """A disclaimer block holding `text` (plain text): appended to the body,
    or written into the empty disclaimer block the args name."""
    disclaimer = arg(args, "text").strip()
    if not disclaimer:
        raise FixError("The disclaimer text is empty.", ("args", "text"))
    value = {"text": rich_text(disclaimer)}
    if "block_id" in args or "block" in args:
        index = find_block(article, args, "disclaimer")
        current = article.body[index]["value"]
        if rich_text_plain(current.get("text", "")):
            raise FixError(
                f"{block_name(args)} is no longer empty: it holds a disclaimer.",
                block_field(args),
            )
        return with_block(article, index, {**current, **value})
    for index, block in enumerate(article.body):
        if block.get("type") == "disclaimer" and rich_text_plain(
            block["value"].get("text", "")
        ):
            where = block.get("id") or index
            raise FixError(
                f"The body has a disclaimer already (block {where!r}).", ("args",)
            )
    return with_new_block(article, "disclaimer", value)


@register
class MedicalReviewer(Check):
    id = "medical-reviewer"
    title = "Medical reviewer"
    help_text = (
        "Naming the qualified person who checked a health article is how readers "
        "(and search engines' quality raters) judge its expertise. Good when a "
        "reviewer is named, bad otherwise. Fix: have a clinician review the "
        "article and set the reviewer."
    )
    category = Category.HEALTH
    level = Level.WARNING
    tags = frozenset({"health"})

    def run(self, document: Document) -> CheckResult:
        reviewer = document.data.reviewer.strip()
        if reviewer:
            return self.good(f"Reviewed by {reviewer}.", reviewer)
        finding = self.finding(
            "No medical reviewer named.",
            hint="Have a qualified clinician review the article and name them.",
            location=self.at_field("reviewer"),
        )
        return self.result(Status.BAD, "No medical reviewer named.", [finding])


@register
class NamedAuthor(Check):
    id = "named-author"
    title = "Named author"
    help_text = (
        "Readers and search engines' quality raters trust health advice more "
        "when they can see who wrote it and what qualifies them; the author "
        "also becomes the Person in the article's structured data. Good when "
        "at least one author is set, bad otherwise. Fix: add the author in the "
        "Authors panel (create them once under Snippets > Authors)."
    )
    category = Category.HEALTH
    level = Level.WARNING
    tags = frozenset({"health"})

    def run(self, document: Document) -> CheckResult:
        authors = [name.strip() for name in document.data.authors if name.strip()]
        if authors:
            names = ", ".join(authors)
            return self.good(f"Written by {names}.", names)
        finding = self.finding(
            "No author named.",
            hint="Add the person who wrote the article, with their credentials.",
            location=self.at_field("authors"),
        )
        return self.result(Status.BAD, "No author named.", [finding])


@register
class ReviewDate(Check):
    id = "review-date"
    title = "Last-reviewed date"
    help_text = (
        "Health advice goes out of date; readers and quality raters look for a "
        "recent review. Good when the last-reviewed date is at most max_age_days "
        "(default 365, i.e. 12 months) before today; bad when it is older, "
        "missing, or in the future (a typing error that would hide a stale "
        "review). Fix: review the article and set the date of that review."
    )
    category = Category.HEALTH
    level = Level.WARNING
    tags = frozenset({"health"})
    defaults = {"max_age_days": 365}

    def run(self, document: Document) -> CheckResult:
        reviewed: date | None = document.data.last_reviewed
        limit = self.param(document, "max_age_days")
        where = self.at_field("last_reviewed")
        if reviewed is None:
            finding = self.finding(
                "No last-reviewed date.",
                hint="Set it when the article has been reviewed.",
                location=where,
                threshold=limit,
            )
            return self.result(Status.BAD, "No last-reviewed date.", [finding])
        age = (document.data.today - reviewed).days
        if age < 0:
            message = f"The last-reviewed date {reviewed.isoformat()} is in the future."
            finding = self.finding(
                message,
                hint="Set the date the review actually took place.",
                location=where,
                value=age,
                threshold=limit,
            )
            return self.result(Status.BAD, message, [finding], age)
        if age > limit:
            message = (
                f"Last reviewed {counted(age, 'day')} ago ({reviewed.isoformat()}), "
                f"over the limit of {limit:,}."
            )
            finding = self.finding(
                message,
                hint="Review the article again and update the date.",
                location=where,
                value=age,
                threshold=limit,
            )
            return self.result(Status.BAD, message, [finding], age)
        return self.good(
            f"Last reviewed {counted(age, 'day')} ago ({reviewed.isoformat()}).", age
        )


# --- scanning text for phrases --------------------------------------------------------


class _Text(NamedTuple):
    """A page field or a heading, shaped like a seo.document.Sentence (text,
    words, block) so that the phrase checks read both alike."""

    text: str
    words: tuple[str, ...]
    block: Block | None = None
    field: str = ""


# What the phrase checks read: page fields, headings and the body's sentences.
Item = _Text | Sentence


def _item_texts(values: list[tuple[str, dict[str, Any]]]) -> list[_Text]:
    found = []
    for value, where in values:
        tokens = tuple(text.words(value))
        if tokens:
            found.append(_Text(value, tokens, **where))
    return found


def _all_texts(document: Document) -> list[Item]:
    """Page fields readers see first (in search results or atop the page),
    headings, then the body's sentences; shared by the phrase checks."""

    def compute() -> list[Item]:
        data = document.data
        fields = (
            ("title", data.title),
            ("seo_title", data.seo_title),
            ("search_description", data.search_description),
            ("intro", data.intro),
        )
        found: list[Item] = []
        found += _item_texts(
            [(value.strip(), {"field": name}) for name, value in fields]
        )
        found += _item_texts([(h.text, {"block": h.block}) for h in document.headings])
        found += document.sentences
        return found

    return document.memo("health.texts", compute)


def _location(item: Item) -> Location:
    excerpt = text.excerpt(item.text)
    if item.block is None:
        return Check.at_field(getattr(item, "field", ""), excerpt)
    return Check.at(item.block, excerpt=excerpt)


def _numbers(document: Document) -> frozenset[str]:
    """The body's number tokens. A sentence holds a number when its words meet
    this set: a test in C, where looking at each word in Python is not. Tokens
    are lowercased and start with a letter or a digit, and digits sort before
    letters, so the numbers are the tokens below "a"; filter() with a str
    method keeps the whole pass in C too."""

    def compute() -> frozenset[str]:
        return frozenset(filter("a".__gt__, set(document.words)))

    return document.memo("health.numbers", compute)


Suggest = Callable[[re.Match[str]], tuple[str, ...]]


@dataclass(frozen=True)
class _Pattern:
    """One entry of a phrase table.

    `triggers` are words (lowercased tokens, every form listed) at least one of
    which every match contains, or, with `numeric`, a number: a text without
    them is never given to the regex. That keeps the scan fast, as most
    sentences hold none; surface words rather than stems keep it precise
    ("suffering" does not wake the "sufferers" pattern).
    """

    regex: re.Pattern[str]
    # What a match is, for messages; or, for a regex of named alternatives,
    # what each alternative is.
    label: str | Mapping[str, str]
    hint: str
    triggers: frozenset[str]
    numeric: bool = False
    # Person-first entries: the suggested wording, built from the match.
    suggest: Suggest | None = None
    harmful: bool = True

    def label_of(self, match: re.Match[str]) -> str:
        if isinstance(self.label, str):
            return self.label
        return self.label[match.lastgroup or ""]


def _pattern(
    regex: str,
    label: str | Mapping[str, str],
    hint: str = "",
    *,
    triggers: str = "",
    numeric: bool = False,
    suggest: Suggest | None = None,
    harmful: bool = True,
) -> _Pattern:
    return _Pattern(
        re.compile(regex, re.I),
        label,
        hint,
        frozenset(triggers.split()),
        numeric,
        suggest,
        harmful,
    )


class _Table:
    """Phrase patterns searched together, each only in texts holding one of
    its triggers; overlapping matches keep the leftmost, then the longest."""

    def __init__(self, patterns: list[_Pattern]):
        self.patterns = patterns
        self.triggers = frozenset().union(*(p.triggers for p in patterns))
        self.numeric = any(p.numeric for p in patterns)

    def scan(
        self, items: Sequence[Item], numbers: frozenset[str] = frozenset()
    ) -> Iterator[tuple[Item, list[tuple[_Pattern, re.Match[str]]]]]:
        """Each item with a match, and its matches in order. `numbers` are the
        number tokens the items may hold (see _numbers), for numeric patterns."""
        triggers = self.triggers | numbers if self.numeric else self.triggers
        for item in [i for i in items if not triggers.isdisjoint(i.words)]:
            found = self._find(item, numbers)
            if found:
                yield item, found

    def _find(
        self, item: Item, numbers: frozenset[str]
    ) -> list[tuple[_Pattern, re.Match[str]]]:
        number = self.numeric and not numbers.isdisjoint(item.words)
        found = []
        for pattern in self.patterns:
            if pattern.triggers.isdisjoint(item.words) and not (
                pattern.numeric and number
            ):
                continue
            found.extend((pattern, m) for m in pattern.regex.finditer(item.text))
        if len(found) < 2:
            return found
        found.sort(key=lambda pair: (pair[1].start(), -pair[1].end()))
        kept, end = [], -1
        for pair in found:
            if pair[1].start() >= end:
                kept.append(pair)
                end = pair[1].end()
        return kept


# --- claims and citations -------------------------------------------------------------

_NUMBER = r"\d+(?:[.,]\d+)?"
# A ratio's numbers in words: "one in five", "two out of ten".
_FIRST = "one|two|three|four|five|six|seven|eight|nine"
_OF_WORDS = (
    r"two|three|four|five|six|seven|eight|nine|ten|twenty|a\s+hundred|a\s+thousand"
)
_CLAIMS = _Table(
    [
        # Every claim with a number, as one regex: a sentence with a number is
        # searched once, not once per kind. Each kind is a named alternative.
        _pattern(
            # "70% of patients"; "100% effective" is the overstated-claims check's.
            rf"(?P<percent>\b(?!100\s?%\s*(?:effective|safe|natural|guaranteed))"
            rf"{_NUMBER}\s?(?:%|percent\b|per\s+cent\b))"
            # "30 mg"
            rf"|(?P<dose>\b{_NUMBER}\s?(?:mg|mcg|µg|μg|ml|iu|mmhg|mmol(?:/l)?|kcal"
            r"|milligrams?|micrograms?|grams?|millilit(?:er|re)s?)\b)"
            # "by 3 points", "2-fold", "3 times more likely"
            r"|(?P<figure>\bby\s+(?:up\s+to\s+|about\s+|around\s+|nearly\s+"
            r"|almost\s+|over\s+|more\s+than\s+|as\s+much\s+as\s+)?"
            rf"{_NUMBER}\s?(?:-\s?fold|fold|times|points?|percentage\s+points)\b"
            rf"|\b{_NUMBER}(?:-|\s)?(?:fold|times)\s+(?:more|less|higher|lower"
            r"|greater|faster|better|as\s+likely|likelier)\b)"
            # "1 in 10", "8 out of 10"
            rf"|(?P<ratio>\b\d+\s+(?:in|out\s+of)\s+(?:every\s+)?(?:\d+|{_OF_WORDS})\b)",
            {
                "percent": "Statistic",
                "dose": "Dose",
                "figure": "Figure",
                "ratio": "Statistic",
            },
            numeric=True,
        ),
        _pattern(
            r"\b(?:studies|research|evidence|trials?|scientists|researchers"
            r"|experts|doctors)\s+(?:\w+\s+)?(?:show|shows|showed|shown|suggest"
            r"|suggests|suggested|prove|proves|proved|proven|indicate|indicates"
            r"|indicated|found|finds|confirm|confirms|confirmed|demonstrate"
            r"|demonstrates|demonstrated|agree|recommend|recommends)\b"
            r"|\b(?:a|one|recent|new)\s+(?:recent\s+|new\s+|\d{4}\s+)?(?:study"
            r"|trial|review|survey|meta-analysis)\s+(?:\w+\s+)?(?:shows|showed"
            r"|found|finds|suggests|suggested|reported|concluded|demonstrated)\b"
            r"|\b(?:clinically|scientifically|medically)\s+(?:proven|tested"
            r"|shown)\b"
            r"|\b(?:has|have|had)\s+(?:also\s+)?been\s+(?:(?:clinically"
            r"|scientifically|widely|repeatedly)\s+)?(?:shown|proven|linked|found"
            r"|demonstrated)\s+to\b"
            r"|\baccording\s+to\s+(?:a\s+|one\s+|recent\s+|the\s+latest\s+)*"
            r"(?:study|studies|research|experts|scientists|doctors|surveys?)\b",
            "Research claim",
            triggers="studies research evidence trial trials scientists "
            "researchers experts doctors study review survey analysis clinically "
            "scientifically medically shown proven linked found demonstrated "
            "according surveys",
        ),
        _pattern(
            r"\b(?:twice|three\s+times|half)\s+as\s+(?:likely|effective)\b",
            "Figure",
            triggers="twice three half",
        ),
        _pattern(
            rf"\b(?:{_FIRST})\s+(?:in|out\s+of)\s+(?:every\s+)?(?:{_OF_WORDS})\b",
            "Statistic",
            # The second number: "one", the usual first, is far too common.
            triggers="two three four five six seven eight nine ten twenty hundred "
            "thousand",
        ),
    ]
)

# Citation markers: [1], [1, 3], [2-4]; (Smith, 2020), (Smith et al. 2019),
# (WHO 2021); superscript reference numbers.
_CITATION = re.compile(
    r"\[\d+(?:\s*[,\u2013-]\s*\d+)*\]"
    r"|\([A-Z][^()]{0,80}?[\s,](?:19|20)\d{2}[a-z]?\)"
    r"|(?<=[\w.,)])[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+"
)
# Table cells that are a figure: "60", "4.5", "30 mg", "75%", "< 10".
_FIGURE_CELL = re.compile(
    rf"^\s*[<>≈~±+-]?\s*{_NUMBER}\s*(?:%|[a-zµμ/]{{1,5}})?\s*$", re.I
)


@register
class ClaimCitations(Check):
    id = "claim-citations"
    title = "Claims without a citation"
    help_text = (
        "Statistics and research claims in health content need a source readers "
        "can check. A claim is a percentage ('70% of patients'), a research "
        "phrase ('studies show', 'research suggests', 'evidence shows', 'has been "
        "shown to', 'clinically proven'), a dose ('30 mg'), a change ('reduces "
        "pain by 3 points', 'twice as likely'), a ratio ('1 in 10 people'), or a "
        "table with at least table_figures (default 3) figures in its rows. "
        "Durations and counts in instructions ('hold for 30 seconds') are not "
        "claims. Nearby means: the claim's block (its paragraph, or the whole "
        "list, quote, FAQ or table it sits in; so its own sentence too) holds "
        "a link to another site or a citation marker such as [1], [2-4], "
        "(Smith, 2020), (Smith et al. 2019) or a superscript number, or, for a "
        "quote, an attribution. Links to this site's own pages are not sources. "
        "Uncited claims are bad when the article has no references block, and "
        "ok when it has one (the source is probably listed, just not pointed "
        "to). Fix: link the source in the claim's paragraph, or add a marker "
        "that points to the references, or drop the claim."
    )
    category = Category.HEALTH
    level = Level.WARNING
    tags = frozenset({"health"})
    defaults = {"table_figures": 3}

    def run(self, document: Document) -> CheckResult:
        _, outbound = link_kinds(document)
        linked = {link.block.index for link in outbound}
        cited: dict[int, bool] = {}  # block index -> cited, decided once per block

        def is_cited(block: Block) -> bool:
            if block.index not in cited:
                cited[block.index] = self._cited(block, linked)
            return cited[block.index]

        claims = 0
        findings = []
        # Claims are made (and cited) in the body's prose: its sentences.
        for item, found in _CLAIMS.scan(document.sentences, _numbers(document)):
            claims += 1
            if is_cited(item.block):
                continue
            pattern, match = found[0]
            label = pattern.label_of(match)
            findings.append(
                self.finding(
                    f'{label} with no citation nearby: "{match.group(0)}".',
                    hint="Link the source in this paragraph, or add a marker "
                    "like [1] that points to the references.",
                    location=_location(item),
                )
            )
        minimum = self.param(document, "table_figures")
        for block in document.blocks_of("table"):
            figures = sum(
                1 for row in block.value["rows"] for cell in row if _is_figure(cell)
            )
            if figures < minimum:
                continue
            claims += 1
            if not is_cited(block):
                findings.append(
                    self.finding(
                        f"Table of {counted(figures, 'figure')} with no source.",
                        hint="Name the source in the caption, with a marker like "
                        "[1], or remove figures that have none.",
                        location=self.at(block, excerpt=text.excerpt(block.text)),
                        value=figures,
                    )
                )
        if not claims:
            return self.good("No statistics or research claims.", 0)
        if not findings:
            return self.good(f"Every claim cites a source ({claims}).", 0)
        has_references = any(
            b.value.get("items") for b in document.blocks_of("references")
        )
        status = Status.OK if has_references else Status.BAD
        message = (
            f"{len(findings)} of {counted(claims, 'claim')} "
            f"{'has' if len(findings) == 1 else 'have'} no citation nearby"
            + ("; the references block lists sources." if has_references else ".")
        )
        return self.result(status, message, findings, len(findings))

    @staticmethod
    def _cited(block: Block, linked: set[int]) -> bool:
        """Nearby, as help_text defines it: the claim's block links to another
        site, holds a citation marker, or is an attributed quote."""
        if block.index in linked:
            return True
        if block.type == "quote" and (block.value.get("attribution") or "").strip():
            return True
        return bool(_CITATION.search(block.text))


def _is_figure(cell: str) -> bool:
    return bool(cell) and bool(_FIGURE_CELL.match(cell))


# --- overstated claims ----------------------------------------------------------------

# Superlatives that rank a treatment first: "the safest and most effective".
_BEST = (
    r"safest|most\s+effective|most\s+powerful|fastest|quickest"
    r"|number\s+one"
)
_OVERSTATED = _Table(
    [
        _pattern(
            r"\b(?:completely|totally|fully|entirely|permanently)\s+(?:eliminat\w*"
            r"|cur\w*|eradicat\w*|get\w*\s+rid\s+of|fix\w*|remov\w*|end\w*"
            r"|resolv\w*)\b"
            r"|\bpermanent\s+(?:relief|cure|solution|fix|results?)\b"
            r"|\b(?:eliminat\w*|cur\w*|get\w*\s+rid\s+of|end\w*|fix\w*|gone|banish\w*"
            r"|beat\w*|disappear\w*|vanish\w*|stop\w*|kick\w*|free)\s+"
            r"(?:\w+\s+){0,3}?(?:forever|for\s+good|once\s+and\s+for\s+all)\b",
            "Permanent-results claim",
            "Say what it may relieve, and for how long, rather than promise it ends.",
            triggers="completely totally fully entirely permanently permanent "
            "forever good once",
        ),
        _pattern(
            r"\bcure-alls?\b|\bcur(?:e|es|ed|ing)\b|\bcurative\b",
            "Cure claim",
            'Therapies like massage relieve symptoms; say "relieve" or "ease".',
            triggers="cure cures cured curing curative",
        ),
        _pattern(
            r"\bguarantee(?:s|d|ing)?\b",
            "Guarantee",
            "No treatment works for everyone; say what it may do.",
            triggers="guarantee guarantees guaranteed guaranteeing",
        ),
        _pattern(
            r"\b(?:flush|flushes|flushed|flushing|release|releases|released"
            r"|releasing|remove|removes|removing|eliminate|eliminates|eliminating"
            r"|draw|draws|drawing|clear|clears|clearing|purge|purges|purging)\s+"
            r"(?:out\s+)?(?:(?:the|all|any|harmful|built-up|stored)\s+)*"
            r"(?:toxins|toxic\s+waste|toxicity|impurities)\b"
            r"|\bdetox(?:es|ify|ifies|ifying|ification|ing)?\b",
            "Toxin claim",
            "There is no evidence that massage flushes out toxins; drop the claim.",
            triggers="toxins toxic toxicity impurities detox detoxes detoxify "
            "detoxifies detoxifying detoxification detoxing",
        ),
        _pattern(
            r"\b100\s?(?:%|percent\b|per\s+cent\b)\s*(?:effective|safe|natural"
            r"|guaranteed|success(?:ful)?|cure|relief|pain-free)\b",
            "Absolute claim",
            "Nothing is 100% effective or safe; give a sourced figure or drop it.",
            triggers="100",
        ),
        _pattern(
            r"\bmiracle(?:s)?\b|\bmiraculous(?:ly)?\b"
            r"|\bmagic(?:al)?\s+(?:cure|bullet|fix|solution|remedy)\b",
            "Miracle claim",
            "Describe the realistic benefit instead.",
            triggers="miracle miracles miraculous miraculously magic magical",
        ),
        _pattern(
            r"\b(?:no|zero|without(?:\s+any)?)\s+(?:\w+\s+)?side[-\s]effects?\b"
            r"|\bside[-\s]effect[-\s]free\b|\brisk[-\s]free\b"
            r"|\b(?:completely|totally|perfectly|absolutely)\s+safe\b",
            "No-risk claim",
            "Every treatment has risks; say who should avoid it or check with a "
            "doctor first.",
            triggers="side risk safe",
        ),
        _pattern(
            r"\b(?:clinically|scientifically|medically)\s+proven\b"
            r"|\bproven\s+(?:\w+\s+)?(?:methods?|techniques?|treatments?|therap(?:y|ies)"
            r"|ways?|solutions?|remed(?:y|ies)|systems?|approach|results?|cures?"
            r"|relief|formula|program(?:me)?s?)\b"
            r"|\b(?:is|are|been)\s+proven\s+to\b",
            "Proof claim",
            "Cite the study and say what it found, and for whom.",
            triggers="proven",
        ),
        _pattern(
            rf"\b(?:{_BEST})(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)(?:{_BEST})){{0,3}}\s+"
            r"(?:\w+\s+)?(?:treatments?|therap(?:y|ies)|cures?|remed(?:y|ies)"
            r"|solutions?|options?|methods?|techniques?"
            r"|ways?\s+to\s+(?:treat|cure|relieve|end|heal|fix|beat|stop|eliminate"
            r"|get\s+rid\s+of))\b",
            "Superlative claim",
            "Say how it compares with other options, with a source.",
            triggers="safest effective powerful fastest quickest number",
        ),
        _pattern(
            r"\b(?:after|in|within|with|from)\s+(?:only|just|a\s+single)\s+"
            r"(?:(?:one|two|three|four|five|a|an|\d+|a\s+couple\s+of|a\s+few"
            r"|a\s+handful\s+of)\s+)?(?:\w+\s+)?(?:sessions?|treatments?|visits?"
            r"|appointments?|massages?|adjustments?)\b",
            "Quick-results claim",
            "Say how many sessions people usually need, with a source.",
            triggers="only just single",
        ),
        _pattern(
            r"\b(?:real|dramatic|amazing|incredible|astonishing|remarkable"
            r"|immediate|life[-\s]changing)\s+results\b",
            "Results promise",
            "Say what changed, for whom, with a source.",
            triggers="real dramatic amazing incredible astonishing remarkable "
            "immediate life",
        ),
        _pattern(
            r"\binstant(?:ly)?\s+(?:relief|cure|results?|reliev\w*|cur\w*"
            r"|eliminat\w*|heal\w*)\b",
            "Instant-results claim",
            "Say how soon people usually notice a change, with a source.",
            triggers="instant instantly",
        ),
        _pattern(
            r"\bworks?\s+for\s+everyone\b|\balways\s+works\b|\bnever\s+fails?\b",
            "Works-for-everyone claim",
            "Say who it tends to help.",
            triggers="everyone always never",
        ),
        _pattern(
            r"\b(?:no|without(?:\s+the)?)\s+need\s+(?:for|of)\s+(?:\w+\s+)?"
            r"(?:medication|medicines?|drugs|surgery|painkillers|a\s+doctor"
            r"|doctors)\b"
            r"|\binstead\s+of\s+(?:seeing\s+a\s+doctor|medication|surgery"
            r"|medical\s+(?:care|treatment))\b"
            r"|\breplaces?\s+(?:your\s+)?(?:medication|surgery|medical\s+(?:care"
            r"|treatment)|(?:a|your)\s+doctor)\b",
            "Replaces-medical-care claim",
            "Present it as a complement to medical care, not a replacement.",
            triggers="need instead replace replaces",
        ),
    ]
)
# A negation just before a phrase turns a promise into a caution: "it won't
# cure your sciatica", "there is no cure", "not a miracle".
_NEGATION = re.compile(
    r"\b(?:not|no|never|cannot|can['’]?t|won['’]?t|don['’]?t|doesn['’]?t"
    r"|isn['’]?t|aren['’]?t|wasn['’]?t|didn['’]?t|without|nor|neither|nothing"
    r"|nobody|unlikely)\b",
    re.I,
)
_CLAUSE_BREAK = re.compile(r".*[,;:()\u2013\u2014]")


def _negated(value: str, start: int) -> bool:
    """A negation among the (up to) four words before `start`, in its clause."""
    before = _CLAUSE_BREAK.sub("", value[max(0, start - 40) : start])
    return bool(_NEGATION.search(" ".join(before.split()[-4:])))


@register
class OverstatedClaims(Check):
    id = "overstated-claims"
    title = "Overstated claims"
    help_text = (
        "Promises no treatment can keep mislead readers, breach advertising "
        "rules on health claims and cost search engines' trust. Flagged: cure "
        "claims ('cures sciatica'), guarantees, toxin claims ('flush out "
        "toxins', 'detox'), '100% effective', 'miracle', permanent results "
        "('permanently eliminate', 'gone for good'), no-risk claims ('no side "
        "effects', 'completely safe'), proof claims ('a proven method', "
        "'clinically proven'), superlatives ('the safest and most effective "
        "treatment'), quick results ('after only a couple of sessions', "
        "'instant relief'), results promises ('real results'), 'works for "
        "everyone', and "
        "claims that a therapy replaces medical care ('no need for medication'). "
        "Matched as whole words in any form, in the title, SEO title, meta "
        "description, intro, headings and body. Not flagged: questions ('Can "
        "massage cure sciatica?') and negated phrases, with a negation among the "
        "four words before in the same clause ('it won't cure', 'there is no "
        "cure'). Any finding is bad. Fix: say what the therapy may do, for whom, "
        "with a source."
    )
    category = Category.HEALTH
    level = Level.ERROR
    tags = frozenset({"health"})

    def run(self, document: Document) -> CheckResult:
        findings = []
        for item, found in _OVERSTATED.scan(_phrase_candidates(document)):
            if item.text.endswith("?"):
                continue
            for pattern, match in found:
                if _negated(item.text, match.start()):
                    continue
                findings.append(
                    self.finding(
                        f'{pattern.label_of(match)}: "{match.group(0)}".',
                        hint=pattern.hint,
                        location=_location(item),
                    )
                )
        if not findings:
            return self.good("No overstated claims.", 0)
        message = f"{counted(len(findings), 'overstated claim')}."
        return self.result(Status.BAD, message, findings, len(findings))


# --- person-first and inclusive language ----------------------------------------------


def _fixed(*alternatives: str) -> Suggest:
    return lambda match: alternatives


def _who(match: re.Match[str], plural: bool | None = None) -> str:
    if plural is None:
        plural = match.group(0).lower().endswith("s")
    return "people" if plural else "person"


def _sufferers(match: re.Match[str]) -> tuple[str, ...]:
    """'sciatica sufferers' -> 'people with sciatica'."""
    return (f"{_who(match)} with {match.group('condition').lower()}",)


def _sufferers_of(match: re.Match[str]) -> tuple[str, ...]:
    """'sufferers of sciatica' -> 'people with sciatica'."""
    plural = match.group(0).lower().startswith("sufferers")
    condition = (match.group("condition") or "[the condition]").lower()
    return (f"{_who(match, plural)} with {condition}",)


_SUFFER = {
    "suffer": ("have", "live with"),
    "suffers": ("has", "lives with"),
    "suffered": ("had", "lived with"),
    "suffering": ("living with", "who have"),
}

_CONDITION_NOUNS = {
    "diabetic": "diabetes",
    "epileptic": "epilepsy",
    "asthmatic": "asthma",
    "arthritic": "arthritis",
    "paraplegic": "paraplegia",
    "quadriplegic": "quadriplegia",
    "schizophrenic": "schizophrenia",
    "anorexic": "anorexia",
    "bulimic": "bulimia",
}


def _condition_label(match: re.Match[str]) -> tuple[str, ...]:
    """'diabetics' -> 'people with diabetes'; 'a diabetic' -> 'a person with'."""
    noun = (match.group("plural") or match.group("singular")).lower()
    if match.group("plural"):
        return (f"people with {_CONDITION_NOUNS[noun.removesuffix('s')]}",)
    return (f"a person with {_CONDITION_NOUNS[noun]}",)


_ARTICLES = {"stroke": "a ", "accident": "an ", "injury": "an ", "burn": "a "}


def _victim(match: re.Match[str]) -> tuple[str, ...]:
    condition = (match.group("condition") or "").lower()
    if condition:
        return (f"people who have had {_ARTICLES.get(condition, '')}{condition}",)
    return ("people affected by", "people who have had")


def _addict(match: re.Match[str]) -> tuple[str, ...]:
    word = match.group(0).lower()
    need = "alcohol use disorder" if "alcohol" in word else "an addiction"
    if word.startswith("an "):
        return (f"a person with {need}",)
    return (f"{_who(match)} with {need}",)


# Words before "sufferers" that name no condition ("the sufferers").
_NOT_CONDITIONS = (
    r"(?!(?:the|a|an|of|for|and|or|many|most|some|all|these|those|such|other"
    r"|fellow|are|were|is|with|to|among|by|our|your|their|its|his|her|my"
    r"|(?:help|keep|leave|make|give|allow|let|affect|cause|wake|send|force)"
    r"(?:s|ing)?|helped|kept|left|made|gave|allowed|affected|caused|woke|sent"
    r"|forced)\b)"
)
# After "sufferers of/from": a word that is no condition, as in "keeps the
# sufferer from sleeping" (a verb) or "sufferers from the pain".
_NOT_CONDITION_AFTER = (
    r"(?!(?:the|a|an|this|that|these|those|it|them|their|his|her|my|your|our"
    r"|its|\w+ing)\b)"
)
_PLURAL_LABELS = "|".join(f"{noun}s" for noun in _CONDITION_NOUNS)
_PERSON_FIRST = _Table(
    [
        _pattern(
            rf"\b{_NOT_CONDITIONS}(?P<condition>(?:(?:chronic|lower|low|back|neck"
            r"|nerve|joint|knee|hip|leg|sciatic|shoulder|migraine|arthritis)\s+)"
            rf"{{0,2}}{_NOT_CONDITIONS}[a-z]+)\s+sufferers?\b",
            "sufferer",
            "Put the person first.",
            triggers="sufferer sufferers",
            suggest=_sufferers,
        ),
        _pattern(
            rf"\bsufferers?(?:\s+(?:of|from)\s+{_NOT_CONDITION_AFTER}"
            r"(?P<condition>[a-z]+))?\b",
            "sufferer",
            "Put the person first.",
            triggers="sufferer sufferers",
            suggest=_sufferers_of,
        ),
        _pattern(
            r"\b(?P<verb>suffer|suffers|suffered|suffering)\s+(?:from|with)\b",
            "suffering",
            "Describe the condition, not suffering.",
            triggers="suffer suffers suffered suffering",
            suggest=lambda match: _SUFFER[match.group("verb").lower()],
            harmful=False,
        ),
        _pattern(
            r"\b(?:afflicted|stricken|plagued)\s+(?:with|by)\b",
            "afflicted",
            "Describe the condition, not suffering.",
            triggers="afflicted stricken plagued",
            suggest=_fixed("who have", "living with"),
            harmful=False,
        ),
        _pattern(
            rf"\b(?P<plural>{_PLURAL_LABELS})\b"
            r"|\b(?:an?|the)\s+(?P<singular>diabetic|epileptic|asthmatic)"
            r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:who|which)\b)",
            "condition label",
            "Put the person first.",
            triggers=" ".join(f"{n} {n}s" for n in _CONDITION_NOUNS),
            suggest=_condition_label,
        ),
        _pattern(
            r"\bvictims?\s+of\b|\b(?P<condition>stroke|cancer|polio|aids|hiv|covid"
            r"|accident|injury|trauma|burn)\s+victims?\b",
            "victim",
            "Avoid casting people as victims.",
            triggers="victim victims",
            suggest=_victim,
        ),
        _pattern(
            r"\bthe\s+disabled\b",
            "the disabled",
            "Do not turn a condition into a group name.",
            triggers="disabled",
            suggest=_fixed("disabled people", "people with disabilities"),
        ),
        _pattern(
            r"\bhandicap(?:s|ped)?\b",
            "handicap",
            "Use current terms.",
            triggers="handicap handicaps handicapped",
            suggest=_fixed("disabled", "disability"),
        ),
        _pattern(
            r"\bwheelchair[-\s]bound\b|\bconfined\s+to\s+a\s+wheelchair\b",
            "wheelchair-bound",
            "A wheelchair gives mobility; it does not confine.",
            triggers="wheelchair",
            suggest=_fixed("uses a wheelchair", "wheelchair user"),
        ),
        _pattern(
            r"\bcrippled?\b|\bcripples\b",
            "cripple",
            "Use current terms.",
            triggers="cripple cripples crippled",
            suggest=_fixed("has a physical disability", "disabled"),
        ),
        _pattern(
            r"\bcrippling\b",
            "crippling",
            "Describe the severity plainly.",
            triggers="crippling",
            suggest=_fixed("severe", "disabling"),
            harmful=False,
        ),
        _pattern(
            r"\b(?:the\s+)?elderly\b|\bsenior\s+citizens?\b",
            "elderly",
            "Describe age neutrally.",
            triggers="elderly senior",
            suggest=_fixed("older people", "older adults"),
            harmful=False,
        ),
        _pattern(
            r"\bthe\s+mentally\s+ill\b",
            "the mentally ill",
            "Put the person first.",
            triggers="mentally",
            suggest=_fixed("people with mental illness"),
        ),
        _pattern(
            r"\bnormal\s+(?:people|persons?|individuals)\b",
            "normal people",
            "Do not imply people with the condition are abnormal.",
            triggers="normal",
            suggest=_fixed("people without [the condition]", "typical"),
            harmful=False,
        ),
        _pattern(
            r"\b(?:an\s+)?addicts?\b|\ban\s+alcoholic\b"
            r"|\balcoholics\b(?!\s+anonymous)",
            "addict",
            "Put the person first.",
            triggers="addict addicts alcoholic alcoholics",
            suggest=_addict,
        ),
        _pattern(
            r"\bthe\s+obese\b|\bobese\s+(?:people|patients|persons|individuals"
            r"|adults|children|men|women)\b",
            "obese",
            "Put the person first.",
            triggers="obese",
            suggest=_fixed("people with obesity", "people with a higher weight"),
            harmful=False,
        ),
        _pattern(
            r"\bspecial\s+needs\b",
            "special needs",
            "Name the need or the disability.",
            triggers="special",
            suggest=_fixed("disabled", "with a disability"),
            harmful=False,
        ),
        _pattern(
            r"\bbirth\s+defects?\b",
            "birth defect",
            "Use the clinical term.",
            triggers="defect defects",
            suggest=_fixed("congenital condition"),
            harmful=False,
        ),
        _pattern(
            r"\bhearing[-\s]impaired\b|\bthe\s+deaf\b",
            "hearing impaired",
            "Use the terms deaf people use.",
            triggers="impaired deaf",
            suggest=_fixed("deaf", "hard of hearing"),
            harmful=False,
        ),
        _pattern(
            r"\bthe\s+blind\b",
            "the blind",
            "Do not turn a condition into a group name.",
            triggers="blind",
            suggest=_fixed("blind people", "people with low vision"),
            harmful=False,
        ),
        _pattern(
            r"\bcommit(?:s|ted|ting)?\s+suicide\b",
            "commit suicide",
            "Suicide is not a crime; avoid 'commit'.",
            triggers="suicide",
            suggest=_fixed("die by suicide", "died by suicide"),
        ),
        _pattern(
            r"\b(?:mentally\s+)?retarded\b",
            "retarded",
            "This is a slur.",
            triggers="retarded",
            suggest=_fixed("has an intellectual disability"),
        ),
        _pattern(
            r"\bepileptic\s+fits?\b",
            "epileptic fit",
            "Use the clinical term.",
            triggers="epileptic",
            suggest=_fixed("seizure"),
            harmful=False,
        ),
    ]
)


def _phrase_candidates(document: Document) -> list[Item]:
    """Texts holding a trigger of either phrase table: one pass over all the
    text serves both checks, which then scan this short list."""
    triggers = _OVERSTATED.triggers | _PERSON_FIRST.triggers

    def compute() -> list[Item]:
        return [i for i in _all_texts(document) if not triggers.isdisjoint(i.words)]

    return document.memo("health.phrase-candidates", compute)


@register
class PersonFirstLanguage(Check):
    id = "person-first-language"
    title = "Person-first and inclusive language"
    help_text = (
        "Readers living with a condition read health content most closely; "
        "calling them 'sufferers', 'victims' or 'diabetics' defines them by it. "
        "Health style guides (AMA, NIH, CDC) and Yoast's inclusive-language "
        "analysis ask for person-first, neutral words: 'people with sciatica', "
        "'living with', 'uses a wheelchair', 'older adults'. Each finding quotes "
        "the phrase and suggests a replacement. Labels and slurs ('sufferers', "
        "'victims of', 'diabetics', 'wheelchair-bound', 'the disabled') are bad; "
        "softer wording to reconsider ('suffering from', 'elderly', 'crippling "
        "pain') is ok, with info-level findings, as Yoast rates potentially "
        "non-inclusive phrases orange. Checked in the title, SEO title, meta "
        "description, intro, headings and body, except quotations, which keep "
        "their speaker's words. Fix: use the suggestion, adjusting the sentence "
        "around it."
    )
    category = Category.HEALTH
    level = Level.WARNING
    tags = frozenset({"health"})

    def run(self, document: Document) -> CheckResult:
        findings: list[Finding] = []
        harmful = False
        for item, found in _PERSON_FIRST.scan(_phrase_candidates(document)):
            if item.block is not None and item.block.type == "quote":
                continue  # a quotation keeps its speaker's words
            for pattern, match in found:
                suggestion = pattern.suggest(match)  # type: ignore[misc]
                finding = self.finding(
                    f'Write {_quote(suggestion)} rather than "{match.group(0)}".',
                    hint=pattern.hint,
                    location=_location(item),
                )
                if pattern.harmful:
                    harmful = True
                else:  # only worth reconsidering: never above info
                    finding = replace(finding, level=Level.INFO)
                findings.append(finding)
        if not findings:
            return self.good("No non-inclusive phrases.", 0)
        status = Status.BAD if harmful else Status.OK
        message = f"{counted(len(findings), 'phrase')} to reword."
        return self.result(status, message, findings, len(findings))
