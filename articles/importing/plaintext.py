"""Import scraped plain text: the page's text, one paragraph or heading a line.

Scraping loses the markup, so structure is recovered from how lines look and
what follows them:

- lowercase lines above the title are the site's category or tag lines;
- a short line with no closing full stop is a heading, unless a list or table
  follows a line ending in ":" (then it introduces that list or table);
- a heading straight after another heading, or one whose only text is an intro
  paragraph before longer subsections, opens a group of h3 subsections;
- bullet and numbered lines are lists, bullets under numbers are sub-items;
- three or more short capitalised lines in a row are a flattened table;
- a paragraph of eight or more sentences is a run-on page and is split where
  the text turns to a new point.
"""

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from django.utils.text import slugify
from sentencex import segment

from articles.blocks import block_text
from seo.disclaimers import is_disclaimer
from seo.document import ArticleData
from seo.text import sentence_prefix

from . import cleanup, tables
from .article import Block, Dropped, Flag, ImportedArticle
from .reader import NoArticleText

# Bullets: the usual marks, followed by a space; the emoji and arrows scraped
# pages use ("✅ Eases pain", "➤Rest"), with or without one.
BULLET = re.compile(
    r"^(?:[•\-*–·▪◦]\s+|[✨✅✔✓☑➤➢➔►▶→◆◇■□●○★☆❖✪✦👉🔹🔸💡📌]\ufe0f?\s*)"
    r"(?P<text>\S.*)$"
)
NUMBERED = re.compile(r"^(?:\d{1,3}[.)]|\(\d{1,3}\))\s+(?P<text>.+)$")
TITLE_LABEL = re.compile(r"^title\s*:\s*", re.I)
LABEL = re.compile(r"^(?P<label>[A-Z][\w’'-]*(?: [\w’'()-]+){0,4}):\s+(?=\S+ \S+ \S)")

MAX_HEADING_WORDS = 12
MAX_CAPTION_HEADING_WORDS = 8
MAX_TITLE_WORDS = 16
# A title line with a tag suffix after it is no longer than this.
MAX_TITLE_LINE_CHARS = 300
# A title printed twice is looked for among this many lines at the top.
MAX_HEADER_LINES = 8
RUN_ON_SENTENCES = 8
RUN_ON_WORDS = 150
# The meta-description-length check's band: what search results show.
META_DESCRIPTION_MIN = 120
META_DESCRIPTION_MAX = 156
# The paragraphs a meta description may come from: the article's opening.
OPENING_PARAGRAPHS = 3
# The first sentence after a title whose line break was lost has at least
# this many words.
MIN_RUN_ON_SENTENCE_WORDS = 4
MAX_SITE_NAME_WORDS = 5
# A tag: a few words. A title line can end with tags: "…for Knee Pain, knee pain".
MAX_TAG_WORDS = 3
TAG_SUFFIX = re.compile(r"(?:,\s*[a-z][\w’'-]*(?:\s+[\w’'-]+){0,2})+\s*$")
# A navigation menu scraped as lines: at least this many items in a row, each
# of at most this many words, ending without punctuation; above the first line
# of prose (this many words, or a sentence's end).
MIN_MENU_ITEMS = 3
MAX_MENU_ITEM_WORDS = 3
MENU_ITEM_END = re.compile(r"[.!?:;,]$")
MIN_PROSE_LINE_WORDS = 8
# Fewer words than this outside headings is not an article (e.g. "***" or "Hello").
MIN_PROSE_WORDS = 3

# Sentences that open a new point in a run-on page, and words that tie a
# sentence to the one before it (so a paragraph never starts with them).
NEW_POINT = re.compile(
    r"^(another|one of|several|moreover|furthermore|additionally|finally|"
    r"in conclusion|overall|while|although|in summary|to sum up)\b",
    re.I,
)
REFERS_BACK = re.compile(
    r"^(this|these|that|those|it|its|they|their|such|he|she|his|her)\b", re.I
)


@dataclass
class Line:
    number: int
    text: str


@dataclass
class TextUnit:
    line: Line
    heading: bool = False
    level: int = 2
    # A Markdown heading's level ("### …" is 3), kept as written.
    markdown_level: int | None = None


@dataclass
class ListUnit:
    line: Line
    ordered: bool
    items: list[dict] = field(default_factory=list)


@dataclass
class TableUnit:
    line: Line
    value: dict


@dataclass
class StepsUnit:
    line: Line
    name: str
    steps: list[dict]


