"""Checks: readability.

The figures come from seo.readability (textstat's formulas, measured once per
Document); sentence-level checks read the Document's sentences. Where Yoast
has the same check, its thresholds and word lists are used (yoastseo 3.6.0:
scoring/assessments/readability/ and languageProcessing/languages/en/config/),
so that editors who know Yoast can trust the verdicts. Yoast's English word
lists (passive voice, transition words, first-word exceptions) are ported as
data at the end of this module.
"""

import math
import re
from collections.abc import Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate, chain, groupby
from operator import attrgetter
from typing import Any, NamedTuple

from seo import readability, text, wordlists
from seo.checks.base import Category, Check
from seo.document import Block, Document, Sentence
from seo.findings import CheckResult, Finding, Level, Status
from seo.readability import Readability
from seo.registry import register

TAGS = frozenset({"readability"})

NO_PROSE = "The article has no prose to measure."


def _percent(part: int, whole: int) -> float:
    """A share in percent as Yoast computes and rounds it (formatNumber: one
    decimal, half up), so that a text falls on the same side of a threshold."""
    if not whole:
        return 0.0
    return math.floor(part / whole * 100 * 10 + 0.5) / 10


def _fmt(value: float) -> str:
    return f"{value:g}"


def _words(count: int) -> str:
    return f"{count} word" if count == 1 else f"{count} words"


# --- shared derived data ------------------------------------------------------


class BlockProse(NamedTuple):
    """One prose block's sentences and word counts (the Document's words,
    syllables as textstat counts them), to point at the hardest passages."""

    block: Block
    sentences: int
    words: tuple[str, ...]
    syllables: int
    polysyllables: int
    grade: float  # Flesch-Kincaid's formula on this block alone
    polysyllable_share: float  # percent


_WORDS = attrgetter("words")
_BLOCK_INDEX = attrgetter("block.index")


def block_prose(document: Document) -> tuple[BlockProse, ...]:
    def compute() -> tuple[BlockProse, ...]:
        # A block's sentences are consecutive in document.sentences, and its
        # words a slice of document.words: group by block index, in C.
        sentences = document.sentences
        ends = [0, *accumulate(map(len, map(_WORDS, sentences)))]
        spans = []  # (block index, sentences, first word, end)
        first = 0
        for index, group in groupby(map(_BLOCK_INDEX, sentences)):
            count = len(list(group))
            spans.append((index, count, ends[first], ends[first + count]))
            first += count
        words, blocks = document.words, document.blocks
        profiles = readability.syllable_profiles(words, [s[2:] for s in spans])
        return tuple(
            BlockProse(
                blocks[index],
                count,
                words[a:b],
                syllables,
                poly,
                0.39 * (b - a) / count + 11.8 * syllables / (b - a) - 15.59,
                100 * poly / (b - a),
            )
            for (index, count, a, b), (syllables, poly) in zip(
                spans, profiles, strict=True
            )
        )

    return document.memo("readability.blocks", compute)


def _excerpt(block: Block) -> str:
    return text.excerpt(block.text)


# --- the figures -------------------------------------------------------------

# Grade formulas a page can be judged by: name -> (label, Readability field).
GRADE_FORMULAS = {
    "flesch-kincaid": ("Flesch-Kincaid grade", "flesch_kincaid_grade"),
    "smog": ("SMOG grade", "smog_index"),
    "gunning-fog": ("Gunning fog index", "gunning_fog"),
    "coleman-liau": ("Coleman-Liau index", "coleman_liau_index"),
    "ari": ("Automated readability index", "automated_readability_index"),
}

# Every figure as reports name it, in the order they are listed.
FIGURES = (
    ("Flesch reading ease", "flesch_reading_ease"),
    ("Flesch-Kincaid grade", "flesch_kincaid_grade"),
    ("SMOG", "smog_index"),
    ("Gunning fog", "gunning_fog"),
    ("Coleman-Liau", "coleman_liau_index"),
    ("ARI", "automated_readability_index"),
    ("Dale-Chall", "dale_chall_readability_score"),
)


def figures_summary(m: Readability, leave_out: str = "") -> str:
    """The figures as one line: "Flesch reading ease 39.6 (difficult), ..."."""
    parts = []
    for label, field in FIGURES:
        if field == leave_out:
            continue
        part = f"{label} {getattr(m, field):.1f}"
        if field == "flesch_reading_ease":
            part += f" ({m.flesch_band.label})"
        parts.append(part)
    return ", ".join(parts)


