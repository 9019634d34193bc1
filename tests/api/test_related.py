"""Related articles: shared hashtags first, then text similarity; never hidden ones."""

import pytest
from wagtail.models import PageViewRestriction

from articles.models import RelatedRanking
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


# The ranking by shared hashtags is stored (articles.related) and must follow
# every change readers can see. Changes mark rankings stale when their
# transaction commits, hence django_capture_on_commit_callbacks.


def test_the_stored_ranking_answers_the_next_read(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica",))
    make_article("Heat or Ice", hashtags=("Sciatica",))
    assert related_titles(client, page) == ["Heat or Ice"]
    computed = RelatedRanking.objects.get(page=page).computed_at
    assert related_titles(client, page) == ["Heat or Ice"]
    assert RelatedRanking.objects.get(page=page).computed_at == computed


def test_a_newly_published_article_enters_at_its_rank(
    client, django_capture_on_commit_callbacks
):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica", "Massage"))
    make_article("One Shared", hashtags=("Sciatica",))
    assert related_titles(client, page) == ["One Shared"]
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Both Shared", hashtags=("Massage", "Sciatica"))
    assert related_titles(client, page) == ["Both Shared", "One Shared"]


def test_an_unpublished_article_leaves_and_the_next_takes_its_place(
    client, django_capture_on_commit_callbacks
):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica",))
    notes = [
        make_article(f"Sciatica Note {number}", hashtags=("Sciatica",))
        for number in range(6)
    ]
    assert "Sciatica Note 0" not in related_titles(client, page)
    with django_capture_on_commit_callbacks(execute=True):
        notes[5].unpublish()
    titles = related_titles(client, page)
    assert "Sciatica Note 5" not in titles
    assert titles == [f"Sciatica Note {number}" for number in (4, 3, 2, 1, 0)]


def test_changed_hashtags_move_an_article_in_others_rankings(
    client, django_capture_on_commit_callbacks
):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica", "Massage"))
    make_article("One Shared", hashtags=("Sciatica",))
    other = make_article("Both Shared", hashtags=("Massage", "Sciatica"))
    assert related_titles(client, page) == ["Both Shared", "One Shared"]
    with django_capture_on_commit_callbacks(execute=True):
        other.hashtags.set(["Garden"])
        other.save_revision().publish()
    # Still similar by text, but after the one sharing a hashtag.
    assert related_titles(client, page)[0] == "One Shared"
    with django_capture_on_commit_callbacks(execute=True):
        page.hashtags.set(["Garden"])
        page.save_revision().publish()
    assert related_titles(client, page)[0] == "Both Shared"


def test_a_private_article_leaves_and_returns_when_unrestricted(
    client, django_capture_on_commit_callbacks
):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica",))
    other = make_article("Heat or Ice", hashtags=("Sciatica",))
    assert related_titles(client, page) == ["Heat or Ice"]
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=other, restriction_type=PageViewRestriction.LOGIN
        )
    assert related_titles(client, page) == []
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert related_titles(client, page) == ["Heat or Ice"]


def test_a_deleted_article_leaves(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica",))
    other = make_article("Heat or Ice", hashtags=("Sciatica",))
    assert related_titles(client, page) == ["Heat or Ice"]
    other.delete()
    assert related_titles(client, page) == []


def test_a_newly_published_similar_article_fills_in(
    client, django_capture_on_commit_callbacks
):
    page = make_article("Piriformis massage", focus_keyphrase="piriformis massage")
    assert related_titles(client, page) == []
    with django_capture_on_commit_callbacks(execute=True):
        make_article("Piriformis stretches at home")
    assert related_titles(client, page) == ["Piriformis stretches at home"]
