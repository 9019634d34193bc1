"""Checks: headings.

The outline is what screen-reader users navigate by and what search engines
read as the article's structure, so these checks look at heading blocks (h2-h4,
the page title being the h1), at headings pasted into rich text where the
outline cannot see them, and at short paragraphs that act as headings without
being ones. Whether the keyphrase appears in subheadings is a keyphrase check
(seo.checks.keyphrase), not one of these.
"""

import re
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from articles.blocks import rich_text_plain
from seo import text
from seo.checks.base import Category, Check
from seo.document import (
    RICH_TEXT_BLOCKS,
    ArticleData,
    Block,
    Document,
    Heading,
    rich_texts,
)
from seo.findings import CheckResult, Finding, Fix, Level, Status
from seo.fixes import (
    FixError,
    arg,
    attach,
    block_args,
    block_name,
    find_block,
    fixer,
    with_block,
)
from seo.registry import register

TAGS = frozenset({"headings"})

# --- shared helpers -------------------------------------------------------

# Stored rich text is well-formed HTML written by Wagtail (or the importer), so
# a regular expression finds heading elements exactly, without a parser.
# The text of a heading runs to its closing tag, but never across another
# opening tag of its level: an unclosed <h2> would otherwise read the rest of
# the text, once for every <h2> (time growing with the square of the input).
_HTML_HEADING = re.compile(
    r"<h([1-6])\b[^<>]*>((?:[^<]|<(?!h\1\b))*?)</h\1\s*>", re.I | re.S
)

