"""Turn what exists (a stored page, an import) into ArticleData for the audit.

This is the only part of the audit that reads the database; checks never do.

A page is read one way. Its field values (a page object's, a page row's, or
a revision's content, all keyed by the model's field names) become
ArticleData in `_article`, whether one page is read (`article_from_page`, for
a page object, saved or not) or many (`load_articles`, a chunk of pages at a
time in a handful of queries, for bulk audits, fixes and the site index).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice
from typing import Any

from django.db.models import Case, Q, QuerySet, TextField, When
from django.db.models.functions import Cast
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry, Revision, Site

from articles.blocks import contract_blocks, contract_blocks_from_json, rich_text_plain
from articles.importing.article import ImportedArticle
from articles.models import (
    ArticleAuthor,
    ArticleHashtag,
    ArticlePage,
    Author,
    Hashtag,
    MedicalReviewer,
)
from articles.wagtail_hooks import IMPORT_ACTION

from .document import ArticleData, ImageInfo, ImportNote
from .models import HealthContentSettings

# ArticleData fields read from the page field of the same name.
SAME_NAME_FIELDS = (
    "title",
    "slug",
    "seo_title",
    "search_description",
    "intro",
    "focus_keyphrase",
    "canonical_url",
    "noindex",
    "cornerstone",
    "target_grade",
    "last_reviewed",
)
# Every page field the audit reads, by the model's field names (foreign keys
# as ids, in a row or a revision's content).
PAGE_FIELDS = (
    *SAME_NAME_FIELDS,
    "keyphrase_synonyms",
    "source_file",
    "social_image",
    "reviewer",
)
# A page row's facts about the page as a whole, whichever version is read.
_PAGE_FACTS = (
    "id",
    "path",
    "url_path",
    "live",
    "has_unpublished_changes",
    "latest_revision_id",
    "live_revision_id",
)
# Pages read a chunk at a time: a handful of queries per chunk.
LOAD_CHUNK_SIZE = 500


def _article(
    fields: Mapping[str, Any],
    *,
    body: list[dict[str, Any]],
    hashtags: Iterable[str],
    image: Any,
    reviewer: Any,
    authors: Iterable[str],
    page_id: int | None,
    revision_id: int | None,
    url_path: str,
    live: bool,
    import_notes: Iterable[ImportNote],
    disclaimer: str,
    today: date | None,
) -> ArticleData:
    """The one mapping of a page's field values (PAGE_FIELDS, with its
    related objects, and its body in contract shape) to the audit's envelope."""
    return ArticleData.from_fields(
        {name: fields[name] for name in SAME_NAME_FIELDS},
        body=body,
        keyphrase_synonyms=fields["keyphrase_synonyms"],
        source=fields["source_file"],
        hashtags=hashtags,
        social_image=ImageInfo(image.width, image.height, image.default_alt_text)
        if image
        else None,
        reviewer=str(reviewer) if reviewer else "",
        authors=authors,
        page_id=page_id,
        revision_id=revision_id,
        url_path=url_path,
        live=live,
        import_notes=import_notes,
        site_disclaimer=disclaimer,
        today=today,
    )


def site_disclaimer(site: Site | None) -> str:
    if site is None:
        return ""
    text = HealthContentSettings.for_site(site).medical_disclaimer
    return rich_text_plain(text)


@dataclass(frozen=True)
class Disclaimers:
    """The site-wide medical disclaimer of each site, read once per run.

    Sites are matched to pages by tree path (the deepest root that contains
    the page); a page outside every site gets the default site's disclaimer.
    """

    by_root: tuple[tuple[str, str], ...] = ()
    default: str = ""

    @classmethod
    def load(cls) -> "Disclaimers":
        # Only sites that have the setting: site_disclaimer() would create an
        # empty row for the others, and an audit must not write.
        configured = set(HealthContentSettings.objects.values_list("site", flat=True))
        sites: list[Site] = list(Site.objects.select_related("root_page"))

        def text(site: Site) -> str:
            return site_disclaimer(site) if site.pk in configured else ""

        by_root = tuple(
            sorted(
                ((site.root_page.path, text(site)) for site in sites),
                key=lambda pair: -len(pair[0]),
            )
        )
        default = next((text(site) for site in sites if site.is_default_site), "")
        return cls(by_root, default)

    def for_path(self, path: str) -> str:
        for root, text in self.by_root:
            if path.startswith(root):
                return text
        return self.default


