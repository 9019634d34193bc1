"""Fixes: the one right change for a finding, as a pure function of article data.

A fixer takes an `ArticleData` and the `args` of a `Fix` (what to change, and
the text the article must still hold there) and returns a new `ArticleData`.
Fixers live beside their checks (`seo/checks/<area>.py`) and register here by
id with `@fixer("...")`; the check attaches a `Fix` to each finding it can
answer. The editor panel's "Apply", `seo_audit --fix` and `POST
/api/v3/seo/fix/` all call `apply_fix`, so a fix means the same everywhere.

Fixers read no database and no network. Writing a fixed article back onto a
page (`apply_to_page`) is the one step here that touches models.
"""

from __future__ import annotations

import copy
import html
import re
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from articles.blocks import BLOCK_TEXT, HTML, READ, Items, Text, contract_data

from .document import ArticleData, Block
from .findings import Finding, Fix

if TYPE_CHECKING:
    from articles.models import ArticlePage

    from .audit import Auditor
    from .site import SiteIndex

T = TypeVar("T")

# fix_article re-audits after each round: one fix can make another (a hashtag
# taken out of the prose is added to the field, then put in CamelCase).
MAX_ROUNDS = 5

_FIX_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class FixError(ValueError):
    """A fix that cannot apply: its id is unknown, or its args no longer match
    the article (the block is gone, its text has changed).

    `field` is where the problem is, relative to the fix object: ("id",) or
    ("args", "block_id"); the message names the block or page field concerned.
    """

    def __init__(self, message: str, field: Sequence[str | int] = ("args",)):
        super().__init__(message)
        self.field = tuple(field)

    @property
    def path(self) -> str:
        """ "fix.args.block_id": the field as a writer reading JSON sees it."""
        return ".".join(["fix", *(str(part) for part in self.field)])


Fixer = Callable[[ArticleData, Mapping[str, Any]], ArticleData]


@dataclass(frozen=True)
class _Registered:
    id: str
    apply: Fixer


_FIXERS: dict[str, _Registered] = {}


def fixer(fix_id: str) -> Callable[[Fixer], Fixer]:
    """Register a fixer under a stable kebab-case id (a public name: it is in
    every audit's JSON and the API's requests)."""
    if not _FIX_ID.match(fix_id):
        raise ValueError(f"fix id {fix_id!r} is not kebab-case")

    def register(function: Fixer) -> Fixer:
        if fix_id in _FIXERS:
            raise ValueError(f"fix id {fix_id!r} is registered twice")
        _FIXERS[fix_id] = _Registered(fix_id, function)
        return function

    return register


def fix_ids() -> list[str]:
    _load()
    return sorted(_FIXERS)


def _load() -> None:
    # The fixers register when their checks' modules are imported.
    import seo.checks  # noqa: F401


# --- applying ------------------------------------------------------------------


def apply_fix(
    article: ArticleData, fix_id: str, args: Mapping[str, Any]
) -> ArticleData:
    """The article with one fix applied; raises FixError, never anything else,
    when the fix is unknown or no longer applies."""
    _load()
    registered = _FIXERS.get(fix_id) if isinstance(fix_id, str) else None
    if registered is None:
        known = ", ".join(sorted(_FIXERS))
        raise FixError(f"Unknown fix {fix_id!r}. Fixes: {known}.", ("id",))
    if not isinstance(args, Mapping):
        raise FixError("The fix's args must be an object.", ("args",))
    try:
        return registered.apply(article, args)
    except FixError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
        # A body or args of an unexpected shape: say so, do not crash.
        raise FixError(
            f"Fix {fix_id!r} cannot apply to this article "
            f"({type(error).__name__}: {error}).",
            ("args",),
        ) from None


def fix_article(
    article: ArticleData,
    auditor: Auditor | None = None,
    *,
    site: SiteIndex | None = None,
    rounds: int = MAX_ROUNDS,
) -> tuple[ArticleData, list[Fix]]:
    """Audit, apply every finding's fix, and repeat until nothing more applies
    (at most `rounds` audits). Returns the fixed article and the fixes applied,
    in order. A fix made stale by an earlier one in the same round (two
    findings about the same block) is skipped; the next audit offers it again
    if it is still needed."""
    from .audit import Auditor
    from .document import Document

    auditor = auditor or Auditor()
    applied: list[Fix] = []
    for _ in range(rounds):
        report = auditor.audit(Document(article, site))
        progressed = False
        for finding in report.findings:
            if finding.fix is None:
                continue
            try:
                fixed = apply_fix(article, finding.fix.id, finding.fix.args)
            except FixError:
                continue
            if fixed != article:
                article = fixed
                applied.append(finding.fix)
                progressed = True
        if not progressed:
            break
    return article, applied


# --- what changed ---------------------------------------------------------------

# The fields a fix may change, in the order a diff lists them.
FIXABLE_FIELDS = ("title", "seo_title", "search_description", "intro", "hashtags")