@register
class ReadabilityFigures(Check):
    id = "readability-figures"
    title = "Readability figures"
    help_text = (
        "Every readability formula, for reference: Flesch reading ease (with "
        "Yoast's bands: 90+ very easy, 80-89 easy, 70-79 fairly easy, 60-69 okay, "
        "50-59 fairly difficult, 30-49 difficult, under 30 very difficult), the "
        "Flesch-Kincaid grade, SMOG, Gunning fog, Coleman-Liau, the automated "
        "readability index and Dale-Chall, computed by textstat's formulas over "
        "the article's prose (headings, tables and references left out). "
        "Informational: the grade-level and Flesch checks give the verdicts."
    )
    category = Category.READABILITY
    level = Level.INFO
    tags = TAGS

    def run(self, document: Document) -> CheckResult:
        m = readability.for_document(document)
        if not m.words:
            return self.not_applicable(NO_PROSE)
        value = {
            **m.figures(),
            "flesch_band": m.flesch_band.label,
            "words": m.words,
            "sentences": m.sentences,
            "syllables": m.syllables,
            "polysyllables": m.polysyllables,
        }
        message = (
            f"{figures_summary(m)}; {_words(m.words)} in {m.sentences} "
            f"sentence{'s' if m.sentences != 1 else ''}."
        )
        return self.result(Status.INFO, message, value=value)


@register
class GradeLevel(Check):
    id = "grade-level"
    title = "Reading grade level"
    help_text = (
        "Health information should be readable by everyone who needs it: US "
        "health agencies such as the NIH and the CDC recommend writing patient "
        "information at US school grade 8 or below. The verdict is the "
        "Flesch-Kincaid grade "
        "(average words per sentence and syllables per word), against grade 8 or "
        "the page's own target grade; up to 2 grades over is a warning, more "
        "fails. The other formulas are reported alongside, and the hardest "
        "passages are pointed out. Fix: split long sentences, prefer short common "
        "words, and explain medical terms in plain words."
    )
    category = Category.READABILITY
    level = Level.WARNING
    tags = TAGS
    defaults = {
        "target": 8,
        "margin": 2,
        "formula": "flesch-kincaid",
        "min_words": 11,
        "min_block_words": 25,
        "max_findings": 5,
    }

    def __init__(self, params: Mapping[str, Any] | None = None):
        super().__init__(params)
        for source in (self.params, self.cornerstone_params):
            if source["formula"] not in GRADE_FORMULAS:
                raise ValueError(
                    f"grade-level: unknown formula {source['formula']!r}; "
                    f"choose one of {', '.join(GRADE_FORMULAS)}."
                )

    def run(self, document: Document) -> CheckResult:
        m = readability.for_document(document)
        minimum = self.param(document, "min_words")
        if m.words < minimum:
            return self.not_applicable(
                f"The prose has {_words(m.words)}; grade formulas need at least "
                f"{minimum}."
            )
        target = document.data.target_grade
        if target is None:
            target = self.param(document, "target")
        label, field = GRADE_FORMULAS[self.param(document, "formula")]
        grade = getattr(m, field)
        value = round(grade, 2)
        others = f"Other figures: {figures_summary(m, leave_out=field)}."
        if grade <= target:
            return self.good(
                f"{label} {grade:.1f}, at or below the target grade {target}. {others}",
                value=value,
            )
        status = (
            Status.OK
            if grade <= target + self.param(document, "margin")
            else Status.BAD
        )
        message = (
            f"{label} {grade:.1f}, above the target grade {target}: shorten "
            f"sentences and use plainer words. {others}"
        )
        return self.result(status, message, self._hardest(document, target), value)

    def _hardest(self, document: Document, target: int) -> list[Finding]:
        minimum = self.param(document, "min_block_words")
        hard = sorted(
            (
                b
                for b in block_prose(document)
                if len(b.words) >= minimum and b.grade > target
            ),
            key=lambda b: -b.grade,
        )[: self.param(document, "max_findings")]
        return [
            self.finding(
                f"This passage reads at about grade {b.grade:.0f} "
                f"({len(b.words) / b.sentences:.0f} words per sentence, "
                f"{b.polysyllable_share:.0f}% of words with three or more "
                "syllables); shorten its sentences and use plainer words.",
                location=self.at(b.block, excerpt=_excerpt(b.block)),
                value=round(b.grade, 1),
                threshold=target,
            )
            for b in hard
        ]


