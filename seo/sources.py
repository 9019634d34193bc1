"""Turn what exists (a stored page, an import) into ArticleData for the audit.

This is the only part of the audit that reads the database; checks never do.
"""

from dataclasses import replace
from datetime import date

from wagtail.models import PageLogEntry, Site

from articles.blocks import contract_data, rich_text_plain
from articles.importing.article import ImportedArticle
from articles.models import ArticlePage
from articles.wagtail_hooks import IMPORT_ACTION

from .document import ArticleData, ImageInfo, ImportNote
from .models import HealthContentSettings


def _body(raw_data) -> list[dict]:
    """Stored blocks in contract shape, keeping each top-level block's id."""
    return [
        {"type": b["type"], "value": contract_data(b["value"]), "id": b.get("id")}
        for b in raw_data
    ]


def site_disclaimer(site: Site | None) -> str:
    if site is None:
        return ""
    text = HealthContentSettings.for_site(site).medical_disclaimer
    return rich_text_plain(text)


def _import_notes(page: ArticlePage, revision_id: int | None) -> list[ImportNote]:
    """The importer's flags, while the audited revision is the imported one."""
    if revision_id is None:
        return []
    entry = PageLogEntry.objects.filter(
        revision_id=revision_id, action=IMPORT_ACTION
    ).first()
    flags = (entry.data or {}).get("flags", []) if entry else []
    return [ImportNote(f["kind"], f["block"], f["excerpt"], f["reason"]) for f in flags]


def article_from_page(
    page: ArticlePage,
    *,
    disclaimer: str = "",
    today: date | None = None,
    import_notes: list[ImportNote] | None = None,
) -> ArticleData:
    """A page as the audit sees it. Audit a draft by passing
    `revision.as_object()`; `disclaimer` is the site-wide one, if any."""
    revision_id = page.latest_revision_id
    image = page.social_image
    return ArticleData(
        title=page.title,
        body=_body(page.body.raw_data),
        slug=page.slug,
        seo_title=page.seo_title,
        search_description=page.search_description,
        intro=page.intro,
        hashtags=tuple(page.hashtags.names()),
        focus_keyphrase=page.focus_keyphrase,
        keyphrase_synonyms=tuple(
            s.strip() for s in page.keyphrase_synonyms.split(",") if s.strip()
        ),
        canonical_url=page.canonical_url,
        noindex=page.noindex,
        social_image=ImageInfo(image.width, image.height, image.default_alt_text)
        if image
        else None,
        cornerstone=page.cornerstone,
        target_grade=page.target_grade,
        reviewer=str(page.reviewer) if page.reviewer else "",
        last_reviewed=page.last_reviewed,
        site_disclaimer=disclaimer,
        page_id=page.pk,
        revision_id=revision_id,
        source=page.source_file,
        import_notes=tuple(
            _import_notes(page, revision_id) if import_notes is None else import_notes
        ),
        **({"today": today} if today else {}),
    )


def article_from_import(
    article: ImportedArticle, *, disclaimer: str = "", today: date | None = None
) -> ArticleData:
    """An import that has not been stored: what `seo_audit --file` audits."""
    return replace(
        article.article, site_disclaimer=disclaimer, today=today or date.today()
    )
