"""Checks: hashtags.

An article's hashtags (`document.data.hashtags`, names stored without '#') file
it under topics readers follow and are shown on the page. They should be few,
well formed, readable aloud, about the article, and kept out of the prose.
"""

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from articles.importing.cleanup import HASHTAG, hashtag_words
from articles.models import HASHTAG_PATTERN
from seo import text
from seo.checks.base import Category, Check
from seo.document import ArticleData, Document, ImportNote
from seo.findings import CheckResult, Finding, Fix, Level, Location, Status
from seo.fixes import (
    FixError,
    arg,
    attach,
    block_args,
    block_name,
    edit_text_nodes,
    find_block,
    fixer,
    map_texts,
    with_block,
)
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
            return attach(
                self.finding("An empty hashtag; delete it.", location=location),
                Fix(self.id, "Delete the empty hashtag", {"name": name, "to": ""}),
            )
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
        finding = self.finding(message, location=location, value=suggestion or None)
        if suggestion and not _HAS_LETTER.search(suggestion):
            return finding  # digits only: what it is about is the writer's call
        text = f"Write it as #{suggestion}" if suggestion else f"Delete “{name}”"
        return attach(finding, Fix(self.id, text, {"name": name, "to": suggestion}))


def _rename(
    article: ArticleData, args: Mapping[str, Any], *, recase_only: bool
) -> ArticleData:
    """Hashtag `name` renamed to `to` in place ("" deletes it); when `to` is
    there already (in any case), the duplicate goes instead."""
    name, to = arg(args, "name"), arg(args, "to")
    names = list(article.hashtags)
    if name not in names:
        raise FixError(
            f"The hashtags field no longer holds {label(name)}.", ("args", "name")
        )
    if to and not (HASHTAG_PATTERN.fullmatch(to) and _HAS_LETTER.search(to)):
        raise FixError(f"{label(to)} is not a valid hashtag.", ("args", "to"))
    if recase_only and to.lower() != name.lower():
        raise FixError(
            f"{label(to)} is not {label(name)} in CamelCase.", ("args", "to")
        )
    index = names.index(name)
    others = {n.lower() for i, n in enumerate(names) if i != index}
    if not to or to.lower() in others:
        del names[index]
    else:
        names[index] = to
    return replace(article, hashtags=tuple(names))


@fixer("hashtag-form")
def fix_hashtag_form(article: ArticleData, args: Mapping[str, Any]) -> ArticleData:
    """An invalid hashtag becomes its CamelCase form, or goes."""
    return _rename(article, args, recase_only=False)


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
                finding = self.finding(
                    f"{label(tag.name)} runs its words together; write "
                    f"#{suggestion} so screen readers read it word by word.",
                    location=self.at_field("hashtags", excerpt=tag.name),
                    value=suggestion,
                )
                fix = Fix(
                    self.id,
                    f"Write it as #{suggestion}",
                    {"name": tag.name, "to": suggestion},
                )
                findings.append(attach(finding, fix))
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


@fixer("hashtag-camel-case")
def fix_hashtag_camel_case(
    article: ArticleData, args: Mapping[str, Any]
) -> ArticleData:
    """A run-together hashtag re-cased in CamelCase (its letters unchanged)."""
    return _rename(article, args, recase_only=True)


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
                finding = self._literal(
                    match, self.at_field("intro", _around(intro, match))
                )
                name = match.group(1)
                fix = self._fix(document, {"field": "intro", "hashtag": name})
                yield attach(finding, fix)
        for block in document.blocks:
            if "#" in block.text:
                for match in HASHTAG.finditer(block.text):
                    location = self.at(block, excerpt=_around(block.text, match))
                    finding = self._literal(match, location)
                    name = match.group(1)
                    fix = None
                    if _unhashtagged(block.type, block.value, name) != block.value:
                        fix = self._fix(
                            document, {**block_args(block), "hashtag": name}
                        )
                    yield attach(finding, fix)

    def _literal(self, match: re.Match[str], location: Location) -> Finding:
        name = match.group(1)
        return self.finding(
            f"{label(name)} is written in the text; write “{' '.join(segment(name))}” "
            "instead and put the tag in the hashtags field.",
            location=location,
            value=name,
        )

    def _fix(self, document: Document, args: dict[str, Any]) -> Fix:
        name = args["hashtag"]
        words = " ".join(segment(name))
        kept = {n.lower() for n in document.data.hashtags}
        if name.lower() in kept or not HASHTAG_PATTERN.fullmatch(name):
            text = f"Write “{words}” instead of #{name}"
        else:
            text = f"Write “{words}” and add #{name} to the hashtags"
        return Fix(self.id, text, args)

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


# Text that ends a sentence (or is nothing at all): a tag after it starts one.
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"'”’)\]]*)\s*$")


def _words_for(text: str, name: str, before: str) -> str:
    """`text` with each #name written as its words, capitalised where it
    starts a sentence; `before` is the plain text preceding `text`."""
    words = " ".join(segment(name))

    def sub(match: re.Match[str]) -> str:
        if match.group(1) != name:
            return match.group(0)
        preceding = before + html.unescape(text[: match.start()])
        if _SENTENCE_START.search(preceding):
            return words[:1].upper() + words[1:]
        return words

    return HASHTAG.sub(sub, text)


def _unhashtag(text: str, rich: bool, name: str) -> str:
    if rich:
        return edit_text_nodes(
            text, lambda node, before: _words_for(node, name, before)
        )
    return _words_for(text, name, "") if "#" in text else text


def _unhashtagged(block_type: str, value: Any, name: str) -> Any:
    return map_texts(block_type, value, lambda text, rich: _unhashtag(text, rich, name))


@fixer("hashtag-in-prose")
def fix_hashtag_in_prose(article: ArticleData, args: Mapping[str, Any]) -> ArticleData:
    """Each #name in a block (or the intro) written as its words, and the tag
    kept in the hashtags field."""
    name = arg(args, "hashtag")
    if args.get("field") == "intro":
        intro = _words_for(article.intro, name, "")
        if intro == article.intro:
            raise FixError(f"The intro no longer holds “#{name}”.", ("args", "hashtag"))
        article = replace(article, intro=intro)
    else:
        index = find_block(article, args)
        block = article.body[index]
        value = _unhashtagged(block["type"], block["value"], name)
        if value == block["value"]:
            raise FixError(
                f"{block_name(args)} no longer holds “#{name}”.", ("args", "hashtag")
            )
        article = with_block(article, index, value)
    kept = {n.lower() for n in article.hashtags}
    if HASHTAG_PATTERN.fullmatch(name) and name.lower() not in kept:
        article = replace(article, hashtags=(*article.hashtags, name))
    return article


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