# Yoast's verdict per Flesch band: 60 and over good, 50-59 ok, under 50 bad.
FLESCH_STATUS = {
    "very easy": Status.GOOD,
    "easy": Status.GOOD,
    "fairly easy": Status.GOOD,
    "okay": Status.GOOD,
    "fairly difficult": Status.OK,
    "difficult": Status.BAD,
    "very difficult": Status.BAD,
}


@register
class FleschReadingEase(Check):
    id = "flesch-reading-ease"
    title = "Flesch reading ease"
    help_text = (
        "The Flesch reading ease score (0-100, higher is easier) falls with longer "
        "sentences and longer words. Yoast's bands and verdicts: 60 or more "
        "(okay to very easy) is good, 50-59 (fairly difficult) is a warning, under "
        "50 (difficult, very difficult) fails. As in Yoast, a text of 10 words or "
        "fewer is not scored. Fix: shorter sentences first, then shorter, more "
        "common words."
    )
    category = Category.READABILITY
    level = Level.WARNING
    tags = TAGS
    defaults = {"min_words": 11}

    def run(self, document: Document) -> CheckResult:
        m = readability.for_document(document)
        minimum = self.param(document, "min_words")
        if m.words < minimum:
            return self.not_applicable(
                f"The prose has {_words(m.words)}; the Flesch score needs at least "
                f"{minimum}."
            )
        score, band = m.flesch_reading_ease, m.flesch_band.label
        status = FLESCH_STATUS[band]
        message = f"Flesch reading ease {score:.1f}: {band} to read."
        if status is Status.OK:
            message += " Try shorter sentences."
        elif status is Status.BAD:
            message += " Try shorter sentences and plainer words."
        return self.result(status, message, value=round(score, 2))


# --- sentences and paragraphs ----------------------------------------------------


@register
class SentenceLength(Check):
    id = "sentence-length"
    title = "Sentence length"
    help_text = (
        "Long sentences are hard to follow, more so for readers who are unwell or "
        "read English as a second language. Yoast's thresholds: a sentence of more "
        "than 20 words is long; 25% or fewer long sentences is good, more than 30% "
        "fails, in between is a warning (cornerstone content: 20% and 25%). The "
        "longest sentences are pointed out. Fix: split them, one idea per "
        "sentence."
    )
    category = Category.READABILITY
    level = Level.WARNING
    tags = TAGS
    defaults = {"max_words": 20, "warn": 25, "fail": 30, "max_findings": 10}
    cornerstone_defaults = {"warn": 20, "fail": 25}

    def run(self, document: Document) -> CheckResult:
        sentences = document.sentences
        if not sentences:
            return self.not_applicable(NO_PROSE)
        limit = self.param(document, "max_words")
        warn, fail = self.param(document, "warn"), self.param(document, "fail")
        long = [s for s in sentences if len(s.words) > limit]
        share = _percent(len(long), len(sentences))
        summary = (
            f"{_fmt(share)}% of sentences have more than {limit} words "
            f"(at most {warn}% recommended)."
        )
        if share <= warn:
            return self.good(summary, value=share)
        status = Status.OK if share <= fail else Status.BAD
        longest = sorted(long, key=lambda s: -len(s.words))
        findings = [
            self.finding(
                f"Sentence of {len(s.words)} words; split it.",
                location=self.at(s.block, excerpt=text.excerpt(s.text)),
                value=len(s.words),
                threshold=limit,
            )
            for s in longest[: self.param(document, "max_findings")]
        ]
        return self.result(status, summary, findings, share)


