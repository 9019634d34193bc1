"""The SEO report's views: every article's latest stored audit, and the
articles failing one check, with a bulk "Apply fix" for fixable checks.

Both are Wagtail `ReportView`s (filters, sorting, pagination, CSV and XLSX
export). Each row is one `SeoAudit` with `is_latest=True`; everything a row
shows comes from that audit's own columns and from annotations in the same
query (the page's title and status, its focus keyphrase, and the site-wide
problems as EXISTS subqueries on `SeoAuditCheck`), so a page of the report is
a constant number of queries whatever its length, and an export streams rows
from one server-side cursor.

Who sees what: the report is for users with a page permission to add, edit
or publish somewhere (Wagtail's Editors and Moderators), and its rows are
the articles that user may view in the admin's page explorer. A fix is
applied only to articles they may edit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import NotSupportedError
from django.db.models import (
    Exists,
    F,
    Func,
    JSONField,
    OuterRef,
    QuerySet,
    Value,
)
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple
from wagtail.admin.ui.tables import BaseColumn, Column
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import page_permission_policy

from articles.models import ArticleHashtag, ArticlePage, MedicalReviewer, clean_hashtag
from seo.audit import Auditor
from seo.checks import registry
from seo.checks.base import Check
from seo.findings import Level
from seo.fixes import fix_ids
from seo.fixing import ArticleFix, FixSummary, fix_pages, site_for_fixes
from seo.formats import Failure
from seo.models import SeoAudit, SeoAuditCheck
from seo.registry import UnknownCheck
from seo.storage import SCORE_FIELDS
from seo.tasks import audit_on_commit

from .panel import CATEGORY_LABELS, band

# Users with one of these page permissions somewhere see the report, as they
# see Wagtail's own page reports ("add" lets a writer edit their own pages).
REPORT_PERMISSIONS = ["add", "change", "publish"]

# The scores a row shows, overall first: (field, label).
SCORES = [
    ("overall_score", "Overall"),
    *((field, CATEGORY_LABELS[name]) for name, field in SCORE_FIELDS.items()),
]
# The site-wide checks a row flags, read from SeoAuditCheck: (annotation,
# check id, label).
SITE_PROBLEMS = [
    ("duplicate_keyphrase", "keyphrase-cannibalization", "Duplicate keyphrase"),
    ("near_duplicate", "near-duplicate", "Near-duplicate"),
    ("orphan", "orphan-article", "Orphan"),
    ("broken_links", "broken-internal-links", "Broken internal links"),
]
LEVEL_COUNTS = {"error": "errors", "warning": "warnings", "info": "infos"}
STATUS_CHOICES = [
    ("live", "Live"),
    ("changed", "Live with draft changes"),
    ("draft", "Draft"),
]
# The band a score is in is seo.admin.panel.band's to say; these are its
# answers, in the order a filter offers them.
BANDS = ["good", "ok", "bad", "none"]
# A bulk fix runs in the request, about 130 ms an article with its stored
# audit (bench/report.py prints the rate): this many keep a request near
# ten seconds. "All" past it fixes the first ones and says how many are left.
MAX_FIX_ARTICLES = 100
EXPORT_CHUNK = 1000
REPORT_CSS = ["seo/panel.css", "seo/report.css"]


# --- words ----------------------------------------------------------------


def band_label(name: str) -> str:
    """A band in words, as the editor's panel writes it."""
    return "Not scored" if name == "none" else capfirst(name)


def band_bounds(name: str) -> tuple[int, int] | None:
    """The lowest and highest score (0-100) in a band, read off `band()` so
    the thresholds stay defined in one place; None for "none" (no score)."""
    scores = [score for score in range(101) if band(score) == name]
    return (min(scores), max(scores)) if scores else None


def status_of(audit: SeoAudit) -> str:
    """Wagtail's own words for a page's state."""
    if not audit.live:
        return "draft"
    return "live + draft" if audit.has_unpublished_changes else "live"


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


# --- rows -----------------------------------------------------------------


