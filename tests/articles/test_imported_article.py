"""An import is the one article envelope (seo.document.ArticleData) plus what
only an import knows."""

import json

from articles.importing import Flag, ImportedArticle, parse_file
from seo.document import ArticleData, ImportNote
from seo.sources import article_from_import

TEXT = (
    "Massage for Sciatica\n\n"
    "Massage eases the tight muscles that press on the sciatic nerve. "
    "A #massagetherapy session loosens them for days.\n\n"
    "#SciaticaRelief\n"
)


def test_an_import_carries_an_article_and_its_own_facts(write_source):
    path = write_source(TEXT)
    imported = parse_file(path)
    assert isinstance(imported, ImportedArticle)
    article = imported.article
    assert isinstance(article, ArticleData)
    assert (article.title, article.slug, article.source) == (
        "Massage for Sciatica",
        "massage-for-sciatica",
        str(path),
    )
    assert article.hashtags == ("massagetherapy", "SciaticaRelief")
    assert [note.kind for note in article.import_notes] == ["inline-hashtag"]
    # The flags are the article's import notes: one class, one list.
    assert Flag is ImportNote
    assert imported.flags == list(article.import_notes)
    assert imported.flags[0].line == 3
    # Read through the import as the dry run shows it.
    assert imported.title == article.title
    assert imported.hashtags == ["massagetherapy", "SciaticaRelief"]
    assert imported.body is article.body


def test_the_audit_reads_the_same_article(write_source):
    imported = parse_file(write_source(TEXT))
    data = article_from_import(imported, disclaimer="Not advice.")
    assert data.title == imported.article.title
    assert data.body == imported.article.body
    assert data.import_notes == imported.article.import_notes
    assert data.site_disclaimer == "Not advice."


def test_changing_a_field_replaces_the_article(write_source):
    imported = parse_file(write_source(TEXT))
    before = imported.article
    imported.hashtags = ["Heat"]
    imported.update(title="Heat for Sciatica")
    assert (imported.article.title, imported.article.hashtags) == (
        "Heat for Sciatica",
        ("Heat",),
    )
    assert before.title == "Massage for Sciatica"  # an article never changes


def test_the_dry_run_json_keeps_its_shape(write_source):
    imported = parse_file(write_source(TEXT))
    data = imported.as_json()
    assert list(data) == [
        "source",
        "title",
        "slug",
        "search_description",
        "hashtags",
        "body",
        "dropped",
        "flags",
        "warnings",
    ]
    assert list(data["flags"][0]) == ["kind", "line", "block", "excerpt", "reason"]
    assert data["hashtags"] == ["massagetherapy", "SciaticaRelief"]
    json.dumps(data)
    assert ImportNote.from_json(data["flags"][0]) == imported.flags[0]
