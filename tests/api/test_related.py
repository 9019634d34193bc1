"""Related articles: shared hashtags first, then text similarity; never hidden ones."""

import pytest

from tests.api.test_articles_api import make_article

pytestmark = pytest.mark.django_db


def related_titles(client, page) -> list[str]:
    return [
        article["title"]
        for article in client.get(f"/api/v2/pages/{page.pk}/").json()["related"]
    ]


def test_most_shared_hashtags_first(client):
    page = make_article(
        "Massage for Sciatica", hashtags=("Sciatica", "Massage", "Pain")
    )
    make_article("Two Shared", hashtags=("Sciatica", "Massage"))
    make_article("Three Shared", hashtags=("Sciatica", "Massage", "Pain"))
    make_article("One Shared", hashtags=("Pain",))
    make_article("Unrelated Gardening", hashtags=("Garden",))
    assert related_titles(client, page)[:3] == [
        "Three Shared",
        "Two Shared",
        "One Shared",
    ]


def test_each_entry_has_what_a_card_needs(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica",))
    other = make_article("Heat or Ice", hashtags=("Sciatica",), intro="Warmth helps.")
    assert client.get(f"/api/v2/pages/{page.pk}/").json()["related"] == [
        {
            "id": other.pk,
            "title": "Heat or Ice",
            "url": other.full_url,
            "intro": "Warmth helps.",
        }
    ]


def test_at_most_five_and_never_the_page_itself(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica",))
    for number in range(7):
        make_article(f"Sciatica Note {number}", hashtags=("Sciatica",))
    titles = related_titles(client, page)
    assert len(titles) == 5
    assert "Massage for Sciatica" not in titles


def test_similar_text_fills_in_without_shared_hashtags(client):
    page = make_article("Piriformis massage", focus_keyphrase="piriformis massage")
    make_article("Piriformis stretches at home")
    make_article("Choosing running shoes")
    assert related_titles(client, page) == ["Piriformis stretches at home"]


def test_drafts_are_never_related(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica",))
    make_article("Draft on Sciatica", hashtags=("Sciatica",), publish=False)
    assert related_titles(client, page) == []


def test_newest_first_among_equals(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica", "Massage"))
    make_article("Older", hashtags=("Sciatica",))
    make_article("Newer", hashtags=("Sciatica",))
    make_article("Both Shared", hashtags=("Massage", "Sciatica"))
    assert related_titles(client, page) == ["Both Shared", "Newer", "Older"]
