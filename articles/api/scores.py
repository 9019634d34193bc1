"""The public summary of an article's SEO audit: scores, never findings."""

from collections.abc import Sequence
from typing import Any

from articles.models import ArticlePage
from seo.models import SeoAudit
from seo.storage import SCORE_FIELDS


def latest_score_summaries(pages: Sequence[ArticlePage]) -> dict[int, dict[str, Any]]:
    """The score summary of the latest stored audit of each page's published
    revision, by page id, in one query.

    Only the live revision counts: the scores describe what readers see, and an
    audit of a newer draft would say something about unpublished work. Only
    the scores are read, as plain values: the findings can be large and are
    not public.
    """
    live_revisions = [page.live_revision_id for page in pages if page.live_revision_id]
    if not live_revisions:
        return {}
    rows = (
        SeoAudit.objects.filter(
            page_id__in=[page.pk for page in pages], revision_id__in=live_revisions
        )
        .order_by("page_id", "-audited_at", "-pk")
        .values(
            "page_id",
            "overall_score",
            "audited_at",
            "engine_version",
            *SCORE_FIELDS.values(),
        )
    )
    latest: dict[int, dict[str, Any]] = {}
    for row in rows:
        if row["page_id"] not in latest:
            latest[row["page_id"]] = score_summary(row)
    return latest


def score_summary(audit: dict[str, Any]) -> dict[str, Any]:
    return {
        "overall": audit["overall_score"],
        "categories": {
            category: audit[field] for category, field in SCORE_FIELDS.items()
        },
        "audited_at": audit["audited_at"].isoformat(),
        "engine_version": audit["engine_version"],
    }
