"""The SEO review workflow task: it audits the submitted revision, stores the
audit, approves it itself when it has no error-level finding, passes the
publishing policy and scores at least its threshold, and otherwise waits for
a moderator, who sees the findings and the reason in the action's modal. The
data migration adds it, disabled, to the Articles index.
"""

import importlib

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import (
    GroupApprovalTask,
    Site,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from articles.models import ArticleIndexPage, ArticlePage
from seo.admin import gate
from seo.models import SeoAudit, SeoPublishingPolicy, SeoReviewTask
from seo.sources import article_from_revision
from tests.seo import factories

pytestmark = pytest.mark.django_db

PROSE = (
    "Gentle massage of the lower back can ease sciatica pain for some people. "
    "Warm the muscles before you start. Stretch slowly every morning."
)
MIGRATION = importlib.import_module("seo.migrations.0006_seo_review_workflow")


@pytest.fixture
def index():
    return ArticleIndexPage.objects.get()


@pytest.fixture
def workflow():
    """The migration's workflow, turned on (Settings > Workflows > Enable)."""
    workflow = Workflow.objects.get(name="SEO review")
    workflow.active = True
    workflow.save()
    return workflow


@pytest.fixture
def task(workflow):
    return SeoReviewTask.objects.get(workflow_tasks__workflow=workflow)


def draft(index, title="Massage for sciatica", *, disclaimer=True):
    body = [factories.paragraph(PROSE)]
    if disclaimer:
        body.append(factories.disclaimer())
    slug = title.lower().replace(" ", "-")
    page = ArticlePage(title=title, slug=slug, body=body, live=False)
    index.add_child(instance=page)
    page.save_revision()
    page.refresh_from_db()
    return page


def score_of(page):
    return gate.audit(article_from_revision(page.get_latest_revision())).scores.overall


@pytest.fixture
def moderator(make_admin_user, index):
    user = make_admin_user("moderator", index, "add_page", "change_page")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def writer(make_admin_user, index):
    return make_admin_user("writer", index, "add_page", "change_page")


def submit(page, user):
    return page.get_workflow().start(page, user)


# --- approving itself, or waiting -------------------------------------------------


def test_the_migration_workflow_covers_articles_once_enabled(index, workflow):
    page = draft(index)
    assert page.get_workflow() == workflow


def test_it_approves_itself_at_the_threshold_with_no_errors(
    index, workflow, task, writer
):
    """Followed by a moderators' step, the workflow moves on to it."""
    moderators = GroupApprovalTask.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=moderators, sort_order=1)
    page = draft(index)
    task.threshold = score_of(page)  # "at or above"
    task.save()

    state = submit(page, writer)

    task_state = TaskState.objects.get(workflow_state=state, task=task).specific
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.reason == ""
    assert task_state.comment.startswith("SEO review: score")
    assert state.current_task_state.task.specific == moderators
    assert not ArticlePage.objects.get(pk=page.pk).live
    # The audit of the submitted revision is stored and linked.
    audit = SeoAudit.objects.get(page=page, revision=task_state.revision)
    assert task_state.audit == audit
    assert audit.overall_score == task.threshold
    assert audit.errors == 0


def test_approving_itself_as_the_last_step_publishes(index, task, make_admin_user):
    publisher = make_admin_user(
        "publisher", index, "add_page", "change_page", "publish_page"
    )
    page = draft(index)
    task.threshold = score_of(page)
    task.save()

    state = submit(page, publisher)

    assert WorkflowState.objects.get(pk=state.pk).status == "approved"
    assert ArticlePage.objects.get(pk=page.pk).live


def test_as_the_last_step_it_waits_for_a_writer_who_may_not_publish(
    index, task, writer
):
    """Approving would publish as the writer, which Wagtail refuses."""
    page = draft(index)
    task.threshold = score_of(page)
    task.save()

    state = submit(page, writer)

    task_state = state.current_task_state.specific
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert "which writer may not do" in task_state.reason
    assert not ArticlePage.objects.get(pk=page.pk).live


def test_it_waits_below_the_threshold(index, task, writer):
    page = draft(index)
    score = score_of(page)
    task.threshold = score + 1
    task.save()

    state = submit(page, writer)

    task_state = TaskState.objects.get(workflow_state=state).specific
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert task_state.reason == (
        f"The overall score ({score}) is below the threshold of {score + 1}."
    )
    assert task_state.audit.revision_id == task_state.revision_id
    assert not ArticlePage.objects.get(pk=page.pk).live


def test_it_waits_for_an_error_level_finding_above_the_threshold(index, task, writer):
    page = draft(index, disclaimer=False)
    task.threshold = 0
    task.save()

    state = submit(page, writer)

    task_state = TaskState.objects.get(workflow_state=state).specific
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert task_state.reason == "1 error-level finding."
    assert task_state.audit.errors == 1
    assert not ArticlePage.objects.get(pk=page.pk).live


def test_it_waits_when_the_publishing_policy_would_block(index, task, writer):
    """Approving itself would publish as the writer, whom the policy refuses."""
    SeoPublishingPolicy.objects.create(
        site=Site.objects.get(is_default_site=True), blocking_checks=["text-length"]
    )
    page = draft(index)
    task.threshold = 0
    task.save()

    state = submit(page, writer)

    task_state = TaskState.objects.get(workflow_state=state).specific
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert "SEO publishing policy requires: Text length (text-length)" in (
        task_state.reason
    )


# --- the moderator's view -----------------------------------------------------------


@pytest.fixture
def waiting(index, task, writer):
    """An article without a disclaimer, waiting in the SEO review."""
    page = draft(index, disclaimer=False)
    state = submit(page, writer)
    return page, state.current_task_state.specific