# Words Title Case may leave in lower case (articles, coordinating conjunctions
# and prepositions, as the Chicago style does; AP capitalises the longer
# prepositions). Either way they say nothing about which style a heading uses.
MINOR_WORDS = frozenset(
    """
    a an the and but or nor for so yet as at by in of off on onto per to up upon
    via vs v with from into over than out down about above across after against
    along among around before behind below beneath beside between beyond during
    except inside like near since through toward towards under until within
    without
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

# A word for case purposes starts with a letter; hyphenated compounds
# ("Self-Care") count as one word, judged by their first letter. After a colon,
# a dash or a question mark a new phrase starts, and either style capitalises
# its first word, so those marks are tokens too.
_CASE_TOKEN = re.compile(r"[:–—?!]|\s-\s|[^\W\d_][\w'’-]*")

CaseStyle = Literal["title", "sentence"]
STYLE_NAMES = {"title": "Title Case", "sentence": "sentence case"}


def _significant_words(value: str) -> tuple[list[str], list[str]]:
    """The words that tell the case style apart: (capitalised, lower case)."""
    capitalised: list[str] = []
    lowered: list[str] = []
    first = True
    for token in _CASE_TOKEN.findall(value):
        if not token[0].isalpha():
            first = True
        elif first:
            first = False
        elif token.lower() in MINOR_WORDS or (len(token) > 1 and token.isupper()):
            continue
        elif token[0].isupper():
            capitalised.append(token)
        else:
            lowered.append(token)
    return capitalised, lowered


def case_style(value: str) -> CaseStyle | None:
    """Title Case when every significant word after the first is capitalised,
    sentence case when one is not; None when the heading cannot tell (one word,
    or only minor words and acronyms after the first).

    A capitalised word in an otherwise lower-case heading is taken for a proper
    noun ("Benefits of Swedish massage" is sentence case), so a single lower-case
    significant word is enough to call a heading sentence case.
    """
    capitalised, lowered = _significant_words(value)
    if lowered:
        return "sentence"
    return "title" if capitalised else None


def heading_words(document: Document) -> tuple[tuple[str, ...], ...]:
    """Each heading's words, lowercased, in heading order (several checks need
    them, so they are split once)."""
    return document.memo(
        "headings.words",
        lambda: tuple(tuple(text.words(h.text)) for h in document.headings),
    )


def heading_label(heading: Heading) -> str:
    return f"h{heading.level} “{text.excerpt(heading.text, 60)}”"


def _hidden_headings(document: Document) -> list[tuple[Block, int, str]]:
    """Heading elements inside rich text: (block, level, plain text)."""

    def compute() -> list[tuple[Block, int, str]]:
        found = []
        for block in document.blocks:
            if block.type not in RICH_TEXT_BLOCKS:
                continue
            for html in rich_texts(block.type, block.value):
                if "<h" in html or "<H" in html:
                    found.extend(
                        (block, int(level), rich_text_plain(inner))
                        for level, inner in _HTML_HEADING.findall(html)
                    )
        return found

    return document.memo("headings.hidden", compute)


# --- the title is the only h1 ---------------------------------------------


@register
class SingleH1(Check):
    id = "single-h1"
    title = "The page title is the only h1"
    help_text = (
        "The page title is the article's h1: search engines and screen readers "
        "take it as the name of the page, so the page needs one and only one. "
        "Body headings are h2 to h4 by construction, but an <h1> pasted into rich "
        "text (a paragraph, callout, disclaimer or FAQ answer) makes a second one. "
        "Yoast flags more than one h1 the same way. Fix: give the page a title and "
        "turn any h1 in the text into an h2 heading block."
    )
    category = Category.HEADINGS
    level = Level.ERROR
    tags = TAGS

    def run(self, document: Document) -> CheckResult:
        findings: list[Finding] = []
        untitled = not text.words(document.title)
        if untitled:
            findings.append(
                self.finding(
                    "The page has no title, so it has no h1; add a title.",
                    location=self.at_field("title"),
                )
            )
        extra = [
            self._extra(heading.block, heading.text)
            for heading in document.headings
            if heading.level == 1
        ] + [
            self._extra(block, content)
            for block, level, content in _hidden_headings(document)
            if level == 1
        ]
        findings.extend(extra)
        if not findings:
            return self.good("The page title is the only h1.", value=0)
        if untitled and not extra:
            message = "The page has no title."
        else:
            message = f"{len(extra)} h1 heading(s) in the text besides the title."
        return self.result(Status.BAD, message, findings, value=len(extra))

    def _extra(self, block: Block, content: str) -> Finding:
        return self.finding(
            f"“{text.excerpt(content, 60)}” is a second h1; the page title is the "
            "h1, so make this an h2 heading block.",
            location=self.at(block, excerpt=text.excerpt(content)),
        )


# --- headings hidden in rich text -------------------------------------------


@register
class RichTextHeadings(Check):
    id = "rich-text-headings"
    title = "No headings inside rich text"
    help_text = (
        "A heading pasted into a paragraph (or a callout, disclaimer or FAQ answer) "
        "looks like a heading but sits outside the article's outline: the table of "
        "contents, the API and the other heading checks cannot see it. Any <h2> to "
        "<h6> element in rich text is reported (an <h1> is reported by "
        "“single-h1”). Fix: delete it from the rich text and add a heading block "
        "in its place."
    )
    category = Category.HEADINGS
    level = Level.WARNING
    tags = TAGS

    def run(self, document: Document) -> CheckResult:
        findings = [
            self.finding(
                f"h{level} “{text.excerpt(content, 60)}” is inside the text of a "
                f"{block.type}; make it a heading block.",
                location=self.at(block, excerpt=text.excerpt(content)),
                value=level,
            )
            for block, level, content in _hidden_headings(document)
            if level > 1
        ]
        if not findings:
            return self.good("No headings are hidden in rich text.")
        return self.result(
            Status.BAD,
            f"{len(findings)} heading(s) hidden in rich text.",
            findings,
            value=len(findings),
        )


# --- skipped levels ---------------------------------------------------------


@register
class HeadingLevels(Check):
    id = "heading-levels"
    title = "No skipped heading levels"
    help_text = (
        "Heading levels are the outline screen-reader users move through; a jump "
        "from h2 to h4, or an article whose first heading is an h3 (the title being "
        "the h1), breaks it (WCAG 2 technique G141). A heading may go up any "
        "number of levels, but down only one at a time. Fix: change the level of "
        "the heading reported."
    )
    category = Category.HEADINGS
    level = Level.WARNING
    tags = TAGS

    def run(self, document: Document) -> CheckResult:
        if not document.headings:
            return self.not_applicable("The article has no headings.")
        findings = []
        previous: Heading | None = None
        for heading in document.headings:
            before = previous.level if previous else 1
            if heading.level > before + 1:
                if previous is None:
                    message = (
                        f"The first heading, {heading_label(heading)}, skips "
                        f"{self._skipped(1, heading.level)}; make it an h2."
                    )
                else:
                    message = (
                        f"{heading_label(heading)} follows {heading_label(previous)}"
                        f" and skips {self._skipped(before, heading.level)}; make it "
                        f"an h{before + 1}."
                    )
                findings.append(
                    self.finding(
                        message,
                        location=self.at(heading.block, excerpt=heading.text),
                        value=heading.level,
                        threshold=before + 1,
                    )
                )
            previous = heading
        if not findings:
            return self.good("No heading levels are skipped.")
        return self.result(
            Status.BAD,
            f"{len(findings)} heading(s) skip a level.",
            findings,
            value=len(findings),
        )

    @staticmethod
    def _skipped(before: int, level: int) -> str:
        return " and ".join(f"h{n}" for n in range(before + 1, level))


# --- empty and duplicate headings -------------------------------------------


@register
class EmptyHeadings(Check):
    id = "empty-headings"
    title = "No empty headings"
    help_text = (
        "A heading with no words (blank, or only punctuation or emoji) is announced "
        "by screen readers as an unnamed heading and leaves a hole in the outline. "
        "Fix: write the heading, or delete the block."
    )
    category = Category.HEADINGS
    level = Level.ERROR
    tags = TAGS

    def run(self, document: Document) -> CheckResult:
        if not document.headings:
            return self.not_applicable("The article has no headings.")
        findings = [
            self.finding(
                f"An h{heading.level} heading has no words; write it or delete it.",
                location=self.at(heading.block, excerpt=heading.text or None),
            )
            for heading, words in zip(
                document.headings, heading_words(document), strict=True
            )
            if not words
        ]
        if not findings:
            return self.good("No heading is empty.")
        return self.result(
            Status.BAD,
            f"{len(findings)} empty heading(s).",
            findings,
            value=len(findings),
        )


@register
class DuplicateHeadings(Check):
    id = "duplicate-headings"
    title = "No duplicate headings"
    help_text = (
        "Two sections with the same heading (ignoring case and punctuation) look "
        "the same in the outline and in search results' jump links, and a heading "
        "that repeats the page title names the article rather than its section. "
        "Fix: reword the later heading to say what its section covers, or merge "
        "the two sections."
    )
    category = Category.HEADINGS
    level = Level.WARNING
    tags = TAGS

    def run(self, document: Document) -> CheckResult:
        if not document.headings:
            return self.not_applicable("The article has no headings.")
        seen: dict[tuple[str, ...], Heading | None] = {}
        title_key = tuple(text.words(document.title))
        if title_key:
            seen[title_key] = None  # None stands for the page title
        findings = []
        for heading, key in zip(
            document.headings, heading_words(document), strict=True
        ):
            if not key:
                continue  # empty-headings reports it
            if key not in seen:
                seen[key] = heading
                continue
            first = seen[key]
            if first is None:
                message = (
                    f"{heading_label(heading)} repeats the page title; say what "
                    "this section covers."
                )
            else:
                message = (
                    f"{heading_label(heading)} repeats an earlier h{first.level} "
                    "heading; reword one of them."
                )
            findings.append(
                self.finding(
                    message,
                    location=self.at(heading.block, excerpt=heading.text),
                    value=None if first is None else first.block.index,
                )
            )
        if not findings:
            return self.good("Every heading is different.")
        return self.result(
            Status.BAD,
            f"{len(findings)} duplicate heading(s).",
            findings,
            value=len(findings),
        )


# --- length and punctuation -------------------------------------------------


@register
class HeadingLength(Check):
    id = "heading-length"
    title = "Headings are short"
    help_text = (
        "Readers scan headings to find their section, so a heading should fit on "
        "one line and be read at a glance. Over 70 characters or over 12 words is "
        "too long: 70 characters is about one line of a heading on a wide screen, "
        "and about what a search result shows of a title. No lower limit: a "
        "one-word heading (“Conclusion”) is fine. Fix: keep the topic in the "
        "heading and move the rest into the first sentence of the section."
    )
    category = Category.HEADINGS
    level = Level.WARNING
    tags = TAGS
    defaults = {"max_characters": 70, "max_words": 12}

    def run(self, document: Document) -> CheckResult:
        if not document.headings:
            return self.not_applicable("The article has no headings.")
        max_characters = self.param(document, "max_characters")
        max_words = self.param(document, "max_words")
        findings = []
        for heading, tokens in zip(
            document.headings, heading_words(document), strict=True
        ):
            characters, words = len(heading.text), len(tokens)
            if characters > max_characters:
                measure, limit = f"{characters} characters", max_characters
                unit, value = "characters", characters
            elif words > max_words:
                measure, limit = f"{words} words", max_words
                unit, value = "words", words
            else:
                continue
            findings.append(
                self.finding(
                    f"{heading_label(heading)} is {measure} long (at most {limit} "
                    f"{unit}); shorten it.",
                    location=self.at(heading.block, excerpt=heading.text),
                    value=value,
                    threshold=limit,
                )
            )
        if not findings:
            return self.good("Every heading is short enough.")
        return self.result(
            Status.BAD,
            f"{len(findings)} heading(s) too long.",
            findings,
            value=len(findings),
        )


@register
class HeadingPunctuation(Check):
    id = "heading-punctuation"
    title = "Headings do not end in a colon or full stop"
    help_text = (
        "A heading is a label, not a sentence: a trailing colon, full stop "
        "or ellipsis (often left over from text pasted as “Causes:”) reads as an "
        "unfinished sentence. Question and exclamation marks are fine. Fix: "
        "delete the final “:”, “.” or “…”."
    )
    category = Category.HEADINGS
    level = Level.WARNING
    tags = TAGS

    def run(self, document: Document) -> CheckResult:
        if not document.headings:
            return self.not_applicable("The article has no headings.")
        findings = []
        for heading in document.headings:
            mark = heading.text[-1:] if heading.text else ""
            if mark in _HEADING_END_MARKS:
                finding = self.finding(
                    f"{heading_label(heading)} ends with “{mark}”; delete it.",
                    location=self.at(heading.block, excerpt=heading.text),
                    value=mark,
                )
                fix = None
                if fixed := _unpunctuated(heading.text):
                    fix = Fix(
                        self.id,
                        f"Write it as “{fixed}”",
                        {**block_args(heading.block), "text": heading.text},
                    )
                findings.append(attach(finding, fix))
        if not findings:
            return self.good("No heading ends in a colon or a full stop.")
        return self.result(
            Status.BAD,
            f"{len(findings)} heading(s) end in “:” or “.”.",
            findings,
            value=len(findings),
        )


_HEADING_END_MARKS = (":", ".", "…")


def _unpunctuated(heading: str) -> str:
    """The heading without its final colons, full stops and ellipses."""
    return heading.strip().rstrip("".join(_HEADING_END_MARKS) + " ").rstrip()


@fixer("heading-punctuation")
def fix_heading_punctuation(
    article: ArticleData, args: Mapping[str, Any]
) -> ArticleData:
    """A heading block's text without its trailing “:”, “.” or “…”."""
    expected = arg(args, "text")
    index = find_block(article, args, "heading")
    value = article.body[index]["value"]
    current = str(value.get("text", "")).strip()
    if current != expected.strip():
        raise FixError(
            f"{block_name(args)} now reads “{current}”, not “{expected}”.",
            ("args", "text"),
        )
    fixed = _unpunctuated(current)
    if not fixed or fixed == current:
        raise FixError(
            f"{block_name(args)} (“{current}”) has nothing to delete.", ("args", "text")
        )
    return with_block(article, index, {**value, "text": fixed})