def _import_notes(revision_ids: Iterable[int | None]) -> dict[int, list[ImportNote]]:
    """The importer's flags for each revision that an import saved: they
    describe that revision, and are gone once an editor saves another."""
    wanted = {pk for pk in revision_ids if pk is not None}
    if not wanted:
        return {}
    entries = (
        PageLogEntry.objects.filter(revision_id__in=wanted, action=IMPORT_ACTION)
        .order_by("-timestamp", "-id")
        .values_list("revision_id", "data")
    )
    notes: dict[int, list[ImportNote]] = {}
    for revision_id, data in entries:
        # The latest entry per revision.
        notes.setdefault(
            revision_id,
            [ImportNote.from_json(flag) for flag in (data or {}).get("flags", [])],
        )
    return notes


def article_from_page(
    page: ArticlePage,
    *,
    disclaimer: str = "",
    today: date | None = None,
    import_notes: list[ImportNote] | None = None,
) -> ArticleData:
    """A page object as the audit sees it: a stored page, a revision's
    (`revision.as_object()`), or an unsaved one built from the editor's form
    (no id yet, hashtags held in memory). `disclaimer` is the site-wide one."""
    revision_id = page.latest_revision_id
    if import_notes is None:
        import_notes = _import_notes([revision_id]).get(revision_id, [])
    return _article(
        {name: getattr(page, name) for name in PAGE_FIELDS},
        body=contract_blocks(page.body.raw_data),
        hashtags=page.hashtags.names(),
        image=page.social_image,
        reviewer=page.reviewer,
        authors=[
            link.author.name for link in page.article_authors.order_by("sort_order")
        ],
        page_id=page.pk,
        revision_id=revision_id,
        url_path=page.url_path or "",
        live=page.pk is not None and page.live,  # an unsaved page is not
        import_notes=import_notes,
        disclaimer=disclaimer,
        today=today,
    )


def article_from_import(
    article: ImportedArticle, *, disclaimer: str = "", today: date | None = None
) -> ArticleData:
    """An import that has not been stored: what `seo_audit --file` audits."""
    return replace(
        article.article, site_disclaimer=disclaimer, today=today or date.today()
    )


# --- many pages -----------------------------------------------------------


def load_articles(
    pages: Iterable[int] | QuerySet[ArticlePage],
    *,
    published: bool = False,
    disclaimers: Disclaimers | None = None,
    today: date | None = None,
    chunk_size: int = LOAD_CHUNK_SIZE,
    on_error: Callable[[int, Exception], None] | None = None,
) -> Iterator[ArticleData]:
    """ArticleData of many pages, read a chunk at a time, each as
    `article_from_page` reads the same version of it.

    Which version: the latest revision, what an editor last saved and what
    the audit audits (`page.get_latest_revision_as_object()`); or, with
    `published`, what readers see: a live page's published content, and a
    page never published its latest revision. A revision's content is read as
    stored, without the per-page queries Wagtail makes to rebuild it (tree
    position and foreign-key checks do not matter here); images, reviewers,
    hashtags and import notes are fetched for the whole chunk.

    Page ids come in the order given (ids that no longer exist are left out);
    a queryset's pages in its order. A page whose stored content cannot be
    read raises, or with `on_error` is reported there and left out.
    """
    disclaimers = disclaimers or Disclaimers.load()
    size = max(1, chunk_size)
    if isinstance(pages, QuerySet):
        # One query, read as it goes (a server-side cursor where the database
        # has them), a chunk of rows at a time.
        rows = _page_rows(pages, published).iterator(chunk_size=size)
        while chunk := list(islice(rows, size)):
            yield from _articles(chunk, published, disclaimers, today, on_error)
        return
    ids = list(pages)
    for start in range(0, len(ids), size):
        wanted = ids[start : start + size]
        found = {
            row["id"]: row
            for row in _page_rows(ArticlePage.objects.filter(pk__in=wanted), published)
        }
        chunk = [found[pk] for pk in wanted if pk in found]
        yield from _articles(chunk, published, disclaimers, today, on_error)


