"""Unpublished, private and scheduled pages never reach anonymous readers."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from articles.models import ArticleIndexPage, ArticlePage
from tests.api.test_articles_api import make_article

pytestmark = pytest.mark.django_db

HIDDEN_WORD = "zanzibarite"  # in every hidden article, for search


def hidden_article(kind: str) -> ArticlePage:
    body = [{"type": "paragraph", "value": f"<p>About {HIDDEN_WORD} massage.</p>"}]
    title = f"Hidden {kind} massage"
    if kind == "unpublished":
        return make_article(title, body=body, hashtags=("Massage",), publish=False)
    page = make_article(title, body=body, hashtags=("Massage",))
    if kind == "private":
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
    elif kind == "scheduled":
        ArticlePage.objects.filter(pk=page.pk).update(
            go_live_at=timezone.now() + datetime.timedelta(days=2)
        )
    elif kind == "expired":
        ArticlePage.objects.filter(pk=page.pk).update(
            expire_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    return page


def scheduled_for_later() -> ArticlePage:
    """Never published; a revision waits for its go-live date, as Wagtail's
    admin leaves it when an editor schedules a new article."""
    page = make_article("Hidden later massage", publish=False)
    page.go_live_at = timezone.now() + datetime.timedelta(days=2)
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


KINDS = ["unpublished", "private", "scheduled", "expired"]


@pytest.fixture(params=KINDS)
def hidden(request):
    return hidden_article(request.param)


@pytest.fixture
def visible():
    return make_article(
        "Public massage",
        hashtags=("Massage",),
        body=[{"type": "paragraph", "value": "<p>Massage for sciatica.</p>"}],
    )


def test_scheduled_publishing_leaves_the_page_hidden(client):
    page = scheduled_for_later()
    assert not page.live
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404


def test_detail(client, hidden):
    response = client.get(f"/api/v2/pages/{hidden.pk}/")
    assert response.status_code == 404
    assert response.json()["message"]


@pytest.mark.parametrize("fields", ["", "*"])
def test_listing(client, hidden, visible, fields):
    params = {"type": "articles.ArticlePage", "fields": fields} if fields else {}
    data = client.get("/api/v2/pages/", params).json()
    ids = [item["id"] for item in data["items"]]
    assert visible.pk in ids
    assert hidden.pk not in ids


def test_search(client, hidden, visible):
    for params in ({"search": HIDDEN_WORD}, {"search": "massage"}):
        data = client.get("/api/v2/pages/", params).json()
        assert hidden.pk not in [item["id"] for item in data["items"]]


def test_filters(client, hidden, visible):
    data = client.get("/api/v2/pages/", {"hashtag": "Massage"}).json()
    assert [item["id"] for item in data["items"]] == [visible.pk]


def test_find(client, hidden):
    by_slug = client.get("/api/v2/pages/find/", {"slug": hidden.slug})
    by_path = client.get(
        "/api/v2/pages/find/", {"html_path": f"/articles/{hidden.slug}/"}
    )
    by_id = client.get("/api/v2/pages/find/", {"id": hidden.pk})
    assert [by_slug.status_code, by_path.status_code, by_id.status_code] == [404] * 3


def test_related(client, hidden, visible):
    related = client.get(f"/api/v2/pages/{visible.pk}/").json()["related"]
    assert hidden.pk not in [article["id"] for article in related]


def test_links_to_hidden_pages_have_no_address(client, hidden):
    page = make_article(
        "Linking article",
        body=[
            {
                "type": "paragraph",
                "value": f'<p><a linktype="page" id="{hidden.pk}">Read on</a></p>',
            }
        ],
    )
    html = client.get(f"/api/v2/pages/{page.pk}/").json()["body"][0]["value"]
    assert html == "<p><a>Read on</a></p>"
    assert hidden.slug not in html


def test_parent_is_shown_only_while_readers_may_see_it(client, visible):
    url = f"/api/v2/pages/{visible.pk}/"
    index = ArticleIndexPage.objects.get()
    assert client.get(url).json()["meta"]["parent"]["id"] == index.pk
    index.unpublish()  # Wagtail leaves its children live
    assert client.get(url).status_code == 200
    assert client.get(url).json()["meta"]["parent"] is None