def modal(client, page, task_state, action="approve", view="workflow/action"):
    response = client.get(f"/admin/pages/{view}/{page.pk}/{action}/{task_state.pk}/")
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.json()["html"], "html.parser")


@pytest.mark.parametrize("action", ["approve", "reject"])
@pytest.mark.parametrize("view", ["workflow/action", "workflow/collect_action_data"])
def test_the_moderator_sees_the_findings_and_the_reason(
    client, moderator, waiting, action, view
):
    page, task_state = waiting
    client.force_login(moderator)

    soup = modal(client, page, task_state, action, view)

    review = soup.select_one("[data-seo-review]")
    assert review.select_one("[data-seo-review-score]")["data-seo-review-score"] == (
        str(task_state.audit.overall_score)
    )
    reason = review.select_one("[data-seo-review-reason]").text
    assert "1 error-level finding." in reason
    items = review.select("[data-seo-gate-finding]")
    levels = [item["data-level"] for item in items]
    assert levels[0] == "error"
    assert levels == sorted(levels, key=["error", "warning"].index)
    first = items[0]
    assert first["data-seo-gate-finding"] == "medical-disclaimer"
    assert "No medical disclaimer." in first.text
    assert "Add a disclaimer block" in first.select_one(".seo-finding__hint").text
    # Then Wagtail's own form: the comment and the action's button.
    assert soup.select_one("form textarea[name=comment]") is not None


def test_the_editor_offers_the_task_actions_through_the_modal(
    client, moderator, waiting
):
    page, task_state = waiting
    client.force_login(moderator)

    response = client.get(f"/admin/pages/{page.pk}/edit/")

    soup = BeautifulSoup(response.content, "html.parser")
    names = {
        button["data-workflow-action-name"]: button
        for button in soup.select("[data-workflow-action-name]")
    }
    assert set(names) == {"approve", "reject"}
    assert all("data-workflow-action-modal-url" in b.attrs for b in names.values())


def test_someone_outside_the_groups_cannot_moderate(client, writer, waiting):
    page, task_state = waiting
    client.force_login(writer)

    response = client.get(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    )

    assert response.status_code in (302, 403)
    assert b"data-seo-review" not in response.content


def test_the_moderator_approves_and_it_publishes(client, moderator, waiting):
    page, task_state = waiting
    client.force_login(moderator)

    client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/",
        {"comment": "Disclaimer is on the site now."},
    )

    assert TaskState.objects.get(pk=task_state.pk).status == "approved"
    assert ArticlePage.objects.get(pk=page.pk).live


def test_the_view_survives_a_dropped_audit(client, moderator, waiting):
    page, task_state = waiting
    SeoAudit.objects.filter(pk=task_state.audit_id).delete()
    client.force_login(moderator)

    soup = modal(client, page, task_state)

    assert soup.select_one('[data-seo-gate-finding="medical-disclaimer"]')
    assert "1 error-level finding." in soup.select_one("[data-seo-review-reason]").text


# --- the task's settings ------------------------------------------------------


@pytest.mark.parametrize("threshold", ["101", "-1", "eighty", "1e3", "\x00"])
def test_the_threshold_is_refused_outside_0_to_100(
    client, django_user_model, threshold
):
    admin = django_user_model.objects.create_superuser("admin", "a@x.org", "pw")
    client.force_login(admin)
    url = "/admin/workflows/tasks/add/seo/seoreviewtask/"

    response = client.post(url, {"name": "Strict SEO review", "threshold": threshold})

    assert response.status_code == 200
    assert "threshold" in response.context["form"].errors
    assert not SeoReviewTask.objects.filter(name="Strict SEO review").exists()


def test_a_task_is_made_in_the_admin_with_its_threshold(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@x.org", "pw")
    client.force_login(admin)
    moderators = Group.objects.get(name="Moderators")

    response = client.post(
        "/admin/workflows/tasks/add/seo/seoreviewtask/",
        {"name": "Strict SEO review", "threshold": "90", "groups": [moderators.pk]},
    )

    assert response.status_code == 302
    task = SeoReviewTask.objects.get(name="Strict SEO review")
    assert task.threshold == 90
    assert list(task.groups.all()) == [moderators]


# --- the migration ------------------------------------------------------------


def test_the_migration_adds_the_workflow_disabled_to_the_articles_index(index):
    workflow = Workflow.objects.get(name="SEO review")
    assert workflow.active is False
    assert WorkflowPage.objects.get(workflow=workflow).page_id == index.pk
    task = workflow.tasks.get().specific
    assert isinstance(task, SeoReviewTask)
    assert task.threshold == 80
    assert [group.name for group in task.groups.all()] == ["Moderators"]
    # Off: articles follow the workflow above them (Wagtail's default).
    page = draft(index)
    assert page.get_workflow() != workflow


def test_the_migration_runs_again_harmlessly():
    counts = (Workflow.objects.count(), SeoReviewTask.objects.count())

    MIGRATION.create_workflow(apps, None)

    assert (Workflow.objects.count(), SeoReviewTask.objects.count()) == counts
    assert WorkflowPage.objects.filter(workflow__name="SEO review").count() == 1


def test_the_migration_without_an_articles_index_attaches_nothing(index):
    Workflow.objects.filter(name="SEO review").delete()
    SeoReviewTask.objects.all().delete()
    index.delete()

    MIGRATION.create_workflow(apps, None)

    workflow = Workflow.objects.get(name="SEO review")
    assert not workflow.active
    assert not WorkflowPage.objects.filter(workflow=workflow).exists()
    assert workflow.tasks.count() == 1