Unit = TextUnit | ListUnit | TableUnit | StepsUnit


class _Import:
    """One file's import: the state the steps below share."""

    def __init__(self, text: str, source: str):
        self.source = source
        self.lines = [
            Line(number, cleanup.normalise_line(raw))
            for number, raw in enumerate(text.splitlines(), start=1)
        ]
        self.dropped: list[Dropped] = []
        self.warnings: list[str] = []
        self.hashtags: list[str] = []
        # (line number, tag, the words in its place and just after them)
        self.inline_hashtags: list[tuple[int, str, str]] = []

    def drop(self, line: Line, reason: str) -> None:
        self.dropped.append(Dropped(line.number, line.text, reason))

    def run(self) -> ImportedArticle:
        self.remove_boilerplate()
        self.remove_menus()
        self.remove_hashtags()
        title = self.take_title()
        if title:
            self.remove_repeated_title(title)
        units = self.group(self.lines)
        self.mark_headings(units)
        self.assign_levels(units)
        units = make_steps(units, title)
        if title is None and units and is_heading_unit(units[0]):
            title = self.opening_heading_title(units.pop(0))
        body, origins = self.to_blocks(units)
        body = with_disclaimer_blocks(body)
        if not has_article_text(body):
            raise NoArticleText(f"{self.source}: no recognisable article text")
        if title is None:
            title = self.derive_title(units)
        flags = promotional_flags(body, origins) + inline_hashtag_flags(
            body, origins, self.inline_hashtags
        )
        return ImportedArticle(
            ArticleData(
                title=title,
                body=body,
                slug=slugify(title)[:255] or "article",
                search_description=meta_description(body),
                hashtags=tuple(cleanup.unique_case_insensitive(self.hashtags)),
                source=self.source,
                import_notes=tuple(sorted(flags, key=lambda f: (f.block, f.kind))),
            ),
            dropped=sorted(self.dropped, key=lambda d: d.line),
            warnings=self.warnings,
        )

    def remove_boilerplate(self) -> None:
        kept = []
        prose_seen = False
        in_lowercase_run = lowercase_neighbours(self.lines)
        for line in self.lines:
            text, shortcodes = cleanup.strip_shortcodes(line.text)
            if shortcodes:
                line.text = cleanup.normalise_line(text)
                self.dropped.append(
                    Dropped(line.number, " ".join(shortcodes), "page-builder shortcode")
                )
            text, stuck = cleanup.strip_stuck_furniture(line.text)
            if stuck:
                line.text = text
                self.dropped.extend(
                    Dropped(line.number, part, reason) for part, reason in stuck
                )
        for index, line in enumerate(self.lines):
            reason = cleanup.trailer_reason(line.text)
            if reason and any(kept_line.text for kept_line in kept):
                for trailing in self.lines[index:]:
                    if trailing.text:
                        self.drop(
                            trailing,
                            cleanup.trailer_reason(trailing.text)
                            or cleanup.boilerplate_reason(trailing.text)
                            or reason,
                        )
                break
            # Not a caption: a lowercase line at the top, which take_title
            # drops as a category line, or one in a run of lowercase lines
            # (steps or a list).
            top_category = not kept and is_category_line(line.text)
            in_run = line.text[:1].islower() and in_lowercase_run[index]
            captions = not (top_category or in_run)
            reason = cleanup.boilerplate_reason(
                line.text, captions=captions, opening=not prose_seen
            )
            if reason:
                self.drop(line, reason)
            else:
                kept.append(line)
                prose_seen = prose_seen or (
                    is_prose(line.text) and not is_title_line(line.text)
                )
        self.lines = kept

    def remove_menus(self) -> None:
        """A run of short, unpunctuated lines above the first prose is a
        scraped navigation menu ("Home", "About Us", "Services"): it goes."""
        run: list[Line] = []
        for line in [*self.lines, Line(0, "")]:
            if line.text and is_menu_item(line.text):
                run.append(line)
                continue
            if len(run) >= MIN_MENU_ITEMS:
                for item in run:
                    self.drop(item, "navigation menu")
                    item.text = ""
            run = []
            if line.text and is_prose(line.text):
                return

    def remove_hashtags(self) -> None:
        for line in self.lines:
            line.text, tags, inline = cleanup.extract_hashtags(line.text)
            self.hashtags.extend(tags)
            self.inline_hashtags.extend((line.number, *use) for use in inline)

    def take_title(self) -> str | None:
        """Find the title at the top, dropping category lines and the site's
        name above it, and a tag suffix after it."""
        self.remove_header_above_repeated_title()
        content = [line for line in self.lines if line.text]
        for position, line in enumerate(content):
            labelled = TITLE_LABEL.match(line.text)
            following = content[position + 1] if position + 1 < len(content) else None
            tags_above = (
                is_tag_line(line.text)
                and following is not None
                and is_title_line(following.text)
            )
            if not labelled and (is_category_line(line.text) or tags_above):
                self.drop(line, "category or tag line above the title")
                line.text = ""
                continue
            if is_disclaimer(line.text):
                continue  # a disclaimer above the title; it stays, as one
            if labelled:
                self.dropped.append(
                    Dropped(line.number, labelled.group(0).strip(), "title label")
                )
                labelled_text = line.text[labelled.end() :]
                if is_whole_title(labelled_text):
                    title, rest = labelled_text.rstrip(".:"), ""
                else:
                    title, rest = split_labelled_title(labelled_text)
                line.text = rest
                return title or None
            if following is not None and is_site_name(line.text, following.text):
                self.drop(line, "site name above the title")
                line.text = ""
                continue
            # Only a line short enough to be a title can end in its tags; the
            # search, retried from each comma, would take quadratic time on a
            # long line.
            short = len(line.text) <= MAX_TITLE_LINE_CHARS
            tags = TAG_SUFFIX.search(line.text) if short else None
            if tags and is_tag_suffix(line.text[: tags.start()], tags.group(0)):
                self.dropped.append(
                    Dropped(line.number, tags.group(0).strip(", "), "tag suffix")
                )
                line.text = line.text[: tags.start()]
            bare = LEADING_SYMBOLS.sub("", unbold(line.text))
            if is_title_line(bare) and len(content) > 1:
                line.text = ""
                return bare
            run_on = split_run_on_title(line.text)
            if run_on is not None:
                title, line.text = run_on
                self.warnings.append(
                    f"line {line.number}: the title ran into the first sentence; "
                    f"split as “{title}”: check it"
                )
                return title
            return None
        return None

    def remove_header_above_repeated_title(self) -> None:
        """Pages print their title twice near the top (a hero, then the
        heading). Short lines above the first such pair, before any prose,
        are the site's header ("Wellbeing Hub", a row of buttons)."""
        top: list[Line] = []
        first_seen: dict[str, int] = {}  # a line's text -> where it first stood
        for line in self.lines:
            if not line.text:
                continue
            if is_prose(line.text) and not is_title_line(line.text):
                return
            if len(top) == MAX_HEADER_LINES:
                return
            text = normalised_title(line.text)
            # Printed twice means one right after the other: a table of
            # contents repeats a heading further down.
            pair = text in first_seen and len(top) - first_seen[text] == 1
            if pair and is_title_line(line.text):
                for header in top[: first_seen[text]]:
                    if is_title_line(header.text) and not is_disclaimer(header.text):
                        self.drop(header, "site header above the title")
                        header.text = ""
                return
            first_seen.setdefault(text, len(top))
            top.append(line)

    def remove_repeated_title(self, title: str) -> None:
        """Pages print the title again (a header, a hero, a share card): a
        line that is just the title repeats it."""
        wanted = normalised_title(title)
        for line in self.lines:
            if (
                line.text
                and len(line.text) <= len(title) + 10
                and normalised_title(line.text) == wanted
            ):
                self.drop(line, "the title, repeated")
                line.text = ""

    def group(self, lines: list[Line]) -> list[Unit]:
        units: list[Unit] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            if not line.text:
                index += 1
            elif list_item(line.text):
                unit, index = collect_list(lines, index)
                units.append(unit)
            else:
                table, end = self.collect_table(lines, index)
                if table:
                    units.append(table)
                else:
                    # A run that failed as a table is text, and is not retried.
                    for text_line in lines[index : max(end, index + 1)]:
                        units.extend(
                            TextUnit(Line(text_line.number, paragraph))
                            for paragraph in paragraphs(text_line.text)
                        )
                index = max(end, index + 1)
        return units

    def collect_table(
        self, lines: list[Line], start: int
    ) -> tuple[TableUnit | None, int]:
        """A table starting at `start`, and the end of the lines it examined."""
        end = start
        while (
            end < len(lines)
            and lines[end].text
            and not list_item(lines[end].text)
            and tables.looks_like_row(lines[end].text)
        ):
            end += 1
        run = [line.text for line in lines[start:end]]
        if len(run) < 3 or not tables.looks_like_header(run[0]):
            return None, start
        value = tables.rebuild_table(run)
        if value is None:
            self.warnings.append(
                f"lines {lines[start].number}-{lines[end - 1].number} look like a "
                "flattened table, but its columns could not be recovered; kept as "
                "separate paragraphs"
            )
            return None, end
        return TableUnit(lines[start], value), end

    def mark_headings(self, units: list[Unit]) -> None:
        for unit, following in zip(units, [*units[1:], None], strict=True):
            if not isinstance(unit, TextUnit):
                continue
            markdown = MARKDOWN_HEADING.match(unit.line.text)
            if markdown:
                # "### What Causes Hip Bursitis?": a heading whatever follows.
                unit.line.text = markdown_heading_text(markdown["text"])
                unit.heading = True
                unit.markdown_level = min(max(len(markdown["marks"]), 2), 4)
            else:
                unit.heading = is_heading(unit.line.text, following)

    def assign_levels(self, units: list[Unit]) -> None:
        headings = [i for i, unit in enumerate(units) if is_heading_unit(unit)]
        if not headings:
            return
        ends = [*headings[1:], len(units)]
        sections = [
            units[start + 1 : end] for start, end in zip(headings, ends, strict=True)
        ]
        in_group = False
        for position, index in enumerate(headings):
            section = sections[position]
            following = sections[position + 1] if position + 1 < len(sections) else None
            previous = sections[position - 1] if position else None
            opens_group = following is not None and (
                not section
                or (
                    is_intro(section)
                    and len(following) >= 3
                    and not (previous is not None and is_intro(previous))
                )
            )
            if opens_group:
                in_group = True
            units[index].level = units[index].markdown_level or (
                3 if in_group and not opens_group else 2
            )

    def to_blocks(self, units: list[Unit]) -> tuple[list[Block], list[int]]:
        """Block data, and the source line each block came from."""
        blocks: list[Block] = []
        for unit in units:
            if isinstance(unit, TableUnit):
                blocks.append({"type": "table", "value": unit.value})
            elif isinstance(unit, StepsUnit):
                value = {"name": unit.name, "steps": unit.steps}
                blocks.append({"type": "steps", "value": value})
            elif isinstance(unit, ListUnit):
                value = {"ordered": unit.ordered, "items": unit.items}
                blocks.append({"type": "list", "value": value})
            elif unit.heading:
                value = {"text": unbold(unit.line.text), "level": unit.level}
                blocks.append({"type": "heading", "value": value})
            else:
                blocks.append(
                    {"type": "paragraph", "value": paragraph_html(unit.line.text)}
                )
        return blocks, [unit.line.number for unit in units]

    def opening_heading_title(self, unit: TextUnit) -> str:
        """A heading above all the text is the title, and no longer a heading."""
        title, warning = title_from_heading(unit.line.text)
        self.warnings.append(warning)
        return title

    def derive_title(self, units: list[Unit]) -> str:
        texts = all_text(units)
        title, warning = title_from_opening(
            [text for text in texts if not is_disclaimer(text)] or texts
        )
        self.warnings.append(warning)
        return title


