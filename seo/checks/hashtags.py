"""Checks: hashtags.

An article's hashtags (`document.data.hashtags`, names stored without '#') file
it under topics readers follow and are shown on the page. They should be few,
well formed, readable aloud, about the article, and kept out of the prose.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from articles.importing.cleanup import HASHTAG, hashtag_words
from articles.models import HASHTAG_PATTERN
from seo import text
from seo.checks.base import Category, Check
from seo.document import Document, ImportNote
from seo.findings import CheckResult, Finding, Level, Location, Status
from seo.registry import register

TAGS = frozenset({"hashtags"})

_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")
_CAMEL_BOUNDARY = re.compile(r"[a-z][A-Z]")
_HAS_LETTER = re.compile(r"[A-Za-z]")
_ALNUM_RUNS = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=4096)
def segment(name: str) -> tuple[str, ...]:
    """A hashtag's words, as the importer reads them (case boundaries, else
    wordninja). Cached: wordninja takes about 0.2 ms a tag, and the same tags
    recur across a library."""
    return tuple(hashtag_words(name).split())


def camel_case(words: Iterable[str]) -> str:
    """#MassageTherapyForSciatica from its words; only hashtag characters kept."""
    return "".join(
        cleaned[:1].upper() + cleaned[1:]
        for cleaned in (_NON_ALNUM.sub("", word) for word in words)
    )


@dataclass(frozen=True)
class Hashtag:
    name: str
    words: tuple[str, ...]
    # Stems of its topic words, plus the stem of the whole name, so a one-word
    # tag that wordninja over-splits ("piriformis") still matches its word.
    stems: frozenset[str]


def hashtags(document: Document) -> tuple[Hashtag, ...]:
    """The article's hashtags with their words and stems, split once for all
    the checks of this area."""

    def compute() -> tuple[Hashtag, ...]:
        found = []
        for name in document.data.hashtags:
            words = segment(name) if name else ()
            tokens = [t for w in words for t in text.words(w)]
            stems = {text.stem(t) for t in tokens if t not in text.STOP_WORDS}
            if name:
                stems.add(text.stem(name.lower()))
            found.append(Hashtag(name, words, frozenset(stems)))
        return tuple(found)

    return document.memo("hashtags.parsed", compute)


def label(name: str) -> str:
    return f"“#{name}”"


# --- valid form ---------------------------------------------------------------


@register
class HashtagForm(Check):
    id = "hashtag-form"
    title = "Hashtags are well formed"
    help_text = (
        "A hashtag is one run of letters, digits and underscores with at least one "
        "letter (the same rule as the hashtags field, articles.models.clean_hashtag,"
        " and as social networks): “#massage therapy” stops at the space and "
        "“#2024” is not a hashtag at all. Names are stored without the “#”. Fix: "
        "join the words in CamelCase (#MassageTherapy) and include a letter."
    )
    category = Category.HASHTAGS
    level = Level.ERROR
    tags = TAGS

    def run(self, document: Document) -> CheckResult:
        names = document.data.hashtags
        if not names:
            return self.not_applicable("The article has no hashtags.")
        findings = [f for name in names if (f := self._problem(name))]
        if not findings:
            return self.good(f"All {len(names)} hashtag(s) are well formed.")
        return self.result(
            Status.BAD,
            f"{len(findings)} hashtag(s) are not valid.",
            findings,
            value=len(findings),
        )

    def _problem(self, name: str) -> Finding | None:
        location = self.at_field("hashtags", excerpt=name)
        if not name.strip():
            return self.finding("An empty hashtag; delete it.", location=location)
        if HASHTAG_PATTERN.fullmatch(name):
            if _HAS_LETTER.search(name):
                return None
            return self.finding(
                f"{label(name)} has no letter, so it is not a hashtag; say what it "
                f"is about (for example #Sciatica{name}) or delete it.",
                location=location,
            )
        suggestion = camel_case(_ALNUM_RUNS.findall(name))
        fix = f"write #{suggestion}" if suggestion else "delete it"
        if name.startswith("#") and HASHTAG_PATTERN.fullmatch(name[1:]):
            message = f"{label(name)} is stored with its “#”; {fix}."
        else:
            message = (
                f"{label(name)} is not a valid hashtag: use letters, digits and "
                f"underscores only, with no spaces; {fix}."
            )
        return self.finding(message, location=location, value=suggestion or None)


# --- count --------------------------------------------------------------------