@register
class ParagraphLength(Check):
    id = "paragraph-length"
    title = "Paragraph length"
    help_text = (
        "A wall of text loses readers, on a phone above all. Yoast's thresholds: a "
        "paragraph of more than 150 words is a warning, more than 200 fails. Fix: "
        "split long paragraphs where the topic shifts, or turn a series into a "
        "list."
    )
    category = Category.READABILITY
    level = Level.WARNING
    tags = TAGS
    defaults = {"warn": 150, "fail": 200}

    def run(self, document: Document) -> CheckResult:
        paragraphs = document.paragraphs
        if not paragraphs:
            return self.not_applicable("The article has no paragraphs.")
        warn, fail = self.param(document, "warn"), self.param(document, "fail")
        counts = document.block_word_counts
        longest = max(counts[p.index] for p in paragraphs)
        if longest <= warn:
            return self.good(
                f"No paragraph has more than {warn} words (longest: {longest}).",
                value=longest,
            )
        long = [p for p in paragraphs if counts[p.index] > warn]
        findings = [
            self.finding(
                f"Paragraph of {counts[p.index]} words (at most {warn} "
                "recommended); split it.",
                location=self.at(p, excerpt=_excerpt(p)),
                value=counts[p.index],
                threshold=warn,
            )
            for p in long
        ]
        status = Status.OK if longest <= fail else Status.BAD
        message = (
            f"{len(long)} paragraph{'s' if len(long) > 1 else ''} over {warn} words "
            f"(longest: {longest})."
        )
        return self.result(status, message, findings, longest)


@register
class SubheadingDistribution(Check):
    id = "subheading-distribution"
    title = "Subheading distribution"
    help_text = (
        "Subheadings let readers scan for the part they need. Yoast's thresholds: "
        "a section (the text under one subheading, or before the first) of more "
        "than 300 words is a warning, more than 350 fails (cornerstone content: "
        "250 and 300). A long text with no subheadings at all is the headings "
        "check “subheadings-present”. Fix: split long sections under new h2 or "
        "h3 headings."
    )
    category = Category.READABILITY
    level = Level.WARNING
    tags = TAGS
    defaults = {"warn": 300, "fail": 350}
    cornerstone_defaults = {"warn": 250, "fail": 300}

    def run(self, document: Document) -> CheckResult:
        if not document.headings:
            return self.not_applicable(
                "The text has no subheadings; “subheadings-present” judges that."
            )
        sections = [s for s in document.sections if s.blocks]
        if not sections:
            return self.not_applicable("The subheadings have no text under them.")
        warn, fail = self.param(document, "warn"), self.param(document, "fail")
        longest = max(s.word_count for s in sections)
        if longest <= warn:
            return self.good(
                f"No section has more than {warn} words (longest: {longest}).",
                value=longest,
            )
        findings = []
        for section in sections:
            if section.word_count <= warn:
                continue
            if section.heading is None:
                where = "The text before the first subheading"
                location = self.at(
                    section.blocks[0], excerpt=_excerpt(section.blocks[0])
                )
            else:
                heading = section.heading
                where = f"The section under “{text.excerpt(heading.text, 60)}”"
                location = self.at(heading.block, heading=heading.text)
            findings.append(
                self.finding(
                    f"{where} has {section.word_count} words (at most {warn} "
                    "recommended); add a subheading.",
                    location=location,
                    value=section.word_count,
                    threshold=warn,
                )
            )
        status = Status.OK if longest <= fail else Status.BAD
        message = (
            f"{len(findings)} section{'s' if len(findings) > 1 else ''} over {warn} "
            f"words (longest: {longest})."
        )
        return self.result(status, message, findings, longest)


# --- passive voice ------------------------------------------------------------------

# Yoast (languages/en/helpers/getClauses.js, values/Clause.js): a sentence is
# split into clauses at auxiliaries, at its stop words, at words in -ing and at
# stop characters; a clause that starts with a form of "to be" or "to get" is
# passive when it holds a participle (a word in -ed or an irregular one) that is
# not an -ed adjective or noun, not directly after an article, preposition,
# determiner or the like, and not after another verb of a list of exceptions.
# Words are the sentence's whitespace-separated words, lower case, with
# punctuation stripped from their ends, as Yoast's getWords gives them.

_SINGLE_QUOTES = "‘’‛`‹›"  # Yoast's normalizeSingle makes each a "'"
# Yoast's word boundaries after a stop character.
_AFTER_STOP = r"(?=[ \n\r\t'\"+\-»«‹›<>])"
# Every branch starts with a literal character, which lets the regex engine
# skip ahead to candidates instead of trying each branch at every position.
_CLAUSE_STOPS = re.compile(
    rf":{_AFTER_STOP}|,{_AFTER_STOP}|'(?:ll|ve){_AFTER_STOP}|–(?<=\s–)(?=\s)"
)
# Yoast's removePunctuation: what getWords strips from the ends of a word.
_WORD_PUNCTUATION = "–-()_[]’‘“”〝〞〟‟„\"'.?!:;,¿¡«»‹›—×+&<>\\"
_REGULAR_PARTICIPLE = re.compile(r"[A-Za-z0-9_]+ed(?:$|[ \n\r\t.,'()\"+\-;!?:/»«‹›<>])")
_ING_VERB = re.compile(r"[A-Za-z0-9_]+ing")  # fullmatch: Yoast's \w+ing
_ING_EXCLUSIONS = frozenset(
    ["king", "cling", "ring", "being", "thing", "something", "anything"]
)
_GET_FORMS = frozenset(["get", "gets", "getting", "got", "gotten"])
_ED_ENDING = re.compile(r"ed(?![^\W_])", re.I)  # a word that may be a participle


