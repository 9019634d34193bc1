"""The SEO report (Reports > SEO audit): one row per article, from its latest
stored audit.

Registered here through Wagtail's hooks: its URLs under the admin
(`/admin/reports/seo/`, namespace `seo_report`), its item in the Reports
menu, and the history entry a bulk fix writes (`seo.fix`). The views are in
seo.admin.report_views.
"""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogActionRegistry, LogFormatter
from wagtail.permissions import page_permission_policy

from seo.fixing import FIX_ACTION

from .report_views import REPORT_PERMISSIONS, CheckReportView, SeoReportView

# Wagtail's own reports live under reports/ too (wagtailadmin_reports), none
# of them at seo/.
urlpatterns = [
    path("", SeoReportView.as_view(), name="index"),
    path("results/", SeoReportView.as_view(results_only=True), name="index_results"),
    path("checks/<slug:check_id>/", CheckReportView.as_view(), name="check"),
    path(
        "checks/<slug:check_id>/results/",
        CheckReportView.as_view(results_only=True),
        name="check_results",
    ),
]


@hooks.register("register_admin_urls")
def register_seo_report_urls():
    return [
        path(
            "reports/seo/",
            include((urlpatterns, "seo_report"), namespace="seo_report"),
        )
    ]


class SeoReportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return page_permission_policy.user_has_any_permission(
            request.user, REPORT_PERMISSIONS
        )


@hooks.register("register_reports_menu_item")
def register_seo_report_menu_item() -> MenuItem:
    return SeoReportMenuItem(
        "SEO audit",
        reverse("seo_report:index"),
        name="seo-audit",
        icon_name="search",
        order=1300,
    )


class SeoFixFormatter(LogFormatter):
    """ "Applied SEO fix: Add a medical disclaimer" in a page's history."""

    label = "Applied SEO fix"

    def format_message(self, log_entry) -> str:
        fixes = (log_entry.data or {}).get("fixes") or []
        labels = "; ".join(str(fix.get("label", "")) for fix in fixes)
        return f"Applied SEO fix: {labels}" if labels else "Applied SEO fix"


@hooks.register("register_log_actions")
def register_seo_fix_action(actions: LogActionRegistry) -> None:
    actions.register_action(FIX_ACTION)(SeoFixFormatter)