def viewable_page_ids(user) -> QuerySet | None:
    """The pages `user` may see in the admin's page explorer (as Wagtail's
    own history report restricts its rows), or None for all of them."""
    if user.is_active and user.is_superuser:
        return None
    return page_permission_policy.explorable_instances(user).values("pk")


def latest_audits(user) -> QuerySet[SeoAudit]:
    """Each article's latest audit that `user` may see, with everything a row
    shows annotated on it, and without the findings JSON."""
    audits = SeoAudit.objects.filter(
        is_latest=True,
        page__content_type=ContentType.objects.get_for_model(ArticlePage),
    )
    viewable = viewable_page_ids(user)
    if viewable is not None:
        audits = audits.filter(page__in=viewable)
    return audits.annotate(
        title=F("page__draft_title"),
        live=F("page__live"),
        has_unpublished_changes=F("page__has_unpublished_changes"),
        focus_keyphrase=F("page__articlepage__focus_keyphrase"),
    ).only(
        "id",
        "page_id",
        "revision_id",
        "audited_at",
        *(field for field, _ in SCORES),
        *LEVEL_COUNTS.values(),
    )


def flag_site_problems(audits: list[SeoAudit]) -> list[SeoAudit]:
    """Set each audit's site-wide problems (SITE_PROBLEMS) from SeoAuditCheck,
    in one query for the lot. As EXISTS subqueries in the listing's query,
    PostgreSQL hashed every failing audit of each check before taking fifty
    rows."""
    check_ids = [check_id for _, check_id, _ in SITE_PROBLEMS]
    found = set(
        SeoAuditCheck.objects.filter(
            audit_id__in=[audit.pk for audit in audits], check_id__in=check_ids
        ).values_list("audit_id", "check_id")
    )
    for audit in audits:
        for name, check_id, _ in SITE_PROBLEMS:
            setattr(audit, name, (audit.pk, check_id) in found)
    return audits


def in_chunks(rows: Iterable[SeoAudit], size: int) -> Iterator[list[SeoAudit]]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


