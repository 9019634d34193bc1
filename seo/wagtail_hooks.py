"""Wagtail hooks of the audit: explicit saves of an article draft store an
audit of the saved revision (seo.tasks); publishes are seo.signals' part.

Two routes save drafts: the admin's page views call `save_revision()` and then
the `after_create_page` / `after_edit_page` hooks, and API v3 runs the create
and edit actions of Wagtail's action registry, which these hooks extend for
articles (`register_actions`). Those actions, and API v3's publish, also pass
through the publishing gate's hard block (seo.admin.gate).
"""

from django.http import HttpRequest
from wagtail import hooks
from wagtail.actions import CreatePageAction, EditPageAction
from wagtail.actions.registry import ActionRegistry
from wagtail.models import Page

from articles.models import ArticlePage
from seo.admin.gate import GatedPublishPageRevisionAction, GatesPublishing
from seo.tasks import audit_on_commit


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def audit_saved_draft(request: HttpRequest, page: Page) -> None:
    """Queue the audit of the revision the editor just saved.

    Not for autosave: the editor posts it every few hundred milliseconds as a
    JSON request (Wagtail's own test, `expects_json_response`), and the editor
    panel already audits unsaved work. Not for a publish either (these hooks
    also run after "Publish" and workflow actions): `page_published` has
    queued that one (seo.signals).
    """
    if not request.accepts("text/html"):
        return
    if not isinstance(page, ArticlePage) or not page.has_unpublished_changes:
        return
    if page.latest_revision_id is not None:
        audit_on_commit(page.latest_revision_id, page.pk)


class _AuditsDrafts:
    """After an action saved a draft revision, queue its audit. Publishing
    (`publish=True`) sends `page_published`, which queues it; an overwrite
    (autosave) queues nothing."""

    def execute(self, skip_permission_checks=False):
        instance = super().execute(skip_permission_checks=skip_permission_checks)
        revision = getattr(self, "revision", None)
        overwrite = getattr(self, "overwrite_revision", None)
        if revision is not None and not self.publish and overwrite is None:
            audit_on_commit(revision.pk, instance.pk)
        return instance


class AuditedCreatePageAction(_AuditsDrafts, GatesPublishing, CreatePageAction):
    pass


class AuditedEditPageAction(_AuditsDrafts, GatesPublishing, EditPageAction):
    pass


@hooks.register("register_actions")
def register_audited_article_actions(registry: ActionRegistry) -> None:
    registry.register(ArticlePage, AuditedCreatePageAction)
    registry.register(ArticlePage, AuditedEditPageAction)
    # API v3's publish route looks the action up for Page, not the page's
    # own type: the gated action passes other pages through unchanged.
    registry.register(Page, GatedPublishPageRevisionAction)


# The admin's SEO screens register their own hooks.
from seo.admin import dashboard, gate, report  # noqa: E402, F401
