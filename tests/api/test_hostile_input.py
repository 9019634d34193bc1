"""Hostile query strings get a 400 JSON naming the parameter, never a 500.

PostgreSQL refuses text holding a NUL character and whole numbers past 64
bits, and the search backend raises on an unknown operator: each of these
was a 500 HTML page. CI runs this module on SQLite and on PostgreSQL.
"""

import pytest

from tests.api.test_articles_api import make_article

pytestmark = pytest.mark.django_db

LISTING = "/api/v2/pages/"
FIND = "/api/v2/pages/find/"
BEYOND_64_BITS = str(2**63)


@pytest.fixture(autouse=True)
def library():
    make_article("Massage for Sciatica", hashtags=("Sciatica",))


@pytest.mark.parametrize(
    ("url", "params", "parameter"),
    [
        (LISTING, {"search": "\x00"}, "search"),
        (LISTING, {"search": "massage\x00"}, "search"),
        (LISTING, {"search": " ".join(["massage"] * 400)}, "search"),
        (LISTING, {"search": "m" * 201}, "search"),
        (LISTING, {"site": "\x00"}, "site"),
        (FIND, {"html_path": "\x00"}, "html_path"),
        (FIND, {"slug": "\x00"}, "slug"),
        (FIND, {"id": "\x00"}, "id"),
        (LISTING, {"search": "massage", "search_operator": "xor"}, "search_operator"),
        (LISTING, {"search_operator": "\x00"}, "search_operator"),
        (LISTING, {"offset": BEYOND_64_BITS}, "offset"),
        (LISTING, {"offset": str(2**63 - 5), "limit": "10"}, "offset"),
        (LISTING, {"type": "articles.ArticlePage", "title": "\x00"}, "title"),
        (LISTING, {"type": "articles.ArticlePage\x00"}, "type"),
        (LISTING, {"hashtag": "Sciatica\x00"}, "hashtag"),
        (LISTING, {"fields": "\x00"}, "fields"),
        (LISTING, {"order": "\x00"}, "order"),
        (LISTING, {"child_of": "\x00"}, "child_of"),
        (LISTING, {"child_of": BEYOND_64_BITS}, "child_of"),
        (LISTING, {"descendant_of": BEYOND_64_BITS}, "descendant_of"),
        (LISTING, {"ancestor_of": BEYOND_64_BITS}, "ancestor_of"),
        (LISTING, {"translation_of": BEYOND_64_BITS}, "translation_of"),
        (LISTING, {"locale": "\x00"}, "locale"),
        (LISTING, {"reviewed_since": "\x00"}, "reviewed_since"),
        (LISTING, {"rich_text_format": "\x00"}, "rich_text_format"),
        (LISTING, {"x\x00y": "1"}, "x\\x00y"),
    ],
)
def test_refused_with_a_400_naming_the_parameter(client, url, params, parameter):
    response = client.get(url, params)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["parameter"] == parameter
    assert body["message"]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": BEYOND_64_BITS},
        {"offset": "-1"},
        {"limit": "-1"},
        {"offset": "1e3"},
    ],
)
def test_bad_paging_is_a_400_json(client, params):
    response = client.get(LISTING, params)
    assert response.status_code == 400
    assert response.json()["message"]


def test_a_detail_id_beyond_64_bits_is_a_json_404(client):
    response = client.get(f"{LISTING}{BEYOND_64_BITS}0/")
    assert response.status_code == 404
    assert response.json()["message"]


def test_good_input_next_to_them_still_works(client):
    response = client.get(
        LISTING, {"search": "massage", "search_operator": "and", "offset": "0"}
    )
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == 1
    response = client.get(FIND, {"slug": "massage-for-sciatica"})
    assert response.status_code == 302
