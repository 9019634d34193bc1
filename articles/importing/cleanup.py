"""Text-level cleanup shared by every source format.

Scraped pages carry no-break spaces, run-together hashtags, comment forms and
sales copy. These helpers work on plain text, so the HTML, Markdown and WordPress
importers can reuse them.
"""

import re

import wordninja

# No-break, thin and other exotic spaces become plain spaces; zero-width
# characters carry no text and break word matching, so they go.
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_RUNS_OF_SPACES = re.compile(r" {2,}")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"(?<=\S) +(?=[.,;:!?](?:\s|$))")


def normalise_line(line: str) -> str:
    line = _ZERO_WIDTH.sub("", _SPACES.sub(" ", line))
    line = _RUNS_OF_SPACES.sub(" ", line.strip())
    return _SPACE_BEFORE_PUNCTUATION.sub("", line)


# A hashtag needs a letter ("ranked #1" is not one) and must not sit inside a
# word, an HTML entity (&#39;) or a URL fragment (/page#section).
HASHTAG = re.compile(r"(?<![\w&/#])#(?=\w*[A-Za-z])(\w+)")
_TAG_RUN_AT_START = re.compile(r"^(?:#\w+\s*)+")
_TAG_RUN_AT_END = re.compile(r"(?:\s*#\w+)+\s*$")


def hashtag_words(tag: str) -> str:
    """'MassageTherapy' -> 'Massage Therapy'; 'massagetherapy' -> 'massage therapy'."""
    if re.search(r"[a-z][A-Z]", tag):
        return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", tag).replace("_", " ")
    return " ".join(wordninja.split(tag)) or tag


def extract_hashtags(line: str) -> tuple[str, list[str], list[tuple[str, str]]]:
    """Take the hashtags out of a line of prose.

    Runs of tags at the start or end of a line are labels and are removed;
    a tag inside a sentence is part of it, so it is replaced by its words.
    Returns the readable line, all its tags (without '#', case kept) and, for
    each tag inside a sentence, the tag and the words that now stand in its
    place with the few words after them (enough to find that spot again).
    """
    tags = HASHTAG.findall(line)
    if not tags:
        return line, [], []
    line = _TAG_RUN_AT_START.sub("", line)
    line = _TAG_RUN_AT_END.sub("", line)
    inline = [
        (
            match.group(1),
            " ".join([hashtag_words(match.group(1)), *_next_words(line, match)]),
        )
        for match in HASHTAG.finditer(line)
    ]

    def words(match: re.Match) -> str:
        text = hashtag_words(match.group(1))
        at_sentence_start = re.search(r"(^|[.!?]\s+)$", line[: match.start()])
        return text[:1].upper() + text[1:] if at_sentence_start else text

    return HASHTAG.sub(words, line).strip(), tags, inline


def _next_words(line: str, match: re.Match, count: int = 3) -> list[str]:
    following = line[match.end() :].split("#", 1)[0]
    return following.split()[:count]


def unique_case_insensitive(names: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for name in names:
        if name.lower() not in seen:
            seen.add(name.lower())
            kept.append(name)
    return kept


# Lines that end the article: what follows is the site's, not the author's.
TRAILER_MARKERS = {
    "comments": "comment section",
    "leave a reply": "comment form",
    "leave a comment": "comment form",
    "similar posts": "related-posts list",
    "related posts": "related-posts list",
    "related articles": "related-posts list",
    "you may also like": "related-posts list",
}

# Lines that are site furniture wherever they appear.
BOILERPLATE_LINES = [
    (re.compile(r"^your email address will not be published", re.I), "comment form"),
    (re.compile(r"^required fields are marked", re.I), "comment form"),
    (re.compile(r"^(post comment|submit comment)$", re.I), "comment form"),
    (re.compile(r"^save my name, email", re.I), "comment form"),
    (re.compile(r"^(share this|like this|share on \w+)\s*:?$", re.I), "share buttons"),
    (re.compile(r"^(tags?|categories|category|filed under)\s*:", re.I), "tag line"),
    (re.compile(r"^posted (in|on|by)\b", re.I), "post metadata"),
    (re.compile(r"^(read more|continue reading)\b.{0,3}$", re.I), "read-more link"),
]


def trailer_reason(line: str) -> str | None:
    return TRAILER_MARKERS.get(line.strip().rstrip(":").lower())


def boilerplate_reason(line: str) -> str | None:
    for pattern, reason in BOILERPLATE_LINES:
        if pattern.search(line):
            return reason
    return None


# First-person sales copy: the business talking about itself or asking for a
# booking. Articles may still say "our article on ..." without being flagged.
PROMOTION = re.compile(
    r"\b(?:"
    r"our (?:experienced |skilled |licensed |expert |friendly )?"
    r"(?:therapists?|practitioners?|team|clinic|spa|salon|staff|clients)"
    r"|contact us|call us|visit us|book (?:now|online|an appointment|a session)"
    r"|is the place to go|we (?:offer|provide|use only|speciali[sz]e)|our goal is"
    r")\b",
    re.I,
)


def promotion_match(text: str) -> str | None:
    match = PROMOTION.search(text)
    return match.group(0) if match else None
