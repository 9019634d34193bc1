"""Words, stems and phrases: the one tokenization every check shares.

Word forms are matched through the Snowball English stemmer (PyStemmer), so
"massages" and "massaging" match "massage" without hand-written suffix rules.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from sentencex import segment

# Letters and digits, with an inner apostrophe ("patient's"); hyphens and other
# punctuation separate words, as they do for search engines.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# The same words in ASCII text, where [^\W_] is [a-z0-9] once lowercased.
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def _ascii_fold() -> bytes:
    """ASCII letters lowercased, digits and apostrophes kept, every other byte
    a space: after it, a word is a run of non-spaces (bar stray apostrophes)."""
    table = bytearray(b" " * 256)
    for char in "abcdefghijklmnopqrstuvwxyz0123456789'":
        table[ord(char)] = table[ord(char.upper())] = ord(char)
    return bytes(table)


# Nearly every sentence is ASCII, where bytes.translate and str.split find the
# words several times faster than the pattern does.
_ASCII_FOLD = _ascii_fold()

# English function words: they carry no topic, so keyphrase matching and
# relevance checks ignore them (as Yoast does with its function-word lists).
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been
    before being below between both but by can could did do does doing down during
    each few for from further had has have having he her here hers herself him
    himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same
    she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours yourself
    yourselves also may might must shall via per vs
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

_stemmer = Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """The words of a text, lowercased."""
    if not text.isascii():
        return WORD.findall(text.lower())
    folded = text.encode().translate(_ASCII_FOLD).decode()
    if "'" not in folded:
        return folded.split()
    # An apostrophe joins words only between two letters or digits.
    return [
        word
        for run in folded.split()
        for word in (_ASCII_WORD.findall(run) if "'" in run else (run,))
    ]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def stems(tokens: Iterable[str]) -> list[str]:
    return list(map(stem, tokens))


@dataclass(frozen=True)
class Phrase:
    """A keyphrase or synonym, ready for matching.

    `content` holds the stems of its topic words (function words dropped), which
    is what Yoast matches on: "massage for sciatica" is found in "sciatica
    massages".
    """

    text: str
    tokens: tuple[str, ...]
    stems: tuple[str, ...]
    content: frozenset[str]

    @classmethod
    def parse(cls, text: str) -> "Phrase | None":
        tokens = tuple(words(text))
        if not tokens:
            return None
        phrase_stems = tuple(stem(token) for token in tokens)
        content = frozenset(
            s
            for token, s in zip(tokens, phrase_stems, strict=True)
            if token not in STOP_WORDS
        ) or frozenset(phrase_stems)
        return cls(text.strip(), tokens, phrase_stems, content)

    def found_in(self, stem_set: frozenset[str] | set[str]) -> bool:
        """Every topic word of the phrase occurs (in any form, any order)."""
        return self.content <= stem_set

    def exact_in(self, token_stems: list[str] | tuple[str, ...]) -> bool:
        """The phrase occurs as consecutive words (in any word form)."""
        size = len(self.stems)
        return any(
            tuple(token_stems[i : i + size]) == self.stems
            for i in range(len(token_stems) - size + 1)
        )


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """'1 link', '3 links', '1,204 words': a count with its noun, for messages."""
    return f"{count:,} {singular if count == 1 else (plural or singular + 's')}"


def excerpt(text: str, limit: int = 80) -> str:
    """Enough of a text to recognise it in a report, cut at a word."""
    # Imported here: the importer builds on seo.document, which needs this module.
    from articles.importing.plaintext import shorten

    return shorten(text, limit)


# A sentence's last character, before any closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")


def squeeze(value: str) -> str:
    return " ".join(value.split())


def sentence_prefix(value: str, low: int, high: int) -> str | None:
    """The longest run of `value`'s opening sentences (spaces squeezed)
    whose length is within [low, high]; None when no sentence boundary falls
    in the band. A description is never cut mid-sentence."""
    best = None
    consumed = ""
    for sentence in segment("en", value):
        consumed += sentence
        candidate = squeeze(consumed)
        if len(candidate) > high:
            break
        if len(candidate) >= low and _SENTENCE_END.search(candidate):
            best = candidate
    return best
