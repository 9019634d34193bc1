"""Bring a WordPress export into the library: posts and pages as articles,
attachments as images, authors, links between posts and old permalinks.

wordpress.py reads the export; this stores it. Every item is its own
transaction (a savepoint), so one bad post is reported and the rest go in;
the whole file was validated by wordpress.scan() before anything is written,
so a hostile or broken file leaves nothing behind. Pages are keyed by the
WordPress post id (with the site's address), so a re-run updates the same
pages with new revisions, and an editor's changes are kept unless forced.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from django.core.files.images import ImageFile
from django.db import DatabaseError, transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.utils.file import hash_filelike

from articles.models import ArticlePage
from articles.visibility import exclude_hidden

from . import wordpress
from .article import ImportedArticle
from .reader import NoArticleText, SourceError
from .store import ImportConflict, StoreResult, store

IMPORTED_TYPES = ("post", "page")
# WordPress statuses with no page to make: autosaves, trash, revisions.
SKIPPED_STATUSES = {
    "trash": "in the trash",
    "auto-draft": "an unsaved auto-draft",
    "inherit": "a revision",
}
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"})
_HREF = re.compile(r'<a href="([^"]*)"')


@dataclass
class Outcome:
    post_id: int
    title: str
    action: str  # created, updated, unchanged, skipped, failed (or "would import")
    reason: str = ""
    page_id: int | None = None
    article: ImportedArticle | None = None


@dataclass
class Summary:
    """Counts only: each item's outcome goes to the caller's `report` as it
    comes, so a large export is never held in memory."""

    actions: Counter = field(default_factory=Counter)  # created, updated, …
    skipped: Counter = field(default_factory=Counter)  # reason -> items
    images: Counter = field(default_factory=Counter)  # imported / reused
    missing_media: list[str] = field(default_factory=list)
    redirects: int = 0

    @property
    def failed(self) -> int:
        return self.actions["failed"]


def source_key(export: wordpress.Export, post_id: int) -> str:
    """The page's import key: the post's shortlink on its site, which stays
    the same whatever the export file is called."""
    site = (export.base_blog_url or export.link or str(export.path)).rstrip("/")
    return f"{site}/?p={post_id}"


def import_export(
    export: wordpress.Export,
    parent: Page | None,
    *,
    media_dir: Path | None = None,
    redirects: bool = False,
    force: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    report: Callable[[Outcome], None] | None = None,
) -> Summary:
    """Import every post and page of a scanned export under `parent`; each
    item's outcome goes to `report`."""
    summary = Summary()

    def record(outcome: Outcome) -> None:
        summary.actions[outcome.action] += 1
        if report:
            report(outcome)

    summary.skipped["comments"] = export.comments
    images = {} if dry_run else _import_media(export, media_dir, summary)
    image_for = images.get if images else None
    pages: dict[int, int] = {} if dry_run else _known_pages(export)
    links = Links(Permalinks(export), pages)
    unresolved: set[int] = set()

    for item in wordpress.items(export):
        if progress:
            progress(1)
        reason = _skip_reason(item)
        if reason:
            summary.skipped[reason] += 1
            continue
        outcome = _import_item(item, export, parent, image_for, links, force, dry_run)
        if outcome.action == "skipped":
            summary.skipped[f"{item.post_type}s with no article text"] += 1
            continue
        record(outcome)
        if outcome.page_id:
            pages[item.post_id] = outcome.page_id
        if outcome.article and _links_to_unknown(
            outcome.article, links.permalinks, pages
        ):
            unresolved.add(item.post_id)

    # Links to posts that came later in the file: now their pages exist.
    if unresolved and not dry_run:
        for item in wordpress.items(export):
            if item.post_id in unresolved:
                again = _import_item(
                    item, export, parent, image_for, links, True, dry_run
                )
                if again.action == "failed":
                    record(again)
    if redirects and not dry_run:
        summary.redirects = _make_redirects(export, pages)
    return summary


def _skip_reason(item: wordpress.Item) -> str:
    if item.post_type == "attachment":
        return "attachments (imported as images)"
    if item.post_type == "nav_menu_item":
        return "navigation menu items"
    if item.post_type not in IMPORTED_TYPES:
        return f"{item.post_type or 'untyped'} items"
    if item.status in SKIPPED_STATUSES:
        return f"{item.post_type}s {SKIPPED_STATUSES[item.status]}"
    return ""


