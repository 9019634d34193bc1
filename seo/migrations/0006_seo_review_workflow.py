"""The "SEO review" workflow, with its SEO review task, assigned to the Articles
index but disabled: an admin turns it on in Settings > Workflows.

On a fresh database the index exists by now (articles 0002 creates it under
the home page). Without one, the workflow and task are still created, for an
admin to assign; nothing is attached. Running it again changes nothing, and
an index that already has a workflow of its own keeps it.
"""

from django.db import migrations

NAME = "SEO review"
MODERATORS = "Moderators"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    SeoReviewTask = apps.get_model("seo", "SeoReviewTask")
    ArticleIndexPage = apps.get_model("articles", "ArticleIndexPage")

    task = SeoReviewTask.objects.filter(name=NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="seo", model="seoreviewtask"
        )
        task = SeoReviewTask.objects.create(
            name=NAME, content_type=content_type, threshold=80, active=True
        )
        task.groups.set(Group.objects.filter(name=MODERATORS))

    workflow = Workflow.objects.filter(name=NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=NAME, active=False)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )

    index = ArticleIndexPage.objects.order_by("path").first()
    if index is not None and not WorkflowPage.objects.filter(page_id=index.pk).exists():
        WorkflowPage.objects.create(page_id=index.pk, workflow=workflow)


def remove_workflow(apps, schema_editor):
    """Remove what create_workflow made, unless it has been used."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    SeoReviewTask = apps.get_model("seo", "SeoReviewTask")
    Workflow.objects.filter(name=NAME, workflow_states__isnull=True).delete()
    SeoReviewTask.objects.filter(
        name=NAME, task_states__isnull=True, workflow_tasks__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("seo", "0005_review_task_and_policy"),
        ("articles", "0002_create_article_index"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
