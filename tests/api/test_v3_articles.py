"""An external pipeline writes and publishes articles through API v3 with a token."""

import json

import pytest
from wagtail.models import APIToken

from articles.blocks import contract_data
from articles.models import ArticleIndexPage, ArticlePage

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "heading", "value": {"text": "Why massage helps", "level": 2}},
    {"type": "paragraph", "value": "<p>Massage eases <b>muscle</b> tension.</p>"},
    {
        "type": "list",
        "value": {
            "ordered": True,
            "items": [{"text": "Swedish", "children": ["gentle"]}],
        },
    },
    {
        "type": "table",
        "value": {
            "caption": "Kinds",
            "header": ["Kind", "Pressure"],
            "rows": [["Swedish", "light"]],
        },
    },
    {
        "type": "callout",
        "value": {"kind": "warning", "title": "See a doctor", "text": "<p>Now.</p>"},
    },
    {
        "type": "faq",
        "value": {"items": [{"question": "How often?", "answer": "<p>Weekly.</p>"}]},
    },
    {
        "type": "steps",
        "value": {"name": "Stretch", "steps": [{"title": "Sit", "text": "Sit down."}]},
    },
    {
        "type": "references",
        "value": {
            "items": [
                {
                    "title": "Sciatica",
                    "url": "https://www.nhs.uk/conditions/sciatica/",
                    "publisher": "NHS",
                    "date": "2023-01-01",
                }
            ]
        },
    },
    {"type": "quote", "value": {"text": "It helped.", "attribution": "A patient"}},
    {"type": "disclaimer", "value": {"text": "<p>Not medical advice.</p>"}},
]


def bearer(user) -> dict[str, str]:
    _, token = APIToken.create_token(user=user, name="pipeline")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def index():
    return ArticleIndexPage.objects.get()