class CheckResultOf(Func):
    """One check's entry in an audit's stored results (`{"check", "status",
    "message", "findings", ...}`, or null), picked out by the database: a row
    of the per-check view then reads about a kilobyte of JSON, not the whole
    audit's thirty."""

    output_field = JSONField()

    def __init__(self, check_id: str):
        super().__init__(F("results"), Value(check_id))

    def compile_arguments(self, compiler, connection):
        sql, params = [], []
        for expression in self.get_source_expressions():
            part, part_params = compiler.compile(expression)
            sql.append(part)
            params.extend(part_params)
        return sql, params

    def as_postgresql(self, compiler, connection, **extra_context):
        (results, check), params = self.compile_arguments(compiler, connection)
        return (
            f"jsonb_path_query_first({results}, '$[*] ? (@.check == $id)', "
            f"jsonb_build_object('id', ({check})::text))",
            params,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        (results, check), params = self.compile_arguments(compiler, connection)
        return (
            f"(SELECT value FROM json_each({results}) "
            f"WHERE json_extract(value, '$.check') = {check})",
            params,
        )

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(
            "The SEO report reads stored results on PostgreSQL and SQLite only."
        )


def failing(audits: QuerySet[SeoAudit], check_id: str) -> QuerySet[SeoAudit]:
    return audits.filter(
        Exists(SeoAuditCheck.objects.filter(audit=OuterRef("pk"), check_id=check_id))
    )


def edit_url(audit: SeoAudit) -> str:
    return reverse("wagtailadmin_pages:edit", args=[audit.page_id])


# --- filters --------------------------------------------------------------


def check_choices() -> list[tuple[str, str]]:
    return sorted(
        ((check.id, check.title) for check in registry.all()),
        key=lambda choice: choice[1].lower(),
    )


def validate_hashtag(value: str) -> None:
    clean_hashtag(value)


class SeoReportFilterSet(WagtailFilterSet):
    band = django_filters.ChoiceFilter(
        label="Overall score band",
        choices=[(name, band_label(name)) for name in BANDS],
        method="filter_band",
        empty_label="All",
        widget=forms.RadioSelect,
    )
    failing = django_filters.ChoiceFilter(
        label="Check failing",
        choices=check_choices,
        method="filter_failing",
        empty_label="Any check",
    )
    level = django_filters.ChoiceFilter(
        label="Findings",
        choices=[
            ("error", "Has errors"),
            ("warning", "Has warnings"),
            ("info", "Has info findings"),
        ],
        method="filter_level",
        empty_label="All",
        widget=forms.RadioSelect,
    )
    hashtag = django_filters.CharFilter(
        label="Hashtag",
        method="filter_hashtag",
        max_length=100,
        validators=[validate_hashtag],
        help_text="One hashtag, with or without #.",
    )
    reviewer = django_filters.ModelChoiceFilter(
        label="Medical reviewer",
        field_name="page__articlepage__reviewer",
        queryset=MedicalReviewer.objects.all(),
        empty_label="Anyone",
        null_label="No reviewer",
    )
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=STATUS_CHOICES,
        method="filter_status",
        empty_label="All",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = SeoAudit
        fields: list[str] = []

    def filter_band(self, queryset, name, value):
        bounds = band_bounds(value)
        if bounds is None:
            return queryset.filter(overall_score__isnull=True)
        return queryset.filter(overall_score__range=bounds)

    def filter_failing(self, queryset, name, value):
        return failing(queryset, value)

    def filter_level(self, queryset, name, value):
        return queryset.filter(**{f"{LEVEL_COUNTS[value]}__gt": 0})

    def filter_hashtag(self, queryset, name, value):
        tag = clean_hashtag(value)
        return queryset.filter(
            Exists(
                ArticleHashtag.objects.filter(
                    content_object_id=OuterRef("page_id"), tag__name__iexact=tag
                )
            )
        )

    def filter_status(self, queryset, name, value):
        if value == "draft":
            return queryset.filter(page__live=False)
        return queryset.filter(
            page__live=True, page__has_unpublished_changes=value == "changed"
        )


class CheckFilterSet(SeoReportFilterSet):
    """The per-check view's filters: the check is in the URL."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("failing", None)


# --- columns --------------------------------------------------------------


class ReportColumn(Column):
    """A cell built in Python rather than from a template: a page of the
    report has fifty rows of a dozen such cells, and rendering a template
    per cell was most of its time."""

    class Media:
        css = {"all": REPORT_CSS}

    def render_cell_html(self, instance, parent_context):
        return format_html(
            '<td class="{}">{}</td>',
            self.cell_classname(instance),
            self.cell_content(instance),
        )

    def cell_classname(self, instance) -> str:
        return self.classname or ""

    def cell_content(self, instance) -> str:
        value = self.get_value(instance)
        return "" if value is None else str(value)


class ScoreColumn(ReportColumn):
    """A score with its band, in colour and in words."""

    def cell_classname(self, instance) -> str:
        name = band(self.get_value(instance))
        return f"{super().cell_classname(instance)} seo-band--{name}"

    def cell_content(self, instance) -> str:
        score = self.get_value(instance)
        name = band(score)
        return format_html(
            '<span class="seo-report-score" data-seo-band="{}">'
            '<span class="seo-report-score__value">{}</span>'
            '<span class="seo-report-score__band">{}</span></span>',
            name,
            "–" if score is None else score,
            band_label(name),
        )


class ArticleColumn(ReportColumn):
    """The article's title, linked to its editor (Wagtail's title cell)."""

    def cell_classname(self, instance) -> str:
        return "title"

    def cell_content(self, instance) -> str:
        return format_html(
            '<div class="title-wrapper"><a href="{}">{}</a></div>',
            edit_url(instance),
            instance.title,
        )


class AuditedColumn(ReportColumn):
    """When the audit was stored, as Wagtail's human-readable date shows it."""

    def cell_content(self, instance) -> str:
        when = timezone.localtime(instance.audited_at)
        return format_html(
            '<button type="button" class="w-human-readable-date" '
            'data-controller="w-tooltip" data-w-tooltip-content-value="{}" '
            'data-w-tooltip-placement-value="top">'
            '<time class="w-human-readable-date__date" datetime="{}">{}</time>'
            "</button>",
            date_format(when, get_format("DATETIME_FORMAT")),
            when.isoformat(),
            capfirst(timesince_simple(when)),
        )


