"""How wide a title is in search results, in pixels.

Google's desktop results set titles in Arial at 20 px (regular weight) and cut
them, with an ellipsis, at about 600 px; Yoast's snippet preview measures the
same way. Character counts are a poor proxy ("WWW" is three times as wide as
"iii"), so the width is estimated from Arial's advance widths.

Source and method: the advance widths below are in font units (2048 per em) of
Liberation Sans 2.1.5 Regular, which is metric-compatible with Arial (its
advance widths are identical by design; spot-checked: space 569, "a" 1139,
"i" 455, "W" 1933, "—" 2048). They were read with Pillow's FreeType binding at
a size of 2048 px, where one pixel is one font unit, for Basic Latin,
Latin-1, Latin Extended-A and common punctuation and symbols. At 20 px a
character is `units * 20 / 2048` pixels wide.

Kerning is ignored (browsers apply a little for pairs such as "AV"), so the
estimate is a few pixels high at worst. Characters outside the table take a
fallback: 1 em for East Asian wide and full-width characters (CJK, most
emoji), nothing for combining marks and invisible format characters, and the
width of "a" (the commonest advance in Arial, shared by the digits) otherwise.
"""

import unicodedata
from functools import lru_cache

FONT_SIZE = 20  # px: Google's desktop title size
UNITS_PER_EM = 2048

# Advance width in font units -> the characters that have it.
_WIDTHS: dict[int, str] = {
    0: "\u00ad\u200b\u200c\u200d\u2060\ufeff",  # soft hyphen, zero-width marks
    384: "′",
    391: "'",
    455: "ijlįĵĺļłſ‘’‚‛",
    532: "|¦",
    569: " !,./:;I[\\]ft\u00a0ÌÍÎÏìíîïĨĩĪīĬĭĮİıţŧ",
    597: "ľ",
    682: "()-`r¡¨²³´·¸¹ŕŗř‐‑“”„‹›",
    684: "{}ŀ",
    717: "•",
    725: "″",
    727: '"',
    748: "º",
    758: "ª",
    768: "ť",
    797: "*",
    819: "°",
    909: "ĳ",
    961: "^",
    1024: "JcksvxyzçýÿćĉċčĴķĸśŝşšŷźżž",
    1100: "¶",
    1124: "±÷≈≠≤≥",
    1131: "¯",
    1139: (
        "#$0123456789?L_abdeghnopqu¢£¤¥§«»àáâãäåèéêëðñòóôõöùúûüþāăąđēĕėęěĝğġģ"
        "ĥħĹĻĽĿŁńņňŋōŏőũūŭůűų‒–†‡€"
    ),
    1180: "µ",
    1196: "+<=>~¬×−",
    1237: "ŉ",
    1251: "FTZ¿ßøŢŤŦŹŻŽ",
    1259: "ď",
    1366: "&ABEKPSVXYÀÁÂÃÄÅÈÉÊËÝÞĀĂĄĒĔĖĘĚĶŚŜŞŠŶŸ",
    1479: "CDHNRUwÇÐÑÙÚÛÜĆĈĊČĎĐĤĦŃŅŇŔŖŘŨŪŬŮŰŲŵ",
    1481: "Ŋ",
    1505: "Ĳ",
    1509: "©®",
    1593: "GOQÒÓÔÕÖØĜĞĠĢŌŎŐ",
    1706: "Mm",
    1708: "¼½¾",
    1821: "%æ",
    1933: "WœŴ",
    2048: "ÆŒ—―…‰™←→",
    2079: "@",
}

ADVANCE: dict[str, int] = {
    char: units for units, chars in _WIDTHS.items() for char in chars
}
FALLBACK = ADVANCE["a"]
WIDE = UNITS_PER_EM
ELLIPSIS = ADVANCE["…"]


@lru_cache(maxsize=1024)
def _fallback(char: str) -> int:
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return WIDE
    if unicodedata.combining(char) or unicodedata.category(char) in ("Cf", "Mn"):
        return 0
    return FALLBACK


def char_units(char: str) -> int:
    """A character's advance width in Arial font units."""
    units = ADVANCE.get(char)
    return _fallback(char) if units is None else units


def _to_px(units: int, size: float) -> float:
    return units * size / UNITS_PER_EM


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated rendered width of `text` in pixels, in Arial at `size` px."""
    return _to_px(sum(char_units(char) for char in text), size)


def truncate(text: str, max_width: float, size: float = FONT_SIZE) -> str:
    """What a result page shows of `text` when it cuts it at `max_width` px:
    the longest run of whole words that fits with an ellipsis after it."""
    if text_width(text, size) <= max_width:
        return text
    budget = max_width * UNITS_PER_EM / size - ELLIPSIS
    used = 0
    for index, char in enumerate(text):
        used += char_units(char)
        if used > budget:
            head = text[:index]
            cut = head.rsplit(" ", 1)[0] if " " in head else head
            return cut.rstrip(" ,;:-–—|") + "…"
    return text
