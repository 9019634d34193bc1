"""Fixes saved as revisions: what `manage.py seo_audit --fix` does.

The library is read a chunk of pages at a time (`seo.runner.load_articles`),
so a run over 10,000 articles holds one chunk, never the library. Each
article is fixed with `seo.fixes.fix_article` and, unless this is a dry run,
saved as a new revision in a transaction of its own: logged with the acting
`user` (none for the command, which acts for nobody), a draft unless
publishing was asked for. An article that cannot be read, fixed or saved is
reported through `on_error` and the others carry on.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import reset_queries, transaction
from wagtail.log_actions import log

from seo import runner
from seo.document import ArticleData
from seo.findings import Fix
from seo.fixes import FIXABLE_FIELDS, apply_to_page, fix_article, list_or_value
from seo.formats import Failure, writable

if TYPE_CHECKING:
    from seo.audit import Auditor
    from seo.site import SiteIndex

# The history entry of a saved fix ("Applied SEO fix: …", seo.admin.report).
FIX_ACTION = "seo.fix"


@dataclass(frozen=True)
class ArticleFix:
    """One article that a run changed (or, in a dry run, would change)."""

    page_id: int
    slug: str
    fixes: tuple[Fix, ...]
    diff: tuple[str, ...]
    # The revision saved, and whether it was published (None: a dry run).
    revision_id: int | None = None
    published: bool = False
    # Why a publish was asked for and not done, if it was not.
    kept_draft: str = ""

    @property
    def label(self) -> str:
        return f"page {self.page_id} ({self.slug or 'no slug'})"

    def line(self) -> str:
        """One line saying what was done."""
        labels = "; ".join(fix.label for fix in self.fixes)
        count = f"{len(self.fixes)} fix{'es' if len(self.fixes) != 1 else ''}"
        if self.revision_id is None:
            return f"{self.label}: would apply {count}: {labels}"
        if self.published:
            done = f"published revision {self.revision_id}"
        else:
            done = f"saved revision {self.revision_id} as a draft"
            if self.kept_draft:
                done += f" ({self.kept_draft})"
        return f"{self.label}: {done} with {count}: {labels}"


@dataclass
class FixSummary:
    """What a run did, in counts; the articles themselves were reported as
    they were done."""

    dry_run: bool = False
    selected: int = 0
    changed: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)

    def line(self) -> str:
        if self.dry_run:
            return (
                f"Dry run: {self.changed} of {self.selected} article(s) would be "
                "fixed; nothing was saved."
            )
        if not self.changed:
            return f"Nothing to fix in {self.selected} article(s)."
        return f"Fixed {self.changed} of {self.selected} article(s)."


def failure_message(failure: Failure) -> str:
    return f"page {failure.page_id} ({failure.label}): could not be fixed: " + (
        failure.reason
    )


# --- the diff ------------------------------------------------------------------


def _json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    # A lone surrogate (stored before API v3 refused them) has no UTF-8 form.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def article_lines(article: ArticleData) -> list[str]:
    """The article's fixable fields and blocks, one readable line each: the
    lines a diff of a fix compares."""
    lines = []
    for name in FIXABLE_FIELDS:
        value = list_or_value(getattr(article, name))
        if name == "hashtags":
            shown = " ".join(f"#{tag}" for tag in value)
        else:
            shown = str(value)
        lines.append(f"{name}: {writable(shown, limit=10_000)}")
    for index, block in enumerate(article.body):
        where = block.get("id") or index
        lines.append(f"body[{where}] {block['type']}: {_json(block['value'])}")
    return lines


def article_diff(before: ArticleData, after: ArticleData) -> list[str]:
    """A unified diff of the lines that changed (no context: every line says
    which field or block it is)."""
    name = f"page {before.page_id} ({before.slug})"
    revision = f"revision {before.revision_id}" if before.revision_id else "live"
    return list(
        difflib.unified_diff(
            article_lines(before),
            article_lines(after),
            fromfile=f"{name} {revision}",
            tofile=f"{name} fixed",
            n=0,
            lineterm="",
        )
    )


# --- the run -------------------------------------------------------------------


def site_for_fixes(auditor: Auditor) -> SiteIndex | None:
    """The site index, when a selected check needs it or offers fixes from it
    (unlinked-references links a reference to the article it names)."""
    uses_site = any(
        check.needs_site or check.id == "unlinked-references"
        for check in auditor.checks
    )
    if not uses_site:
        return None
    from seo.site import build_site_index

    return build_site_index()


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _load(
    chunk: Sequence[int],
    disclaimers: runner.Disclaimers,
    today: date | None,
    failed: Callable[[int, BaseException], None],
) -> list[ArticleData]:
    try:
        return runner.load_articles(chunk, disclaimers=disclaimers, today=today)
    except Exception as error:
        if len(chunk) == 1:
            failed(chunk[0], error)
            return []
        # One draft that cannot be loaded: find it, page by page.
        return [a for pk in chunk for a in _load([pk], disclaimers, today, failed)]


def fix_pages(
    page_ids: Sequence[int],
    auditor: Auditor,
    *,
    site: SiteIndex | None = None,
    dry_run: bool = False,
    publish: bool = False,
    chunk_size: int = runner.CHUNK_SIZE,
    today: date | None = None,
    on_article: Callable[[ArticleFix], None] | None = None,
    on_error: Callable[[Failure], None] | None = None,
    user: Any = None,
) -> FixSummary:
    """Fix the latest revision of each page and save the result as a new
    revision (published with `publish`, where that publishes nothing but the
    fix); with `dry_run`, save nothing. Reports each changed article through
    `on_article` as it is done. The revisions and their history entries are
    `user`'s (the admin user applying the fix), or nobody's."""
    summary = FixSummary(dry_run=dry_run, selected=len(page_ids))
    disclaimers = runner.Disclaimers.load()

    def failed(page_id: int, error: BaseException, slug: str | None = None) -> None:
        if slug is None:
            from articles.models import ArticlePage

            found = ArticlePage.objects.filter(pk=page_id).values_list("slug")
            slug = next((row[0] for row in found), "")
        failure = Failure.of(page_id, slug, error)
        summary.failures.append(failure)
        if on_error is not None:
            on_error(failure)

    for chunk in _chunks(list(page_ids), max(1, chunk_size)):
        for article in _load(chunk, disclaimers, today, failed):
            page_id = article.page_id or 0
            try:
                fixed, applied = fix_article(article, auditor, site=site)
                if fixed == article:
                    summary.unchanged += 1
                    continue
                result = ArticleFix(
                    page_id,
                    article.slug,
                    tuple(applied),
                    tuple(article_diff(article, fixed)),
                )
                if not dry_run:
                    saved = _save(article, fixed, result, publish=publish, user=user)
                    if saved is None:
                        summary.unchanged += 1
                        continue
                    result = saved
            except Exception as error:
                failed(page_id, error, article.slug)
                continue
            summary.changed += 1
            if on_article is not None:
                on_article(result)
        # With DEBUG on, Django keeps every query's SQL.
        reset_queries()
    return summary


class StaleArticle(RuntimeError):
    """The page changed between reading and saving it."""


def _save(
    before: ArticleData,
    fixed: ArticleData,
    result: ArticleFix,
    *,
    publish: bool,
    user: Any = None,
) -> ArticleFix | None:
    """Save the fixed article as a revision; None when the page would not
    change (a hashtag's case that only its tag can carry, say)."""
    from articles.models import ArticlePage

    with transaction.atomic():
        page = ArticlePage.objects.select_for_update().get(pk=before.page_id)
        if page.latest_revision_id != before.revision_id:
            raise StaleArticle(
                "it was edited while the fixes were computed; run the fix again"
            )
        # Publishing the fix must not publish someone's unfinished draft too.
        kept_draft = ""
        if publish and not page.live:
            kept_draft = "not published: the page is not live"
        elif publish and page.has_unpublished_changes:
            kept_draft = "not published: the page has unpublished changes"
        draft = page.get_latest_revision_as_object()
        if not apply_to_page(draft, fixed):
            return None
        # One history entry that says what was fixed, whichever door fixed it
        # (the SEO report, seo_audit --fix), in place of Wagtail's "Edited".
        revision = draft.save_revision(user=user, log_action=False)
        log(
            instance=draft,
            action=FIX_ACTION,
            user=user,
            revision=revision,
            content_changed=True,
            data={"fixes": [fix.as_json() for fix in result.fixes]},
        )
        published = publish and not kept_draft
        if published:
            revision.publish(user=user)
    return ArticleFix(
        result.page_id,
        result.slug,
        result.fixes,
        result.diff,
        revision_id=revision.pk,
        published=published,
        kept_draft=kept_draft,
    )
