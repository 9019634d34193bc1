"""Audits on save: each saved or published article revision gets a stored audit.

What asks for one (seo.signals, seo.wagtail_hooks): an explicit draft save in
the admin (not its autosave, whose unsaved work the editor panel audits) or
through API v3, and every publish, whatever published it (the admin, API v3,
`import_articles --publish`, `publish_scheduled`), through Wagtail's
`page_published` signal. Drafts imported without --publish save revisions
directly and are left to `seo_audit --save`.

The request is a django-tasks task, enqueued once the saving transaction has
committed (django-tasks enqueues at once, and a worker must not look for a
revision that is not committed yet, nor audit one that was rolled back), with
the revision's id only. With the default backend it runs inline, right after
the commit; with TASKS_BACKEND=database a `manage.py db_worker` runs it.

The task audits the revision as it is when the task runs, and stores the row
with the hash of that content only if the revision still holds it, checked
under a lock on the revision row in the writing transaction: an autosave that
rewrites the revision meanwhile makes the task store nothing, and one that
comes after deletes the row (seo.storage.drop_stale_audits). A stored audit
therefore always describes the content its revision holds.

The audit runs without the site-wide checks: their index reads the whole
library (5.5 s and 300 MB at 10,000 articles, against 25 ms for the rest of
the audit), far too much per save, and with the inline backend it would hold
up the editor's request. Those checks say "not applicable" in the stored
results and the scores count without them; `seo_audit --all --save` (nightly)
stores audits with them.
"""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


def audit_on_commit(revision_id: int, page_id: int | None = None) -> None:
    """Queue the audit of a revision once the current transaction commits (at
    once outside one). Queueing never fails the save: a queue that cannot be
    reached is logged, and `seo_audit --save` stores the audit later."""
    transaction.on_commit(partial(_enqueue, revision_id, page_id))


def _enqueue(revision_id: int, page_id: int | None) -> None:
    try:
        audit_revision.enqueue(revision_id)
    except Exception:
        logger.exception(
            "Could not queue the SEO audit of page %s (revision %s); the page "
            "was saved. Store it later with `manage.py seo_audit --page %s --save`.",
            page_id,
            revision_id,
            page_id,
        )


@task()
def audit_revision(revision_id: int) -> str:
    """Audit a revision of an article and store the result. Returns what it
    did, for the task's result: "stored", or why it stored nothing."""
    from wagtail.models import Revision

    from articles.models import ArticlePage
    from seo.audit import Auditor
    from seo.document import Document
    from seo.sources import article_from_revision
    from seo.storage import audit_row, content_hash, save_rows

    revision = Revision.page_revisions.filter(pk=revision_id).first()
    if revision is None:
        return "revision deleted"
    model = revision.content_type.model_class()
    if model is None or not issubclass(model, ArticlePage):
        return "not an article"
    audited = content_hash(revision.content)
    data = article_from_revision(revision)
    if data is None:
        return "page deleted"
    report = Auditor().audit(Document(data))

    with transaction.atomic():
        now = (
            Revision.objects.select_for_update()
            .filter(pk=revision_id)
            .values_list("content", flat=True)
            .first()
        )
        if now is None:
            return "revision deleted"
        if content_hash(now) != audited:
            # Rewritten by an autosave while we audited: that content gets no
            # stored audit (autosaves do not ask for one).
            return "revision changed"
        save_rows([audit_row(report, content_hash=audited)])
    return "stored"