def article_from_revision(
    revision: Revision,
    *,
    disclaimers: Disclaimers | None = None,
    today: date | None = None,
) -> ArticleData | None:
    """One revision of an article, which need not be its latest (a scheduled
    publish), read as load_articles reads a draft; None if the page is gone."""
    rows = _page_rows(ArticlePage.objects.filter(pk=revision.object_id), False)
    chunk = [
        {**row, "own_row": False, "latest_revision_id": revision.pk} for row in rows
    ]
    articles = _articles(chunk, False, disclaimers or Disclaimers.load(), today, None)
    return next(articles, None)


def _page_rows(pages: QuerySet[ArticlePage], published: bool) -> QuerySet:
    """Each page's facts and fields, with `own_row` saying whether its row is
    the version read (if not, its latest revision is) and, where it is, its
    body as the stored JSON text: a StreamValue per page would cost more
    than the rest of a load."""
    has_no_revision = Q(latest_revision__isnull=True)
    own_row = (
        Q(live=True) | has_no_revision
        if published
        else Q(has_unpublished_changes=False) | has_no_revision
    )
    return pages.annotate(
        body_json=Case(
            When(own_row, then=Cast("body", output_field=TextField())), default=None
        ),
        own_row=Case(When(own_row, then=True), default=False),
    ).values(*_PAGE_FACTS, *PAGE_FIELDS, "body_json", "own_row")


def _articles(
    rows: list[dict[str, Any]],
    published: bool,
    disclaimers: Disclaimers,
    today: date | None,
    on_error: Callable[[int, Exception], None] | None,
) -> Iterator[ArticleData]:
    """ArticleData of a chunk of page rows, in their order; the revisions,
    hashtags, images, reviewers and import notes they need in a query each."""
    drafts = [row["latest_revision_id"] for row in rows if not row["own_row"]]
    contents = (
        dict(Revision.objects.filter(pk__in=drafts).values_list("pk", "content"))
        if drafts
        else {}
    )
    versions: dict[int, tuple[Mapping[str, Any], Any, int | None]] = {}
    for row in rows:
        pk = row["id"]
        content = None if row["own_row"] else contents.get(row["latest_revision_id"])
        if content is None:
            revision_id = row["latest_revision_id"]
            if published:
                revision_id = row["live_revision_id"] or revision_id
            versions[pk] = (row, None, revision_id)
        else:
            versions[pk] = (row, content, row["latest_revision_id"])

    own_rows = [pk for pk, v in versions.items() if v[1] is None]
    hashtags = _row_hashtags(own_rows)
    row_authors = _row_authors(own_rows)
    tag_names = _tag_names(v[1] for v in versions.values() if v[1] is not None)
    author_names = _author_names(v[1] for v in versions.values() if v[1] is not None)
    fields: dict[int, Mapping[str, Any]] = {}
    for pk, (row, content, _) in versions.items():
        try:
            fields[pk] = row if content is None else _revision_fields(content)
        except Exception as error:
            if on_error is None:
                raise
            on_error(pk, error)
    images = _in_bulk(get_image_model(), (f["social_image"] for f in fields.values()))
    reviewers = _in_bulk(MedicalReviewer, (f["reviewer"] for f in fields.values()))
    # Only an import's revisions have notes, and an import sets the source.
    notes = _import_notes(
        versions[pk][2] for pk, values in fields.items() if values["source_file"]
    )

    for row in rows:
        pk = row["id"]
        if pk not in fields:
            continue
        _, content, revision_id = versions[pk]
        values = fields[pk]
        try:
            if content is None:
                body = contract_blocks_from_json(row["body_json"] or "[]")
                tags = hashtags.get(pk, [])
                authors = row_authors.get(pk, [])
                url_path = row["url_path"] or ""
            else:
                stored = content.get("body") or "[]"
                body = (
                    contract_blocks_from_json(stored)
                    if isinstance(stored, str)
                    else contract_blocks(stored)
                )
                tags = [
                    tag_names[item["tag"]]
                    for item in content.get("tagged_items", ())
                    if item.get("tag") in tag_names
                ]
                authors = [
                    author_names[item["author"]]
                    for item in sorted(
                        content.get("article_authors", ()),
                        key=lambda item: item.get("sort_order") or 0,
                    )
                    if item.get("author") in author_names
                ]
                url_path = _url_path(row["url_path"] or "", values["slug"])
            article = _article(
                values,
                body=body,
                hashtags=tags,
                image=images.get(values["social_image"]),
                reviewer=reviewers.get(values["reviewer"]),
                authors=authors,
                page_id=pk,
                revision_id=revision_id,
                url_path=url_path,
                live=row["live"],
                import_notes=notes.get(revision_id, []),
                disclaimer=disclaimers.for_path(row["path"]),
                today=today,
            )
        except Exception as error:
            if on_error is None:
                raise
            on_error(pk, error)
            continue
        yield article