def _clause_end(words: list[str], start: int) -> int:
    """Where the clause that starts at words[start] ends: before the next
    auxiliary, stop word or phrase, or verb in -ing."""
    for at in range(start + 1, len(words)):
        word = words[at]
        if word in _CLAUSE_BREAKS:
            return at
        if word.endswith("ing") and word not in _ING_EXCLUSIONS:
            if _ING_VERB.fullmatch(word):
                return at
        elif word in wordlists.PASSIVE_STOP_PHRASES:
            for phrase in wordlists.PASSIVE_STOP_PHRASES[word]:
                if tuple(words[at : at + len(phrase)]) == phrase:
                    return at
    return len(words)


def _passive_in_clause(clause: list[str]) -> str | None:
    """The participle that makes this clause passive, if one does."""
    for word in clause:
        if word in wordlists.IRREGULAR_PARTICIPLES:
            pass
        elif "ed" not in word or not _REGULAR_PARTICIPLE.search(word):
            continue
        if word in wordlists.NOT_VERBS_IN_ED:
            continue
        if word == "rid" and not _GET_FORMS.isdisjoint(clause):
            continue
        at = clause.index(word)
        if at and clause[at - 1] in wordlists.CANNOT_PRECEDE_PARTICIPLE:
            continue
        if not wordlists.CANNOT_BE_BETWEEN.isdisjoint(clause[:at]):
            continue
        return word
    return None


def passive(sentence: str) -> tuple[str, str] | None:
    """(auxiliary, participle) of the sentence's first passive clause, or None."""
    lowered = sentence.lower()
    for quote in _SINGLE_QUOTES:
        if quote in lowered:
            lowered = lowered.replace(quote, "'")
    # Clauses start at an auxiliary: what comes before the first cannot matter.
    first = _AUXILIARY_CHUNK.search(lowered)
    if first is None:
        return None
    for piece in _CLAUSE_STOPS.split(lowered[first.start() :]):
        words = [chunk.strip(_WORD_PUNCTUATION) for chunk in piece.split()]
        if "" in words:
            words = [word for word in words if word]
        if wordlists.AUXILIARIES.isdisjoint(words):
            continue
        for start, word in enumerate(words):
            if word in wordlists.AUXILIARIES:
                end = _clause_end(words, start)
                participle = _passive_in_clause(words[start:end])
                if participle:
                    return word, participle
    return None


def passive_sentences(document: Document) -> list[tuple[Sentence, str, str]]:
    """The Document's passive sentences with their auxiliary and participle."""

    def compute() -> list[tuple[Sentence, str, str]]:
        # Cheap filters first: a passive needs an auxiliary and a participle
        # candidate among the sentence's words.
        found = []
        for sentence in document.sentences:
            words = sentence.words
            if wordlists.AUXILIARY_TOKENS.isdisjoint(words) or (
                wordlists.IRREGULAR_PARTICIPLES.isdisjoint(words)
                and not _ED_ENDING.search(sentence.text)
            ):
                continue
            match = passive(sentence.text)
            if match:
                found.append((sentence, *match))
        return found

    return document.memo("readability.passive", compute)