def _import_item(item, export, parent, image_for, links, force, dry_run) -> Outcome:
    title = item.title or f"(post {item.post_id})"
    try:
        article = wordpress.article_from_item(item, export, image_for=image_for)
        article.update(body=rewrite_links(article.article.body, *links))
        if dry_run:
            return Outcome(item.post_id, article.title, "would import", article=article)
        result = _store(item, article, export, parent, force)
    except NoArticleText:
        # WordPress allows empty and image-only posts; there is no article.
        return Outcome(item.post_id, title, "skipped", "no article text")
    except (SourceError, ImportConflict) as error:
        return Outcome(item.post_id, title, "failed", str(error))
    except DatabaseError as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        return Outcome(item.post_id, title, "failed", f"could not be stored ({reason})")
    return Outcome(
        item.post_id,
        result.page.title,
        result.action,
        page_id=result.page.pk,
        article=article,
    )


def _store(item, article, export, parent, force) -> StoreResult:
    status = item.status
    fields = {"source_url": item.link[:200]} if item.link.startswith("http") else {}
    if item.published_at and status in ("publish", "future", "private"):
        fields["first_published_at"] = item.published_at
    if status == "future" and item.published_at:
        fields["go_live_at"] = item.published_at
    with transaction.atomic():
        # A scheduled post's revision waits for its go_live_at (Wagtail's
        # publish_scheduled command makes it live then).
        result = store(
            article,
            parent,
            publish=status in ("publish", "future", "private"),
            force=force,
            key=source_key(export, item.post_id),
            page_fields=fields,
        )
        _restrict(result.page, item)
    return result


def _restrict(page: ArticlePage, item: wordpress.Item) -> None:
    """A password-protected post keeps its password; a private one is for
    signed-in users only. Neither is shown to the public through any door."""
    if item.password:
        kind, values = PageViewRestriction.PASSWORD, {"password": item.password[:255]}
    elif item.status == "private":
        kind, values = PageViewRestriction.LOGIN, {"password": ""}
    else:
        return
    restriction = PageViewRestriction.objects.filter(page=page).first()
    if restriction is None:
        PageViewRestriction.objects.create(page=page, restriction_type=kind, **values)
    elif restriction.restriction_type != kind:
        restriction.restriction_type = kind
        restriction.password = values["password"]
        restriction.save()


# --- links between posts --------------------------------------------------------