def parse(text: str, source: str) -> ImportedArticle:
    return _Import(text, source).run()


def has_article_text(body: list[Block]) -> bool:
    prose = " ".join(plain_text(b) for b in body if b["type"] != "heading")
    return len(re.findall(r"[^\W\d_]{2,}", prose)) >= MIN_PROSE_WORDS


def title_from_heading(heading: str) -> tuple[str, str]:
    """With no title, a heading above all the text; and the warning saying so."""
    return heading, (
        f"no title found; used the opening heading “{heading}” as the title: check it"
    )


def title_from_opening(texts: list[str]) -> tuple[str, str]:
    """With no title and no heading above the text, the opening words (a
    heading further down names one part of the article, not all of it); and
    the warning saying so. `texts` (the prose) must not be empty."""
    first = next(iter(segment("en", texts[0])), "").strip()
    title = shorten(first.rstrip("."), 70)
    return title, (
        f"no title found; used the opening words “{title}” as the title: check it"
    )


def lowercase_neighbours(lines: list[Line]) -> list[bool]:
    """For each line, whether the line before or after it (blank lines
    skipped) starts in lowercase."""
    flags = [False] * len(lines)
    previous = None
    for index, line in enumerate(lines):
        if not line.text:
            continue
        if previous is not None:
            flags[index] = lines[previous].text[:1].islower()
            flags[previous] = flags[previous] or line.text[:1].islower()
        previous = index
    return flags


