"""Frontends read articles as JSON: API v2 (public) and v3's OpenAPI document."""

import datetime
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from articles.api.reading import WORDS_PER_MINUTE
from articles.blocks import contract_data
from articles.importing import parse_file
from articles.models import ArticleIndexPage, ArticlePage, MedicalReviewer
from seo.models import SeoAudit

pytestmark = pytest.mark.django_db

PUBLIC = "https://www.example.org"


def make_image(title: str = "Stretch", size: tuple[int, int] = (40, 30)) -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "white").save(buffer, "PNG")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower()}.png")
    )


def make_article(
    title: str = "Massage for Sciatica",
    *,
    body: list | None = None,
    hashtags: tuple[str, ...] = (),
    publish: bool = True,
    **fields,
) -> ArticlePage:
    """A published article under the library; `body` is block data."""
    index = ArticleIndexPage.objects.get()
    page = ArticlePage(
        title=title,
        live=publish,
        body=body
        if body is not None
        else [{"type": "paragraph", "value": "<p>Hi.</p>"}],
        **fields,
    )
    index.add_child(instance=page)
    if hashtags:
        page.hashtags.set(hashtags)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return ArticlePage.objects.get(pk=page.pk)


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
    assert {
        "body",
        "hashtags",
        "focus_keyphrase",
        "reviewer",
        "last_reviewed",
        "toc",
        "reading_time",
        "audit",
    } <= set(first)
    assert "related" not in first  # detail only
    assert first["body"][0]["type"] in {"paragraph", "heading"}


def test_every_article_field_is_exposed():
    own_fields = {
        field.name
        for field in ArticlePage._meta.get_fields(include_parents=False)
        if not field.auto_created and (field.concrete or field.name == "hashtags")
    }
    assert "focus_keyphrase" in own_fields  # the SEO mixin's fields count too
    # source_file is the importer's key, a path on the server: never published.
    assert "source_file" in own_fields
    # The article_authors relation (an inline panel's rows) is served as authors.
    assert own_fields - {"source_file"} | {"authors"} == {
        f.name for f in ArticlePage.api_fields
    }


@override_settings(PUBLIC_SITE_URL=PUBLIC)
def test_rich_text_links_resolve_to_public_urls(client):
    target = make_article("Piriformis Stretches")
    draft = make_article("Unpublished Notes", publish=False)
    document = Document.objects.create(
        title="Stretch sheet", file=ContentFile(b"Stretch daily.", "sheet.txt")
    )
    page = make_article(
        body=[
            {
                "type": "paragraph",
                "value": f'<p>See <a linktype="page" id="{target.pk}">stretches</a>, '
                f'<a linktype="document" id="{document.pk}">the sheet</a>, '
                f'<a linktype="page" id="{draft.pk}">a draft</a> and '
                '<a href="https://www.nhs.uk/">the NHS</a>.</p>',
            }
        ]
    )
    html = client.get(f"/api/v2/pages/{page.pk}/").json()["body"][0]["value"]
    assert f'<a href="{PUBLIC}/articles/piriformis-stretches/">stretches</a>' in html
    assert 'title="Stretch sheet">the sheet</a>' in html
    assert f"/documents/{document.pk}/sheet" in html
    assert "<a>a draft</a>" in html  # no address for a page readers cannot see
    assert '<a href="https://www.nhs.uk/">the NHS</a>' in html
    assert "linktype" not in html


def test_image_blocks_are_expanded(client):
    image = make_image(size=(64, 48))
    page = make_article(
        body=[
            {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "alt_text": "A stretch",
                    "decorative": False,
                    "caption": "Hold it for thirty seconds.",
                },
            },
            # As stored before images had captions.
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "", "decorative": True},
            },
        ]
    )
    body = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]
    first, second = (block["value"] for block in body)
    assert first["alt_text"] == "A stretch"
    assert first["caption"] == "Hold it for thirty seconds."
    assert not first["decorative"]
    assert first["image"]["id"] == image.pk
    assert (first["image"]["width"], first["image"]["height"]) == (64, 48)
    assert first["image"]["url"].startswith("http")
    assert "/media/original_images/" in first["image"]["url"]
    assert first["image"]["url"].endswith(".png")
    assert second == {
        "image": first["image"],
        "alt_text": "",
        "decorative": True,
        "caption": "",
    }


def test_toc_anchors_are_the_heading_block_ids(client):
    page = make_article(
        body=[
            {"type": "heading", "value": {"text": "Causes", "level": 2}},
            {"type": "paragraph", "value": "<p>Text.</p>"},
            {"type": "heading", "value": {"text": "Piriformis", "level": 3}},
        ]
    )
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    heading_ids = [b["id"] for b in data["body"] if b["type"] == "heading"]
    assert data["toc"] == [
        {"level": 2, "text": "Causes", "anchor": heading_ids[0]},
        {"level": 3, "text": "Piriformis", "anchor": heading_ids[1]},
    ]


def test_word_count_and_reading_time(client):
    words = " ".join(["massage"] * (WORDS_PER_MINUTE + 1))
    page = make_article(
        body=[
            {"type": "heading", "value": {"text": "Two words", "level": 2}},
            {"type": "paragraph", "value": f"<p>{words}</p>"},
        ]
    )
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["word_count"] == WORDS_PER_MINUTE + 3
    assert data["reading_time"] == 2


def test_hashtags_keep_their_order_and_case(client):
    page = make_article(hashtags=("SciaticaRelief", "Massage"))
    assert client.get(f"/api/v2/pages/{page.pk}/").json()["hashtags"] == [
        "SciaticaRelief",
        "Massage",
    ]


