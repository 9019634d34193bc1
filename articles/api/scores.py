"""The public summary of an article's SEO audit: scores, never findings."""

from collections.abc import Sequence
from typing import Any

from articles.models import ArticlePage
from seo.models import SeoAudit
from seo.storage import SCORE_FIELDS


def latest_published_audits(pages: Sequence[ArticlePage]) -> dict[int, SeoAudit]:
    """The latest stored audit of each page's published revision, in one query.

    Only the live revision counts: the scores describe what readers see, and an
    audit of a newer draft would say something about unpublished work.
    """
    live_revisions = [page.live_revision_id for page in pages if page.live_revision_id]
    if not live_revisions:
        return {}
    audits = (
        SeoAudit.objects.filter(
            page_id__in=[page.pk for page in pages], revision_id__in=live_revisions
        )
        # The findings can be large and are not public: never load them here.
        .defer("results")
        .order_by("page_id", "-audited_at", "-pk")
    )
    latest: dict[int, SeoAudit] = {}
    for audit in audits:
        latest.setdefault(audit.page_id, audit)
    return latest


def score_summary(audit: SeoAudit) -> dict[str, Any]:
    return {
        "overall": audit.overall_score,
        "categories": {
            category: getattr(audit, field) for category, field in SCORE_FIELDS.items()
        },
        "audited_at": audit.audited_at.isoformat(),
        "engine_version": audit.engine_version,
    }
