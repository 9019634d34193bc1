"""Audits on save (seo/tasks.py): every explicit save and every publish stores
one SeoAudit of the saved revision, with the hash of the content it audited;
autosaves ask for none, and a revision rewritten in place loses its audit.

The test's transaction never commits, so what is queued on commit is run by
`django_capture_on_commit_callbacks(execute=True)` (the `committed` fixture),
as a real commit would run it. `queued` records every audit the task backend
was asked for.
"""

import json
import logging
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks.signals import task_enqueued
from wagtail.models import APIToken, Revision
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from articles.models import ArticleIndexPage, ArticlePage
from seo import runner, tasks
from seo.audit import Auditor
from seo.models import SeoAudit
from seo.storage import content_hash, save_reports

pytestmark = pytest.mark.django_db

LONG = (
    "Massage therapy for sciatica is a gentle treatment that many people with "
    "lower back pain try when the pain that runs down the leg keeps them from "
    "sleeping well at night and from walking to work in the morning."
)
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def index():
    return ArticleIndexPage.objects.get()


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@x.org", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def article(index, admin):
    """A draft with one revision, saved by the admin user (autosave may only
    overwrite its user's own revision)."""
    page = ArticlePage(
        title="Massage for sciatica",
        slug="massage-for-sciatica",
        body=[
            {"type": "heading", "value": {"text": "What helps", "level": 2}},
            {"type": "paragraph", "value": "<p>Massage eases tight muscles.</p>"},
        ],
    )
    index.add_child(instance=page)
    page.save_revision(user=admin)
    return page


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A block whose on-commit callbacks run at its end, as on a commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def queued():
    """The revision ids audit_revision was enqueued with, in order."""
    revisions = []

    def record(sender, task_result, **kwargs):
        if task_result.task.name == "audit_revision":
            revisions.append(task_result.args[0])

    task_enqueued.connect(record)
    yield revisions
    task_enqueued.disconnect(record)


def edit_data(client, page, *, paragraph, **fields):
    """The edit form as the editor posts it, with the body's two blocks."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data = data.copy()
    heading, text = page.get_latest_revision_as_object().body.raw_data
    data.update(
        {
            "body-count": "2",
            "body-0-type": "heading",
            "body-0-id": heading["id"],
            "body-0-order": "0",
            "body-0-deleted": "",
            "body-0-value-text": heading["value"]["text"],
            "body-0-value-level": str(heading["value"]["level"]),
            "body-1-type": "paragraph",
            "body-1-id": text["id"],
            "body-1-order": "1",
            "body-1-deleted": "",
            "body-1-value": rich_text(f"<p>{paragraph}</p>"),
        }
    )
    for name, value in fields.items():
        data[name] = value
    return data


def edit(client, page, data, **headers):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), data, **headers
    )


def autosave(client, page, data, overwrite=None):
    """What the editor's autosave posts: the form, as JSON, every few hundred
    milliseconds; the first creates a revision, the next ones overwrite it."""
    if overwrite is not None:
        data["overwrite_revision_id"] = str(overwrite.pk)
    response = edit(client, page, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content[:500]
    assert response.json()["success"], response.json()
    return Revision.objects.get(pk=response.json()["revision_id"])


def latest(page):
    return ArticlePage.objects.get(pk=page.pk).get_latest_revision()


def stored(page):
    return list(SeoAudit.objects.filter(page=page).order_by("pk"))


def assert_matches(audit, revision):
    """The audit is of the revision's content as stored now."""
    revision = Revision.objects.get(pk=revision.pk)
    assert audit.revision_id == revision.pk
    assert audit.content_hash == content_hash(revision.content)
    assert len(audit.content_hash) == 64


# --- what stores an audit ------------------------------------------------------