def test_audit_shows_scores_of_the_published_revision_only(client):
    page = make_article()
    assert client.get(f"/api/v2/pages/{page.pk}/").json()["audit"] is None
    SeoAudit.objects.create(
        page=page,
        revision_id=page.live_revision_id,
        engine_version="1.0.0",
        overall_score=71,
        seo_score=60,
        readability_score=80,
        headings_score=90,
        hashtags_score=100,
        health_score=50,
        results=[{"check": "grade-level", "findings": [{"message": "secret"}]}],
    )
    draft = page.save_revision()
    SeoAudit.objects.create(
        page=page, revision=draft, engine_version="1.0.0", overall_score=10, results=[]
    )
    audit = client.get(f"/api/v2/pages/{page.pk}/").json()["audit"]
    assert audit["overall"] == 71
    assert audit["categories"] == {
        "readability": 80,
        "seo": 60,
        "headings": 90,
        "hashtags": 100,
        "health": 50,
    }
    assert audit["engine_version"] == "1.0.0"
    datetime.datetime.fromisoformat(audit["audited_at"])
    assert "secret" not in str(audit)
    assert "results" not in audit


def test_reviewer_and_review_date(client):
    reviewer = MedicalReviewer.objects.create(name="Dr Ada Lee", credentials="MD")
    page = make_article(reviewer=reviewer, last_reviewed=datetime.date(2025, 3, 1))
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["reviewer"]["name"] == "Dr Ada Lee"
    assert data["last_reviewed"] == "2025-03-01"


@override_settings(PUBLIC_SITE_URL=PUBLIC)
def test_find_by_path_and_by_slug(client):
    page = make_article("Heat or Ice")
    by_path = client.get(
        "/api/v2/pages/find/", {"html_path": "/articles/heat-or-ice/"}, follow=True
    )
    assert by_path.status_code == 200
    assert by_path.json()["id"] == page.pk
    by_slug = client.get("/api/v2/pages/find/", {"slug": "heat-or-ice"}, follow=True)
    assert by_slug.status_code == 200
    assert by_slug.json()["id"] == page.pk
    assert by_slug.json()["meta"]["html_url"] == f"{PUBLIC}/articles/heat-or-ice/"
    missing = client.get("/api/v2/pages/find/", {"slug": "nope"})
    assert missing.status_code == 404
    assert missing.json()["message"]


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
    ("url", "status", "parameter"),
    [
        ("/api/v2/pages/999999/", 404, None),
        ("/api/v2/pages/?type=nope.Nope", 400, None),
        ("/api/v2/pages/?limit=abc", 400, None),
        ("/api/v2/pages/?reviewed_since=yesterday", 400, "reviewed_since"),
        ("/api/v2/pages/?reviewed_since=2025-02-30", 400, "reviewed_since"),
        ("/api/v2/pages/?hashtag=not%20one", 400, "hashtag"),
        ("/api/v2/pages/?hashtag=", 400, "hashtag"),
        (
            "/api/v2/pages/?type=articles.ArticlePage&last_reviewed=soon",
            400,
            "last_reviewed",
        ),
        ("/api/v2/pages/find/?id=abc", 400, "id"),
        # Numbers no id column can hold: no such page, not a database error.
        ("/api/v2/pages/99999999999999999999/", 404, None),
        ("/api/v2/pages/find/?id=99999999999999999999", 404, None),
        (
            "/api/v2/pages/?type=articles.ArticlePage&target_grade=99999999999999999999",
            400,
            "target_grade",
        ),
        # One value per page only: a relation would repeat pages.
        ("/api/v2/pages/?type=articles.ArticlePage&order=hashtags", 400, "order"),
        ("/api/v2/pages/?type=articles.ArticlePage&order=-body", 400, "order"),
        ("/api/v2/pages/find/?slug=nope", 404, None),
        ("/api/v2/pages/not-a-number/", 404, None),
        ("/api/v2/nothing-here/", 404, None),
    ],
)
def test_errors_are_json(client, url, status, parameter):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["message"]
    if parameter:
        assert body["parameter"] == parameter
        assert parameter in body["message"]


def test_method_not_allowed_is_json(client):
    response = client.post("/api/v2/pages/")
    assert response.status_code == 405
    assert response.json()["message"]


def test_v3_openapi_document_describes_articles(client):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v3/pages/" in schema["paths"]
    assert "ArticlePageSchema" in schema["components"]["schemas"]
    properties = schema["components"]["schemas"]["ArticlePageSchema"]["properties"]
    assert {"body", "hashtags", "focus_keyphrase"} <= set(properties)


def test_a_heading_stored_without_a_level_reads_as_the_default(client):
    page = make_article(body=[{"type": "heading", "value": {"text": "Intro"}}])
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["toc"] == [
        {"level": 2, "text": "Intro", "anchor": data["body"][0]["id"]}
    ]


def test_breadcrumbs_leave_out_ancestors_readers_cannot_see(client):
    page = make_article()
    url = f"/api/v2/pages/{page.pk}/"

    def crumbs():
        graph = client.get(url).json()["structured_data"]["@graph"]
        (trail,) = [node for node in graph if node["@type"] == "BreadcrumbList"]
        return [item["name"] for item in trail["itemListElement"]]

    assert crumbs() == ["Sciatica Massage Library", "Articles", page.title]
    ArticleIndexPage.objects.get().unpublish()
    assert crumbs() == ["Sciatica Massage Library", page.title]


def test_responses_are_compact_unless_indentation_is_asked_for(client):
    url = f"/api/v2/pages/{make_article().pk}/"
    compact = client.get(url)
    # JSON escapes a newline inside a string, so any newline is indentation.
    assert b"\n" not in compact.content
    indented = client.get(url, headers={"Accept": "application/json; indent=4"})
    assert indented.content.startswith(b'{\n    "id": ')
    assert json.loads(indented.content) == json.loads(compact.content)