@register
class PassiveVoice(Check):
    id = "passive-voice"
    title = "Passive voice"
    help_text = (
        "Active sentences say who does what (“your therapist presses the "
        "muscle”, not “the muscle is pressed”), which is clearer, above all in "
        "instructions. Yoast's English detection: a form of “to be” or “to get” "
        "followed by a participle (a regular -ed form or one of Yoast's irregular "
        "participles), with Yoast's exceptions. Yoast's thresholds: passive voice "
        "in more than 10% of sentences is a warning, more than 15% fails. Fix: "
        "name who acts and make them the subject."
    )
    category = Category.READABILITY
    level = Level.WARNING
    tags = TAGS
    defaults = {"warn": 10, "fail": 15, "max_findings": 10}

    def run(self, document: Document) -> CheckResult:
        total = len(document.sentences)
        if not total:
            return self.not_applicable(NO_PROSE)
        found = passive_sentences(document)
        warn, fail = self.param(document, "warn"), self.param(document, "fail")
        share = _percent(len(found), total)
        summary = (
            f"{_fmt(share)}% of sentences use the passive voice "
            f"(at most {warn}% recommended)."
        )
        if share <= warn:
            return self.good(summary, value=share)
        findings = [
            self.finding(
                f"Passive voice (“{auxiliary} … {participle}”); say who does what.",
                location=self.at(sentence.block, excerpt=text.excerpt(sentence.text)),
            )
            for sentence, auxiliary, participle in found[
                : self.param(document, "max_findings")
            ]
        ]
        status = Status.OK if share <= fail else Status.BAD
        return self.result(status, summary, findings, share)


# --- transition words ---------------------------------------------------------------


def _has_phrase(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Whether the phrase's words occur in a row (no exception raised when
    they do not: most lookups fail, and raising costs more than counting)."""
    first, size, at = phrase[0], len(phrase), -1
    for _ in range(words.count(first)):
        at = words.index(first, at + 1)
        if words[at : at + size] == phrase:
            return True
    return False


def has_transition(words: tuple[str, ...]) -> bool:
    """Whether a sentence (its words, lower case) holds one of Yoast's English
    transition words or phrases, or both parts of a two-part one."""
    if _TRANSITION_CUES.isdisjoint(words):
        return False  # about half the sentences: one set operation
    if not _TRANSITION_WORDS.isdisjoint(words):
        return True  # most of the others
    # A phrase starts with one of the sentence's pairs of consecutive words.
    pairs = set(zip(words, words[1:], strict=False))
    for pair in pairs.intersection(_TRANSITION_PAIRS):
        for phrase in _TRANSITION_PHRASES[pair]:
            if len(phrase) == 2 or _has_phrase(words, phrase):
                return True
    for first in _TWO_PART_FIRSTS.intersection(words):
        for parts in _TWO_PART_TRANSITIONS[first]:
            if all(_has_phrase(words, part) for part in parts):
                return True
    return False


def transition_flags(document: Document) -> list[bool]:
    """For each of the Document's sentences, whether it has a transition."""
    cues = _TRANSITION_CUES  # checked inline first: most sentences stop there
    return document.memo(
        "readability.transitions",
        lambda: [
            not cues.isdisjoint(s.words) and has_transition(s.words)
            for s in document.sentences
        ],
    )


@register
class TransitionWords(Check):
    id = "transition-words"
    title = "Transition words"
    help_text = (
        "Transition words (“because”, “however”, “for example”, “as a "
        "result”) show how one idea leads to the next. Yoast's English list and "
        "thresholds: 30% or more of sentences with one is good, under 20% fails, "
        "in between is a warning; texts under 200 words are not judged. Fix: link "
        "sentences that follow from each other; passages of three sentences or "
        "more without any are pointed out."
    )
    category = Category.READABILITY
    level = Level.WARNING
    tags = TAGS
    defaults = {"min_words": 200, "good": 30, "bad": 20, "max_findings": 5}

    def run(self, document: Document) -> CheckResult:
        minimum = self.param(document, "min_words")
        if document.word_count < minimum:
            return self.not_applicable(
                f"The text has {_words(document.word_count)}; transition words are "
                f"judged from {minimum}."
            )
        flags = transition_flags(document)
        share = _percent(sum(flags), len(flags))
        good, bad = self.param(document, "good"), self.param(document, "bad")
        summary = (
            f"{_fmt(share)}% of sentences have a transition word "
            f"({good}% or more recommended)."
        )
        if share >= good:
            return self.good(summary, value=share)
        findings = [
            self.finding(
                f"None of this passage's {count} sentences has a transition word "
                "(“because”, “however”, “for example”…); link the ideas.",
                location=self.at(block, excerpt=_excerpt(block)),
                value=0,
            )
            for block, count in self._unlinked(document, flags)
        ][: self.param(document, "max_findings")]
        status = Status.OK if share >= bad else Status.BAD
        return self.result(status, summary, findings, share)

    @staticmethod
    def _unlinked(document: Document, flags: list[bool]) -> Iterator[tuple[Block, int]]:
        """Blocks of three or more sentences, none with a transition."""
        counts: dict[int, list[int]] = {}
        blocks: dict[int, Block] = {}
        for sentence, flag in zip(document.sentences, flags, strict=True):
            tally = counts.setdefault(sentence.block.index, [0, 0])
            tally[0] += 1
            tally[1] += flag
            blocks[sentence.block.index] = sentence.block
        for index, (sentences, linked) in counts.items():
            if sentences >= 3 and not linked:
                yield blocks[index], sentences