def status_tag(label: str) -> str:
    """Wagtail's status tag (its `{% status %}` template tag's markup)."""
    return format_html('<span class="w-status w-status--primary">{}</span>', label)


def check_url(check_id: str) -> str:
    return reverse("seo_report:check", args=[check_id])


class ProblemsColumn(ReportColumn):
    """The site-wide problems a row's audit found."""

    def cell_content(self, instance) -> str:
        # Each links to the articles failing that check.
        return format_html_join(
            " ",
            '<a class="w-status w-status--primary" href="{}">{}</a>',
            (
                (check_url(check_id), label)
                for name, check_id, label in SITE_PROBLEMS
                if getattr(instance, name)
            ),
        )


class CountsColumn(ReportColumn):
    """The audit's findings by level, one line each (sorted by errors)."""

    def cell_content(self, instance) -> str:
        # Coloured by level where there are any.
        return format_html_join(
            "",
            '<span class="seo-report-count{}">{}</span>',
            (
                (
                    f" seo-level--{level}" if getattr(instance, field) else "",
                    plural(getattr(instance, field), level),
                )
                for level, field in LEVEL_COUNTS.items()
            ),
        )


class StatusColumn(ReportColumn):
    def get_value(self, instance):
        return status_of(instance)

    def cell_content(self, instance) -> str:
        return status_tag(self.get_value(instance))


class FindingsColumn(ReportColumn):
    """One check's finding messages on a row (the per-check view)."""

    shown = 5

    def cell_content(self, instance) -> str:
        messages = instance.messages
        html = format_html(
            '<ul class="seo-report-findings">{}</ul>',
            format_html_join("", "<li>{}</li>", ((m,) for m in messages[: self.shown])),
        )
        if len(messages) > self.shown:
            html += format_html(
                '<p class="seo-report-more">and {} more</p>',
                len(messages) - self.shown,
            )
        if instance.fixable:
            html += format_html('<p class="seo-report-fixable">{}</p>', "Fix available")
        return html


class SelectColumn(BaseColumn):
    """A checkbox per row for the bulk fix, with Wagtail's w-bulk controller
    toggling the page's rows from the header."""

    header_template_name = "seo/admin/report/select_header.html"
    cell_template_name = "seo/admin/report/select_cell.html"


def report_columns() -> list[BaseColumn]:
    return [
        ArticleColumn("title", label="Article", sort_key="title"),
        *(
            ScoreColumn(field, label=label, sort_key=field, classname="seo-num")
            for field, label in SCORES
        ),
        CountsColumn("errors", label="Findings", sort_key="errors"),
        ReportColumn("focus_keyphrase", label="Focus keyphrase"),
        ProblemsColumn("site_problems", label="Site-wide problems"),
        StatusColumn("status", label="Status"),
        AuditedColumn("audited_at", label="Last audited", sort_key="audited_at"),
    ]


# --- the report -----------------------------------------------------------


class ArticlePaginator(WagtailPaginator):
    """Counts rows as articles, not as the audits they are."""

    verbose_name = "article"
    verbose_name_plural = "articles"


