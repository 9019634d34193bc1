"""The SEO score column of the admin's article listings.

Two listings show articles: the explorer's listing of the article index's
children (Wagtail routes it to the article viewset's `index_view_class`, since
the index only allows articles below it) and the viewset's flat listing of
every article (`content_type_use_view_class`, reached from Reports > Page
types usage). Both annotate their queryset with the score of each page's
latest stored audit, one subquery in the listing's own query, so a page of
rows costs no query per row, and the column sorts on it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.pages.usage import ContentTypeUseView

from seo.models import SeoAudit

from .panel import band

SCORE = "seo_score"
AUDITED_AT = "seo_audited_at"
ORDERINGS = (SCORE, f"-{SCORE}")


class ScoreColumn(Column):
    """The latest audit's overall score, with its band in colour and in words."""

    cell_template_name = "seo/admin/listing/score_cell.html"

    class Media:
        # The score bands' colours are the editor panel's (panel.css).
        css = {"all": ["seo/panel.css", "seo/dashboard.css"]}

    def get_cell_context_data(self, instance, parent_context) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        score = getattr(instance, SCORE, None)
        context.update(
            score=score,
            band=band(score),
            audited_at=getattr(instance, AUDITED_AT, None),
        )
        return context


def score_column() -> ScoreColumn:
    return ScoreColumn(
        "seo", label=_("SEO score"), accessor=SCORE, sort_key=SCORE, width="12%"
    )


class ScoredListingMixin:
    """A Wagtail page listing whose rows carry their latest audit's score."""

    def annotate_queryset(self, pages):
        # One row at most (is_latest): no ordering needed.
        latest = SeoAudit.objects.filter(
            page_id=OuterRef("pk"), is_latest=True
        ).order_by()
        return (
            super()
            .annotate_queryset(pages)
            .annotate(
                **{
                    SCORE: Subquery(latest.values("overall_score")[:1]),
                    AUDITED_AT: Subquery(latest.values("audited_at")[:1]),
                }
            )
        )

    def get_valid_orderings(self):
        orderings = super().get_valid_orderings()
        if self.is_searching:
            # Search backends order only by indexed fields, not annotations
            # (Wagtail drops its content type ordering for the same reason).
            orderings = [o for o in orderings if o not in ORDERINGS]
        return orderings

    def order_queryset(self, queryset):
        # Articles never audited go last either way: they are not the worst.
        if self.ordering == SCORE:
            return queryset.order_by(F(SCORE).asc(nulls_last=True), "pk")
        if self.ordering == f"-{SCORE}":
            return queryset.order_by(F(SCORE).desc(nulls_last=True), "pk")
        return super().order_queryset(queryset)


class ArticleExplorerView(ScoredListingMixin, ExplorableIndexView):
    base_columns = [*ExplorableIndexView.base_columns, score_column()]


class ArticleTypeUseView(ScoredListingMixin, ContentTypeUseView):
    pass
