from django.db import models
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField

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