def test_a_draft_saved_in_the_admin_gets_one_audit_of_that_revision(
    client, admin, article, committed, queued
):
    with committed():
        response = edit(client, article, edit_data(client, article, paragraph=LONG))
    assert response.status_code == 302

    revision = latest(article)
    assert LONG in json.dumps(revision.content)
    assert queued == [revision.pk]
    [audit] = stored(article)
    assert_matches(audit, revision)
    assert audit.engine_version
    assert audit.overall_score is not None
    # The audit read the saved draft: the long sentence is found in it.
    sentences = next(r for r in audit.results if r["check"] == "sentence-length")
    assert sentences["findings"], sentences


def test_a_page_created_in_the_admin_gets_an_audit(client, admin, index, committed):
    add_url = reverse(
        "wagtailadmin_pages:add", args=["articles", "articlepage", index.pk]
    )
    form = client.get(add_url)
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form").copy()
    data.update(
        {"title": "Heat for sciatica", "slug": "heat-for-sciatica", "body-count": "0"}
    )
    with committed():
        response = client.post(add_url, data)
    assert response.status_code == 302, response.content[:1000]

    page = ArticlePage.objects.get(slug="heat-for-sciatica")
    [audit] = stored(page)
    assert_matches(audit, page.get_latest_revision())


def test_publishing_in_the_admin_audits_the_published_revision_once(
    client, admin, article, committed, queued
):
    # The article has error-level findings: the publish is confirmed, as the
    # editor's "Publish anyway" does (seo.admin.gate).
    data = edit_data(
        client,
        article,
        paragraph=LONG,
        **{"action-publish": "1", "seo-gate-confirm": "1"},
    )
    with committed():
        response = edit(client, article, data)
    assert response.status_code == 302

    article.refresh_from_db()
    assert article.live
    # page_published asked; the after_edit_page hook saw the publish and did not.
    assert queued == [article.live_revision_id]
    [audit] = stored(article)
    assert_matches(audit, article.live_revision)


