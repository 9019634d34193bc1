"""Import Markdown: rendered to HTML by markdown-it-py, then imported as HTML.

Rendering first means one importer decides what a heading, list or table
becomes, whatever the source format. Each rendered element carries the line it
came from, so reports point at the Markdown file's lines, not the HTML's.

Front matter (a `---` block at the top) may set the title, description, slug
and tags. Only simple `key: value` lines and `- item` lists are read: that is
all an article's front matter needs, and it keeps YAML out of the dependencies.
"""

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from . import html as html_import
from .article import ImportedArticle

LINE_ATTRIBUTE = "data-source-line"
# CommonMark, plus the GitHub tables writers expect.
_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])

_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\n(?P<block>(?:.*\n)*?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)"
)
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(?P<value>.*))?$")
_ITEM = re.compile(r"^[ \t]*-[ \t]+(?P<value>.*)$")
_TAG_WORDS = re.compile(r"[^\W_]+")

FIELDS = {
    "title": "title",
    "description": "description",
    "slug": "slug",
    "tags": "tags",
    "hashtags": "tags",
}


@dataclass
class FrontMatter:
    title: str = ""
    description: str = ""
    slug: str = ""
    tags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse(text: str, source: str) -> ImportedArticle:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front, body, first_line = split_front_matter(text)
    article = html_import.parse_markup(
        render(body, first_line),
        source,
        line_attribute=LINE_ATTRIBUTE,
        title=front.title,
        description=front.description,
        slug=front.slug,
        hashtags=tuple(front.tags),
    )
    article.warnings[:0] = front.warnings
    return article


def render(text: str, first_line: int = 1) -> str:
    """HTML whose block elements carry their source line (`first_line` is the
    line `text` starts on in the file)."""
    tokens = _MARKDOWN.parse(text)
    for token in tokens:
        if token.map and token.nesting == 1:
            token.attrSet(LINE_ATTRIBUTE, str(token.map[0] + first_line))
    return _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})


def split_front_matter(text: str) -> tuple[FrontMatter, str, int]:
    """The front matter, the Markdown after it, and that Markdown's first line.
    A `---` block that is not key: value lines is Markdown (a rule), not front
    matter."""
    match = _FRONT_MATTER.match(text)
    front = read_front_matter(match["block"]) if match else None
    if front is None:
        return FrontMatter(), text, 1
    return front, text[match.end() :], text.count("\n", 0, match.end()) + 1


def read_front_matter(block: str) -> FrontMatter | None:
    front = FrontMatter()
    ignored: list[str] = []
    key = None  # the key a following "- item" belongs to
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item, pair = _ITEM.match(line), _KEY.match(line)
        if item and key:
            add_field(front, key, unquote(item["value"]))
        elif pair:
            name = pair["key"].lower()
            key = FIELDS.get(name)
            if key is None:
                ignored.append(pair["key"])
            elif pair["value"]:
                add_field(front, key, pair["value"].strip())
        else:
            return None
    if ignored:
        front.warnings.append(
            f"front matter: ignored {', '.join(ignored)} (an import sets only the "
            "title, description, slug and tags)"
        )
    return front


def add_field(front: FrontMatter, key: str, value: str) -> None:
    if key != "tags":
        setattr(front, key, unquote(value))
        return
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
    values = value.split(",")
    for raw in values:
        tag = hashtag(unquote(raw))
        if tag:
            front.tags.append(tag)


def unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].strip()
    return value


def hashtag(tag: str) -> str:
    """A tag as a hashtag: '#Sciatica' -> 'Sciatica'; 'massage therapy' ->
    'MassageTherapy' (CamelCase, which screen readers can read)."""
    words = _TAG_WORDS.findall(tag)
    if len(words) <= 1:
        return "".join(words)
    return "".join(word[:1].upper() + word[1:] for word in words)
