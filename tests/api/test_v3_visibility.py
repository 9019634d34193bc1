"""Anonymous v3 reads follow the one visibility rule (articles.visibility_v3).

Wagtail's v3 API gives anonymous readers every live, public page of the site,
so a page scheduled for later or expired (still live until publish_scheduled
runs), or any page in such a section, was listed and served with its body.
A request with a valid API token keeps what Wagtail gives it: the pages its
user may edit, drafts included.
"""

import datetime

import pytest
from django.utils import timezone

from articles.models import ArticleIndexPage, ArticlePage
from tests.api.test_articles_api import make_article
from tests.api.test_v3_articles import admin_auth, assert_problem  # noqa: F401

pytestmark = pytest.mark.django_db

SECRET = "quillwort"


def article(title: str, **fields) -> ArticlePage:
    return make_article(
        title, body=[{"type": "paragraph", "value": f"<p>{SECRET}</p>"}], **fields
    )


def later() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=2)


def earlier() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=1)


def schedule(page, **dates) -> None:
    """Dates on a live page, as it stands before publish_scheduled runs."""
    type(page).objects.filter(pk=page.pk).update(**dates)


@pytest.fixture
def pages():
    """A visible article, a scheduled and an expired one (still live)."""
    visible = article("Visible")
    scheduled = article("Scheduled")
    schedule(scheduled, go_live_at=later())
    expired = article("Expired")
    schedule(expired, expire_at=earlier())
    return visible, scheduled, expired


def listed(client, **params) -> set[int]:
    response = client.get("/api/v3/pages/", {"limit": 20, **params})
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.parametrize(
    "params",
    [{}, {"type": "articles.ArticlePage"}, {"search": "Scheduled Expired Visible"}],
)
def test_anonymous_list_leaves_out_scheduled_and_expired_pages(client, pages, params):
    visible, scheduled, expired = pages
    ids = listed(client, **params)
    if not params.get("search"):
        assert visible.pk in ids
    assert not {scheduled.pk, expired.pk} & ids


def test_anonymous_detail_of_scheduled_and_expired_pages_is_404(client, pages):
    visible, scheduled, expired = pages
    response = client.get(f"/api/v3/pages/{visible.pk}/")
    assert response.status_code == 200
    assert SECRET in str(response.json()["body"])
    for page in (scheduled, expired):
        response = client.get(f"/api/v3/pages/{page.pk}/")
        assert_problem(response, 404)
        assert SECRET not in response.content.decode()


@pytest.mark.parametrize("dates", ["scheduled", "expired"])
def test_the_pages_of_a_waiting_section_are_hidden(client, dates):
    page = article("In a waiting section")
    index = ArticleIndexPage.objects.get()
    assert page.pk in listed(client)
    if dates == "scheduled":
        schedule(index, go_live_at=later())
    else:
        schedule(index, expire_at=earlier())
    assert not {index.pk, page.pk} & listed(client)
    assert not {index.pk, page.pk} & listed(client, type="articles.ArticlePage")
    for hidden in (index, page):
        assert_problem(client.get(f"/api/v3/pages/{hidden.pk}/"), 404)


def test_find_does_not_lead_to_a_hidden_page(client, pages):
    _visible, scheduled, expired = pages
    for page in (scheduled, expired):
        response = client.get("/api/v3/pages/find/", {"id": page.pk}, follow=True)
        assert response.status_code == 404
        assert SECRET not in response.content.decode()


def test_filters_cannot_name_a_hidden_page(client, pages):
    # child_of a hidden page would tell that it exists: refused as Wagtail
    # refuses a page the reader may not see.
    _visible, scheduled, _expired = pages
    response = client.get("/api/v3/pages/", {"ancestor_of": scheduled.pk})
    assert_problem(response, 422)


def test_an_invalid_token_or_a_session_reads_as_anonymous(client, pages, admin_user):
    _visible, scheduled, expired = pages
    client.force_login(admin_user)  # Wagtail's v3 ignores sessions
    assert not {scheduled.pk, expired.pk} & listed(
        client, HTTP_AUTHORIZATION="Bearer not-a-token"
    )
    assert_problem(client.get(f"/api/v3/pages/{expired.pk}/"), 404)


def test_a_token_keeps_wagtails_editor_view(client, pages, admin_auth):  # noqa: F811
    visible, scheduled, expired = pages
    draft = article("Draft", publish=False)
    response = client.get("/api/v3/pages/", {"limit": 20}, **admin_auth)
    ids = {item["id"] for item in response.json()["items"]}
    assert {visible.pk, scheduled.pk, expired.pk, draft.pk} <= ids
    for page in (scheduled, expired, draft):
        response = client.get(f"/api/v3/pages/{page.pk}/", **admin_auth)
        assert response.status_code == 200
    response = client.get(
        f"/api/v3/pages/{draft.pk}/", {"version": "draft"}, **admin_auth
    )
    assert response.json()["title"] == "Draft"


def test_writes_still_reach_wagtail(client, pages, admin_auth):  # noqa: F811
    visible, _scheduled, _expired = pages
    response = client.patch(
        f"/api/v3/pages/{visible.pk}/",
        '{"title": "Renamed"}',
        content_type="application/json",
        **admin_auth,
    )
    assert response.status_code == 200, response.content
    assert (
        client.post("/api/v3/pages/", "{}", content_type="application/json").status_code
        == 401
    )


# --- source_file -------------------------------------------------------------

SOURCE = "/srv/imports/private-folder/massage-for-sciatica.md"


def test_source_file_is_not_published(client):
    page = article("Imported", source_file=SOURCE)
    responses = [
        client.get(f"/api/v2/pages/{page.pk}/"),
        client.get("/api/v2/pages/", {"type": "articles.ArticlePage", "fields": "*"}),
        client.get(f"/api/v3/pages/{page.pk}/"),
    ]
    for response in responses:
        assert response.status_code == 200
        assert "source_file" not in response.content.decode()
        assert "private-folder" not in response.content.decode()


def test_source_file_cannot_be_probed_by_filter(client):
    # A filter on the path would tell whether a guessed server path exists.
    page = article("Imported", source_file=SOURCE)
    v2 = client.get(
        "/api/v2/pages/", {"type": "articles.ArticlePage", "source_file": SOURCE}
    )
    assert v2.status_code == 400
    v3 = client.get(
        "/api/v3/pages/", {"type": "articles.ArticlePage", "source_file": SOURCE}
    )
    missed = client.get(
        "/api/v3/pages/", {"type": "articles.ArticlePage", "source_file": "/nope"}
    )
    assert v3.status_code != 200 or v3.json() == missed.json()
    assert page.source_file == SOURCE  # still the importer's key