@pytest.fixture
def admin_auth(django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@example.com", "pw")
    return bearer(user)


@pytest.fixture
def editor_auth(make_admin_user, index):
    """An editor who may add and change pages under the article index, not publish."""
    return bearer(make_admin_user("writer", index, "add_page", "change_page"))


@pytest.fixture
def reader_auth(django_user_model):
    return bearer(django_user_model.objects.create_user("reader", password="pw"))


def post(client, url, data, auth):
    return client.post(url, json.dumps(data), content_type="application/json", **auth)


def patch(client, url, data, auth):
    return client.patch(url, json.dumps(data), content_type="application/json", **auth)


def new_article(index, **fields):
    return {
        "meta": {"type": "articles.ArticlePage", "parent_id": index.pk},
        "title": "Massage for sciatica",
        "body": BODY,
        **fields,
    }


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["title"]
    return problem


def test_create_update_publish_round_trip(client, index, admin_auth):
    created = post(
        client,
        "/api/v3/pages/",
        new_article(
            index,
            intro="Does massage help?",
            hashtags=["#SciaticaRelief", "Massage"],
            focus_keyphrase="massage for sciatica",
            keyphrase_synonyms=["sciatica massage", " rubdown "],
            last_reviewed="2025-01-15",
        ),
        admin_auth,
    )
    assert created.status_code == 201, created.content
    page = ArticlePage.objects.get(pk=created.json()["id"])
    assert not page.live
    assert page.get_parent().pk == index.pk
    draft = page.get_latest_revision_as_object()
    assert contract_data(draft.body.get_prep_value())[0] == BODY[0]
    stored = contract_data(draft.body.get_prep_value())
    assert [block["type"] for block in stored] == [block["type"] for block in BODY]
    assert stored[2]["value"] == BODY[2]["value"]
    assert stored[3]["value"] == BODY[3]["value"]
    assert stored[7]["value"] == BODY[7]["value"]
    assert sorted(draft.hashtags.names()) == ["Massage", "SciaticaRelief"]
    assert draft.keyphrase_synonyms == "sciatica massage, rubdown"
    assert str(draft.last_reviewed) == "2025-01-15"

    # Block ids sent back on update are kept.
    body = created.json()["body"]
    body[0]["value"]["text"] = "How massage helps"
    updated = patch(
        client, f"/api/v3/pages/{page.pk}/", {"body": body, "intro": "Yes."}, admin_auth
    )
    assert updated.status_code == 200, updated.content
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert draft.body.raw_data[0]["id"] == body[0]["id"]
    assert draft.body.raw_data[0]["value"]["text"] == "How massage helps"
    assert draft.intro == "Yes."
    assert draft.title == "Massage for sciatica"  # not sent, left alone

    published = post(
        client, f"/api/v3/pages/{page.pk}/actions/publish/", {}, admin_auth
    )
    assert published.status_code == 200, published.content
    page.refresh_from_db()
    assert page.live
    assert page.body.raw_data[0]["value"]["text"] == "How massage helps"
    public = client.get(f"/api/v2/pages/{page.pk}/")
    assert public.status_code == 200
    assert public.json()["body"][0]["value"]["text"] == "How massage helps"


def test_create_and_publish_at_once(client, index, admin_auth):
    data = new_article(index)
    data["meta"]["action"] = "publish"
    response = post(client, "/api/v3/pages/", data, admin_auth)
    assert response.status_code == 201, response.content
    assert ArticlePage.objects.live().filter(pk=response.json()["id"]).exists()


@pytest.mark.parametrize(
    ("block", "loc", "field"),
    [
        (
            {"type": "heading", "value": {"text": "Why", "level": 5}, "id": "h-1"},
            ["heading", "value", "level"],
            None,
        ),
        (
            {"type": "heading", "value": {"text": "", "level": 2}, "id": "h-1"},
            ["heading", "value", "text"],
            "text",
        ),
        (
            {
                "type": "table",
                "value": {"header": ["A", "B"], "rows": [["1", "2"], ["3"]]},
                "id": "t-1",
            },
            ["table", "value", "rows"],
            "rows",
        ),
        (
            {
                "type": "references",
                "value": {"items": [{"title": "NHS", "url": "not a url"}]},
                "id": "r-1",
            },
            ["references", "value", "items", 0, "url"],
            "items.0.url",
        ),
        (
            {"type": "faq", "value": {"items": [{"question": "Q?"}]}, "id": "f-1"},
            ["faq", "value", "items", 0, "answer"],
            None,
        ),
        (
            {"type": "quote", "value": {"text": "Hi", "author": "x"}, "id": "q-1"},
            ["quote", "value", "author"],
            None,
        ),
    ],
)
def test_block_errors_name_the_block_and_the_field(
    client, index, admin_auth, block, loc, field
):
    data = new_article(index, body=[BODY[0], BODY[1], block])
    problem = assert_problem(post(client, "/api/v3/pages/", data, admin_auth), 422)
    [error] = problem["errors"]
    # ["body", "data", <page type>, "body", <index>, <block type>, "value", ...]
    assert error["loc"][3:] == ["body", 2, *loc]
    if field is not None:  # found by the block's own clean(): says which block
        assert error["ctx"] == {
            "block_type": block["type"],
            "block_id": block["id"],
            "field": field,
        }
        assert error["msg"].startswith(f"{block['type']} block: {field}: ")
    assert not ArticlePage.objects.exists()


def test_update_errors_name_the_block(client, index, admin_auth):
    created = post(client, "/api/v3/pages/", new_article(index), admin_auth).json()
    body = created["body"]
    body[3]["value"]["rows"] = [["only one cell"]]
    problem = assert_problem(
        patch(client, f"/api/v3/pages/{created['id']}/", {"body": body}, admin_auth),
        422,
    )
    [error] = problem["errors"]
    assert error["loc"][-4:] == [3, "table", "value", "rows"]
    assert error["ctx"]["block_id"] == body[3]["id"]
    assert "must have 2 cells" in error["msg"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ([{"type": "video", "value": "x"}], "does not match any of the expected tags"),
        ([42], "Unable to extract tag"),
        ({"type": "paragraph"}, "valid list"),
        ([{"type": "paragraph", "value": {"html": 1}}], "valid string"),
        # A list that needs items is required, never filled with an empty item.
        ([{"type": "references", "value": {}}], '"items"], "msg": "Field required"'),
        ([{"type": "faq", "value": {}}], '"items"], "msg": "Field required"'),
    ],
)
def test_malformed_bodies_are_422(client, index, admin_auth, body, expected):
    problem = assert_problem(
        post(client, "/api/v3/pages/", new_article(index, body=body), admin_auth), 422
    )
    assert expected in json.dumps(problem["errors"])