def bearer(user):
    _, token = APIToken.create_token(user=user, name="pipeline")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_publishing_through_api_v3_stores_the_audit_api_v2_shows(
    client, admin, index, committed
):
    auth = bearer(admin)
    created = client.post(
        "/api/v3/pages/",
        json.dumps(
            {
                "meta": {"type": "articles.ArticlePage", "parent_id": index.pk},
                "title": "Stretches for sciatica",
                "body": [{"type": "paragraph", "value": f"<p>{LONG}</p>"}],
            }
        ),
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    page_id = created.json()["id"]
    client.logout()  # API v2 as the public reads it
    assert client.get(f"/api/v2/pages/{page_id}/").status_code == 404  # a draft

    with committed():
        published = client.post(f"/api/v3/pages/{page_id}/actions/publish/", **auth)
    assert published.status_code == 200, published.content

    page = ArticlePage.objects.get(pk=page_id)
    [audit] = stored(page)
    assert_matches(audit, page.live_revision)
    summary = client.get(f"/api/v2/pages/{page_id}/").json()["audit"]
    assert summary is not None
    assert summary["overall"] == audit.overall_score
    assert summary["engine_version"] == audit.engine_version


def test_creating_and_publishing_at_once_through_api_v3(
    client, admin, index, committed, queued
):
    with committed():
        created = client.post(
            "/api/v3/pages/",
            json.dumps(
                {
                    "meta": {
                        "type": "articles.ArticlePage",
                        "parent_id": index.pk,
                        "action": "publish",
                    },
                    "title": "Heat for sciatica",
                }
            ),
            content_type="application/json",
            **bearer(admin),
        )
    assert created.status_code == 201, created.content
    page = ArticlePage.objects.get(pk=created.json()["id"])
    assert page.live
    assert queued == [page.live_revision_id]
    [audit] = stored(page)
    assert_matches(audit, page.live_revision)


def test_drafts_saved_through_api_v3_get_an_audit_each(
    client, admin, index, committed, queued
):
    auth = bearer(admin)
    with committed():
        created = client.post(
            "/api/v3/pages/",
            json.dumps(
                {
                    "meta": {"type": "articles.ArticlePage", "parent_id": index.pk},
                    "title": "Ice for sciatica",
                }
            ),
            content_type="application/json",
            **auth,
        )
    assert created.status_code == 201, created.content
    page = ArticlePage.objects.get(pk=created.json()["id"])
    first = latest(page)
    with committed():
        updated = client.patch(
            f"/api/v3/pages/{page.pk}/",
            json.dumps({"meta": {"type": "articles.ArticlePage"}, "intro": LONG}),
            content_type="application/json",
            **auth,
        )
    assert updated.status_code == 200, updated.content
    second = latest(page)
    assert second != first
    assert queued == [first.pk, second.pk]
    for audit, revision in zip(stored(page), [first, second], strict=True):
        assert_matches(audit, revision)

    # Saving and publishing at once queues one audit, from page_published.
    queued.clear()
    with committed():
        client.patch(
            f"/api/v3/pages/{page.pk}/",
            json.dumps({"meta": {"type": "articles.ArticlePage", "action": "publish"}}),
            content_type="application/json",
            **auth,
        )
    page.refresh_from_db()
    assert page.live
    assert queued == [page.live_revision_id]


def test_import_articles_publish_audits_each_article(index, tmp_path, committed):
    for name, title in (("a.txt", "Massage for Sciatica"), ("b.txt", "Heat Packs")):
        (tmp_path / name).write_text(
            f"{title}\n\nMassage eases tight muscles.\n\nWhy It Helps\n\n{LONG}\n",
            encoding="utf-8",
        )
    with committed():
        call_command("import_articles", str(tmp_path), "--publish", stdout=StringIO())

    pages = list(ArticlePage.objects.filter(live=True).order_by("pk"))
    assert len(pages) == 2
    for page in pages:
        [audit] = stored(page)
        assert_matches(audit, page.live_revision)


def test_publish_scheduled_audits_the_scheduled_revision_not_a_later_draft(
    article, admin, committed, queued
):
    article.save_revision(user=admin).publish()
    # A new version, scheduled for an hour ahead; then more writing on top.
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    draft.title = "Massage for sciatica, reviewed"
    draft.go_live_at = timezone.now() + timedelta(hours=1)
    scheduled = draft.save_revision(user=admin)
    scheduled.publish()  # the page stays live on its old version meanwhile
    draft.title = "Massage for sciatica, still being written"
    draft.go_live_at = None
    later = draft.save_revision(user=admin)
    # The hour passes.
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Revision.objects.filter(pk=scheduled.pk).update(
        approved_go_live_at=an_hour_ago,
        content={**scheduled.content, "go_live_at": an_hour_ago.isoformat()},
    )
    scheduled.refresh_from_db()
    assert ArticlePage.objects.get(pk=article.pk).live_revision_id != scheduled.pk

    with committed():
        call_command("publish_scheduled", stdout=StringIO())

    article.refresh_from_db()
    assert (article.live_revision_id, article.title) == (
        scheduled.pk,
        "Massage for sciatica, reviewed",
    )
    assert article.latest_revision_id == later.pk
    assert queued == [scheduled.pk]
    [audit] = SeoAudit.objects.filter(page=article, revision=scheduled)
    assert_matches(audit, scheduled)
    assert not SeoAudit.objects.filter(revision=later).exists()


# --- autosave ------------------------------------------------------------------


def test_autosave_queues_nothing_and_drops_the_audit_it_makes_stale(
    client, admin, article, committed, queued
):
    with committed():
        edit(client, article, edit_data(client, article, paragraph="First draft."))
    saved = latest(article)
    [audit] = stored(article)
    assert_matches(audit, saved)
    queued.clear()

    # The editor keeps typing: autosave overwrites the saved revision in place.
    with committed():
        data = edit_data(client, article, paragraph=LONG)
        overwritten = autosave(client, article, data, overwrite=saved)
    assert overwritten.pk == saved.pk
    assert LONG in json.dumps(Revision.objects.get(pk=saved.pk).content)
    assert queued == []
    assert stored(article) == []  # no audit of content the revision no longer has


def test_an_autosave_that_creates_a_revision_queues_nothing(
    client, admin, article, committed, queued
):
    with committed():
        created = autosave(client, article, edit_data(client, article, paragraph=LONG))
    assert created == latest(article)
    assert created.pk != article.latest_revision_id
    assert queued == []
    assert stored(article) == []


def test_saving_other_fields_of_a_revision_keeps_its_audit(article, committed):
    revision = article.get_latest_revision()
    with committed():
        tasks.audit_on_commit(revision.pk, article.pk)
    [audit] = stored(article)
    revision.approved_go_live_at = timezone.now()
    revision.save(update_fields=["approved_go_live_at"])
    revision.save()  # the whole row again, same content
    assert stored(article) == [audit]


def test_a_rewritten_revision_loses_an_audit_stored_without_a_hash(article):
    """seo_audit --save records no hash: its row cannot be matched, so it goes."""
    revision = article.get_latest_revision()
    save_reports(runner.audit_pages([article.pk], Auditor()))  # what --save does
    [audit] = stored(article)
    assert (audit.revision_id, audit.content_hash) == (revision.pk, "")

    revision.content = {**revision.content, "title": "Massage, rewritten"}
    revision.save()
    assert stored(article) == []


def test_content_hashes_alike_before_and_after_the_database(article):
    """What Wagtail is about to store (compared when a revision is rewritten)
    and what the task reads back hash alike: dates, key order and the
    database's own JSON form (jsonb on PostgreSQL) make no difference."""
    page = ArticlePage.objects.get(pk=article.pk)
    page.last_reviewed = timezone.now().date()
    page.go_live_at = timezone.now() + timedelta(days=1)
    page.search_description = "Ünïcode — “quoted”"
    content = page.serializable_data()
    revision = page.save_revision()
    assert content_hash(content) == content_hash(
        Revision.objects.get(pk=revision.pk).content
    )
    assert content_hash(dict(reversed(content.items()))) == content_hash(content)
    assert content_hash({**content, "title": "Other"}) != content_hash(content)


# --- the task ------------------------------------------------------------------


def test_the_task_stores_nothing_if_the_revision_is_rewritten_while_it_audits(
    article, monkeypatch
):
    """An autosave landing between the task's read and its write: the row
    would describe content the revision no longer holds, so none is written."""
    revision = article.get_latest_revision()
    audit = Auditor.audit

    def audit_then_autosave(self, document):
        report = audit(self, document)
        Revision.objects.filter(pk=revision.pk).update(
            content={**revision.content, "title": "Typed meanwhile"}
        )
        return report

    monkeypatch.setattr(Auditor, "audit", audit_then_autosave)
    assert tasks.audit_revision.call(revision.pk) == "revision changed"
    assert stored(article) == []


def test_the_task_audits_the_revision_as_it_is_when_it_runs(article):
    revision = article.get_latest_revision()
    content = {**revision.content, "title": "Heat or ice for sciatica"}
    Revision.objects.filter(pk=revision.pk).update(content=content)

    assert tasks.audit_revision.call(revision.pk) == "stored"
    [audit] = stored(article)
    assert audit.content_hash == content_hash(content)
    # The site-wide checks need the whole library: not run on save.
    statuses = {r["check"]: r["status"] for r in audit.results}
    assert statuses["duplicate-title"] == "not-applicable"
    assert statuses["medical-disclaimer"] != "not-applicable"


def test_the_task_skips_what_it_cannot_audit(article):
    assert tasks.audit_revision.call(10**9) == "revision deleted"
    home = article.get_parent().get_parent().specific
    assert tasks.audit_revision.call(home.save_revision().pk) == "not an article"
    assert SeoAudit.objects.count() == 0


def test_a_queued_audit_passes_the_revision_id_only(client, admin, article, committed):
    """With the database queue the task is a row for a worker: nothing runs
    here, and the row holds the revision id."""
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DATABASE_TASKS), committed():
        response = edit(client, article, edit_data(client, article, paragraph=LONG))
    assert response.status_code == 302

    revision = latest(article)
    [queued] = DBTaskResult.objects.filter(task_path="seo.tasks.audit_revision")
    assert queued.args_kwargs == {"args": [revision.pk], "kwargs": {}}
    assert queued.status == "READY"
    assert stored(article) == []