def changed_fields(before: ArticleData, after: ArticleData) -> list[str]:
    """The page fields that differ ("body" when any block does)."""
    changed = [
        name
        for name in FIXABLE_FIELDS
        if list_or_value(getattr(before, name)) != list_or_value(getattr(after, name))
    ]
    if [dict(b) for b in before.body] != [dict(b) for b in after.body]:
        changed.append("body")
    return changed


def changed_blocks(before: ArticleData, after: ArticleData) -> list[dict[str, Any]]:
    """The blocks of `after` that are new or differ from `before`'s, as
    locations ({"block": index, "block_id": id}); a block is matched by its
    id, or by its position when it has none."""
    old_by_id = {b.get("id"): b for b in before.body if b.get("id")}
    found = []
    for index, block in enumerate(after.body):
        block_id = block.get("id")
        if block_id:
            old = old_by_id.get(block_id)
        else:
            old = before.body[index] if index < len(before.body) else None
        if old is None or _block_content(old) != _block_content(block):
            found.append({"block": index, "block_id": block_id})
    return found


def list_or_value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple | list) else value


def _block_content(block: Mapping[str, Any]) -> tuple[str, Any]:
    return block["type"], block["value"]


# --- helpers for fixers ----------------------------------------------------------


def attach(finding: Finding, fix: Fix | None) -> Finding:
    """The finding with its fix (checks build findings, then attach fixes)."""
    return finding if fix is None else replace(finding, fix=fix)


def block_args(block: Block) -> dict[str, Any]:
    """How a fix names a block: its id (stable across edits) and its index
    (for bodies posted without ids)."""
    return {"block_id": block.id, "block": block.index}