def _revision_fields(content: Mapping[str, Any]) -> dict[str, Any]:
    """PAGE_FIELDS of a revision's content, as the model's fields read them
    (Page.from_serializable_data does the same): a field the revision
    predates has its default."""
    values = {}
    for name in PAGE_FIELDS:
        field = ArticlePage._meta.get_field(name)
        if name not in content:
            values[name] = field.get_default()
        elif field.remote_field is not None:
            values[name] = content[name]  # an id
        else:
            values[name] = field.to_python(content[name])
    return values


def _url_path(page_url_path: str, slug: str) -> str:
    """Where the page's revision would live: its parent's path and the
    revision's slug (as Wagtail rebuilds a revision's url_path)."""
    parent = page_url_path.rstrip("/").rpartition("/")[0]
    return f"{parent}/{slug}/"


def _row_hashtags(page_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    if page_ids:
        rows = (
            ArticleHashtag.objects.filter(content_object_id__in=page_ids)
            .order_by("pk")
            .values_list("content_object_id", "tag__name")
        )
        for page_id, name in rows:
            found[page_id].append(name)
    return found


def _row_authors(page_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    if page_ids:
        rows = (
            ArticleAuthor.objects.filter(page_id__in=page_ids)
            .order_by("sort_order", "pk")
            .values_list("page_id", "author__name")
        )
        for page_id, name in rows:
            found[page_id].append(name)
    return found


def _author_names(contents: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    """Names of the authors revisions refer to; one deleted since is absent."""
    ids = {
        item.get("author")
        for content in contents
        if isinstance(content, dict)
        for item in content.get("article_authors") or ()
        if isinstance(item, dict)
    } - {None}
    if not ids:
        return {}
    return dict(Author.objects.filter(pk__in=ids).values_list("pk", "name"))


def _tag_names(contents: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    """Names of the tags revisions refer to; a tag deleted since is absent."""
    ids = {
        item.get("tag")
        for content in contents
        if isinstance(content, dict)
        for item in content.get("tagged_items") or ()
        if isinstance(item, dict)
    } - {None}
    if not ids:
        return {}
    return dict(Hashtag.objects.filter(pk__in=ids).values_list("pk", "name"))


def _in_bulk(model, ids: Iterable[int | None]) -> dict[int, Any]:
    """Objects by id; an id whose row was deleted since reads as absent, as
    Wagtail's own revision loading treats it."""
    wanted = set(ids) - {None}
    return model._default_manager.in_bulk(wanted) if wanted else {}
