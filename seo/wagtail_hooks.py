"""Wagtail admin hooks of the audit: an explicit save in the page editor stores
an audit of the saved draft (seo.tasks)."""

from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

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
    from articles.models import ArticlePage

    if not request.accepts("text/html"):
        return
    if not isinstance(page, ArticlePage) or not page.has_unpublished_changes:
        return
    if page.latest_revision_id is not None:
        audit_on_commit(page.latest_revision_id, page.pk)
