"""API v3 under hostile input: every bad request gets a 4xx problem+json naming
what is wrong, never a 500, and nothing already stored changes.

Found by trying: offsets past 2^63 on every listing, a lone surrogate
("\\udfff" in JSON) in any text an article holds, copying, aliasing or moving
the root page, or a page beside or into itself.
"""

import json

import pytest
from django.test import Client
from wagtail.models import Page

from articles.models import ArticleIndexPage, ArticlePage

from .test_v3_articles import BODY, assert_problem, bearer, new_article, patch, post

pytestmark = pytest.mark.django_db

LONE = "\udfff"
LISTINGS = ("sites", "images", "redirects", "documents", "pages")


@pytest.fixture
def client():
    # A 500 must show as a 500 here, not as the exception that caused it.
    return Client(raise_request_exception=False)


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("admin", "a@example.com", "pw")


@pytest.fixture
def auth(admin):
    return bearer(admin)


@pytest.fixture
def index():
    return ArticleIndexPage.objects.get()


@pytest.fixture
def article(client, index, auth):
    created = post(client, "/api/v3/pages/", new_article(index, intro="Hi."), auth)
    assert created.status_code == 201, created.content
    return ArticlePage.objects.get(pk=created.json()["id"])


# --- paging past the database's integer range ------------------------------------


@pytest.mark.parametrize("listing", LISTINGS)
@pytest.mark.parametrize("offset", [2**63, 2**64, 10**30])
def test_offsets_past_the_integer_range_are_422(client, auth, listing, offset):
    response = client.get(f"/api/v3/{listing}/?offset={offset}", **auth)
    problem = assert_problem(response, 422)
    [error] = problem["errors"]
    assert error["loc"] == ["query", "offset"]
    assert str(2**63 - 1) in error["msg"]


def test_revisions_and_limits_past_the_integer_range_are_422(client, auth, article):
    revisions = f"/api/v3/pages/{article.pk}/revisions/"
    assert_problem(client.get(f"{revisions}?offset={2**63}", **auth), 422)
    problem = assert_problem(client.get(f"/api/v3/pages/?limit={2**63}", **auth), 422)
    assert problem["errors"][0]["loc"] == ["query", "limit"]
    # Too many digits to be a number at all: Ninja's own validation says so.
    assert_problem(client.get(f"/api/v3/pages/?offset={'9' * 5000}", **auth), 422)


@pytest.mark.parametrize("listing", LISTINGS)
def test_the_largest_offset_the_database_takes_is_an_empty_page(client, auth, listing):
    response = client.get(f"/api/v3/{listing}/?offset={2**63 - 1}", **auth)
    assert response.status_code == 200, response.content
    assert response.json()["items"] == []


@pytest.mark.parametrize(
    "query", ["search=%00", "slug=%00", "type=%00", "locale=%00", "fields=%00"]
)
def test_nul_in_a_query_is_422(client, query):
    problem = assert_problem(client.get(f"/api/v3/pages/?{query}"), 422)
    assert problem["errors"][0]["loc"] == ["query", query.split("=")[0]]


# --- text that cannot be stored ---------------------------------------------------

# Where a lone surrogate goes in BODY (its index, then the path inside the
# block's value), one per kind of block that holds text.
BLOCK_TEXTS = [
    pytest.param(1, (), id="paragraph"),
    pytest.param(2, ("items", 0, "text"), id="list"),
    pytest.param(2, ("items", 0, "children", 0), id="list-child"),
    pytest.param(3, ("rows", 0, 1), id="table-cell"),
    pytest.param(3, ("caption",), id="table-caption"),
    pytest.param(4, ("text",), id="callout"),
    pytest.param(4, ("title",), id="callout-title"),
    pytest.param(5, ("items", 0, "answer"), id="faq-answer"),
    pytest.param(5, ("items", 0, "question"), id="faq-question"),
    pytest.param(6, ("steps", 0, "text"), id="steps"),
    pytest.param(6, ("name",), id="steps-name"),
    pytest.param(7, ("items", 0, "title"), id="reference"),
    pytest.param(8, ("text",), id="quote"),
    pytest.param(9, ("text",), id="disclaimer"),
]


def with_lone_surrogate(body, index, path):
    body = json.loads(json.dumps(body))
    if not path:
        body[index]["value"] = f"<p>Bad {LONE} text.</p>"
        return body
    holder = body[index]["value"]
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = f"Bad {LONE}"
    return body


def stored_state(page):
    page.refresh_from_db()
    revision = page.get_latest_revision()
    return page.latest_revision_id, revision.content, page.title, page.live


@pytest.mark.parametrize(("block", "path"), BLOCK_TEXTS)
def test_a_lone_surrogate_in_a_block_is_422_and_nothing_is_saved(
    client, auth, article, block, path
):
    before = stored_state(article)
    body = with_lone_surrogate(BODY, block, path)
    response = patch(client, f"/api/v3/pages/{article.pk}/", {"body": body}, auth)
    problem = assert_problem(response, 422)
    [error] = problem["errors"]
    assert error["loc"] == ["body", "body", block, "value", *path]
    assert error["type"] == "string_unencodable"
    assert "U+DFFF" in error["msg"]
    assert stored_state(article) == before
    # The page still publishes and renders.
    published = post(client, f"/api/v3/pages/{article.pk}/actions/publish/", {}, auth)
    assert published.status_code == 200, published.content


