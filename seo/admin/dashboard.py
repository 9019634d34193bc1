"""The SEO panel on the admin home: the library's scores at a glance.

Four figures, all from each article's latest stored audit
(`SeoAudit.is_latest`) and all aggregated in SQL, so the panel costs a handful
of queries however large the library is: the score distribution (one GROUP BY
over a computed bin), the five lowest-scoring articles, the five checks that
fail most often (a GROUP BY over `SeoAuditCheck`) and the 90-day average.

Editors only see figures about pages they may explore in the admin: every
figure is computed over those pages, unless they cover every audited page
(superusers, and editors with permission at the top of the tree), when the
whole library's figures are theirs and the 90-day line reads the recorded
`SeoLibraryDay` rows. A narrower scope replays its own pages' stored audits
for the line instead, since the recorded days average the whole library.

Charts are plain SVG built here and drawn by the templates in
templates/seo/admin/dashboard/: Wagtail bundles no chart library and the admin
loads nothing from elsewhere.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf, TruncDate
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permissions import policy_registry

from seo.checks import registry
from seo.findings import Status
from seo.models import SeoAudit, SeoAuditCheck, SeoLibraryDay
from seo.registry import UnknownCheck

from .panel import band

BIN_WIDTH = 10
BINS = 10  # 0-9, 10-19, ... 90-100: a perfect score joins the top bin
TOP = 5
TREND_DAYS = 90
# The checks that score: info checks (figures, suggestions) never pass or fail.
FAILING = (Status.BAD, Status.OK)

# SVG geometry, in user units; the charts scale to their box.
WIDTH, HEIGHT = 420, 200
LEFT, RIGHT, TOP_PAD, BOTTOM = 44, 10, 12, 44
FRAME = {
    "width": WIDTH,
    "height": HEIGHT,
    "left": LEFT,
    "right": WIDTH - RIGHT,
    "baseline": HEIGHT - BOTTOM,
    "middle_x": (LEFT + WIDTH - RIGHT) // 2,
    "middle_y": (TOP_PAD + HEIGHT - BOTTOM) // 2,
}


def page_policy():
    return policy_registry.get_by_type(Page)


def may_see_dashboard(user) -> bool:
    """Editors and moderators: whoever may edit or publish some page."""
    return page_policy().user_has_any_permission(user, {"change", "publish"})


def check_title(check_id: str) -> str:
    try:
        return str(registry.get(check_id).title)
    except UnknownCheck:  # stored by an engine that had this check
        return check_id


@dataclass
class Bar:
    low: int
    high: int
    count: int
    band: str
    x: float
    y: float
    width: float
    height: float

    @property
    def label(self) -> str:
        return ngettext(
            "Score %(low)s-%(high)s: %(count)s article (%(band)s)",
            "Score %(low)s-%(high)s: %(count)s articles (%(band)s)",
            self.count,
        ) % {"low": self.low, "high": self.high, "count": self.count, "band": self.band}


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Histogram:
    bars: list[Bar]
    unscored: int
    y_ticks: list[Tick]
    x_ticks: list[Tick]

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)

    @property
    def summary(self) -> str:
        return "; ".join(f"{bar.low}-{bar.high}: {bar.count}" for bar in self.bars)


@dataclass
class TrendPoint:
    day: datetime.date
    average: float
    articles: int
    x: float
    y: float

    @property
    def label(self) -> str:
        return ngettext(
            "%(day)s: average %(average)s over %(articles)s article",
            "%(day)s: average %(average)s over %(articles)s articles",
            self.articles,
        ) % {
            "day": date_format(self.day),
            "average": f"{self.average:.1f}",
            "articles": self.articles,
        }


@dataclass
class Trend:
    points: list[TrendPoint]
    x_ticks: list[Tick]
    y_ticks: list[Tick]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)

    @property
    def summary(self) -> str:
        first, last = self.points[0], self.points[-1]
        return _("Average score from %(first)s on %(start)s to %(last)s on %(end)s") % {
            "first": f"{first.average:.1f}",
            "start": date_format(first.day),
            "last": f"{last.average:.1f}",
            "end": date_format(last.day),
        }


def plot_x(fraction: float) -> float:
    return round(LEFT + (WIDTH - LEFT - RIGHT) * fraction, 1)


def plot_y(fraction: float) -> float:
    """`fraction` of the plot's height above its baseline."""
    return round(HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP_PAD) * fraction, 1)