# --- paragraphs acting as headings ------------------------------------------

# As _HTML_HEADING: bold text never runs across another opening of its tag.
_BOLD = re.compile(r"<(b|strong)\b[^<>]*>((?:[^<]|<(?!\1\b))*?)</\1\s*>", re.I | re.S)
_SPACE = re.compile(r"\s+")
# A paragraph ending in these is a sentence or a lead-in to a list, not a label.
_SENTENCE_END = frozenset(".!:;,…")
_CLOSERS = "\"'”’)]"


def _fully_bold(html: str, plain: str) -> bool:
    if "<b" not in html and "<strong" not in html:
        return False
    bold = "".join(rich_text_plain(inner) for _, inner in _BOLD.findall(html))
    return _SPACE.sub("", bold) == _SPACE.sub("", plain)


@register
class ParagraphHeadings(Check):
    id = "paragraph-headings"
    title = "Paragraphs that act as headings"
    help_text = (
        "A short line styled as a heading (all bold, or in Title Case) but written "
        "as a paragraph looks like a heading to sighted readers only: it is not in "
        "the outline, the table of contents or the audit's heading checks. "
        "Reported: a paragraph of at most 10 words, with no closing punctuation "
        "(a question mark is allowed; a colon marks a lead-in to a list), that is "
        "fully bold or in Title Case and is followed by more text. Fix: turn it "
        "into a heading block at the level the check suggests."
    )
    category = Category.HEADINGS
    level = Level.WARNING
    tags = TAGS
    defaults = {"max_words": 10}

    def run(self, document: Document) -> CheckResult:
        if not document.paragraphs:
            return self.not_applicable("The article has no paragraphs.")
        findings = list(self._find(document, self.param(document, "max_words")))
        if not findings:
            return self.good("No paragraph acts as a heading.")
        return self.result(
            Status.BAD,
            f"{len(findings)} paragraph(s) act as headings.",
            findings,
            value=len(findings),
        )

    def _find(self, document: Document, max_words: int) -> Iterator[Finding]:
        blocks = document.blocks
        level = 1
        for block in blocks:
            if block.type == "heading":
                level = int(block.value["level"])
                continue
            if block.type != "paragraph":
                continue
            plain = block.text
            if not plain or plain.rstrip(_CLOSERS)[-1:] in _SENTENCE_END:
                continue
            if len(plain.split()) > max_words:
                continue
            following = (
                blocks[block.index + 1] if block.index + 1 < len(blocks) else None
            )
            if following is None or following.type == "heading" or not following.text:
                continue
            if _fully_bold(block.value, plain):
                style = "is all bold"
            elif case_style(plain) == "title":
                style = "is in Title Case"
            else:
                continue
            suggested = min(level + 1, 4)
            yield self.finding(
                f"“{text.excerpt(plain, 60)}” {style} and introduces the text after "
                f"it, like a heading; make it an h{suggested} heading block.",
                location=self.at(block, excerpt=plain),
                value=suggested,
            )