def test_bad_hashtag_names_the_field(client, index, admin_auth):
    data = new_article(index, hashtags=["Sciatica", "two words"])
    problem = assert_problem(post(client, "/api/v3/pages/", data, admin_auth), 422)
    [error] = problem["errors"]
    assert error["loc"][-2:] == ["hashtags", 1]
    assert error["msg"].startswith("“two words” is not a valid hashtag")


def test_unparseable_and_oversized_requests(client, admin_auth, settings):
    problem = assert_problem(
        client.post(
            "/api/v3/pages/", "{not json", content_type="application/json", **admin_auth
        ),
        400,
    )
    assert problem["detail"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    assert_problem(
        client.post(
            "/api/v3/pages/",
            json.dumps({"title": "x" * 2000}),
            content_type="application/json",
            **admin_auth,
        ),
        413,
    )


def test_tokens_and_permissions(client, index, editor_auth, reader_auth):
    data = new_article(index)
    assert_problem(post(client, "/api/v3/pages/", data, {}), 401)
    bad = {"HTTP_AUTHORIZATION": "Bearer wagtail_not-a-token"}
    assert_problem(post(client, "/api/v3/pages/", data, bad), 401)
    assert_problem(post(client, "/api/v3/pages/", data, reader_auth), 403)

    # The editor may write drafts under the index, but not publish them.
    created = post(client, "/api/v3/pages/", data, editor_auth)
    assert created.status_code == 201, created.content
    page_id = created.json()["id"]
    assert_problem(
        post(client, f"/api/v3/pages/{page_id}/actions/publish/", {}, editor_auth), 403
    )
    assert_problem(
        patch(client, f"/api/v3/pages/{page_id}/", {"intro": "x"}, reader_auth), 403
    )
    assert not ArticlePage.objects.get(pk=page_id).live


def test_revoked_token_is_refused(client, index, django_user_model):
    user = django_user_model.objects.create_superuser("root", "r@example.com", "pw")
    token, plaintext = APIToken.create_token(user=user, name="old")
    token.revoke()
    response = client.post(
        "/api/v3/pages/",
        json.dumps(new_article(index)),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plaintext}",
    )
    assert_problem(response, 401)


def test_openapi_documents_the_block_contract(client):
    spec = client.get("/api/v3/openapi.json").json()
    schemas = spec["components"]["schemas"]
    heading = schemas["ArticleHeadingValue"]
    assert heading["properties"]["level"]["enum"] == [2, 3, 4]
    assert set(heading["required"]) == {"text", "level"}
    assert schemas["ArticleCalloutValue"]["properties"]["kind"]["enum"] == [
        "tip",
        "note",
        "warning",
    ]
    create = schemas["ArticlePageCreateSchema"]["properties"]
    assert {"body", "hashtags", "intro", "focus_keyphrase"} <= set(create)


def test_a_body_read_from_v2_writes_back_through_v3(client, index, admin_auth):
    """API v2 serves an empty optional value as null (a reference without a
    date) or "" (a step without a title); the same body is valid v3 input."""
    body = [
        {"type": "references", "value": {"items": [{"title": "NHS: Sciatica"}]}},
        {"type": "steps", "value": {"name": "Stretch", "steps": [{"text": "Sit."}]}},
    ]
    data = new_article(index, body=body)
    data["meta"]["action"] = "publish"
    created = post(client, "/api/v3/pages/", data, admin_auth)
    assert created.status_code == 201, created.content
    page_id = created.json()["id"]
    served = client.get(f"/api/v2/pages/{page_id}/").json()["body"]
    reference = served[0]["value"]["items"][0]
    assert (reference["date"], reference["url"]) == (None, "")
    assert served[1]["value"]["steps"][0]["title"] == ""

    updated = patch(client, f"/api/v3/pages/{page_id}/", {"body": served}, admin_auth)
    assert updated.status_code == 200, updated.content
    draft = ArticlePage.objects.get(pk=page_id).get_latest_revision_as_object()
    assert contract_data(draft.body.get_prep_value()) == contract_data(
        ArticlePage.objects.get(pk=page_id).body.get_prep_value()
    )