# --- sentence beginnings -------------------------------------------------------------

# Yoast leaves lists (and tables) out: their items often start alike on purpose.
_LIST_BLOCKS = frozenset({"list", "steps"})


def beginning(words: tuple[str, ...]) -> str:
    """A sentence's beginning as Yoast compares it: its first word, or its
    first two when the first is an article, a number word or a demonstrative."""
    if words[0] in wordlists.FIRST_WORD_EXCEPTIONS and len(words) > 1:
        return f"{words[0]} {words[1]}"
    return words[0]


@register
class SentenceBeginnings(Check):
    id = "sentence-beginnings"
    title = "Consecutive sentence beginnings"
    help_text = (
        "Three or more sentences in a row that start with the same word read as "
        "monotonous. As in Yoast, the first two words are compared when the first "
        "is an article, a number word or “this/that/these/those”, and lists are "
        "left out; a subheading ends a run. Fix: rephrase or merge some of the "
        "sentences."
    )
    category = Category.READABILITY
    level = Level.WARNING
    tags = TAGS
    defaults = {"max_repeats": 2}

    def run(self, document: Document) -> CheckResult:
        sentences = [s for s in document.sentences if s.block.type not in _LIST_BLOCKS]
        limit = self.param(document, "max_repeats")
        if len(sentences) <= limit:
            return self.not_applicable(
                f"The text has {len(sentences)} sentence(s) outside lists; a run of "
                f"{limit + 1} is not possible."
            )
        findings = [
            self.finding(
                f"{len(run)} consecutive sentences start with “{opening}”; vary "
                "the openings.",
                location=self.at(run[0].block, excerpt=text.excerpt(run[0].text)),
                value=len(run),
                threshold=limit,
            )
            for opening, run in self._runs(document, sentences)
            if len(run) > limit
        ]
        if not findings:
            return self.good("No run of sentences starts with the same word.", 0)
        longest = max(f.value for f in findings)
        message = (
            f"{len(findings)} run{'s' if len(findings) > 1 else ''} of "
            f"{limit + 1} or more sentences with the same first word."
        )
        return self.result(Status.BAD, message, findings, longest)

    @staticmethod
    def _runs(
        document: Document, sentences: list[Sentence]
    ) -> Iterator[tuple[str, list[Sentence]]]:
        # A heading between two sentences ends a run: section number per block.
        section = 0
        section_of: dict[int, int] = {}
        for block in document.blocks:
            section += block.type == "heading"
            section_of[block.index] = section
        run: list[Sentence] = []
        current: tuple[int, str] | None = None
        for sentence in sentences:
            key = (section_of[sentence.block.index], beginning(sentence.words))
            if key != current:
                if run and current is not None:
                    yield current[1], run
                run, current = [], key
            run.append(sentence)
        if run and current is not None:
            yield current[1], run


# --- word complexity ------------------------------------------------------------------