def _link_key(url: str) -> str:
    """A permalink as compared: host, path without its trailing slash, query."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.netloc.lower()}{path}{query}"


class Links(NamedTuple):
    """What rewriting a post's links needs: the export's addresses, and the
    pages made so far (filled in as the import goes)."""

    permalinks: "Permalinks"
    pages: dict[int, int]


class Permalinks:
    """The export's posts by any address that reaches them (permalink, guid,
    ?p= shortlink), absolute or site-relative."""

    def __init__(self, export: wordpress.Export):
        self.host = urlsplit(export.base_blog_url or export.link).netloc
        self.ids = {
            _link_key(url): post_id for url, post_id in export.permalinks.items()
        }

    def post(self, href: str) -> int | None:
        if href.startswith("/") and not href.startswith("//"):
            href = f"//{self.host}{href}"
        elif not href.startswith(("http://", "https://", "//")):
            return None
        return self.ids.get(_link_key(href.split("#")[0]))


def rewrite_links(body, permalinks: Permalinks, pages: dict[int, int]) -> list:
    """Links to other posts of the export, as links to their pages."""

    def rewrite(html: str) -> str:
        def page_link(match: re.Match) -> str:
            post_id = permalinks.post(match.group(1))
            if post_id in pages:
                return f'<a linktype="page" id="{pages[post_id]}"'
            return match.group(0)

        return _HREF.sub(page_link, html)

    return [_map_rich_text(block, rewrite) for block in body]


def _map_rich_text(block: dict, rewrite: Callable[[str], str]) -> dict:
    """The block with its links rewritten. Of the importer's blocks only
    paragraphs and disclaimers hold links (it keeps other blocks' links as
    text)."""
    if block["type"] == "paragraph":
        return {**block, "value": rewrite(block["value"])}
    if block["type"] == "disclaimer":
        return {
            **block,
            "value": {**block["value"], "text": rewrite(block["value"]["text"])},
        }
    return block


def _links_to_unknown(
    article: ImportedArticle, permalinks: Permalinks, pages: dict[int, int]
) -> bool:
    for block in article.article.body:
        for html in _rich_texts(block):
            for href in _HREF.findall(html):
                post_id = permalinks.post(href)
                if post_id is not None and post_id not in pages:
                    return True
    return False


def _rich_texts(block: dict) -> list[str]:
    found: list[str] = []
    _map_rich_text(block, lambda html: found.append(html) or html)
    return found


def _known_pages(export: wordpress.Export) -> dict[int, int]:
    """Pages earlier runs made, by post id: links to them resolve at once."""
    prefix = source_key(export, 0)[:-1]
    known = {}
    rows = ArticlePage.objects.filter(source_file__startswith=prefix).values_list(
        "source_file", "pk"
    )
    for key, page_id in rows:
        post_id = key.removeprefix(prefix)
        if post_id.isdigit():
            known[int(post_id)] = page_id
    return known


# --- media and redirects ----------------------------------------------------------


def _upload_path(url: str) -> str:
    """Where an attachment lies under wp-content/uploads: "2024/05/x.jpg"."""
    path = urlsplit(url).path
    marker = "/wp-content/uploads/"
    if marker in path:
        return path.split(marker, 1)[1]
    return path.lstrip("/")


def _import_media(
    export: wordpress.Export, media_dir: Path | None, summary: Summary
) -> dict[str, int]:
    """Image attachments into Wagtail's library, by their URL; an image
    imported before (the same file) is reused. Nothing is downloaded."""
    attachments = [
        a
        for a in export.attachments.values()
        if Path(urlsplit(a.attachment_url).path).suffix.lower() in IMAGE_SUFFIXES
    ]
    if media_dir is None:
        summary.images["not imported (no --media-dir)"] = len(attachments)
        return {}
    Image = get_image_model()
    found: dict[str, int] = {}
    for attachment in attachments:
        relative = _upload_path(attachment.attachment_url)
        path = (media_dir / relative).resolve()
        if not path.is_relative_to(media_dir.resolve()) or not path.is_file():
            summary.missing_media.append(relative)
            continue
        try:
            with path.open("rb") as file:
                # The same file imported before is reused (Wagtail indexes the
                # hash its upload form records; it is recorded here too).
                digest = hash_filelike(file)
                image = Image.objects.filter(file_hash=digest).first()
                if image is None:
                    file.seek(0)
                    image = Image(
                        title=(attachment.title or path.stem)[:255],
                        description=attachment.meta.get("_wp_attachment_image_alt", "")[
                            :255
                        ],
                        file=ImageFile(file, name=path.name),
                        file_hash=digest,
                        file_size=path.stat().st_size,
                    )
                    image.save()
                    summary.images["imported"] += 1
                else:
                    summary.images["already in the library"] += 1
        except (OSError, ValueError) as error:
            summary.missing_media.append(f"{relative} (unreadable: {error})")
            continue
        found[attachment.attachment_url] = image.pk
    return found


def _make_redirects(export: wordpress.Export, pages: dict[int, int]) -> int:
    """Each old permalink's path redirects (301) to its page, for pages the
    public can read: redirects are public (API v3 lists them), and the old
    path of a draft, scheduled or restricted post would give it away."""
    public = set(
        exclude_hidden(ArticlePage.objects.filter(pk__in=pages.values())).values_list(
            "pk", flat=True
        )
    )
    links = {}
    for url, post_id in export.permalinks.items():
        page_id = pages.get(post_id)
        if page_id in public and url.startswith("http") and "?" not in url:
            links.setdefault(Redirect.normalise_path(url), page_id)
    made = 0
    for old_path, page_id in links.items():
        if old_path in ("", "/"):
            continue
        Redirect.objects.update_or_create(
            old_path=old_path,
            site=None,
            defaults={"redirect_page_id": page_id, "is_permanent": True},
        )
        made += 1
    return made
