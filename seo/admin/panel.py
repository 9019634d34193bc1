"""The SEO side panel of the article editor: the audit of the form as it stands.

`PanelAudit` turns one audit of an (unsaved) page into what the panel shows:
scores with their bands, findings grouped by category worst first, a search
result and a social card as they would look, and the page's score history.
The same template renders it inside the editor (first load, and after each
autosave through Wagtail's `render_partials`) and for the live endpoint the
panel's script calls while the writer types.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.forms import Media
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.side_panels import BaseSidePanel

from articles.api import reading
from articles.models import ArticlePage
from seo import pixels
from seo.audit import Auditor, AuditReport
from seo.checks.base import Category, Check
from seo.document import ArticleData, Document
from seo.findings import Finding, Level, Status
from seo.models import SeoAudit
from seo.site_cache import live_site_index
from seo.sources import Disclaimers, article_from_page

CATEGORY_ORDER = [str(category) for category in Category]
CATEGORY_LABELS = {
    "seo": "SEO",
    "readability": "Readability",
    "headings": "Headings",
    "hashtags": "Hashtags",
    "health": "Health content",
}
# Wagtail's Checks panel labels its LIX figure the same way (core.js).
LIX_BANDS = ((35, "Good"), (45, "Fair"))
SOCIAL_IMAGE_SPEC = "fill-600x314"


def band(score: int | None) -> str:
    """good, ok or bad, as the API and the admin report colour scores."""
    if score is None:
        return "none"
    if score >= 80:
        return "good"
    if score >= 50:
        return "ok"
    return "bad"


@dataclass
class ShownFinding:
    finding: Finding
    check: Check
    number: int

    @property
    def level(self) -> str:
        return self.finding.level.label

    @property
    def block_id(self) -> str | None:
        location = self.finding.location
        return location.block_id if location else None

    @property
    def field_name(self) -> str | None:
        location = self.finding.location
        return location.field if location else None

    @property
    def fix(self):
        return self.finding.fix

    @property
    def fix_json(self) -> str:
        fix = self.fix
        return json.dumps({"id": fix.id, "args": dict(fix.args)}) if fix else ""

    @property
    def key(self) -> tuple:
        """What identifies a finding across revisions: its check, where it
        points, and what it says."""
        return finding_key(self.finding.as_json())


def finding_key(finding: dict[str, Any]) -> tuple:
    location = finding.get("location") or {}
    return (
        finding.get("check"),
        location.get("block_id") or location.get("field"),
        finding.get("message"),
    )


@dataclass
class CategoryGroup:
    name: str
    label: str
    findings: list[ShownFinding] = field(default_factory=list)

    @property
    def worst(self) -> int:
        return max((f.finding.level for f in self.findings), default=0)


@dataclass
class TrendPoint:
    x: float
    y: float
    score: int
    label: str


class PanelAudit:
    """One audit of `page` (unsaved edits included) as the panel shows it."""

    def __init__(
        self,
        page: ArticlePage,
        *,
        article: ArticleData | None = None,
    ):
        """`article` is the page as the audit reads it, when the caller has
        it already (a fixed article whose hashtags are not on `page`)."""
        self.page = page
        self.auditor = Auditor()
        self.article = article or article_of(page)
        self.document = Document(self.article, live_site_index())
        self.report: AuditReport = self.auditor.audit(self.document)
        self.checks = {check.id: check for check in self.auditor.checks}

    # --- scores ------------------------------------------------------------

    @property
    def overall(self) -> int | None:
        return self.report.scores.overall

    @property
    def overall_band(self) -> str:
        return band(self.overall)

    @cached_property
    def categories(self) -> list[dict[str, Any]]:
        scores = self.report.scores.categories
        return [
            {
                "name": name,
                "label": CATEGORY_LABELS.get(name, name.title()),
                "score": scores[name],
                "band": band(scores[name]),
            }
            for name in sorted(scores, key=_category_rank)
            if scores[name] is not None
        ]

    @cached_property
    def counts(self) -> dict[str, int]:
        return {level.label: self.report.count(level) for level in Level}

    @property
    def problems(self) -> int:
        return self.counts["error"] + self.counts["warning"]

    # --- findings ------------------------------------------------------------

    @cached_property
    def shown(self) -> list[ShownFinding]:
        found = []
        for result in self.report.results:
            if result.status is Status.NOT_APPLICABLE:
                continue
            for finding in result.findings:
                found.append(
                    ShownFinding(finding, self.checks[finding.check_id], len(found))
                )
        return found

    @cached_property
    def groups(self) -> list[CategoryGroup]:
        groups: dict[str, CategoryGroup] = {}
        for item in self.shown:
            name = str(item.check.category)
            group = groups.setdefault(
                name, CategoryGroup(name, CATEGORY_LABELS.get(name, name.title()))
            )
            group.findings.append(item)
        for group in groups.values():
            group.findings.sort(key=lambda f: (-f.finding.level, f.number))
        return sorted(groups.values(), key=lambda g: (-g.worst, _category_rank(g.name)))

    def finding(self, number: int) -> ShownFinding | None:
        return self.shown[number] if 0 <= number < len(self.shown) else None

    # --- figures shown beside Wagtail's Checks panel ---------------------------

    @cached_property
    def word_count(self) -> int:
        return reading.word_count(list(self.page.body.raw_data))

    @property
    def reading_time(self) -> int:
        return reading.reading_time(self.word_count)

    @property
    def words_per_minute(self) -> int:
        return reading.WORDS_PER_MINUTE

    @cached_property
    def lix(self) -> int | None:
        """LIX over the article's prose: words per sentence plus the share of
        words longer than six letters, the formula of the Checks panel's
        "Readability"."""
        words = self.document.words
        sentences = len(self.document.sentences)
        if len(words) < 10 or not sentences:
            return None
        long_words = sum(1 for word in words if len(word) > 6)
        return round(len(words) / sentences + 100 * long_words / len(words))

    @property
    def lix_label(self) -> str:
        if self.lix is None:
            return ""
        return next(
            (label for limit, label in LIX_BANDS if self.lix < limit), "Complex"
        )

    @cached_property
    def grade(self) -> Any:
        for result in self.report.results:
            if result.check_id == "grade-level":
                return result.value
        return None

    # --- previews ------------------------------------------------------------

    def _param(self, check_id: str, name: str, default: Any) -> Any:
        check = self.checks.get(check_id)
        return check.param(self.document, name) if check else default

    @cached_property
    def search_title(self) -> str:
        max_width = self._param("seo-title-width", "max_width", 600)
        return pixels.truncate(self.document.seo_title, max_width)

    @property
    def search_title_cut(self) -> bool:
        return self.search_title != self.document.seo_title

    @cached_property
    def search_description(self) -> str:
        description = self.article.search_description.strip()
        limit = self._param("meta-description-length", "max_length", 156)
        if len(description) <= limit:
            return description
        return description[: limit - 1].rstrip() + "…"

    @cached_property
    def public_url(self) -> str:
        if not self.page.pk or not self.page.url_path:
            return ""
        return self.page.get_full_url() or ""

    @cached_property
    def social_image_url(self) -> str:
        image = self.page.social_image
        if image is None:
            return ""
        try:
            return image.get_rendition(SOCIAL_IMAGE_SPEC).url
        except OSError:  # Wagtail's SourceImageIOError: the file is gone
            return ""

    # --- history ---------------------------------------------------------------

    @cached_property
    def stored(self) -> list[SeoAudit]:
        if not self.page.pk:
            return []
        return list(
            SeoAudit.objects.filter(page_id=self.page.pk, revision__isnull=False)
            .select_related("revision")
            .order_by("revision__created_at", "pk")
        )

    @cached_property
    def trend(self) -> dict[str, Any] | None:
        """The overall score of each audited revision, as an SVG polyline."""
        points = [a for a in self.stored if a.overall_score is not None][-20:]
        if len(points) < 2:
            return None
        width, height, pad = 240, 60, 6
        step = (width - 2 * pad) / (len(points) - 1)
        shown = [
            TrendPoint(
                x=round(pad + i * step, 1),
                y=round(
                    height - pad - (height - 2 * pad) * audit.overall_score / 100, 1
                ),
                score=audit.overall_score,
                label=f"{audit.revision.created_at:%d %b %Y %H:%M}: "
                f"{audit.overall_score}",
            )
            for i, audit in enumerate(points)
        ]
        return {
            "width": width,
            "height": height,
            "points": shown,
            "polyline": " ".join(f"{p.x},{p.y}" for p in shown),
            "first": shown[0].score,
            "last": shown[-1].score,
        }

    @cached_property
    def since_published(self) -> dict[str, list] | None:
        """Findings that appeared or went away since the published revision."""
        # From the database: a page built from a revision carries the live
        # revision of the moment that revision was saved.
        live_revision_id = (
            ArticlePage.objects.filter(pk=self.page.pk)
            .values_list("live_revision_id", flat=True)
            .first()
        )
        published = next(
            (a for a in self.stored if a.revision_id == live_revision_id), None
        )
        if published is None:
            return None
        # Only checks that ran both times compare: audits stored on save
        # leave out the site-wide checks, which are not new for that.
        ran_then = {
            result["check"]
            for result in published.results
            if result.get("status") != str(Status.NOT_APPLICABLE)
        }
        ran_now = {
            result.check_id
            for result in self.report.results
            if result.status is not Status.NOT_APPLICABLE
        }
        both = ran_then & ran_now
        before = {
            finding_key(finding): finding
            for result in published.results
            if result["check"] in both
            for finding in result.get("findings", ())
        }
        now = {item.key: item for item in self.shown if item.finding.check_id in both}
        return {
            "appeared": [now[key] for key in now if key not in before],
            "gone": [before[key] for key in before if key not in now],
        }


def article_of(page: ArticlePage) -> ArticleData:
    """The page as the panel audits it, with its site's disclaimer."""
    disclaimer = Disclaimers.load().for_path(page.path or "")
    return article_from_page(page, disclaimer=disclaimer)