def normalised_title(text: str) -> str:
    bare = LEADING_SYMBOLS.sub("", unbold(text)).rstrip(".")
    return " ".join(bare.split()).casefold()


def is_category_line(text: str) -> bool:
    words = text.split()
    return text[:1].islower() and len(words) <= 12 and not text.endswith(".")


def is_tag_line(text: str) -> bool:
    """A comma list of short tags, one in lowercase ("Back Pain, sciatica").
    A title can look the same ("Massage for sciatica, part 3"): it is a tag
    line only above another title."""
    if len(text.split()) > 12 or text.endswith("."):
        return False
    parts = [part.strip() for part in text.split(",")]
    return (
        len(parts) > 1
        and all(0 < len(part.split()) <= MAX_TAG_WORDS for part in parts)
        and any(part[:1].islower() for part in parts)
    )


def is_title_line(text: str) -> bool:
    words = text.split()
    return (
        len(words) <= MAX_TITLE_WORDS
        and tables.is_capitalised(text)
        and not text.endswith((".", "!", ",", ";", ":"))
        and not list_item(text)
    )


def is_whole_title(text: str) -> bool:
    """A labelled line that is one short title, not a title run into the first
    sentence ("Title: One line article about massage" is all title)."""
    words = text.split()
    ends = sum(1 for word in words if word.endswith((".", "!", "?")))
    last_ends = bool(words) and words[-1].endswith((".", "!", "?"))
    return len(words) <= MAX_TITLE_WORDS and (
        ends == 0 or (ends == 1 and last_ends and not text.endswith("."))
    )