class SeoReportView(ReportView):
    """Reports > SEO audit: one row per article."""

    page_title = "SEO audit"
    header_icon = "search"
    template_name = "wagtailadmin/reports/base_report.html"
    results_template_name = "seo/admin/report/results.html"
    index_url_name = "seo_report:index"
    index_results_url_name = "seo_report:index_results"
    filterset_class = SeoReportFilterSet
    any_permission_required = REPORT_PERMISSIONS
    default_ordering = "overall_score"
    verbose_name_plural = "audited articles"
    paginator_class = ArticlePaginator
    table_classname = "listing seo-report"
    model = SeoAudit
    export_headings = {
        "title": "Title",
        "page_id": "Page id",
        "status": "Status",
        **{
            name: text
            for field, label in SCORES
            for name, text in (
                (field, f"{label} score"),
                (f"{field}_band", f"{label} band"),
            )
        },
        "errors": "Errors",
        "warnings": "Warnings",
        "infos": "Infos",
        "focus_keyphrase": "Focus keyphrase",
        **{name: label for name, _, label in SITE_PROBLEMS},
        "audited_at": "Last audited",
    }
    list_export = list(export_headings)

    @cached_property
    def permission_policy(self):
        return page_permission_policy

    @cached_property
    def columns(self) -> list[BaseColumn]:
        return report_columns()

    def get_filename(self) -> str:
        return f"seo-audit-{datetime.date.today():%Y-%m-%d}"

    def get_rows(self) -> QuerySet[SeoAudit]:
        """The rows before filters and ordering."""
        return latest_audits(self.request.user)

    def get_queryset(self) -> QuerySet[SeoAudit]:
        self.queryset = self.get_rows()
        return super().get_queryset()

    def order_queryset(self, queryset):
        """Missing scores sort last either way, and ties keep one order, so
        pages of the listing neither repeat nor skip rows."""
        ordering = self.ordering
        if not ordering:
            return queryset.order_by("pk")
        name = ordering.lstrip("-")
        if ordering.startswith("-"):
            key = F(name).desc(nulls_last=True)
        else:
            key = F(name).asc(nulls_last=True)
        return queryset.order_by(key, "pk")

    def filter_queryset(self, queryset):
        """Apply the filters whose values are valid; an invalid one is named
        above the results (`filter_errors`) and left out, not a failure."""
        if not self.filters:
            return queryset
        self.filters.is_valid()
        return self.filters.filter_queryset(queryset)

    @cached_property
    def filter_errors(self) -> list[str]:
        if not self.filters or self.filters.is_valid():
            return []
        form = self.filters.form
        return [
            f"{form.fields[name].label if name in form.fields else 'Filters'}: "
            + " ".join(problems)
            for name, problems in form.errors.items()
        ]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.is_export:
            # Straight to the spreadsheet: the listing's context would count
            # the rows by loading them all.
            return self.as_spreadsheet(
                self.get_filtered_queryset(), request.GET.get("export")
            )
        return super().get(request, *args, **kwargs)

    def decorate_paginated_queryset(self, object_list):
        # The table holds the same row objects.
        return flag_site_problems(list(object_list))

    def export_rows(self, queryset: QuerySet[SeoAudit]) -> Iterable[SeoAudit]:
        # Rows come from a server-side cursor, a chunk at a time, so a CSV of
        # the whole library streams in bounded memory.
        rows = queryset.iterator(chunk_size=EXPORT_CHUNK)
        for chunk in in_chunks(rows, EXPORT_CHUNK):
            yield from flag_site_problems(chunk)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(self.export_rows(queryset), spreadsheet_format)

    def to_row_dict(self, item: SeoAudit) -> dict[str, Any]:
        row = {
            "title": item.title,
            "page_id": item.page_id,
            "status": status_of(item),
        }
        for field, _ in SCORES:
            score = getattr(item, field)
            row[field] = score
            row[f"{field}_band"] = band_label(band(score))
        row.update({field: getattr(item, field) for field in LEVEL_COUNTS.values()})
        row["focus_keyphrase"] = item.focus_keyphrase
        row.update({name: yes_no(getattr(item, name)) for name, _, _ in SITE_PROBLEMS})
        row["audited_at"] = item.audited_at
        return {name: row[name] for name in self.list_export}

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        context["filter_errors"] = self.filter_errors
        failing_id = self.filters.form.cleaned_data.get("failing")
        if failing_id:
            # Filtered by a check: its own view has the findings and the fix.
            context["failing_check"] = registry.get(failing_id)
            context["failing_check_url"] = check_url(failing_id)
            context["fixable_checks"] = fix_ids()
        return context


# --- one check --------------------------------------------------------------


class PageIdsField(forms.Field):
    """Article ids, as the listing's checkboxes post them."""

    widget = forms.MultipleHiddenInput
    largest = 2**31 - 1  # the page table's id column

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        try:
            ids = [int(item) for item in value]
        except (TypeError, ValueError):
            raise ValidationError("Article ids are whole numbers.") from None
        if any(not 0 < page_id <= self.largest for page_id in ids):
            raise ValidationError("That is not an article id.")
        return ids