# --- case style -------------------------------------------------------------


@register
class HeadingCase(Check):
    id = "heading-case"
    title = "Headings use one case style"
    help_text = (
        "Headings in a mix of Title Case (“Benefits of Deep Tissue Massage”) and "
        "sentence case (“Benefits of deep tissue massage”) look careless. Either "
        "style is fine; health publishers mostly use sentence case, which is "
        "easier to read. The h2 and h3 headings are each classed as one style or "
        "the other (a lower-case significant word after the first makes sentence "
        "case; one-word headings say nothing), and the headings in the less used "
        "style are reported (on a tie, the style of the first heading wins). "
        "Fix: rewrite the reported headings in the article's style."
    )
    category = Category.HEADINGS
    level = Level.INFO
    tags = TAGS

    def run(self, document: Document) -> CheckResult:
        styled = [
            (heading, style)
            for heading in document.headings
            if heading.level in (2, 3) and (style := case_style(heading.text))
        ]
        if len(styled) < 2:
            return self.not_applicable(
                "Fewer than two h2/h3 headings show a case style."
            )
        counts = {"title": 0, "sentence": 0}
        for _, style in styled:
            counts[style] += 1
        first = styled[0][1]
        other = "sentence" if first == "title" else "title"
        house = other if counts[other] > counts[first] else first
        minority = [(h, s) for h, s in styled if s != house]
        if not minority:
            return self.good(
                f"All h2/h3 headings are in {STYLE_NAMES[house]}.", value=house
            )
        findings = [
            self.finding(
                f"{heading_label(heading)} is in {STYLE_NAMES[style]}; the other "
                f"{counts[house]} headings are in {STYLE_NAMES[house]}.",
                hint=self._hint(heading.text, house),
                location=self.at(heading.block, excerpt=heading.text),
                value=style,
                threshold=house,
            )
            for heading, style in minority
        ]
        return self.result(
            Status.OK,
            f"{len(minority)} of {len(styled)} h2/h3 headings not in "
            f"{STYLE_NAMES[house]}.",
            findings,
            value=house,
        )

    @staticmethod
    def _hint(value: str, house: CaseStyle) -> str:
        capitalised, lowered = _significant_words(value)
        if house == "title":
            return "Capitalise " + ", ".join(f"“{w}”" for w in lowered) + "."
        return (
            "Lower-case any of "
            + ", ".join(f"“{w}”" for w in capitalised)
            + " that is not a name."
        )