def split_inline_title(text: str) -> tuple[str, str]:
    """'The Benefits of Massage Sciatica is common...' -> title, rest.

    The title is the run of capitalised words (small words allowed); the last
    capitalised word before the first lowercase one starts the sentence.
    """
    words = text.split()
    end = len(words)
    for index, word in enumerate(words):
        if word[:1].islower() and word.lower() not in tables.MINOR_WORDS:
            end = index - 1
            break
        if word.endswith((".", "!", "?")):
            end = index + 1
            break
    while end > 1 and words[end - 1].lower() in tables.MINOR_WORDS:
        end -= 1
    end = max(end, 1)
    return " ".join(words[:end]).rstrip(".:"), " ".join(words[end:])


def split_run_on_title(text: str) -> tuple[str, str] | None:
    """A title whose line break was lost: 'Physio Relief for Knee Pain Knee
    pain, a common complaint…' -> ('Physio Relief for Knee Pain', 'Knee pain,
    a common…'). The first sentence starts with a capitalised word of the
    title again, after a word that ends no sentence; None when there is no
    such word within a title's length, or no sentence after it."""
    words = text.split()
    seen = set()
    for index, word in enumerate(words[: MAX_TITLE_WORDS + 1]):
        key = word.strip(".,:;!?()“”\"'’").lower()
        if (
            index >= 2
            and key in seen
            and word[:1].isupper()
            and not words[index - 1].endswith((".", "!", "?"))
            and len(words) - index >= MIN_RUN_ON_SENTENCE_WORDS
            # A title ends on a word that carries meaning ("Sciatica, or
            # Sciatica pain, …" has no title in it).
            and words[index - 1].strip(".,:;").lower() not in tables.MINOR_WORDS
            and not words[index - 1].endswith(",")
        ):
            return " ".join(words[:index]).rstrip(".:"), " ".join(words[index:])
        if key not in tables.MINOR_WORDS:
            seen.add(key)
    return None


def split_labelled_title(text: str) -> tuple[str, str]:
    """A labelled title run into the text: at the repeated word, else at the
    end of the capitalised run when that is more than a word, else at the
    first sentence's end (a title in sentence case)."""
    run_on = split_run_on_title(text)
    if run_on is not None:
        return run_on
    title, rest = split_inline_title(text)
    if len(title.split()) > 1:
        return title, rest
    first = next(iter(segment("en", text)), "").strip()
    if first and len(first.split()) <= MAX_TITLE_WORDS:
        return first.rstrip(".:"), text[len(first) :].strip()
    return title, rest


