"""The articles' page listings show each article's latest audit score: the
explorer's listing of the article index and the flat listing of every
article, with one query for a page of rows."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleIndexPage, ArticlePage
from home.models import HomePage

from .test_dashboard import article, new_revision, store

pytestmark = pytest.mark.django_db

FLAT = "/admin/pages/usage/articles/articlepage/"


@pytest.fixture
def index():
    return ArticleIndexPage.objects.get()


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@x.org", "pw")
    client.force_login(user)
    return user


def explorer(index) -> str:
    return f"/admin/pages/{index.pk}/"


def rows(client, url: str, **params) -> list[tuple[str, str]]:
    """(title, score cell text) of each row, in order."""
    response = client.get(url, params)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    found = []
    for row in html.select("table.listing tbody tr"):
        title = row.select_one("td.title a")
        cell = row.select_one("td.seo-listing-score")
        found.append(
            (
                title.get_text(" ", strip=True),
                cell.get_text(" ", strip=True) if cell else None,
            )
        )
    return found


@pytest.fixture
def library(index):
    good = article(index, "Good article")
    store(good, 40)
    store(new_revision(good), 88)  # only the latest audit counts
    ok = article(index, "Ok article")
    store(ok, 64)
    bad = article(index, "Bad article")
    store(bad, 12)
    fresh = article(index, "Fresh article")
    return {"good": good, "ok": ok, "bad": bad, "fresh": fresh}


@pytest.mark.parametrize("where", ["explorer", "flat"])
def test_score_and_band_words_or_not_audited(client, admin, index, library, where):
    url = explorer(index) if where == "explorer" else FLAT
    response = client.get(url)
    assert b"SEO score" in response.content
    shown = dict(rows(client, url))
    assert shown == {
        "Good article": "88 Good",
        "Ok article": "64 Ok",
        "Bad article": "12 Bad",
        "Fresh article": "not audited",
    }
    html = BeautifulSoup(response.content, "html.parser")
    bands = [
        cell["class"] for cell in html.select("td.seo-listing-score[data-seo-score]")
    ]
    assert ["seo-listing-score", "seo-band--good"] in bands
    assert ["seo-listing-score", "seo-band--none"] in bands
    # The bands' colours come with the listing.
    assert b"seo/panel.css" in response.content
    assert b"seo/dashboard.css" in response.content


@pytest.mark.parametrize("where", ["explorer", "flat"])
def test_sorting_by_score_keeps_unaudited_articles_last(
    client, admin, index, library, where
):
    url = explorer(index) if where == "explorer" else FLAT
    ascending = [title for title, _ in rows(client, url, ordering="seo_score")]
    assert ascending == ["Bad article", "Ok article", "Good article", "Fresh article"]
    descending = [title for title, _ in rows(client, url, ordering="-seo_score")]
    assert descending == ["Good article", "Ok article", "Bad article", "Fresh article"]


def test_the_column_header_sorts(client, admin, index, library):
    html = BeautifulSoup(client.get(explorer(index)).content, "html.parser")
    [header] = [th for th in html.select("th") if "SEO score" in th.get_text()]
    assert "ordering=seo_score" in header.select_one("a")["href"]


def test_searching_still_shows_scores_and_ignores_a_score_ordering(
    client, admin, index, library
):
    # Search backends cannot order by the score: the ordering falls back.
    found = rows(client, explorer(index), q="article", ordering="seo_score")
    assert ("Good article", "88 Good") in found
    assert ("Fresh article", "not audited") in found


@pytest.mark.parametrize(
    "params",
    [
        {"ordering": "nonsense"},
        {"ordering": "seo_score__lt"},
        {"ordering": "-seo_score", "p": "9999"},
        {"ordering": "seo_score", "p": "x"},
        {"ordering": ["seo_score", "-seo_score"]},
    ],
)
def test_hostile_parameters_never_fail(client, admin, index, library, params):
    for url in (explorer(index), FLAT):
        assert client.get(url, params).status_code == 200


def listing_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"ordering": "seo_score"}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("where", ["explorer", "flat"])
def test_query_count_does_not_grow_with_rows(client, admin, index, where):
    url = explorer(index) if where == "explorer" else FLAT

    def add(count):
        for n in range(count):
            page = article(index, f"Article {ArticlePage.objects.count()}")
            if n % 3:
                store(page, 10 * n)

    add(3)
    client.get(url)  # warm Wagtail's per-process caches
    few = listing_queries(client, url)
    add(9)
    assert len(rows(client, url)) == 12
    assert listing_queries(client, url) == few


def test_a_section_editor_sees_only_their_articles(
    client, make_admin_user, index, library
):
    section = ArticleIndexPage(title="Exercises", slug="exercises")
    HomePage.objects.get().add_child(instance=section)
    theirs = article(section, "Their article")
    store(theirs, 70)
    client.force_login(make_admin_user("editor", section, "change_page"))
    assert rows(client, FLAT) == [("Their article", "70 Ok")]
    assert rows(client, explorer(section)) == [("Their article", "70 Ok")]