def arg(args: Mapping[str, Any], name: str, kind: type[T] = str) -> T:  # type: ignore[assignment]
    """A required argument of the given JSON type."""
    if name not in args:
        raise FixError(f"The fix's args lack {name!r}.", ("args", name))
    value = args[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        expected = _JSON_TYPES.get(kind, kind.__name__)
        raise FixError(
            f"fix.args.{name} must be {expected}, not {value!r}.", ("args", name)
        )
    return value


_JSON_TYPES = {str: "a string", int: "an integer", list: "a list", dict: "an object"}


def find_block(
    article: ArticleData, args: Mapping[str, Any], block_type: str | None = None
) -> int:
    """The index of the block a fix names: by its id when it has one, else
    by its position. Raises FixError naming the block when it is gone or is
    no longer of the expected type."""
    block_id = args.get("block_id")
    body = article.body
    if block_id is not None:
        if not isinstance(block_id, str):
            raise FixError(
                f"fix.args.block_id must be a string, not {block_id!r}.",
                ("args", "block_id"),
            )
        found = [i for i, block in enumerate(body) if block.get("id") == block_id]
        if not found:
            raise FixError(
                f"Block {block_id!r} is no longer in the body.", ("args", "block_id")
            )
        index = found[0]
        name, field = f"Block {block_id!r}", ("args", "block_id")
    else:
        index = arg(args, "block", int)
        if not 0 <= index < len(body):
            raise FixError(
                f"The body has no block {index} (it has {len(body)}).",
                ("args", "block"),
            )
        name, field = f"Block {index}", ("args", "block")
    if block_type is not None and body[index].get("type") != block_type:
        raise FixError(
            f"{name} is a {body[index].get('type')} block now, not a {block_type}.",
            field,
        )
    return index


def block_name(args: Mapping[str, Any]) -> str:
    block_id = args.get("block_id")
    return f"Block {block_id!r}" if block_id is not None else f"Block {args['block']}"


def block_field(args: Mapping[str, Any]) -> tuple[str, str]:
    return (
        ("args", "block_id") if args.get("block_id") is not None else ("args", "block")
    )


def with_block(article: ArticleData, index: int, value: Any) -> ArticleData:
    """The article with one block's value replaced (its type and id kept)."""
    body = [dict(block) for block in article.body]
    body[index] = {**body[index], "value": value}
    return replace(article, body=body)


def with_new_block(article: ArticleData, block_type: str, value: Any) -> ArticleData:
    """The article with a block appended, under a fresh id as Wagtail gives."""
    block = {"type": block_type, "value": value, "id": str(uuid.uuid4())}
    return replace(article, body=[*(dict(b) for b in article.body), block])


def rich_text(text: str) -> str:
    """Plain text as stored rich text: one <p> per paragraph."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        f"<p>{html.escape(' '.join(p.split()), quote=False)}</p>" for p in paragraphs
    )


# --- the texts inside a block ---------------------------------------------------


def map_texts(block_type: str, value: Any, edit: Callable[[str, bool], str]) -> Any:
    """A copy of a block's value with `edit(text, is_rich_text)` applied to
    each text a reader reads (articles.blocks.BLOCK_TEXT says where they are;
    URLs, choices, ids and a decorative image's alt text are left alone)."""
    parts = BLOCK_TEXT.get(block_type)
    if not parts:
        return value
    return _map_parts(parts, copy.deepcopy(value), edit)


def _map_parts(
    parts: tuple[Text | Items, ...], value: Any, edit: Callable[[str, bool], str]
) -> Any:
    for part in parts:
        if part.key is None:
            inner = value
        elif isinstance(value, dict):
            inner = value.get(part.key)
        else:
            continue
        new = inner
        if isinstance(part, Items):
            if isinstance(inner, list):
                new = [_map_parts(part.parts, item, edit) for item in inner]
        elif (
            part.kind & READ
            and isinstance(inner, str)
            and not (part.unless and isinstance(value, dict) and value.get(part.unless))
        ):
            new = edit(inner, bool(part.kind & HTML))
        if part.key is None:
            value = new
        else:
            value[part.key] = new
    return value


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def text_runs(markup: str) -> Iterator[tuple[int, str, bool]]:
    """Rich text as (offset, piece, is_tag) runs, in order."""
    offset = 0
    for piece in _TAG_OR_TEXT.split(markup):
        if piece:
            yield offset, piece, piece.startswith("<") and piece.endswith(">")
            offset += len(piece)


def edit_text_nodes(markup: str, edit: Callable[[str, str], str]) -> str:
    """Rich text with `edit(node, plain_before)` applied to each text node
    (never to tags or their attributes); `plain_before` is the plain text
    that precedes the node, so an edit can tell a sentence's start."""
    out: list[str] = []
    plain: list[str] = []
    for _, piece, is_tag in text_runs(markup):
        if is_tag:
            out.append(piece)
        else:
            out.append(edit(piece, "".join(plain)))
            plain.append(html.unescape(piece))
    return "".join(out)


# --- writing back to a page ----------------------------------------------------------


def apply_to_page(page: ArticlePage, article: ArticleData) -> list[str]:
    """Write an ArticleData's changed fields onto a page instance (unsaved:
    the caller saves a revision) and return their names.

    Title, SEO title, meta description and intro are copied; hashtags go
    through the page's tag manager; the body goes back to StreamField data,
    keeping each block's id, and blocks that did not change keep their stored
    data as it was (list items keep their ids).

    Hashtags are one tag whatever their case (TAGGIT_CASE_INSENSITIVE), so
    the case a page shows is the tag's own. A fix that re-cases a tag into
    CamelCase (#massagetherapy to #MassageTherapy) therefore renames that
    tag, for every article that has it: the same tag, readable everywhere.
    Any other case difference keeps the existing tag's spelling.
    """
    changed = []
    for name in ("title", "seo_title", "search_description", "intro"):
        value = getattr(article, name)
        if getattr(page, name) != value:
            setattr(page, name, value)
            changed.append(name)

    names = list(article.hashtags)
    before = list(page.hashtags.names())
    if before != names:
        page.hashtags.set(_hashtag_objects(names))
        if list(page.hashtags.names()) != before:
            changed.append("hashtags")

    stored = list(page.body.raw_data)
    raw = _raw_body(stored, article.body)
    if len(raw) != len(stored) or any(
        new is not old for new, old in zip(raw, stored, strict=False)
    ):
        page.body = raw  # StreamField reads contract and stored shape alike
        changed.append("body")
    return changed


def _raw_body(stored: list[Any], body: Sequence[Mapping[str, Any]]) -> list[Any]:
    """StreamField data for a contract-shape body: a stored block that did
    not change is reused as it is; a changed or new one is given in contract
    shape (plain lists), which the stream block reads as well."""
    by_id = {block.get("id"): block for block in stored if block.get("id")}
    raw = []
    for block in body:
        old = by_id.get(block.get("id"))
        if (
            old is not None
            and old["type"] == block["type"]
            and contract_data(old["value"]) == block["value"]
        ):
            raw.append(old)
        else:
            raw.append(
                {
                    "type": block["type"],
                    "value": copy.deepcopy(block["value"]),
                    "id": block.get("id") or str(uuid.uuid4()),
                }
            )
    return raw


_CAMEL_BOUNDARY = re.compile(r"[a-z0-9][A-Z]")


def _recasing(old: str, new: str) -> bool:
    """Whether `new` is `old` with more of its words capitalised (CamelCase)."""
    return (
        old != new
        and old.lower() == new.lower()
        and len(_CAMEL_BOUNDARY.findall(new)) > len(_CAMEL_BOUNDARY.findall(old))
    )


def _hashtag_objects(names: list[str]) -> list[Any]:
    from articles.models import Hashtag

    tags: list[Any] = []
    for name in names:
        # A tag spelled exactly so first: a library may hold one per spelling
        # from before tags ignored case.
        existing = (
            Hashtag.objects.filter(name=name).first()
            or Hashtag.objects.filter(name__iexact=name).order_by("pk").first()
        )
        if existing is None:
            tags.append(name)  # the tag manager creates it
            continue
        if _recasing(existing.name, name):
            Hashtag.objects.filter(pk=existing.pk).update(name=name)
            existing.name = name
        tags.append(existing)
    return tags