# A site's name above the title: short, and naming a business.
SITE_NAME_WORDS = frozenset(
    [
        "clinic",
        "clinics",
        "centre",
        "center",
        "physio",
        "physiotherapy",
        "chiropractic",
        "chiropractor",
        "osteopathy",
        "osteopaths",
        "health",
        "wellness",
        "practice",
        "medical",
        "group",
        "ltd",
        "inc",
        "llc",
        "spa",
        "therapies",
        "sports",
        "hospital",
    ]
)


def is_tag_suffix(title: str, suffix: str) -> bool:
    """ ", sciatica, stretching" after "Gentle Stretches for Sciatica": tags,
    one of them a word of the title. ", part 3" after "Massage for sciatica"
    is the title's own."""
    title_words = {word.lower().strip(".,:;!?") for word in title.split()}
    tags = [tag.strip().lower() for tag in suffix.split(",") if tag.strip()]
    return is_title_line(title) and any(set(tag.split()) <= title_words for tag in tags)


def is_site_name(text: str, following: str) -> bool:
    words = text.split()
    return (
        len(words) <= MAX_SITE_NAME_WORDS
        and is_title_line(text)
        and not SITE_NAME_WORDS.isdisjoint(w.lower().strip(".,") for w in words)
        and is_title_line(following)
        and len(following.split()) > len(words)
    )


def is_menu_item(text: str) -> bool:
    return (
        len(text.split()) <= MAX_MENU_ITEM_WORDS
        and not MENU_ITEM_END.search(text)
        and not list_item(text)
    )


def is_prose(text: str) -> bool:
    return len(text.split()) >= MIN_PROSE_LINE_WORDS or text.endswith((".", "!", "?"))


def list_item(text: str) -> re.Match | None:
    return BULLET.match(text) or NUMBERED.match(text)


def collect_list(lines: list[Line], start: int) -> tuple[ListUnit, int]:
    """A list from `start`, across blank lines while items of its kind continue."""
    ordered = bool(NUMBERED.match(lines[start].text))
    unit = ListUnit(lines[start], ordered)
    index = start
    while index < len(lines):
        text = lines[index].text
        if not text:
            upcoming = next((line.text for line in lines[index:] if line.text), "")
            if not (NUMBERED if ordered else BULLET).match(upcoming):
                break
            index += 1
            continue
        numbered, bullet = NUMBERED.match(text), BULLET.match(text)
        if numbered and ordered:
            unit.items.append({"text": unbold(numbered["text"]), "children": []})
        elif bullet and ordered and unit.items:
            unit.items[-1]["children"].append(unbold(bullet["text"]))
        elif bullet and not ordered:
            unit.items.append({"text": unbold(bullet["text"]), "children": []})
        else:
            break
        index += 1
    return unit, index


def paragraphs(text: str) -> list[str]:
    """Split a run-on paragraph where it turns to a new point."""
    if len(text.split()) < RUN_ON_WORDS:
        return [text]
    sentences = [s.strip() for s in segment("en", text) if s.strip()]
    if len(sentences) < RUN_ON_SENTENCES:
        return [text]
    groups: list[list[str]] = [[]]
    for sentence in sentences:
        current = groups[-1]
        if current and not REFERS_BACK.match(sentence):
            strength = 2 if NEW_POINT.match(sentence) else 0
            if (strength and len(current) >= 2) or len(current) >= 5:
                groups.append(current := [])
        current.append(sentence)
    return [" ".join(group) for group in groups]


def is_heading(text: str, following: Unit | None) -> bool:
    words = text.split()
    if following is None or len(words) > MAX_HEADING_WORDS or len(text) > 100:
        return False
    if not tables.is_capitalised(text) or list_item(text):
        return False
    if text.endswith((".", "!", ",", ";")) or re.search(r":\s+\S", text):
        return False
    if is_disclaimer(text) and not cleanup.is_title_case(text):
        return False
    if text.endswith(":"):
        # "Stretches:" above a list introduces it; above prose it heads a section.
        return len(words) <= MAX_CAPTION_HEADING_WORDS and isinstance(
            following, TextUnit
        )
    return True


def is_heading_unit(unit: Unit) -> bool:
    return isinstance(unit, TextUnit) and unit.heading


def is_intro(section: list[Unit]) -> bool:
    return len(section) == 1 and isinstance(section[0], TextUnit)


# Emoji and other symbols before a title ("🦵 Knee Osteoarthritis: …").
LEADING_SYMBOLS = re.compile(r"^[^\w\s\"'“‘(\[#«‹←<]+\s*")
# A Markdown heading left in plain text: "### What Causes Hip Bursitis?".
MARKDOWN_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>\S.*)$")
# Markdown's **bold** (or __bold__) left in plain text.
# The bold text holds no "**" (or "__"): an unclosed mark is not retried
# across the next one.
MARKDOWN_BOLD = re.compile(
    r"\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*"
    r"|__(?=\S)((?:[^_]|_(?!_))+?)(?<=\S)__"
)


