"""Frontends read articles as JSON: API v2 (public) and v3's OpenAPI document."""

import pytest
from django.core.management import call_command

from articles.blocks import contract_data
from articles.importing import parse_file
from articles.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_seeds(seeds_dir):
    call_command("import_articles", str(seeds_dir), "--publish", verbosity=0)
    return {
        page.source_file: page for page in ArticlePage.objects.live().order_by("pk")
    }


def test_import_publish_and_read_back_gives_the_same_blocks(client, published_seeds):
    for source, page in published_seeds.items():
        imported = parse_file(source)
        response = client.get(f"/api/v2/pages/{page.pk}/")
        assert response.status_code == 200
        data = response.json()
        assert data["title"] == imported.title
        assert data["meta"]["search_description"] == imported.search_description
        assert data["hashtags"] == imported.hashtags
        assert all(block["id"] for block in data["body"])
        assert contract_data(data["body"]) == imported.body


def test_listing_with_all_fields(client, published_seeds):
    response = client.get(
        "/api/v2/pages/", {"type": "articles.ArticlePage", "fields": "*"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 5
    first = data["items"][0]
    assert {"body", "hashtags", "focus_keyphrase", "reviewer", "last_reviewed"} <= set(
        first
    )
    assert first["body"][0]["type"] in {"paragraph", "heading"}


def test_every_article_field_is_exposed():
    own_fields = {
        field.name
        for field in ArticlePage._meta.get_fields(include_parents=False)
        if not field.auto_created and (field.concrete or field.name == "hashtags")
    }
    assert "focus_keyphrase" in own_fields  # the SEO mixin's fields count too
    assert own_fields == {field.name for field in ArticlePage.api_fields}


def test_drafts_are_not_listed(client, write_source):
    call_command(
        "import_articles",
        str(write_source("A Draft\n\nNot yet published, so not public.\n")),
        verbosity=0,
    )
    page = ArticlePage.objects.get()
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    listing = client.get("/api/v2/pages/", {"type": "articles.ArticlePage"}).json()
    assert listing["meta"]["total_count"] == 0


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v2/pages/999999/", 404),
        ("/api/v2/pages/?type=nope.Nope", 400),
        ("/api/v2/pages/?limit=abc", 400),
    ],
)
def test_errors_are_json(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert "message" in response.json()


def test_v3_openapi_document_describes_articles(client):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v3/pages/" in schema["paths"]
    assert "ArticlePageSchema" in schema["components"]["schemas"]
    properties = schema["components"]["schemas"]["ArticlePageSchema"]["properties"]
    assert {"body", "hashtags", "focus_keyphrase"} <= set(properties)
