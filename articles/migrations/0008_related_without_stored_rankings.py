"""Related articles without stored rankings.

Related articles are now computed when read (`articles.related`): a GET must
never write, and no reader waits on rankings made stale by a publish. So the
stored rankings (RelatedRanking, RelatedArticle) go, and an index on the
hashtag rows gives the newest articles of a hashtag in one index range, which
is what a read ranks. Created with the schema editor, like 0004's and 0007's,
so the model (taggit's through table) need not declare it.
"""

from django.db import migrations, models

INDEX = models.Index(
    fields=["tag", "-content_object"], name="articles_hashtag_newest_idx"
)


def add_index(apps, schema_editor):
    schema_editor.add_index(apps.get_model("articles", "ArticleHashtag"), INDEX)


def remove_index(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("articles", "ArticleHashtag"), INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_page_newest_first_index"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="relatedranking",
            name="page",
        ),
        migrations.DeleteModel(
            name="RelatedArticle",
        ),
        migrations.DeleteModel(
            name="RelatedRanking",
        ),
        migrations.RunPython(add_index, remove_index),
    ]
