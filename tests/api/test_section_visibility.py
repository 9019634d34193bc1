"""A published page inside a scheduled or expired section is hidden everywhere.

The issue's rule is one for every entry point: no expired or scheduled page,
whatever the ancestor's state. Wagtail leaves the children of a waiting
section `live`, so each reader of pages must look above the page too.
"""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page

from articles.models import ArticleIndexPage, ArticlePage
from tests.api.test_articles_api import make_article

pytestmark = pytest.mark.django_db

WORD = "quillwort"  # only in the hidden article, for search


@pytest.fixture(params=["scheduled", "expired"])
def hidden(request):
    """An article, published, in a section that is scheduled or expired."""
    index = ArticleIndexPage.objects.get()
    section = index.add_child(instance=Page(title="Section", slug="section"))
    section.save_revision().publish()
    page = ArticlePage(
        title=f"Hidden {WORD} massage",
        body=[{"type": "paragraph", "value": f"<p>{WORD} massage</p>"}],
    )
    section.add_child(instance=page)
    page.hashtags.set(["Massage"])
    page.save_revision().publish()
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.live
    now = timezone.now()
    dates = (
        {"go_live_at": now + datetime.timedelta(days=2)}
        if request.param == "scheduled"
        else {"expire_at": now - datetime.timedelta(minutes=1)}
    )
    Page.objects.filter(pk=section.pk).update(**dates)
    return page


@pytest.fixture
def visible():
    return make_article(
        "Public massage",
        hashtags=("Massage",),
        body=[{"type": "paragraph", "value": "<p>Massage for sciatica.</p>"}],
    )


def test_detail_and_find(client, hidden):
    assert client.get(f"/api/v2/pages/{hidden.pk}/").status_code == 404
    for params in ({"slug": hidden.slug}, {"id": hidden.pk}):
        assert client.get("/api/v2/pages/find/", params).status_code == 404


def test_listing_and_search(client, hidden, visible):
    for params in ({}, {"type": "articles.ArticlePage", "fields": "*"}):
        ids = [
            item["id"] for item in client.get("/api/v2/pages/", params).json()["items"]
        ]
        assert visible.pk in ids
        assert hidden.pk not in ids
    for params in ({"search": WORD}, {"search": "massage"}, {"hashtag": "Massage"}):
        ids = [
            item["id"] for item in client.get("/api/v2/pages/", params).json()["items"]
        ]
        assert hidden.pk not in ids


def test_related(client, hidden, visible):
    related = client.get(f"/api/v2/pages/{visible.pk}/").json()["related"]
    assert hidden.pk not in [article["id"] for article in related]


def test_links_to_it_have_no_address(client, hidden):
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


def test_sitemap(client, hidden, visible):
    xml = client.get("/sitemap.xml").content.decode()
    assert visible.slug in xml
    assert hidden.slug not in xml


def test_rendered_page(client, hidden):
    assert client.get(hidden.url).status_code == 404


def test_shown_again_once_the_section_is_back(client, hidden):
    """The tests above can fail: the same article is served when its section
    has no dates."""
    Page.objects.filter(pk=hidden.get_parent().pk).update(
        go_live_at=None, expire_at=None
    )
    assert client.get(f"/api/v2/pages/{hidden.pk}/").status_code == 200
    assert hidden.slug in client.get("/sitemap.xml").content.decode()