def count_ticks(top: int) -> list[int]:
    """At most three whole-number ticks from 0 to `top`."""
    return sorted({0, top // 2, top}) if top else [0]


class LibraryFigures:
    """The four figures over the pages `user` may explore in the admin."""

    def __init__(self, user, today: datetime.date | None = None):
        self.user = user
        self.today = today or timezone.localdate()

    # --- scope -----------------------------------------------------------------

    @cached_property
    def explorable(self) -> QuerySet[Page] | None:
        """The pages the user may explore, or None for every page."""
        if self.user.is_superuser:
            return None
        pages = page_policy().explorable_instances(self.user).values("pk")
        outside = SeoAudit.objects.filter(is_latest=True).exclude(page__in=pages)
        return pages if outside.exists() else None

    def visible(self, rows: QuerySet, page: str = "page") -> QuerySet:
        """`rows` (audits, or rows with a path to their page) of visible pages."""
        if self.explorable is None:
            return rows
        return rows.filter(**{f"{page}__in": self.explorable})

    @cached_property
    def latest(self) -> QuerySet[SeoAudit]:
        return self.visible(SeoAudit.objects.filter(is_latest=True))

    # --- the figures -----------------------------------------------------------

    @cached_property
    def histogram(self) -> Histogram:
        score = F("overall_score")
        per_bin = dict(
            self.latest.annotate(
                bin=Case(
                    When(overall_score__gte=BIN_WIDTH * BINS, then=Value(BINS - 1)),
                    default=score / BIN_WIDTH,
                    output_field=IntegerField(),
                )
            )
            .order_by()
            .values("bin")
            .annotate(count=Count("pk"))
            .values_list("bin", "count")
        )
        top = max((n for b, n in per_bin.items() if b is not None), default=0)
        slot = (WIDTH - LEFT - RIGHT) / BINS
        bars = []
        for index in range(BINS):
            count = per_bin.get(index, 0)
            low = index * BIN_WIDTH
            height = round((HEIGHT - BOTTOM - TOP_PAD) * count / top, 1) if top else 0
            bars.append(
                Bar(
                    low=low,
                    high=low + BIN_WIDTH - 1 if index < BINS - 1 else BIN_WIDTH * BINS,
                    count=count,
                    # A bin is coloured as its lowest score: bands start on
                    # multiples of ten, so no bin straddles two.
                    band=band(low),
                    x=round(LEFT + index * slot + 2, 1),
                    y=round(HEIGHT - BOTTOM - height, 1),
                    width=round(slot - 4, 1),
                    height=height,
                )
            )
        return Histogram(
            bars=bars,
            unscored=per_bin.get(None, 0),
            y_ticks=[
                Tick(plot_y(n / top if top else 0), str(n)) for n in count_ticks(top)
            ],
            x_ticks=[
                Tick(plot_x(i / BINS), str(i * BIN_WIDTH)) for i in range(BINS + 1)
            ],
        )

    @cached_property
    def lowest(self) -> list[dict[str, Any]]:
        rows = (
            self.latest.filter(overall_score__isnull=False)
            .annotate(
                # What the admin shows as the page's title: its draft's.
                title=Coalesce(NullIf(F("page__draft_title"), Value("")), "page__title")
            )
            .order_by("overall_score", "title", "page_id")
            .values("page_id", "title", "overall_score")[:TOP]
        )
        return [
            {
                "title": row["title"],
                "score": row["overall_score"],
                "band": band(row["overall_score"]),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[row["page_id"]]),
            }
            for row in rows
        ]

    @cached_property
    def failing(self) -> list[dict[str, Any]]:
        rows = (
            self.visible(
                SeoAuditCheck.objects.filter(audit__is_latest=True, status__in=FAILING),
                page="audit__page",
            )
            .order_by()
            .values("check_id")
            .annotate(articles=Count("pk"))
            .order_by("-articles", "check_id")[:TOP]
        )
        return [
            {
                "check_id": row["check_id"],
                "title": check_title(row["check_id"]),
                "articles": row["articles"],
                "url": reverse("seo_report:check", args=[row["check_id"]]),
            }
            for row in rows
        ]

    @cached_property
    def trend(self) -> Trend | None:
        """The average of the last 90 days, one point a day from the first day
        with a value; None with fewer than two points."""
        start = self.today - datetime.timedelta(days=TREND_DAYS - 1)
        if self.explorable is None:
            days = recorded_days(start, self.today)
        else:
            days = replayed_days(
                self.visible(SeoAudit.objects.all()), start, self.today
            )
        points = []
        for offset, (day, (average, articles)) in enumerate(days):
            if average is None:
                continue
            points.append(
                TrendPoint(
                    day=day,
                    average=average,
                    articles=articles,
                    x=plot_x(offset / (TREND_DAYS - 1)),
                    y=plot_y(average / 100),
                )
            )
        if len(points) < 2:
            return None
        middle = start + datetime.timedelta(days=TREND_DAYS // 2)
        return Trend(
            points=points,
            x_ticks=[
                Tick(plot_x(0), date_format(start, "j M")),
                Tick(plot_x(0.5), date_format(middle, "j M")),
                Tick(plot_x(1), date_format(self.today, "j M")),
            ],
            y_ticks=[Tick(plot_y(n / 100), str(n)) for n in (0, 50, 100)],
        )


Day = tuple[datetime.date, tuple[float | None, int]]


def each_day(start: datetime.date, end: datetime.date) -> Iterable[datetime.date]:
    for offset in range((end - start).days + 1):
        yield start + datetime.timedelta(days=offset)


def recorded_days(start: datetime.date, end: datetime.date) -> list[Day]:
    """Each day from `start` to `end` with the library's recorded average, the
    last recorded day's carried over days without a row."""
    rows = {
        row.day: (row.average_score, row.articles)
        for row in SeoLibraryDay.objects.filter(day__gte=start, day__lte=end)
    }
    before = SeoLibraryDay.objects.filter(day__lt=start).order_by("-day").first()
    value = (before.average_score, before.articles) if before else (None, 0)
    days = []
    for day in each_day(start, end):
        value = rows.get(day, value)
        days.append((day, value))
    return days


def replayed_days(
    audits: QuerySet[SeoAudit], start: datetime.date, end: datetime.date
) -> list[Day]:
    """Each day's average over the latest audit, at the end of that day, of
    each page `audits` covers: the same figure SeoLibraryDay records for the
    whole library, replayed from the stored audits (as its migration does)."""
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    newest_before = SeoAudit.objects.filter(
        page_id=OuterRef("page_id"), audited_at__lt=since
    ).order_by("-audited_at", "-pk")
    earlier = audits.filter(pk=Subquery(newest_before.values("pk")[:1])).values_list(
        "page_id", "overall_score"
    )
    scores: dict[int, int | None] = {}
    # Running sum and count of the known scores: a day costs its changes.
    total = known = 0

    def score(page_id: int, value: int | None) -> None:
        nonlocal total, known
        previous = scores.get(page_id)
        if previous is not None:
            total, known = total - previous, known - 1
        if value is not None:
            total, known = total + value, known + 1
        scores[page_id] = value

    for page_id, value in earlier:
        score(page_id, value)
    changes = (
        audits.filter(audited_at__gte=since)
        .order_by("audited_at", "pk")
        # The day in the current time zone, as SeoLibraryDay records it.
        .annotate(day=TruncDate("audited_at"))
        .values_list("page_id", "day", "overall_score")
    )
    pending = iter(changes)
    upcoming = next(pending, None)
    days = []
    for day in each_day(start, end):
        while upcoming and upcoming[1] <= day:
            score(upcoming[0], upcoming[2])
            upcoming = next(pending, None)
        days.append((day, (total / known if known else None, len(scores))))
    return days


class SeoDashboardPanel(Component):
    """The SEO panel of the admin home (Wagtail's `construct_homepage_panels`)."""

    name = "seo_dashboard"
    template_name = "seo/admin/dashboard/panel.html"
    # Above Wagtail's own panels (workflow 210-220, recent edits 250).
    order = 150

    class Media:
        # The score bands' colours are the editor panel's (panel.css).
        css = {"all": ["seo/panel.css", "seo/dashboard.css"]}

    def __init__(self, user, today: datetime.date | None = None):
        self.figures = LibraryFigures(user, today)

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None):
        figures = self.figures
        return {
            "histogram": figures.histogram,
            "lowest": figures.lowest,
            "failing": figures.failing,
            "trend": figures.trend,
            "trend_days": TREND_DAYS,
            "frame": FRAME,
        }


@hooks.register("construct_homepage_panels")
def add_seo_dashboard_panel(request: HttpRequest, panels: list) -> None:
    if may_see_dashboard(request.user):
        panels.append(SeoDashboardPanel(request.user))