class FixForm(forms.Form):
    scope = forms.ChoiceField(
        choices=[("selected", "Selected articles"), ("all", "All listed articles")],
        error_messages={"required": "Choose the selected articles or all of them."},
    )
    page = PageIdsField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("scope") == "selected" and not data.get("page"):
            self.add_error("page", "Select at least one article.")
        return data


class CheckReportView(SeoReportView):
    """The articles failing one check, with its finding messages; for a
    fixable check, a form that applies its fix to some or all of them."""

    results_template_name = "seo/admin/report/check_results.html"
    template_name = "seo/admin/report/check.html"
    index_url_name = "seo_report:check"
    index_results_url_name = "seo_report:check_results"
    filterset_class = CheckFilterSet
    default_ordering = "title"
    verbose_name_plural = "articles failing this check"
    http_method_names = ["get", "post", "head", "options"]
    export_headings = {
        "title": "Title",
        "page_id": "Page id",
        "status": "Status",
        "overall_score": "Overall score",
        "overall_score_band": "Overall band",
        "check_level": "Level",
        "check_findings": "Findings",
        "messages": "Messages",
        "fixable": "Fixable",
        "audited_at": "Last audited",
    }
    list_export = list(export_headings)

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        try:
            self.check_class: type[Check] = registry.get(kwargs["check_id"])
        except UnknownCheck:
            raise Http404("No such check.") from None

    def get_page_title(self) -> str:
        return f"SEO audit: {self.check_class.title}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("seo_report:index"), "label": "SEO audit"},
            {"url": "", "label": self.check_class.title},
        ]

    def get_index_url(self) -> str:
        return reverse(self.index_url_name, args=[self.check_class.id])

    def get_index_results_url(self) -> str:
        return reverse(self.index_results_url_name, args=[self.check_class.id])

    @cached_property
    def fixable(self) -> bool:
        return self.check_class.id in fix_ids()

    @cached_property
    def columns(self) -> list[BaseColumn]:
        columns: list[BaseColumn] = []
        if self.fixable:
            columns.append(SelectColumn("select", label="Select", width="1%"))
        return columns + [
            ArticleColumn("title", label="Article", sort_key="title"),
            ScoreColumn(
                "overall_score",
                label="Overall",
                sort_key="overall_score",
                classname="seo-num",
            ),
            ReportColumn("check_level_label", label="Level", sort_key="check_level"),
            ReportColumn(
                "check_findings",
                label="Findings",
                sort_key="check_findings",
                classname="seo-num",
            ),
            FindingsColumn("messages", label="What the audit found", width="40%"),
            StatusColumn("status", label="Status"),
            AuditedColumn("audited_at", label="Last audited", sort_key="audited_at"),
        ]

    def get_rows(self) -> QuerySet[SeoAudit]:
        # The check's own row, joined once: at most one per audit.
        return (
            latest_audits(self.request.user)
            .filter(checks__check_id=self.check_class.id)
            .annotate(
                check_level=F("checks__level"), check_findings=F("checks__findings")
            )
            .only("id", "page_id", "revision_id", "audited_at", "overall_score")
        )

    def decorate_paginated_queryset(self, object_list):
        return self.with_findings(list(object_list))

    def with_findings(self, audits: list[SeoAudit]) -> list[SeoAudit]:
        """Set what each row shows from this check's entry in its stored
        results, read for the lot in one query. (In the listing's own query
        PostgreSQL would pick the entry out of every failing audit before
        sorting them.)"""
        results = dict(
            SeoAudit.objects.filter(pk__in=[audit.pk for audit in audits])
            .annotate(result=CheckResultOf(self.check_class.id))
            .values_list("pk", "result")
        )
        known = set(fix_ids())
        for audit in audits:
            self.decorate(audit, results.get(audit.pk) or {}, known)
        return audits

    def decorate(self, audit: SeoAudit, result: dict[str, Any], known: set[str]):
        """The check's finding messages, and whether any carries a fix (one
        of `known`)."""
        findings = result.get("findings") or []
        audit.messages = [str(finding.get("message", "")) for finding in findings]
        if not audit.messages and result.get("message"):
            audit.messages = [str(result["message"])]
        audit.fixable = any(
            (finding.get("fix") or {}).get("id") in known for finding in findings
        )
        audit.check_level_label = (
            Level(audit.check_level).label if audit.check_level else ""
        )

    def export_rows(self, queryset: QuerySet[SeoAudit]) -> Iterable[SeoAudit]:
        rows = queryset.iterator(chunk_size=EXPORT_CHUNK)
        for chunk in in_chunks(rows, EXPORT_CHUNK):
            yield from self.with_findings(chunk)

    def to_row_dict(self, item: SeoAudit) -> dict[str, Any]:
        return {
            "title": item.title,
            "page_id": item.page_id,
            "status": status_of(item),
            "overall_score": item.overall_score,
            "overall_score_band": band_label(band(item.overall_score)),
            "check_level": item.check_level_label,
            "check_findings": item.check_findings,
            "messages": "\n".join(item.messages),
            "fixable": yes_no(item.fixable),
            "audited_at": item.audited_at,
        }

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(*args, **kwargs)
        context["check"] = self.check_class
        context["check_category"] = CATEGORY_LABELS.get(
            str(self.check_class.category), str(self.check_class.category)
        )
        context["fixable"] = self.fixable
        # The form posts to this view with the listing's filters, which
        # "all listed articles" means; the results fragment's own URL may be
        # the one rendering it.
        params = self.request.GET.copy()
        for name in ("_w_filter_fragment", "export"):
            params.pop(name, None)
        context["fix_url"] = f"{self.index_url}?{params.urlencode()}"
        context["max_fix_articles"] = MAX_FIX_ARTICLES
        return context

    # --- the bulk fix ---

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.results_only:
            return HttpResponseNotAllowed(["GET"])
        back = redirect(request.get_full_path_info())
        if not self.fixable:
            messages.error(request, f"“{self.check_class.title}” has no automatic fix.")
            return back
        form = FixForm(request.POST)
        if not form.is_valid():
            for name, problems in form.errors.items():
                field = "Selection" if name == "page" else capfirst(name)
                messages.error(request, f"{field}: {' '.join(problems)}")
            return back
        BulkFix(self, form.cleaned_data["scope"], form.cleaned_data["page"]).run()
        return back