def test_a_queue_outage_saves_the_page_and_logs(
    client, admin, article, committed, monkeypatch, caplog
):
    """The queue's write after the page's commit fails (the connection to the
    queue's database is lost): the page stays saved, and the log says how to
    store the audit later."""
    from django_tasks_db import DatabaseBackend

    enqueue = DatabaseBackend.enqueue

    def unreachable(self, task, args, kwargs):
        if task.name == "audit_revision":
            raise OperationalError("connection to server at 10.0.0.9 failed")
        return enqueue(self, task, args, kwargs)

    monkeypatch.setattr(DatabaseBackend, "enqueue", unreachable)
    data = edit_data(client, article, paragraph=LONG)
    with (
        override_settings(TASKS=DATABASE_TASKS),
        caplog.at_level(logging.ERROR, logger="seo.tasks"),
        committed(),
    ):
        response = edit(client, article, data)

    assert response.status_code == 302
    revision = latest(article)
    assert LONG in json.dumps(revision.content)
    [record] = [r for r in caplog.records if r.name == "seo.tasks"]
    assert record.levelno == logging.ERROR
    assert f"page {article.pk} (revision {revision.pk})" in record.getMessage()
    assert f"seo_audit --page {article.pk} --save" in record.getMessage()
    assert "10.0.0.9" in str(record.exc_info[1])
    assert stored(article) == []


