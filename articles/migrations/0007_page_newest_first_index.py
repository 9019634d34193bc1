"""An index on Wagtail's page table for listings of one page type, newest first.

The API lists articles newest first with their total count: an article's
row is its own table's joined to the page table, and PostgreSQL joined all of
them by hash and sorted the result on every listing (10,000 rows for 20).
When a listing filters on page columns only, `articles.api.pagination` selects
it from the page table alone; this index holds it in listing order with every
column the visibility conditions and the type read, so the database walks the
index and never the table. (INCLUDE is PostgreSQL's; elsewhere the index
keeps the order only.) Created with the schema editor, like 0004's, since
Wagtail's models do not declare it.
"""

from django.db import migrations, models

INDEX = models.Index(
    fields=["-first_published_at", "-id"],
    include=["content_type", "live", "path", "depth"],
    name="articles_page_newest_idx",
)


def add_index(apps, schema_editor):
    schema_editor.add_index(apps.get_model("wagtailcore", "Page"), INDEX)


def remove_index(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("wagtailcore", "Page"), INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_related_ranking_searched"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_index, remove_index)]
