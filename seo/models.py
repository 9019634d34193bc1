from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import AbstractGroupApprovalTask, TaskState

from articles.blocks import INLINE_FEATURES


class SeoAudit(models.Model):
    """One audit of one page revision: scores, findings and the engine version,
    so history and regressions can be shown later.

    Wagtail's autosave rewrites the latest revision in place, so a revision id
    alone does not say which content was audited: `content_hash` does
    (seo.storage.content_hash of the revision's content). A row whose hash no
    longer matches its revision is deleted when the revision is rewritten
    (seo.signals).
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="seo_audits"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audited_at = models.DateTimeField(auto_now=True)
    engine_version = models.CharField(max_length=20)
    overall_score = models.PositiveSmallIntegerField(null=True)
    readability_score = models.PositiveSmallIntegerField(null=True)
    seo_score = models.PositiveSmallIntegerField(null=True)
    headings_score = models.PositiveSmallIntegerField(null=True)
    hashtags_score = models.PositiveSmallIntegerField(null=True)
    health_score = models.PositiveSmallIntegerField(null=True)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    infos = models.PositiveIntegerField(default=0)
    is_latest = models.BooleanField(
        default=False,
        help_text="The page's most recently stored audit: the one the SEO report "
        "and the dashboard show (seo.storage.mark_latest keeps it so).",
    )
    results = models.JSONField(help_text="Every check's result, as in the JSON report.")
    content_hash = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="SHA-256 of the audited revision's content; empty when the "
        "audit did not record it (seo_audit --save).",
    )

    class Meta:
        ordering = ["-audited_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "revision"], name="seo_audit_one_per_revision"
            ),
            models.UniqueConstraint(
                fields=["page"],
                condition=models.Q(is_latest=True),
                name="seo_audit_one_latest_per_page",
            ),
        ]
        indexes = [models.Index(fields=["page", "-audited_at"])]

    def __str__(self):
        return f"SEO audit of page {self.page_id} ({self.overall_score})"


class SeoAuditCheck(models.Model):
    """A check that did not pass in one stored audit: an index over
    `SeoAudit.results`, written with it (seo.storage), so the report can filter
    by failing check and the dashboard count failures in SQL instead of
    reading every audit's JSON."""

    audit = models.ForeignKey(SeoAudit, on_delete=models.CASCADE, related_name="checks")
    check_id = models.CharField(max_length=64)
    status = models.CharField(max_length=20)
    level = models.PositiveSmallIntegerField(
        null=True, help_text="The most serious finding's level (seo.findings.Level)."
    )
    findings = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "check_id"], name="seo_audit_check_once"
            )
        ]
        indexes = [models.Index(fields=["check_id", "level"])]

    def __str__(self):
        return f"{self.check_id} in audit {self.audit_id}"


class SeoLibraryDay(models.Model):
    """The library's average overall score at the end of one day: the mean of
    each article's latest audit, recorded whenever audits are stored
    (seo.storage.mark_latest), so the dashboard's 90-day line reads 90 rows
    instead of replaying every stored audit."""

    day = models.DateField(unique=True)
    average_score = models.FloatField(null=True)
    articles = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]

    def __str__(self):
        return f"{self.day}: {self.average_score}"


@register_setting(icon="help")
class HealthContentSettings(BaseSiteSetting):
    """Site-wide health content policy."""

    medical_disclaimer = RichTextField(
        blank=True,
        features=INLINE_FEATURES,
        help_text="Shown with every article. When set, articles need no disclaimer "
        "block of their own.",
    )

    class Meta:
        verbose_name = "health content"