@register
class ComplexWords(Check):
    id = "complex-words"
    title = "Complex words"
    help_text = (
        "Words of three or more syllables slow readers down; many have a shorter, "
        "more familiar alternative. The share is textstat's polysyllable count "
        "over its word count (the input of SMOG). Yoast's threshold for its word "
        "complexity check: 10% or more is a warning (Yoast never fails it). The "
        "passages densest in long words are pointed out, with those of their long "
        "words that are not on the Dale-Chall list of familiar words; keyphrase "
        "words count in the share (unlike Yoast) but are never suggested for a "
        "change. Fix: replace the words listed where a plainer one says the same; "
        "explain the medical terms you keep."
    )
    category = Category.READABILITY
    level = Level.WARNING
    tags = TAGS
    defaults = {
        "max_share": 10,
        "min_block_words": 20,
        "max_findings": 5,
        "max_words_listed": 6,
    }

    def run(self, document: Document) -> CheckResult:
        m = readability.for_document(document)
        if not m.words:
            return self.not_applicable(NO_PROSE)
        limit = self.param(document, "max_share")
        # Yoast rounds this share to two decimals (toFixed: half up).
        share = float(
            Decimal(m.polysyllable_share).quantize(Decimal("0.01"), ROUND_HALF_UP)
        )
        summary = (
            f"{_fmt(share)}% of words have three or more syllables "
            f"(under {limit}% recommended)."
        )
        if share < limit:
            return self.good(summary, value=share)
        return self.result(Status.OK, summary, self._dense(document, limit), share)

    def _dense(self, document: Document, limit: float) -> list[Finding]:
        minimum = self.param(document, "min_block_words")
        dense = sorted(
            (
                b
                for b in block_prose(document)
                if len(b.words) >= minimum and b.polysyllable_share >= limit
            ),
            key=lambda b: -b.polysyllable_share,
        )[: self.param(document, "max_findings")]
        keyphrase = frozenset(
            chain.from_iterable(phrase.stems for phrase in document.keyphrases)
        )
        findings = []
        most = self.param(document, "max_words_listed")
        for b in dense:
            listed: list[str] = []
            for word in dict.fromkeys(
                readability.polysyllables(b.words, unfamiliar=True)
            ):
                if text.stem(word) not in keyphrase:
                    listed.append(word)
                    if len(listed) == most:
                        break
            words = f": {', '.join(listed)}" if listed else ""
            findings.append(
                self.finding(
                    f"{b.polysyllable_share:.0f}% of this passage's words have three "
                    f"or more syllables{words}; use plainer words where you can.",
                    location=self.at(b.block, excerpt=_excerpt(b.block)),
                    value=round(b.polysyllable_share, 1),
                    threshold=limit,
                )
            )
        return findings


def _key_word(words: tuple[str, ...]) -> str:
    """The word a phrase is screened by: its longest word that is not a
    function word, as the rarest, so that few sentences need a closer look."""
    return max(words, key=lambda word: (word not in text.STOP_WORDS, len(word)))


def _transition_tables() -> tuple[
    frozenset[str],
    dict[tuple[str, str], tuple[tuple[str, ...], ...]],
    frozenset[str],
]:
    """Single words; phrases by their first two words; phrases' key words."""
    singles: set[str] = set()
    phrases: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    keys: set[str] = set()
    for entry in wordlists.TRANSITION_LIST:
        for variant in {entry, entry.replace("'", "’")}:
            words = tuple(text.words(variant))
            if len(words) == 1:
                singles.add(words[0])
            else:  # including "e.g." and "i.e.", two words here
                phrases.setdefault((words[0], words[1]), set()).add(words)
                keys.add(_key_word(words))
    return (
        frozenset(singles),
        {pair: tuple(sorted(found)) for pair, found in phrases.items()},
        frozenset(keys),
    )


_TRANSITION_WORDS, _TRANSITION_PHRASES, _TRANSITION_KEYS = _transition_tables()
_TRANSITION_PAIRS = frozenset(_TRANSITION_PHRASES)


def _two_part_table() -> dict[str, list[tuple[tuple[str, ...], ...]]]:
    """First word -> two-part transitions, each as its two parts' words."""
    table: dict[str, list[tuple[tuple[str, ...], ...]]] = {}
    for parts in wordlists.TWO_PART_LIST:
        split = tuple(tuple(text.words(part)) for part in parts)
        table.setdefault(split[0][0], []).append(split)
    return table


_TWO_PART_TRANSITIONS = _two_part_table()
_TWO_PART_FIRSTS = frozenset(_TWO_PART_TRANSITIONS)
_CLAUSE_BREAKS = wordlists.AUXILIARIES | wordlists.PASSIVE_STOP_WORDS
# A whitespace-separated chunk that is an auxiliary once its end punctuation
# is stripped (after the quotes are made "'"): where the first clause can start.
_AUXILIARY_CHUNK = re.compile(
    rf"(?<!\S)[{re.escape(_WORD_PUNCTUATION)}]*"
    rf"(?:{'|'.join(sorted(wordlists.AUXILIARIES, key=len, reverse=True))})"
    rf"[{re.escape(_WORD_PUNCTUATION)}]*(?!\S)"
)
# A sentence with none of these words has no transition at all.
_TRANSITION_CUES = _TRANSITION_WORDS | _TRANSITION_KEYS | _TWO_PART_FIRSTS
