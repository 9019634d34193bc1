"""Indexes on the publishing-schedule dates of Wagtail's page table.

Every API query that lists or checks visible pages leaves out pages whose
go-live date is ahead or whose expiry has passed (`articles.api.visibility`).
Without an index PostgreSQL reads the whole page table for that on every
request. Almost no page has either date set, so partial indexes over the
pages that do are tiny and make the check free. They live on Wagtail's table
because that is where the dates are; Wagtail's own models do not declare
them, so they are created here with the schema editor (the migration state,
and `makemigrations --check`, are unaffected).
"""

from django.db import migrations, models
from django.db.models import Q

INDEXES = [
    models.Index(
        fields=[field],
        condition=Q(**{f"{field}__isnull": False}),
        name=f"articles_page_{field}_idx",
    )
    for field in ("go_live_at", "expire_at")
]


def add_indexes(apps, schema_editor):
    page = apps.get_model("wagtailcore", "Page")
    for index in INDEXES:
        schema_editor.add_index(page, index)


def remove_indexes(apps, schema_editor):
    page = apps.get_model("wagtailcore", "Page")
    for index in INDEXES:
        schema_editor.remove_index(page, index)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_articlepage_target_grade_and_more"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
