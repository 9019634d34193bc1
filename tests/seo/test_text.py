"""seo.text.words: ASCII text takes a bytes fast path that must split exactly
as the word pattern does."""

import pytest

from seo import text


def pattern_words(value: str) -> list[str]:
    return text.WORD.findall(value.lower())


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "Massage eases SCIATICA pain.",
        "The patient's back doesn't hurt.",
        "'Quoted' words, ''doubled'' and trailing' apostrophes",
        "rock'n'roll a''b 'x'y''z '''",
        "snake_case, hyphen-ated, 3.5 mg, 70%, C++ and tab\tand\nline",
        "\x00control\x7fchars\x1f",
        "Non-ASCII: café, naïve, “quoted”, it’s, İstanbul",
    ],
)
def test_words_match_the_pattern(value):
    assert text.words(value) == pattern_words(value)


def test_stems_of_new_and_seen_words():
    tokens = ("massages", "massaging", "therapists", "zyxwvutsrq")
    assert text.stems(tokens) == ["massag", "massag", "therapist", "zyxwvutsrq"]
    assert text.stems(iter(tokens)) == text.stems(list(tokens))
    assert [text.stem(token) for token in tokens] == text.stems(tokens)
