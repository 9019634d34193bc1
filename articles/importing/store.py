"""Store an imported article as an ArticlePage revision.

Each file is one transaction. The page is keyed by its source file, so importing
the same file again updates the same page with a new revision (or does nothing
when the content is unchanged). Import revisions are logged with their own
action, which is how an edit made in the admin since the last import is spotted.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from wagtail.models import Page, PageLogEntry, Revision

from articles.blocks import contract_data
from articles.models import ArticleAuthor, ArticleIndexPage, ArticlePage, Author
from articles.wagtail_hooks import IMPORT_ACTION
from seo.tasks import audit_on_commit

from .article import ImportedArticle
from .reader import SourceError

# The fields an import writes; an editor's change to any of them is protected.
MANAGED_FIELDS = ("title", "slug", "search_description", "body")
# Written, and protected, only by imports that carry them (a WordPress export
# has excerpts, SEO plugin fields and authors; a text file has none of them).
OPTIONAL_FIELDS = ("intro", "seo_title", "focus_keyphrase")


# Numbered slugs ("-2", "-3"…) are kept short enough for this many.
MAX_SLUG_NUMBER = 10**9


class ImportConflict(Exception):
    """The page was edited since its last import and --force was not given."""


@dataclass(frozen=True)
class StoreResult:
    page: ArticlePage
    action: str  # "created", "updated" or "unchanged"
    published: bool


def default_parent() -> ArticleIndexPage:
    indexes = list(ArticleIndexPage.objects.all()[:2])
    if len(indexes) != 1:
        raise LookupError(
            "no article index page exists; create one in the admin or pass --parent"
            if not indexes
            else "there are several article index pages; choose one with --parent"
        )
    return indexes[0]


def store(
    article: ImportedArticle,
    parent: Page,
    *,
    publish: bool = False,
    force: bool = False,
    key: str | None = None,
    page_fields: dict[str, Any] | None = None,
) -> StoreResult:
    """Create or update the article's page. `key` identifies the source across
    re-imports (default: the file's full path); `page_fields` are other page
    fields the import revision sets (a WordPress post's dates)."""
    # The same file reached by another relative path is still the same source.
    source_file = key or str(Path(article.source).resolve())
    limit = ArticlePage._meta.get_field("source_file").max_length
    if len(source_file) > limit:
        raise SourceError(
            f"{article.source}: its full path is {len(source_file):,} characters, "
            f"over the {limit} a page records; move it to a shorter path"
        )
    with transaction.atomic():
        existing = (
            ArticlePage.objects.select_for_update()
            .filter(source_file=source_file)
            .first()
        )
        fields = page_fields or {}
        if existing is None:
            page = _create(article, parent, source_file, fields)
            action = "created"
        else:
            page, action = _update(existing, article, fields, force=force)
        went_live = False
        latest = page.get_latest_revision() if publish else None
        # An unchanged revision already scheduled stays as it is: publishing it
        # again would only log another "scheduled" entry.
        if (
            latest is not None
            and page.has_unpublished_changes
            and not (action == "unchanged" and latest.approved_go_live_at)
        ):
            # A revision with a future go_live_at is scheduled instead.
            latest.publish()
            page.refresh_from_db()
            went_live = page.live and not page.has_unpublished_changes
        if action != "unchanged" and not went_live:
            # A draft (or scheduled) import is a saved draft: its audit is
            # stored too; page_published audits what went live.
            audit_on_commit(page.latest_revision_id, page.pk)
    return StoreResult(page=page, action=action, published=page.live)


def _create(
    article: ImportedArticle, parent: Page, source_file: str, fields: dict[str, Any]
) -> ArticlePage:
    page = ArticlePage(live=False, source_file=source_file, **fields)
    _apply(page, article, parent)
    parent.add_child(instance=page)
    _save_import_revision(page, article)
    return page


def _update(
    page: ArticlePage,
    article: ImportedArticle,
    fields: dict[str, Any],
    *,
    force: bool,
) -> tuple[ArticlePage, str]:
    latest = page.get_latest_revision()
    managed = managed_fields(article)
    if not force and _edited_since_import(page, latest, managed):
        raise ImportConflict(
            f"{article.source}: page {page.pk} “{page.title}” was edited in the admin "
            "since it was imported; re-run with --force to replace those edits"
        )
    draft = latest.as_object() if latest else page
    before = _managed_content(draft, managed)
    _apply(draft, article, page.get_parent())
    for name, value in fields.items():
        setattr(draft, name, value)
    if _managed_content(draft, managed) == before:
        return page, "unchanged"
    _save_import_revision(draft, article)
    page.refresh_from_db()
    return page, "updated"


def _save_import_revision(page: ArticlePage, article: ImportedArticle) -> None:
    """Save a revision logged as an import. The log entry keeps the importer's
    flags, which describe that revision for the SEO audit (seo.sources)."""
    revision = page.save_revision(log_action=IMPORT_ACTION)
    PageLogEntry.objects.filter(revision=revision, action=IMPORT_ACTION).update(
        data={"flags": [flag.as_json() for flag in article.flags]}
    )


def managed_fields(imported: ImportedArticle) -> tuple[str, ...]:
    article = imported.article
    optional = tuple(name for name in OPTIONAL_FIELDS if getattr(article, name))
    return MANAGED_FIELDS + optional + (("authors",) if article.authors else ())


def _apply(page: ArticlePage, imported: ImportedArticle, parent: Page) -> None:
    article = imported.article
    page.title = article.title
    page.draft_title = article.title
    page.slug = _free_slug(parent, article.slug, exclude=page.pk)
    page.search_description = article.search_description
    page.body = list(article.body)
    page.hashtags.set(list(article.hashtags))
    for name in OPTIONAL_FIELDS:
        if getattr(article, name):
            setattr(page, name, getattr(article, name))
    if article.authors:
        page.article_authors = [
            ArticleAuthor(author=author_named(name), sort_order=position)
            for position, name in enumerate(article.authors)
        ]


def author_named(name: str) -> Author:
    """The author snippet of that name, made on first use; editors add the
    credentials and bio in Snippets > Authors."""
    author = Author.objects.filter(name=name).order_by("pk").first()
    return author or Author.objects.create(name=name)


def _free_slug(parent: Page, slug: str, *, exclude: int | None) -> str:
    limit = ArticlePage._meta.get_field("slug").max_length
    # Only the siblings a candidate could clash with: reading every sibling's
    # slug made each import of a large library read the whole library.
    prefix = slug[: limit - len(f"-{MAX_SLUG_NUMBER}")].rstrip("-")
    taken = set(
        parent.get_children()
        .filter(slug__startswith=prefix)
        .exclude(pk=exclude)
        .values_list("slug", flat=True)
    )
    candidate, number = slug, 2
    while candidate in taken:
        # The number must fit too: a slug at the column's length loses its end.
        suffix = f"-{number}"
        candidate = f"{slug[: limit - len(suffix)].rstrip('-')}{suffix}"
        number += 1
    return candidate


def _edited_since_import(
    page: ArticlePage, latest: Revision | None, managed: tuple[str, ...]
) -> bool:
    last_import = (
        PageLogEntry.objects.filter(page=page, action=IMPORT_ACTION)
        .order_by("-timestamp", "-pk")
        .values_list("revision_id", flat=True)
        .first()
    )
    if latest is None or latest.pk == last_import:
        return False
    imported = Revision.objects.filter(pk=last_import).first()
    if imported is None:
        return True
    return _managed_content(latest.as_object(), managed) != _managed_content(
        imported.as_object(), managed
    )


def _managed_content(page: ArticlePage, managed: tuple[str, ...]) -> str:
    """The imported fields, as comparable text (block ids left out)."""
    data = {name: getattr(page, name) for name in managed if name != "authors"}
    data["body"] = contract_data(page.body.get_prep_value())
    data["hashtags"] = sorted(page.hashtags.names(), key=str.lower)
    if "authors" in managed:
        data["authors"] = [
            link.author_id for link in page.article_authors.order_by("sort_order")
        ]
    return json.dumps(data, sort_keys=True, default=str)