@register
class HashtagCount(Check):
    id = "hashtag-count"
    title = "One to five hashtags"
    help_text = (
        "Hashtags file the article under topics; with none it is found under "
        "none, and with many they dilute one another and read as spam. An "
        "article needs 1 to 5 (none fails; more than 5 warns). Fix: keep the "
        "most specific ones: the condition, the treatment and the keyphrase."
    )
    category = Category.HASHTAGS
    level = Level.WARNING
    tags = TAGS
    defaults = {"min": 1, "max": 5}

    def run(self, document: Document) -> CheckResult:
        count = len(document.data.hashtags)
        low, high = self.param(document, "min"), self.param(document, "max")
        if low <= count <= high:
            return self.good(f"{count} hashtag(s).", value=count)
        if count < low:
            status, threshold = Status.BAD, low
            has = f"only {count}" if count else "no"
            message = (
                f"The article has {has} hashtags; add {low} to {high} about its topic."
            )
        else:
            status, threshold = Status.OK, high
            message = (
                f"The article has {count} hashtags; keep the {high} most specific."
            )
        finding = self.finding(
            message,
            location=self.at_field("hashtags"),
            value=count,
            threshold=threshold,
        )
        summary = f"{count} hashtag(s)." if count else "No hashtags."
        return self.result(status, summary, [finding], value=count)


# --- duplicates ----------------------------------------------------------------


@register
class HashtagDuplicates(Check):
    id = "hashtag-duplicates"
    title = "No duplicate hashtags"
    help_text = (
        "Hashtags ignore case: #Sciatica and #sciatica are one tag, so listing both "
        "wastes a place and shows twice on the page. Fix: keep one, in CamelCase."
    )
    category = Category.HASHTAGS
    level = Level.WARNING
    tags = TAGS

    def run(self, document: Document) -> CheckResult:
        names = document.data.hashtags
        if len(names) < 2:
            return self.not_applicable("Fewer than two hashtags.")
        seen: dict[str, str] = {}
        findings = []
        for name in names:
            key = name.lower()
            if key not in seen:
                seen[key] = name
                continue
            first = seen[key]
            same = "" if first == name else " (hashtags ignore case)"
            findings.append(
                self.finding(
                    f"{label(name)} repeats {label(first)}{same}; remove one.",
                    location=self.at_field("hashtags", excerpt=name),
                )
            )
        if not findings:
            return self.good("No hashtag is listed twice.")
        return self.result(
            Status.BAD,
            f"{len(findings)} duplicate hashtag(s).",
            findings,
            value=len(findings),
        )


# --- CamelCase ---------------------------------------------------------------------


@register
class HashtagCamelCase(Check):
    id = "hashtag-camel-case"
    title = "Multi-word hashtags in CamelCase"
    help_text = (
        "Screen readers read #massagetherapyforsciatica as one unpronounceable "
        "word, and sighted readers stumble on it too; #MassageTherapyForSciatica "
        "is read word by word. A hashtag of two or more words with no capital "
        "inside it is reported with its CamelCase form; its words are found with "
        "wordninja, as the importer does. A tag that is itself a word of the "
        "article (“#piriformis”) is one word, whatever wordninja makes of it. "
        "Fix: capitalise each word, as suggested."
    )
    category = Category.HASHTAGS
    level = Level.WARNING
    tags = TAGS

    def run(self, document: Document) -> CheckResult:
        tags = hashtags(document)
        if not tags:
            return self.not_applicable("The article has no hashtags.")
        findings = []
        for tag in tags:
            suggestion = self._suggestion(tag, document)
            if suggestion:
                findings.append(
                    self.finding(
                        f"{label(tag.name)} runs its words together; write "
                        f"#{suggestion} so screen readers read it word by word.",
                        location=self.at_field("hashtags", excerpt=tag.name),
                        value=suggestion,
                    )
                )
        if not findings:
            return self.good("Every multi-word hashtag is in CamelCase.")
        return self.result(
            Status.BAD,
            f"{len(findings)} hashtag(s) need CamelCase.",
            findings,
            value=len(findings),
        )

    @staticmethod
    def _suggestion(tag: Hashtag, document: Document) -> str | None:
        if _CAMEL_BOUNDARY.search(tag.name) or not HASHTAG_PATTERN.fullmatch(tag.name):
            return None  # already CamelCase, or hashtag-form's business
        if sum(1 for word in tag.words if _HAS_LETTER.search(word)) < 2:
            return None
        words = tag.words
        if tag.name.isupper():
            words = tuple(word.lower() for word in words)
        suggestion = camel_case(words)
        if suggestion == tag.name:
            return None
        # Scanning the word tuple beats building a set: few tags get this far.
        if tag.name.lower() in document.words:
            return None
        return suggestion