def markdown_heading_text(text: str) -> str:
    """The heading without its closing marks ("Overuse ##" -> "Overuse")."""
    bare = text.rstrip("#")
    return bare.rstrip() if bare != text and bare[-1:].isspace() else text


def unbold(text: str) -> str:
    """Text without Markdown's bold marks, for fields that hold no markup."""
    return MARKDOWN_BOLD.sub(lambda m: m.group(1) or m.group(2), text)


def inline_html(text: str) -> str:
    """Escaped text, its Markdown bold as <b>."""
    parts = []
    position = 0
    for match in MARKDOWN_BOLD.finditer(text):
        parts.append(html.escape(text[position : match.start()], quote=False))
        bold = html.escape(match.group(1) or match.group(2), quote=False)
        parts.append(f"<b>{bold}</b>")
        position = match.end()
    parts.append(html.escape(text[position:], quote=False))
    return "".join(parts)


def paragraph_html(text: str) -> str:
    label = LABEL.match(text)
    if label:
        rest = inline_html(text[label.end() :])
        return (
            f"<p><b>{html.escape(unbold(label['label']), quote=False)}:</b> {rest}</p>"
        )
    return f"<p>{inline_html(text)}</p>"


# A step's label line: "How to do it:" heads its instructions, not a section.
STEP_LABEL = re.compile(
    r"^(?:how\s+to\s+(?:do|perform)\s+(?:it|this(?:\s+\w+)?)|instructions"
    r"|what\s+to\s+do|method|technique)\s*:\s*",
    re.I,
)
STEP_NUMBER = re.compile(r"^(?:(\d{1,3})[.)]|\((\d{1,3})\))\s")
MAX_STEP_TITLE_WORDS = 10


def step_number(unit: Unit) -> int | None:
    """The number of an exercise's title ("1. Calf stretch" alone in its list,
    prose after it), or None."""
    if not (isinstance(unit, ListUnit) and unit.ordered and len(unit.items) == 1):
        return None
    item = unit.items[0]
    number = STEP_NUMBER.match(unit.line.text)
    if (
        item["children"]
        or not number
        or len(item["text"].split()) > MAX_STEP_TITLE_WORDS
    ):
        return None
    return int(number.group(1) or number.group(2))


def make_steps(units: list[Unit], title: str | None) -> list[Unit]:
    """Numbered exercise titles each followed by its prose, "How to do it:"
    labels among it, become one steps block: two or more, numbered from 1.
    Scraped, they would be one-item lists and repeated label headings. The
    steps are named by the heading just above them, which they replace, else
    by the nearest heading above or the article's title."""
    result: list[Unit] = []
    last_heading: str | None = None
    index = 0
    while index < len(units):
        if step_number(units[index]) != 1:
            if is_heading_unit(units[index]):
                last_heading = units[index].line.text
            result.append(units[index])
            index += 1
            continue
        steps, end = _collect_steps(units, index)
        if len(steps) < 2:
            result.append(units[index])
            index += 1
            continue
        if result and is_heading_unit(result[-1]):
            name = result.pop().line.text
        else:
            name = last_heading or title or "Steps"
        result.append(StepsUnit(units[index].line, unbold(name), steps))
        index = end
    return result


def _collect_steps(units: list[Unit], start: int) -> tuple[list[dict], int]:
    steps: list[dict] = []
    index = start
    while index < len(units) and step_number(units[index]) == len(steps) + 1:
        texts = []
        after = index + 1
        while after < len(units):
            unit = units[after]
            label = isinstance(unit, TextUnit) and STEP_LABEL.match(unit.line.text)
            if not isinstance(unit, TextUnit) or (unit.heading and not label):
                break
            text = unit.line.text[label.end() :] if label else unit.line.text
            if text.strip():
                texts.append(unbold(text.strip()))
            after += 1
        if not texts:
            break
        steps.append(
            {"title": unbold(units[index].items[0]["text"]), "text": "\n\n".join(texts)}
        )
        index = after
    return steps, index


def all_text(units: list[Unit]) -> list[str]:
    texts = []
    for unit in units:
        if isinstance(unit, TextUnit) and not unit.heading:
            texts.append(unit.line.text)
    return texts or [units[0].line.text]


