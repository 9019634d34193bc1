"""Related articles: shared hashtags first, then the newest siblings; never
hidden ones, and computed when read, so a read never writes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from articles.models import ArticleIndexPage, ArticlePage
from articles.related import CHECKED_AT_ONCE
from tests.api.test_articles_api import make_article

pytestmark = pytest.mark.django_db


def related_titles(client, page) -> list[str]:
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    return [article["title"] for article in response.json()["related"]]


def test_most_shared_hashtags_first(client):
    page = make_article(
        "Massage for Sciatica", hashtags=("Sciatica", "Massage", "Pain")
    )
    make_article("Two Shared", hashtags=("Sciatica", "Massage"))
    make_article("Three Shared", hashtags=("Sciatica", "Massage", "Pain"))
    make_article("One Shared", hashtags=("Pain",))
    make_article("Unrelated Gardening", hashtags=("Garden",))
    assert related_titles(client, page) == [
        "Three Shared",
        "Two Shared",
        "One Shared",
        # Fewer than five share one: the newest sibling fills in.
        "Unrelated Gardening",
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
    assert titles == [f"Sciatica Note {number}" for number in (6, 5, 4, 3, 2)]


def test_newest_siblings_fill_in_without_shared_hashtags(client):
    page = make_article("Piriformis massage")
    make_article("Older note")
    make_article("Newer note")
    assert related_titles(client, page) == ["Newer note", "Older note"]


def test_other_sections_enter_by_hashtag_only(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica",))
    home = ArticleIndexPage.objects.get().get_parent()
    section = home.add_child(instance=ArticleIndexPage(title="News", slug="news"))
    for title, hashtags in (("News on Sciatica", ["Sciatica"]), ("Other News", [])):
        article = section.add_child(instance=ArticlePage(title=title, body=[]))
        article.hashtags.set(hashtags)
        article.save_revision().publish()
    assert related_titles(client, page) == ["News on Sciatica"]


def test_drafts_are_never_related(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica",))
    make_article("Draft on Sciatica", hashtags=("Sciatica",), publish=False)
    assert related_titles(client, page) == []


def test_hidden_candidates_give_way_to_the_next_visible_ones(client):
    # Drafts keep their hashtags, and rank first here (created last): more of
    # them than are checked at once, so the visible ones are found further on.
    # In another section, so no sibling fills in for them.
    page = make_article("Massage for Sciatica", hashtags=("Sciatica",))
    index = ArticleIndexPage.objects.get()
    section = index.get_parent().add_child(
        instance=ArticleIndexPage(title="News", slug="news")
    )
    for title, parent, live in (
        ("Published Older", section, True),
        ("Published Newer", section, True),
        *((f"Draft {number}", index, False) for number in range(CHECKED_AT_ONCE + 1)),
    ):
        article = parent.add_child(
            instance=ArticlePage(title=title, body=[], live=live)
        )
        article.hashtags.set(["Sciatica"])
        article.save()
    assert related_titles(client, page) == ["Published Newer", "Published Older"]


def test_newest_first_among_equals(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica", "Massage"))
    make_article("Older", hashtags=("Sciatica",))
    make_article("Newer", hashtags=("Sciatica",))
    make_article("Both Shared", hashtags=("Massage", "Sciatica"))
    assert related_titles(client, page) == ["Both Shared", "Newer", "Older"]


WRITES = ("INSERT", "UPDATE", "DELETE")


def test_a_read_never_writes(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica", "Massage"))
    make_article("Heat or Ice", hashtags=("Sciatica",))
    make_article("Office Chairs")
    for url in (
        f"/api/v2/pages/{page.pk}/",
        "/api/v2/pages/?type=articles.ArticlePage&fields=*",
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        writes = [
            query["sql"]
            for query in queries.captured_queries
            if query["sql"].lstrip("( ").upper().startswith(WRITES)
            or "FOR UPDATE" in query["sql"].upper()
        ]
        assert writes == [], url


# Related articles follow every change readers can see, at the next read.


def test_a_newly_published_article_enters_at_its_rank(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica", "Massage"))
    make_article("One Shared", hashtags=("Sciatica",))
    assert related_titles(client, page) == ["One Shared"]
    make_article("Both Shared", hashtags=("Massage", "Sciatica"))
    assert related_titles(client, page) == ["Both Shared", "One Shared"]


def test_an_unpublished_article_leaves_and_the_next_takes_its_place(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica",))
    notes = [
        make_article(f"Sciatica Note {number}", hashtags=("Sciatica",))
        for number in range(6)
    ]
    assert "Sciatica Note 0" not in related_titles(client, page)
    notes[5].unpublish()
    assert related_titles(client, page) == [
        f"Sciatica Note {number}" for number in (4, 3, 2, 1, 0)
    ]


def test_changed_hashtags_move_an_article_in_others_rankings(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica", "Massage"))
    make_article("One Shared", hashtags=("Sciatica",))
    other = make_article("Both Shared", hashtags=("Massage", "Sciatica"))
    assert related_titles(client, page) == ["Both Shared", "One Shared"]
    other.hashtags.set(["Garden"])
    other.save_revision().publish()
    # Now a sibling only, after the one sharing a hashtag.
    assert related_titles(client, page) == ["One Shared", "Both Shared"]


def test_a_private_article_leaves_and_returns_when_unrestricted(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica",))
    other = make_article("Heat or Ice", hashtags=("Sciatica",))
    assert related_titles(client, page) == ["Heat or Ice"]
    restriction = PageViewRestriction.objects.create(
        page=other, restriction_type=PageViewRestriction.LOGIN
    )
    assert related_titles(client, page) == []
    restriction.delete()
    assert related_titles(client, page) == ["Heat or Ice"]


def test_a_deleted_article_leaves(client):
    page = make_article("Massage for Sciatica", hashtags=("Sciatica",))
    other = make_article("Heat or Ice", hashtags=("Sciatica",))
    assert related_titles(client, page) == ["Heat or Ice"]
    other.delete()
    assert related_titles(client, page) == []