class BulkFix:
    """One "Apply fix" request: which of the chosen articles may be fixed,
    fixing them with the check's fixer as `seo_audit --fix` does, and the
    messages that say what happened."""

    def __init__(self, view: CheckReportView, scope: str, chosen: list[int]):
        self.view = view
        self.request = view.request
        self.user = view.request.user
        self.check_class = view.check_class
        self.scope = scope
        self.chosen = chosen
        self.titles: dict[int, str] = {}
        self.pages: dict[int, ArticlePage] = {}
        self.fixed: list[ArticleFix] = []
        self.failures: list[Failure] = []

    def candidates(self) -> tuple[list[int], int]:
        """The listed articles the fix is for (those the user can see that
        fail the check, under the listing's filters), and how many chosen
        ids are not among them."""
        rows = self.view.get_filtered_queryset()
        if self.scope == "selected":
            rows = rows.filter(page_id__in=self.chosen)
        found = list(rows.values_list("page_id", "title"))
        self.titles = dict(found)
        missing = len(set(self.chosen) - set(self.titles)) if self.chosen else 0
        return [page_id for page_id, _ in found], missing

    def editable(self, page_ids: Iterable[int]) -> set[int]:
        pages = page_permission_policy.instances_user_has_permission_for(
            self.user, "change"
        )
        return set(pages.filter(pk__in=list(page_ids)).values_list("pk", flat=True))

    def unlocked(self, page_ids: list[int]) -> list[int]:
        """The articles the user may save, as the editor would let them: not
        locked by someone else, in a workflow task or scheduled to publish
        (Wagtail's page locks). Keeps the pages for the history entries."""
        pages = ArticlePage.objects.filter(pk__in=page_ids).defer_streamfields()
        self.pages = {page.pk: page for page in pages}
        locked = {
            pk
            for pk, page in self.pages.items()
            if (lock := page.get_lock()) is not None and lock.for_user(self.user)
        }
        return [page_id for page_id in page_ids if page_id not in locked]

    def run(self) -> None:
        page_ids, missing = self.candidates()
        editable = self.editable(page_ids)
        skipped = [page_id for page_id in page_ids if page_id not in editable]
        to_fix = [page_id for page_id in page_ids if page_id in editable]
        left = to_fix[MAX_FIX_ARTICLES:]
        to_fix = to_fix[:MAX_FIX_ARTICLES]
        unlocked = self.unlocked(to_fix)
        locked = [page_id for page_id in to_fix if page_id not in unlocked]

        summary = None
        if unlocked:
            auditor = Auditor([self.check_class])
            try:
                site = site_for_fixes(auditor)
            except Exception as error:
                messages.error(
                    self.request,
                    f"Nothing was fixed: the site index this fix needs could not "
                    f"be built ({type(error).__name__}: {error}).",
                )
                return
            summary = fix_pages(
                unlocked,
                auditor,
                site=site,
                user=self.user,
                on_article=self.done,
                on_error=self.failures.append,
            )
        self.report(summary, skipped, locked, missing, left)

    def done(self, result: ArticleFix) -> None:
        """Queue the new revision's audit, so the report shows it (fix_pages
        has logged the fix in the page's history)."""
        self.fixed.append(result)
        audit_on_commit(result.revision_id, result.page_id)

    def report(
        self,
        summary: FixSummary | None,
        skipped: list[int],
        locked: list[int],
        missing: int,
        left: list[int],
    ) -> None:
        request = self.request
        title = self.check_class.title
        if self.fixed:
            revisions = (
                "a new draft revision"
                if len(self.fixed) == 1
                else "new draft revisions"
            )
            messages.success(
                request,
                f"Applied the fix for “{title}” to {count(len(self.fixed))}, saved "
                f"as {revisions}; nothing was published.",
            )
        if summary is not None and summary.unchanged:
            messages.info(
                request, f"{capfirst(count(summary.unchanged))} had nothing to fix."
            )
        if self.failures:
            messages.error(
                request,
                format_html(
                    "Could not fix {}: {}",
                    count(len(self.failures)),
                    format_html_join(
                        "; ",
                        "{} ({})",
                        (
                            (self.titles.get(f.page_id, f.label), f.reason)
                            for f in self.failures
                        ),
                    ),
                ),
            )
        if skipped:
            messages.warning(
                request,
                format_html(
                    "Skipped {} you may not edit: {}",
                    count(len(skipped)),
                    ", ".join(names(self.titles, skipped)),
                ),
            )
        if locked:
            messages.warning(
                request,
                format_html(
                    "Skipped {} locked against your edits (a lock, a workflow "
                    "task or a scheduled publish): {}",
                    count(len(locked)),
                    ", ".join(names(self.titles, locked)),
                ),
            )
        if missing:
            messages.warning(
                request,
                f"{capfirst(count(missing))} selected "
                f"{'is' if missing == 1 else 'are'} not in this list (no longer "
                "failing this check, or not yours to see) and left alone.",
            )
        if left:
            messages.warning(
                request,
                f"One request fixes up to {MAX_FIX_ARTICLES} articles: apply the "
                f"fix again for the other {len(left)}.",
            )
        if not (self.fixed or summary or skipped or locked or missing):
            messages.info(request, "No articles to fix.")


def plural(number: int, noun: str) -> str:
    """ "1 error", "2 errors"; "info" stays "info"."""
    if number == 1 or noun == "info":
        return f"{number} {noun}"
    return f"{number} {noun}s"


def count(number: int) -> str:
    return plural(number, "article")


def names(
    titles: dict[int, str], page_ids: list[int], limit: int = 10
) -> Iterator[str]:
    for page_id in page_ids[:limit]:
        yield titles.get(page_id, f"page {page_id}")
    if len(page_ids) > limit:
        yield f"and {len(page_ids) - limit} more"