def test_a_failing_audit_does_not_fail_the_save(
    client, admin, article, committed, monkeypatch
):
    def broken(self, document):
        raise ValueError("a check fell over")

    data = edit_data(client, article, paragraph=LONG)
    monkeypatch.setattr(Auditor, "audit", broken)
    with committed():
        response = edit(client, article, data)
    assert response.status_code == 302
    assert LONG in json.dumps(latest(article).content)
    assert stored(article) == []


# --- settings --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "backend"),
    [
        (None, "django_tasks.backends.immediate.ImmediateBackend"),
        ("immediate", "django_tasks.backends.immediate.ImmediateBackend"),
        ("database", "django_tasks_db.DatabaseBackend"),
    ],
)
def test_tasks_backend_selects_the_backend(value, backend):
    env = {"TASKS_BACKEND": value} if value else {}
    assert settings_tasks(env) == {"default": {"BACKEND": backend}}


def test_an_unknown_tasks_backend_is_refused():
    with pytest.raises(subprocess.CalledProcessError) as failure:
        settings_tasks({"TASKS_BACKEND": "redis"})
    assert "TASKS_BACKEND='redis' is not one of: immediate, database" in (
        failure.value.stderr
    )


def settings_tasks(env: dict[str, str]) -> dict:
    """TASKS as cms.settings.base computes it from the environment."""
    import os

    environment = {k: v for k, v in os.environ.items() if k != "TASKS_BACKEND"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, cms.settings.base as s; print(json.dumps(s.TASKS))",
        ],
        cwd=settings.BASE_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def test_import_articles_draft_audits_the_draft_and_a_reimport_of_the_same_file_none(
    index, tmp_path, committed
):
    source = tmp_path / "a.txt"
    source.write_text(
        "Massage for Sciatica\n\nMassage eases tight muscles.\n\n"
        f"Why It Helps\n\n{LONG}\n",
        encoding="utf-8",
    )
    with committed():
        call_command("import_articles", str(source), stdout=StringIO())
    page = ArticlePage.objects.get()
    assert not page.live
    [audit] = stored(page)
    assert_matches(audit, page.latest_revision)

    with committed():  # unchanged: no new revision, nothing queued
        call_command("import_articles", str(source), stdout=StringIO())
    assert len(stored(page)) == 1