def policy_check_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The checks a publishing policy may require, by category: those that
    run on one article alone, as the gate's audit does (the site-wide ones
    need the whole library and would never fail there)."""
    from seo.admin.panel import CATEGORY_LABELS, CATEGORY_ORDER
    from seo.checks import registry

    groups: dict[str, list[tuple[str, str]]] = {}
    for check in registry.all():
        if not check.needs_site:
            label = f"{check.title} ({check.id})"
            groups.setdefault(str(check.category), []).append((check.id, label))
    return [
        (CATEGORY_LABELS.get(name, name), sorted(groups[name], key=lambda c: c[1]))
        for name in CATEGORY_ORDER
        if name in groups
    ]


class PublishingPolicyForm(WagtailAdminModelForm):
    blocking_checks = forms.MultipleChoiceField(
        choices=policy_check_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Checks that block publishing",
        help_text="An article whose audit fails one of these checks (a bad "
        "verdict) cannot be published, from the editor, a workflow approval, "
        "a bulk publish or API v3. A superuser may override it from the page "
        "editor; the override is kept in the page's history.",
    )


@register_setting(icon="lock")
class SeoPublishingPolicy(BaseSiteSetting):
    """Which failing checks stop an article being published on a site
    (seo.admin.gate): the hard block."""

    blocking_checks = models.JSONField(
        default=list,
        blank=True,
        help_text="Ids of the checks (seo.registry) whose failure blocks publishing.",
    )

    base_form_class = PublishingPolicyForm
    panels = [FieldPanel("blocking_checks")]

    class Meta:
        verbose_name = "SEO publishing policy"


class SeoReviewTaskState(TaskState):
    """An article's stay in an SEO review task: the audit of the submitted
    revision and, when the task did not approve itself, why not."""

    audit = models.ForeignKey(
        SeoAudit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The stored audit of the submitted revision.",
    )
    reason = models.TextField(
        blank=True,
        help_text="Why the task waits for a moderator; empty when it approved itself.",
    )

    @cached_property
    def review(self):
        """What the moderator sees (seo.admin.gate.Review)."""
        from seo.admin.gate import Review

        return Review.of_task_state(self)

    class Meta:
        verbose_name = "SEO review task state"
        verbose_name_plural = "SEO review task states"


class SeoReviewTask(AbstractGroupApprovalTask):
    """A workflow step that audits the submitted revision and approves it
    itself when it has no error-level finding, passes the publishing policy
    and scores at least `threshold`; otherwise a member of the chosen groups
    approves or rejects it, seeing the findings."""

    threshold = models.PositiveSmallIntegerField(
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="The lowest overall SEO score (0-100) the task approves by itself.",
    )

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + ["threshold"]
    task_state_class = SeoReviewTaskState

    def start(self, workflow_state, user=None):
        from seo.admin.gate import review_revision, unpublishable_by

        # Read before the task state exists: is this the workflow's last step?
        last = workflow_state.is_at_final_task
        task_state = super().start(workflow_state, user=user)
        review = review_revision(task_state.revision, self.threshold)
        task_state.audit_id = review.audit_id
        task_state.reason = review.reason
        if not task_state.reason and last:
            # Approving the last step publishes, as the submitter: Wagtail
            # refuses that to someone who may not publish.
            task_state.reason = unpublishable_by(workflow_state.content_object, user)
        task_state.save(update_fields=["audit", "reason"])
        if not task_state.reason:
            # Approved here, the workflow moves on (WorkflowState.update sees
            # the task state is no longer in progress).
            task_state.approve(user=None, update=False, comment=review.summary)
        return task_state

    def get_actions(self, obj, user):
        # The group approval task's moderators; both actions open the modal,
        # so the moderator reads the findings first.
        if super().get_actions(obj, user):
            return [
                ("reject", "Request changes", True),
                ("approve", "Approve", True),
            ]
        return []

    def get_template_for_action(self, action):
        return "seo/admin/gate/review_action_modal.html"

    @classmethod
    def get_description(cls):
        return (
            "Audits the submitted revision: approves it when it has no "
            "error-level finding and scores at least the threshold; otherwise "
            "members of the chosen groups approve it, seeing the findings"
        )

    class Meta:
        verbose_name = "SEO review task"
        verbose_name_plural = "SEO review tasks"
