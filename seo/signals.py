"""Signals the audit sends that model signals do not cover, and the model and
Wagtail signals that keep stored audits in step with the content (audits on
save: seo.tasks)."""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

# Stored audits were written in bulk (bulk_create sends no post_save): anything
# showing their scores, such as cached API responses, is out of date.
# Sent with `page_ids`, the pages whose audits changed.
audits_saved = Signal()


def page_published(instance: Any, revision: Any = None, **kwargs: Any) -> None:
    """Every publish, whatever its path (the admin, API v3, the importer,
    `publish_scheduled`), goes through Wagtail's publish action, which sends
    `page_published` with the revision that went live (or was scheduled)."""
    from articles.models import ArticlePage

    if revision is not None and isinstance(instance, ArticlePage):
        from seo.tasks import audit_on_commit

        audit_on_commit(revision.pk, instance.pk)


def revision_saved(
    instance: Any, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    """A revision saved again was rewritten in place (Wagtail's autosave, with
    `overwrite_revision`): its stored audits that no longer match it go, in
    the same transaction. Saves of other fields (the publish action sets
    `approved_go_live_at`) leave the content, and its audits, alone."""
    if created or (update_fields is not None and "content" not in update_fields):
        return
    from seo.storage import drop_stale_audits

    drop_stale_audits(instance.pk, instance.content)


def workflow_approved(sender: Any, **kwargs: Any) -> None:
    """An approval that would publish what the SEO publishing policy blocks is
    refused (seo.admin.gate)."""
    from seo.admin.gate import refuse_blocked_workflow_publish

    refuse_blocked_workflow_publish(sender, **kwargs)


def connect() -> None:
    from django.db.models.signals import post_save
    from wagtail.models import Revision
    from wagtail.signals import page_published as wagtail_page_published
    from wagtail.signals import workflow_approved as wagtail_workflow_approved

    # seo is ready before wagtail.admin (INSTALLED_APPS order), so this runs
    # before wagtail.admin's "approved" emails: a refused approval sends none.
    wagtail_workflow_approved.connect(
        workflow_approved, dispatch_uid="seo-gate-workflow-approved"
    )

    wagtail_page_published.connect(page_published, dispatch_uid="seo-audit-publish")
    post_save.connect(revision_saved, sender=Revision, dispatch_uid="seo-audit-rev")