# --- hashtags inside prose ------------------------------------------------------


@register
class HashtagInProse(Check):
    id = "hashtag-in-prose"
    title = "No hashtags inside the text"
    help_text = (
        "A hashtag in a sentence (“the benefits of #massagetherapyforsciatica”) is "
        "read aloud as gibberish and looks like social-media copy; the words belong "
        "in the sentence and the tag in the hashtags field. Reported: any #tag in "
        "the intro or a block's text (bad), and each hashtag the importer found in "
        "a sentence and replaced with its words (ok: the text is fixed, but the "
        "sentence deserves a look). Fix: write the words, and add the tag to the "
        "hashtags field."
    )
    category = Category.HASHTAGS
    level = Level.WARNING
    tags = TAGS

    def run(self, document: Document) -> CheckResult:
        written = list(self._written(document))
        imported = list(self._imported(document))
        if written:
            status = Status.BAD
            message = f"{len(written)} hashtag(s) written in the text."
        elif imported:
            status = Status.OK
            message = (
                f"The import replaced {len(imported)} hashtag(s) inside sentences "
                "with their words."
            )
        else:
            return self.good("No hashtags inside the text.")
        findings = written + imported
        return self.result(status, message, findings, value=len(findings))

    def _written(self, document: Document) -> Iterable[Finding]:
        intro = document.data.intro
        if "#" in intro:
            for match in HASHTAG.finditer(intro):
                yield self._literal(
                    match, self.at_field("intro", _around(intro, match))
                )
        for block in document.blocks:
            if "#" in block.text:
                for match in HASHTAG.finditer(block.text):
                    location = self.at(block, excerpt=_around(block.text, match))
                    yield self._literal(match, location)

    def _literal(self, match: re.Match[str], location: Location) -> Finding:
        name = match.group(1)
        return self.finding(
            f"{label(name)} is written in the text; write “{' '.join(segment(name))}” "
            "instead and put the tag in the hashtags field.",
            location=location,
            value=name,
        )

    def _imported(self, document: Document) -> Iterable[Finding]:
        notes = [n for n in document.data.import_notes if n.kind == "inline-hashtag"]
        used: dict[tuple[int, str], int] = {}
        for note in notes:
            name = note.excerpt.removeprefix("#")
            words = " ".join(segment(name))
            block = (
                document.blocks[note.block]
                if 0 <= note.block < len(document.blocks)
                else None
            )
            nth = used.get((note.block, name), 0)
            used[(note.block, name)] = nth + 1
            yield self.finding(
                f"The import found {label(name)} inside a sentence and replaced it "
                f"with “{words}”; check that the sentence reads well.",
                hint=note.reason,
                location=self.at(block, excerpt=_sentence(document, note, words, nth))
                if block
                else self.at_field("body", excerpt=note.excerpt),
                value=name,
            )


def _around(value: str, match: re.Match[str], width: int = 40) -> str:
    start = max(0, match.start() - width)
    end = min(len(value), match.end() + width)
    snippet = value[start:end].strip()
    return ("…" if start else "") + snippet + ("…" if end < len(value) else "")


def _sentence(document: Document, note: ImportNote, words: str, nth: int) -> str:
    """The note's sentence: the nth in its block that holds the tag's words. The
    importer places a note only to the block; when the words cannot be found
    there, the tag itself is the excerpt."""
    needle = words.lower()
    # Read each block's sentences once, and only as far as the nth match: an
    # article with thousands of inline tags must not re-read the whole text
    # for each one.
    by_block = document.memo("hashtags.sentences_by_block", lambda: _by_block(document))
    searches: dict[tuple[int, str], tuple[list[str], int]] = document.memo(
        "hashtags.sentence_searches", dict
    )
    found, read = searches.get((note.block, needle), ([], 0))
    sentences = by_block.get(note.block, [])
    while len(found) <= nth and read < len(sentences):
        sentence, lowered = sentences[read]
        read += 1
        if needle in lowered:
            found.append(sentence)
    searches[(note.block, needle)] = (found, read)
    return text.excerpt(found[nth], 120) if nth < len(found) else note.excerpt


