"""Rebuild tables that scraping flattened into space-separated lines.

    Cause Description
    Herniated Disk Disk presses on the sciatic nerve

The cell borders are gone, so they are recovered from how cells are written:
a row is a label followed by a sentence-case description, or a label followed by
numbers; the header is split where its words fall into the most natural cells.
"""

import re
from itertools import combinations
from statistics import pvariance

MINOR_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor"}
    | {"of", "off", "on", "onto", "or", "over", "per", "so", "the", "to", "up"}
    | {"via", "vs", "with", "yet"}
)
_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?%?$")
_MAX_HEADER_WORDS = 12


def is_capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def looks_like_row(line: str) -> bool:
    """A line that could belong to a flattened table."""
    words = line.split()
    return (
        2 <= len(words) <= 20
        and is_capitalised(words[0])
        and not line.endswith((".", ":", "!", "?", ";", ","))
    )


def looks_like_header(line: str) -> bool:
    words = line.split()
    return len(words) <= _MAX_HEADER_WORDS and all(
        is_capitalised(w) or w.lower() in MINOR_WORDS for w in words
    )


def numeric_tail(words: list[str]) -> int:
    count = 0
    for word in reversed(words):
        if not _NUMBER.match(word):
            break
        count += 1
    return count


def split_label(words: list[str]) -> list[str] | None:
    """'Bone Spurs Bone overgrowth ...' -> ['Bone Spurs', 'Bone overgrowth ...'].

    The description is the capitalised word just before the first lowercase
    content word; the label is everything before it.
    """
    for index, word in enumerate(words):
        if index and word[:1].islower() and word.lower() not in MINOR_WORDS:
            for start in range(index - 1, 0, -1):
                if is_capitalised(words[start]):
                    return [" ".join(words[:start]), " ".join(words[start:])]
            return None
    return None


def split_row(words: list[str], columns: int) -> list[str] | None:
    if columns == 2:
        return split_label(words)
    tail = columns - 1
    if numeric_tail(words) != tail or len(words) <= tail:
        return None
    return [" ".join(words[:-tail]), *words[-tail:]]


def _cell_shape(cell: list[str]) -> str:
    return " ".join("#" if w[:1].isdigit() else w.lower() for w in cell)


def _header_cost(cells: list[list[str]]) -> tuple[float, int]:
    cost = 0.0
    for cell in cells:
        if cell[-1].lower() in MINOR_WORDS:
            cost += 3  # a cell does not end on "for" or "after"
        if cell[0][:1].isdigit() or cell[0].lower() in MINOR_WORDS:
            cost += 3  # nor start on a number or "of"
    shapes = [_cell_shape(c) for c in cells]
    repeated = sum(shapes.count(s) - 1 for s in set(shapes))
    cost -= 2 * repeated  # parallel columns: "After 4 Sessions", "After 8 Sessions"
    cost += 0.5 * pvariance([len(c) for c in cells])
    # On a tie, a shorter last cell: "Session Element | Description".
    return cost, len(cells[-1])


def split_header(words: list[str], columns: int) -> list[str] | None:
    if len(words) < columns:
        return None
    best = min(
        (
            [words[a:b] for a, b in zip((0, *cuts), (*cuts, len(words)), strict=True)]
            for cuts in combinations(range(1, len(words)), columns - 1)
        ),
        key=_header_cost,
    )
    return [" ".join(cell) for cell in best]


def rebuild_table(lines: list[str]) -> dict | None:
    """Return table block data for a header line plus data rows, or None."""
    header_words = lines[0].split()
    rows = [line.split() for line in lines[1:]]
    tails = {numeric_tail(words) for words in rows}
    columns = tails.pop() + 1 if len(tails) == 1 and 0 not in tails else 2
    cells = [split_row(words, columns) for words in rows]
    header = split_header(header_words, columns)
    if header is None or any(row is None for row in cells):
        return None
    return {"caption": "", "header": header, "rows": cells}