def _category_rank(name: str) -> int:
    return CATEGORY_ORDER.index(name) if name in CATEGORY_ORDER else len(CATEGORY_ORDER)


class SeoSidePanel(BaseSidePanel):
    """The "SEO" panel beside Wagtail's Status, Preview and Checks panels."""

    class SidePanelToggle(BaseSidePanel.SidePanelToggle):
        aria_label = gettext_lazy("Toggle SEO audit")
        icon_name = "search"
        counter_classname = "w-bg-critical-200"

        def get_context_data(self, parent_context):
            context = super().get_context_data(parent_context)
            context["count"] = self.panel.audit.problems if self.panel.audit else 0
            return context

    name = "seo"
    title = gettext_lazy("SEO")
    template_name = "seo/admin/side_panel.html"
    order = 340

    def __init__(self, object, request, *, live_url: str, fix_url: str):
        super().__init__(object, request)
        self.live_url = live_url
        self.fix_url = fix_url

    @cached_property
    def audit(self) -> PanelAudit | None:
        # A page with nothing written yet (the create view's first load)
        # has nothing to audit; the script audits it once the writer types.
        if not self.object.title and not self.object.body:
            return None
        return PanelAudit(self.object)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(audit=self.audit, live_url=self.live_url, fix_url=self.fix_url)
        return context

    @property
    def media(self):
        return Media(js=["seo/panel.js"], css={"all": ["seo/panel.css"]})
