"""Listing articles: light rows by default, filters, search and ordering."""

import datetime

import pytest

from articles.api.filters import MAX_HASHTAGS
from tests.api.test_articles_api import make_article

pytestmark = pytest.mark.django_db

LISTING = "/api/v2/pages/"
ARTICLES = {"type": "articles.ArticlePage"}


def titles(client, **params) -> list[str]:
    response = client.get(LISTING, {**ARTICLES, **params})
    assert response.status_code == 200, response.json()
    return [item["title"] for item in response.json()["items"]]


@pytest.fixture
def library():
    return [
        make_article(
            "Massage for Sciatica",
            hashtags=("Sciatica", "Massage"),
            last_reviewed=datetime.date(2024, 6, 1),
            body=[{"type": "paragraph", "value": "<p>Deep tissue massage helps.</p>"}],
        ),
        make_article(
            "Heat or Ice",
            hashtags=("Sciatica",),
            last_reviewed=datetime.date(2025, 2, 1),
            body=[{"type": "paragraph", "value": "<p>A warm compress relaxes.</p>"}],
        ),
        make_article(
            "Office Chairs",
            hashtags=("Posture",),
            body=[{"type": "paragraph", "value": "<p>Sit upright at work.</p>"}],
        ),
    ]


def test_rows_are_light_by_default(client, library):
    item = client.get(LISTING, ARTICLES).json()["items"][0]
    assert {"intro", "hashtags", "last_reviewed", "title"} <= set(item)
    assert not {"body", "toc", "seo", "structured_data", "related"} & set(item)


def test_body_on_request(client, library):
    item = client.get(LISTING, {**ARTICLES, "fields": "body"}).json()["items"][0]
    assert item["body"][0]["type"] == "paragraph"
    assert item["body"][0]["id"]


def test_newest_first_by_default_and_order_on_request(client, library):
    assert titles(client) == ["Office Chairs", "Heat or Ice", "Massage for Sciatica"]
    assert titles(client, order="title") == [
        "Heat or Ice",
        "Massage for Sciatica",
        "Office Chairs",
    ]


@pytest.mark.parametrize(
    ("hashtag", "expected"),
    [
        ("Sciatica", {"Massage for Sciatica", "Heat or Ice"}),
        ("#sciatica", {"Massage for Sciatica", "Heat or Ice"}),
        ("Sciatica,Massage", {"Massage for Sciatica"}),
        ("Unused", set()),
    ],
)
def test_hashtag_filter(client, library, hashtag, expected):
    assert set(titles(client, hashtag=hashtag)) == expected


def test_reviewed_since(client, library):
    assert titles(client, reviewed_since="2025-01-01") == ["Heat or Ice"]
    assert set(titles(client, reviewed_since="2024-06-01")) == {
        "Heat or Ice",
        "Massage for Sciatica",
    }


def test_filters_work_without_a_type(client, library):
    response = client.get(LISTING, {"hashtag": "Posture"}).json()
    assert [item["title"] for item in response["items"]] == ["Office Chairs"]


def test_search_with_filters(client, library):
    assert titles(client, search="massage") == ["Massage for Sciatica"]
    assert titles(client, search="compress", hashtag="Sciatica") == ["Heat or Ice"]
    assert titles(client, search="compress", hashtag="Posture") == []
    assert titles(client, search="massage", reviewed_since="2025-01-01") == []


def test_pages_of_a_listing(client, library):
    def page(**params):
        response = client.get(LISTING, {**ARTICLES, **params})
        assert response.status_code == 200, response.json()
        data = response.json()
        return data["meta"]["total_count"], [item["title"] for item in data["items"]]

    assert page(limit=2) == (3, ["Office Chairs", "Heat or Ice"])
    assert page(limit=2, offset=2) == (3, ["Massage for Sciatica"])
    # Past the end: no rows, and still the total.
    assert page(limit=2, offset=5) == (3, [])
    assert page(limit=0) == (3, [])
    assert page(hashtag="Sciatica", limit=1, offset=1) == (2, ["Massage for Sciatica"])


def test_bad_paging_is_a_400_naming_the_problem(client, library):
    response = client.get(LISTING, {**ARTICLES, "offset": "-1"})
    assert response.status_code == 400
    assert "offset" in response.json()["message"]


def test_rows_with_body_fields(client, library):
    items = client.get(LISTING, {**ARTICLES, "fields": "word_count,toc"}).json()[
        "items"
    ]
    assert [item["word_count"] for item in items] == [4, 4, 4]


def test_hashtags_must_all_match_whatever_their_case_or_repeats(client, library):
    assert titles(client, hashtag="sciatica,#MASSAGE,Sciatica") == [
        "Massage for Sciatica"
    ]
    assert titles(client, hashtag="Sciatica,Posture") == []


def test_at_most_ten_hashtags(client, library):
    ten = ",".join(["Sciatica"] + [f"Tag{n}" for n in range(MAX_HASHTAGS - 1)])
    assert titles(client, hashtag=ten) == []
    response = client.get(LISTING, {**ARTICLES, "hashtag": ten + ",Massage"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "hashtag"
    assert f"at most {MAX_HASHTAGS}" in response.json()["message"]