# --- long text with no headings ---------------------------------------------


@register
class SubheadingsPresent(Check):
    id = "subheadings-present"
    title = "Long texts have subheadings"
    help_text = (
        "Readers scan a long text by its subheadings, and search engines use them "
        "to understand its parts. As in Yoast, a text of more than 300 words "
        "needs at least one subheading; shorter texts do not. (How evenly the "
        "headings divide the text is the readability check “subheading "
        "distribution”.) Fix: split the text into sections of at most 300 words, "
        "each under an h2 heading block."
    )
    category = Category.HEADINGS
    level = Level.ERROR
    tags = TAGS
    defaults = {"max_words": 300}

    def run(self, document: Document) -> CheckResult:
        count = len(document.headings)
        if count:
            return self.good(f"The text has {count} subheading(s).", value=count)
        words, limit = document.word_count, self.param(document, "max_words")
        if words <= limit:
            return self.not_applicable(
                f"The text has {words} words, short enough to need no subheadings "
                f"(more than {limit} would)."
            )
        finding = self.finding(
            f"The text has {words} words and no subheadings; split it into "
            f"sections of at most {limit} words under h2 headings.",
            value=words,
            threshold=limit,
        )
        return self.result(
            Status.BAD, f"{words} words and no subheadings.", [finding], value=0
        )
