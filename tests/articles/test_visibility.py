"""The reference frontend follows the API's visibility rule (articles.visibility).

Wagtail routes to any page whose own `live` flag is set, and that flag only
changes when `publish_scheduled` runs: until then an expired page, or any page
in a scheduled or expired section, would be served. Listings (the home page and
the article index) must not name a page a reader could not open.

Decided: scheduled and expired pages answer 404 to everyone, logged-in editors
included (they read such pages through the admin's preview), as in API v2. View
restrictions stay Wagtail's: a password or login form for the page itself, and a
reader who passes the restriction (a logged-in user for a login restriction)
sees the page and finds it listed.
"""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from articles.models import ArticleIndexPage, ArticlePage
from home.models import HomePage
from tests.api.test_articles_api import make_article

pytestmark = pytest.mark.django_db

SECRET = "quillwort"  # in the body of every article, to spot leaked content


def article(title: str) -> ArticlePage:
    return make_article(
        title, body=[{"type": "paragraph", "value": f"<p>About {SECRET}.</p>"}]
    )


def later() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=2)


def earlier() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=1)


def schedule(page, **dates) -> None:
    """Set dates on a live page as the row stands between two runs of
    publish_scheduled: still live, the date already passed or still ahead."""
    type(page).objects.filter(pk=page.pk).update(**dates)


def restrict(page, kind: str) -> None:
    if kind == "password":
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    else:
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )


def hidden(kind: str) -> ArticlePage:
    page = article(f"Hidden {kind} article")
    if kind in ("password", "login"):
        restrict(page, kind)
    elif kind == "scheduled":
        schedule(page, go_live_at=later())
    elif kind == "expired":
        schedule(page, expire_at=earlier())
    return page


def links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "x")
    client.force_login(user)
    return user


# --- rendered pages -----------------------------------------------------------


def test_a_visible_article_renders(client):
    page = article("Visible article")
    response = client.get(page.url)
    assert response.status_code == 200
    assert SECRET in response.content.decode()


@pytest.mark.parametrize("dates", ["expired", "scheduled"])
def test_an_expired_or_scheduled_live_page_is_not_found(client, dates):
    page = hidden(dates)
    assert ArticlePage.objects.get(pk=page.pk).live  # publish_scheduled not run
    response = client.get(page.url)
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("dates", ["scheduled", "expired"])
def test_the_pages_of_a_scheduled_or_expired_section_are_not_found(client, dates):
    page = article("Article in a waiting section")
    index = ArticleIndexPage.objects.get()
    url = page.url
    assert client.get(url).status_code == 200
    if dates == "scheduled":
        schedule(index, go_live_at=later())
    else:
        schedule(index, expire_at=earlier())
    response = client.get(url)
    assert response.status_code == 404
    assert SECRET not in response.content.decode()
    assert client.get(index.url).status_code == 404


def test_a_scheduled_home_page_hides_the_whole_site(client):
    page = article("Article under a waiting home")
    schedule(HomePage.objects.get(), go_live_at=later())
    assert client.get(page.url).status_code == 404
    assert client.get("/").status_code == 404


def test_editors_do_not_see_expired_pages_rendered_either(client, editor):
    page = hidden("expired")
    assert client.get(page.url).status_code == 404


def test_restricted_pages_keep_wagtails_forms(client):
    password = hidden("password")
    response = client.get(password.url)
    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert 'name="password"' in response.content.decode()

    login = hidden("login")
    response = client.get(login.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_restricted_and_expired_page_is_not_found_before_any_form(client):
    page = hidden("password")
    schedule(page, expire_at=earlier())
    assert client.get(page.url).status_code == 404


# --- listings -----------------------------------------------------------------

HIDDEN_KINDS = ["password", "login", "scheduled", "expired"]


@pytest.mark.parametrize("kind", HIDDEN_KINDS)
@pytest.mark.parametrize("listing", ["index", "home"])
def test_listings_leave_out_pages_readers_cannot_open(client, kind, listing):
    shown = article("Shown article")
    page = hidden(kind)
    url = ArticleIndexPage.objects.get().url if listing == "index" else "/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert shown.title in html
    assert shown.url in links(html)
    assert page.title not in html
    assert page.url not in links(html)


def test_home_leaves_out_a_waiting_section_and_its_articles(client):
    page = article("Article in a scheduled section")
    index = ArticleIndexPage.objects.get()
    schedule(index, go_live_at=later())
    html = client.get("/").content.decode()
    assert index.title not in html
    assert page.title not in html
    assert not {index.url, page.url} & links(html)


def test_a_logged_in_reader_finds_login_restricted_pages_listed(client, editor):
    # As Wagtail serves them to that reader; scheduled pages stay out.
    login = hidden("login")
    scheduled = hidden("scheduled")
    html = client.get(ArticleIndexPage.objects.get().url).content.decode()
    assert login.title in html
    assert scheduled.title not in html
    assert client.get(login.url).status_code == 200
