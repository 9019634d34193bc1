"""Detail and listing cost the same SQL queries however much there is to show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleAuthor, Author, MedicalReviewer
from seo.models import SeoAudit
from tests.api.test_articles_api import make_article, make_image

pytestmark = pytest.mark.django_db


def rich_body(blocks: int, image, target) -> list[dict]:
    """`blocks` rounds of a heading, a linking paragraph, an image and an FAQ."""
    body = []
    for number in range(blocks):
        body += [
            {"type": "heading", "value": {"text": f"Part {number}", "level": 2}},
            {
                "type": "paragraph",
                "value": f'<p>See <a linktype="page" id="{target.pk}">this</a> and '
                f'<a href="https://www.nhs.uk/">the NHS</a> ({number}).</p>',
            },
            {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "alt_text": "Stretch",
                    "decorative": False,
                },
            },
            {
                "type": "faq",
                "value": {"items": [{"question": "Why?", "answer": "<p>Because.</p>"}]},
            },
        ]
    return body


@pytest.fixture
def content():
    reviewer = MedicalReviewer.objects.create(name="Dr Ada Lee", credentials="MD")
    social = make_image("Social", size=(1200, 630))
    target = make_article("Link Target")
    images = [make_image(f"Body {n}") for n in range(3)]
    authors = [
        Author.objects.create(name="Sam Okafor", image=make_image("Portrait")),
        Author.objects.create(name="Lee Park", credentials="PT"),
    ]

    def article(number: int, blocks: int = 2):
        page = make_article(
            f"Article {number}",
            body=rich_body(blocks, images[number % 3], target),
            hashtags=("Sciatica", f"Tag{number}"),
            reviewer=reviewer,
            social_image=social,
        )
        for author in authors[: number % 2 + 1]:
            ArticleAuthor.objects.create(page=page, author=author)
        SeoAudit.objects.create(
            page=page,
            revision_id=page.live_revision_id,
            engine_version="1.0.0",
            overall_score=70,
            results=[],
        )
        return page

    return article


def count_queries(client, url, params=None) -> int:
    assert client.get(url, params).status_code == 200  # renditions made once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("fields", [None, "*", "body"])
def test_listing_of_1_and_of_50_articles(client, content, fields):
    params = {"type": "articles.ArticlePage", "limit": 60}
    if fields:
        params["fields"] = fields
    content(0)
    one = count_queries(client, "/api/v2/pages/", params)
    for number in range(1, 50):
        content(number)
    response = client.get("/api/v2/pages/", params).json()
    assert response["meta"]["total_count"] == 51  # and the link target
    assert count_queries(client, "/api/v2/pages/", params) == one


def test_detail_with_one_block_and_with_many(client, content):
    small = content(0, blocks=1)
    big = content(1, blocks=40)
    small_count = count_queries(client, f"/api/v2/pages/{small.pk}/")
    big_count = count_queries(client, f"/api/v2/pages/{big.pk}/")
    assert big_count == small_count
    detail = client.get(f"/api/v2/pages/{big.pk}/").json()
    assert len(detail["body"]) == 160
    assert [author["name"] for author in detail["authors"]] == [
        "Sam Okafor",
        "Lee Park",
    ]


def test_search_listing_of_1_and_of_50(client, content):
    params = {"type": "articles.ArticlePage", "search": "article", "fields": "*"}
    content(0)
    one = count_queries(client, "/api/v2/pages/", params)
    for number in range(1, 50):
        content(number)
    assert count_queries(client, "/api/v2/pages/", params) == one