def _by_block(document: Document) -> dict[int, list[tuple[str, str]]]:
    """Each block's sentences, in order, with their lowercased text."""
    grouped: dict[int, list[tuple[str, str]]] = {}
    for sentence in document.sentences:
        grouped.setdefault(sentence.block.index, []).append(
            (sentence.text, sentence.text.lower())
        )
    return grouped


# --- relevance ---------------------------------------------------------------------


_STOP_STEMS = frozenset(text.stem(word) for word in text.STOP_WORDS)


def _topic(document: Document) -> frozenset[str]:
    """Stems of what the article says it is about: title, keyphrases, headings."""

    def compute() -> frozenset[str]:
        stems = set(document.stem_set(document.title))
        for phrase in document.keyphrases:
            stems |= phrase.content
        stems |= document.stem_set(" ".join(h.text for h in document.headings))
        return frozenset(stems - _STOP_STEMS)

    return document.memo("hashtags.topic", compute)


# Stems this long that begin one another are the same topic ("sciatic" and
# "sciatica" stem differently); shorter ones are not ("pain", "paint").
_MIN_PREFIX = 5


def _related(stems: frozenset[str], topic: frozenset[str]) -> bool:
    if stems & topic:
        return True
    return any(
        a.startswith(b) or b.startswith(a)
        for a in stems
        if len(a) >= _MIN_PREFIX
        for b in topic
        if len(b) >= _MIN_PREFIX
    )


@register
class HashtagRelevance(Check):
    id = "hashtag-relevance"
    title = "Hashtags match the topic"
    help_text = (
        "A hashtag files the article under a topic, so it should be the article's "
        "topic: readers who follow #Sciatica expect an article about sciatica. "
        "Each hashtag's words (split as for CamelCase) are compared, in any word "
        "form, with the words of the title, the keyphrase and its synonyms, and "
        "the headings (a stem of five letters or more that begins another counts, "
        "so #SciaticNerve matches “sciatica”); a hashtag sharing none of their "
        "topic words is reported "
        "(bad when no hashtag shares one, ok when some do). Fix: replace it with "
        "a tag about what the article covers, or drop it."
    )
    category = Category.HASHTAGS
    level = Level.WARNING
    tags = TAGS

    def run(self, document: Document) -> CheckResult:
        tags = hashtags(document)
        if not tags:
            return self.not_applicable("The article has no hashtags.")
        topic = _topic(document)
        if not topic:
            return self.not_applicable("The article has no title or headings.")
        findings = [
            self.finding(
                f"{label(tag.name)} shares no word with the title, keyphrase or "
                "headings; use a hashtag about the article's topic, or drop it.",
                location=self.at_field("hashtags", excerpt=tag.name),
                value=tag.name,
            )
            for tag in tags
            if not _related(tag.stems, topic)
        ]
        if not findings:
            return self.good("Every hashtag matches the article's topic.")
        status = Status.BAD if len(findings) == len(tags) else Status.OK
        return self.result(
            status,
            f"{len(findings)} of {len(tags)} hashtag(s) off topic.",
            findings,
            value=len(findings),
        )


# --- keyphrase --------------------------------------------------------------------


@register
class HashtagKeyphrase(Check):
    id = "hashtag-keyphrase"
    title = "A hashtag covers the keyphrase"
    help_text = (
        "The focus keyphrase is what the article should be found by; a hashtag "
        "holding it files the article where readers of that topic look. At least "
        "one hashtag must contain every topic word of the keyphrase (in any word "
        "form and order, function words ignored, as Yoast matches keyphrases): "
        "#SciaticaMassage covers “massage for sciatica”. Not applicable when no "
        "keyphrase is set. Fix: add the suggested CamelCase hashtag."
    )
    category = Category.HASHTAGS
    level = Level.WARNING
    tags = TAGS

    def run(self, document: Document) -> CheckResult:
        keyphrase = document.keyphrase
        if keyphrase is None:
            return self.not_applicable("No focus keyphrase is set.")
        for tag in hashtags(document):
            if keyphrase.found_in(tag.stems):
                return self.good(
                    f"{label(tag.name)} covers the keyphrase “{keyphrase.text}”.",
                    value=tag.name,
                )
        suggestion = camel_case(keyphrase.tokens)
        finding = self.finding(
            f"No hashtag covers the keyphrase “{keyphrase.text}”; add #{suggestion}.",
            location=self.at_field("hashtags"),
            value=suggestion,
        )
        return self.result(
            Status.BAD, "No hashtag covers the keyphrase.", [finding], value=None
        )