@pytest.mark.parametrize(
    "field",
    ["title", "intro", "seo_title", "search_description", "focus_keyphrase", "slug"],
)
def test_a_lone_surrogate_in_a_field_is_422_on_update_and_create(
    client, auth, index, article, field
):
    before = stored_state(article)
    update = {field: f"Bad {LONE}"}
    problem = assert_problem(
        patch(client, f"/api/v3/pages/{article.pk}/", update, auth), 422
    )
    assert [error["loc"] for error in problem["errors"]] == [["body", field]]
    assert stored_state(article) == before

    pages = ArticlePage.objects.count()
    data = new_article(index, **{field: f"Bad {LONE}"})
    assert_problem(post(client, "/api/v3/pages/", data, auth), 422)
    assert ArticlePage.objects.count() == pages


def test_lone_surrogates_in_lists_keys_and_nul_are_all_named(client, auth, article):
    before = stored_state(article)
    update = {
        "hashtags": ["Fine", f"Bad{LONE}"],
        "keyphrase_synonyms": [f"{LONE}\ud800"],
        "intro": "NUL\x00here",
        f"key{LONE}": "x",
    }
    problem = assert_problem(
        patch(client, f"/api/v3/pages/{article.pk}/", update, auth), 422
    )
    assert [error["loc"] for error in problem["errors"]] == [
        ["body", "hashtags", 1],
        ["body", "intro"],
        ["body", "key\\udfff"],
        ["body", "keyphrase_synonyms", 0],
    ]
    assert "NUL" in problem["errors"][1]["msg"]
    assert stored_state(article) == before


def test_a_lone_surrogate_in_an_audit_request_is_422(client, auth):
    data = {"title": "Massage", "body": with_lone_surrogate(BODY, 5, ("items", 0))}
    data["body"][5]["value"]["items"][0] = {"question": "Q?", "answer": LONE}
    problem = assert_problem(post(client, "/api/v3/seo/audit/", data, auth), 422)
    [error] = problem["errors"]
    assert error["loc"] == ["body", "body", 5, "value", "items", 0, "answer"]
    problem = assert_problem(
        post(client, "/api/v3/seo/audit/", {"title": LONE}, auth), 422
    )
    assert problem["errors"][0]["loc"] == ["body", "title"]


def test_a_body_nested_past_the_parser_is_400(client, auth, article):
    response = client.patch(
        f"/api/v3/pages/{article.pk}/",
        '{"intro": ' + "[" * 100_000 + "]" * 100_000 + "}",
        content_type="application/json",
        **auth,
    )
    assert_problem(response, 400)


# --- copy, alias and move with nowhere to go ----------------------------------------


def tree():
    return list(Page.objects.order_by("path").values_list("pk", "path", "numchild"))


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("copy", {}),
        ("copy", {"destination_id": None}),
        ("create_alias", {}),
        ("create_alias", {"destination_id": None, "recursive": True}),
        ("move", {"destination_id": 3}),
        ("move", {"destination_id": 1, "position": "last-child"}),
    ],
)
def test_the_root_page_cannot_be_copied_aliased_or_moved_nowhere(
    client, auth, action, data
):
    root = Page.get_first_root_node()
    before = tree()
    response = post(client, f"/api/v3/pages/{root.pk}/actions/{action}/", data, auth)
    problem = assert_problem(response, 422)
    assert problem["errors"][0]["loc"] == ["body", "data", "destination_id"]
    assert tree() == before


@pytest.mark.parametrize("position", [None, "left", "right", "last-sibling"])
def test_no_page_moves_beside_the_root(client, auth, article, position):
    before = tree()
    data = {"destination_id": Page.get_first_root_node().pk, "position": position}
    response = post(client, f"/api/v3/pages/{article.pk}/actions/move/", data, auth)
    assert_problem(response, 422)
    assert tree() == before


@pytest.mark.parametrize("position", [None, "left", "first-child", "last-sibling"])
def test_no_page_moves_beside_or_into_itself(client, auth, index, article, position):
    second = post(client, "/api/v3/pages/", new_article(index, title="Two"), auth)
    assert second.status_code == 201
    before = tree()
    data = {"destination_id": article.pk, "position": position}
    response = post(client, f"/api/v3/pages/{article.pk}/actions/move/", data, auth)
    problem = assert_problem(response, 422)
    assert "itself" in problem["errors"][0]["msg"]
    assert tree() == before


def test_copying_and_moving_a_page_still_work(client, auth, index, article):
    copied = post(client, f"/api/v3/pages/{article.pk}/actions/copy/", {}, auth)
    assert copied.status_code == 201, copied.content
    alias = post(client, f"/api/v3/pages/{article.pk}/actions/create_alias/", {}, auth)
    assert alias.status_code == 201, alias.content
    data = {"destination_id": copied.json()["id"], "position": "left"}
    moved = post(client, f"/api/v3/pages/{article.pk}/actions/move/", data, auth)
    assert moved.status_code == 200, moved.content
