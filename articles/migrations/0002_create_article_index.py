import uuid

from django.db import migrations

INDEX_SLUG = "articles"
STEP_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def path_step(number):
    """Treebeard's 4-character base-36 path step (historical models lack its API)."""
    text = ""
    while number:
        number, remainder = divmod(number, 36)
        text = STEP_ALPHABET[remainder] + text
    return text.rjust(4, "0")


def create_article_index(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("home.HomePage")
    ArticleIndexPage = apps.get_model("articles.ArticleIndexPage")

    home = HomePage.objects.filter(depth=2).first()
    if home is None or ArticleIndexPage.objects.exists():
        return
    content_type, __ = ContentType.objects.get_or_create(
        model="articleindexpage", app_label="articles"
    )
    last_child = (
        Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
        .order_by("-path")
        .first()
    )
    step = int(last_child.path[-4:], 36) + 1 if last_child else 1
    ArticleIndexPage.objects.create(
        title="Articles",
        draft_title="Articles",
        slug=INDEX_SLUG,
        content_type=content_type,
        path=home.path + path_step(step),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{INDEX_SLUG}/",
        locale_id=home.locale_id,
        translation_key=uuid.uuid4(),
        intro="Everything we have written on massage therapy for sciatica.",
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)


def remove_article_index(apps, schema_editor):
    Page = apps.get_model("wagtailcore.Page")
    ArticleIndexPage = apps.get_model("articles.ArticleIndexPage")
    for index in ArticleIndexPage.objects.filter(slug=INDEX_SLUG, numchild=0):
        parent = Page.objects.get(path=index.path[:-4])
        index.delete()
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild - 1)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("home", "0002_create_homepage"),
    ]

    operations = [migrations.RunPython(create_article_index, remove_article_index)]