def plain_text(block: Block) -> str:
    return block_text(block["type"], block["value"])


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def with_disclaimer_blocks(body: list[Block]) -> list[Block]:
    """Paragraphs that are disclaimers (seo.disclaimers) become disclaimer
    blocks: shown as one, and never taken for the meta description."""
    return [
        {"type": "disclaimer", "value": {"text": block["value"]}}
        if block["type"] == "paragraph" and is_disclaimer(plain_text(block))
        else block
        for block in body
    ]


def meta_description(body: list[Block]) -> str:
    """The opening prose's first whole sentences, within the band search
    results show: from the first of the opening paragraphs that has them,
    else as many whole sentences as fit. Never cut mid-sentence: when no
    opening paragraph has a sentence that fits, there is none, and the audit
    asks for one. Disclaimers and captions are not paragraphs, so never it."""
    opening = [plain_text(b) for b in body if b["type"] == "paragraph"]
    opening = opening[:OPENING_PARAGRAPHS]
    for low in (META_DESCRIPTION_MIN, 1):
        for paragraph in opening:
            found = sentence_prefix(paragraph, low, META_DESCRIPTION_MAX)
            if found:
                return found
    return ""


def promotional_flags(body: list[Block], origins: list[int]) -> list[Flag]:
    flags = []
    for index, block in enumerate(body):
        if block["type"] not in ("paragraph", "list"):
            continue
        text = plain_text(block)
        match = cleanup.promotion_match(text)
        if match:
            flags.append(
                Flag(
                    kind="promotional",
                    line=origins[index],
                    block=index,
                    excerpt=shorten(text, 100),
                    reason=f"reads as sales copy (“{match}”); kept, check it",
                )
            )
    return flags


def inline_hashtag_flags(
    body: list[Block], origins: list[int], inline: list[tuple[int, str, str]]
) -> list[Flag]:
    """A hashtag written inside a sentence reads badly (screen readers spell it
    out); the import keeps its words in the prose, and says so here. One source
    line can become several blocks (a run-on page, or HTML on one line), so each
    use is found by the words that now stand in its place.

    Uses come in reading order, so the search for each goes on from where the
    one before it on that line was found: each block is read about once,
    however many tags it holds."""
    same_origin: dict[int, list[int]] = {}
    for index, origin in enumerate(origins):
        same_origin.setdefault(origin, []).append(index)
    # The block a use belongs to starts at the last block (in body order) from
    # its line or before: by source line, those blocks are a prefix of
    # `ordered`, and the last of them in body order is that prefix's largest.
    ordered = sorted(range(len(origins)), key=lambda i: origins[i])
    lines = [origins[i] for i in ordered]
    last_of_prefix = list(accumulate(ordered, max))
    texts: dict[int, str] = {}
    resume: dict[int, tuple[int, int]] = {}  # a line -> (block position, offset)
    flags = []
    for line, tag, context in inline:
        count = bisect_right(lines, line)
        if not count:
            continue
        start = origins[last_of_prefix[count - 1]]
        same_line = same_origin[start]
        block = same_line[0]
        if len(same_line) > 1:
            position, offset = resume.get(start, (0, 0))
            # The words and the text after them; else the words alone (the
            # text after them may have gone to the next block).
            for wanted in (context.lower(), cleanup.hashtag_words(tag).lower()):
                found = _find_from(wanted, same_line, position, offset, body, texts)
                if found:
                    at, where = found
                    block = same_line[at]
                    resume[start] = (at, where + len(wanted))
                    break
        flags.append(
            Flag(
                kind="inline-hashtag",
                line=line,
                block=block,
                excerpt=f"#{tag}",
                reason=f"hashtag inside a sentence; the text now reads "
                f"“{cleanup.hashtag_words(tag)}” and the tag is in the article's "
                "hashtags",
            )
        )
    return flags


def _find_from(
    wanted: str,
    blocks: list[int],
    position: int,
    offset: int,
    body: list[Block],
    texts: dict[int, str],
) -> tuple[int, int] | None:
    """The first place at or after (position in `blocks`, offset in its text)
    where `wanted` occurs, as (position, offset); texts are lowered once."""
    for at in range(position, len(blocks)):
        index = blocks[at]
        if index not in texts:
            texts[index] = plain_text(body[index]).lower()
        where = texts[index].find(wanted, offset if at == position else 0)
        if where >= 0:
            return at, where
    return None
