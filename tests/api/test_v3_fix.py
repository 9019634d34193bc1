"""POST /api/v3/seo/fix/: one finding's fix applied to posted content, nothing
stored; refused with 422 naming the field when it no longer applies."""

import copy
import json

import pytest
from wagtail.models import Revision

from articles.models import ArticleIndexPage, ArticlePage
from seo.models import SeoAudit

from .test_v3_seo import assert_problem, bearer

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "heading", "value": {"text": "Causes:", "level": 3}, "id": "h-causes"},
    {"type": "paragraph", "value": "<p>Tight muscles press.</p>", "id": "p-1"},
]
ARTICLE = {
    "title": "Massage for sciatica",
    "slug": "massage-for-sciatica",
    "body": BODY,
    "hashtags": ["Sciatica", "massagetherapy"],
    "focus_keyphrase": "massage for sciatica",
}
HEADING_FIX = {
    "id": "heading-punctuation",
    "label": "Write it as “Causes”",
    "args": {"block_id": "h-causes", "block": 0, "text": "Causes:"},
}


@pytest.fixture
def editor_auth(make_admin_user):
    index = ArticleIndexPage.objects.get()
    return bearer(make_admin_user("writer", index, "change_page"))


@pytest.fixture
def admin_only_auth(make_admin_user):
    """May log in to the admin, but add, edit or publish no page."""
    return bearer(make_admin_user("viewer"))


def post(client, route, data, auth):
    return client.post(
        f"/api/v3/seo/{route}/",
        json.dumps(data),
        content_type="application/json",
        **auth,
    )


def fix_post(client, fix, auth, article=ARTICLE):
    return post(client, "fix", {**article, "fix": fix}, auth)


def findings(client, article, auth, check):
    response = post(client, "audit", {**article, "checks": [check]}, auth)
    assert response.status_code == 200, response.content
    (result,) = response.json()["article"]["results"]
    return result["findings"]


def test_permissions(client, admin_only_auth, django_user_model):
    assert_problem(fix_post(client, HEADING_FIX, {}), 401)
    nobody = bearer(django_user_model.objects.create_user("nobody", password="pw"))
    assert_problem(fix_post(client, HEADING_FIX, nobody), 403)
    assert_problem(fix_post(client, HEADING_FIX, admin_only_auth), 403)


def test_a_fix_round_trip_changes_only_its_block_and_stores_nothing(
    client, editor_auth
):
    counts = (
        ArticlePage.objects.count(),
        Revision.objects.count(),
        SeoAudit.objects.count(),
    )
    (finding,) = findings(client, ARTICLE, editor_auth, "heading-punctuation")
    fix = finding["fix"]
    assert fix == HEADING_FIX

    response = fix_post(client, fix, editor_auth)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["changed_fields"] == ["body"]
    assert data["changed_blocks"] == [{"block": 0, "block_id": "h-causes"}]
    fixed = data["article"]
    expected_body = copy.deepcopy(BODY)
    expected_body[0]["value"]["text"] = "Causes"
    assert fixed["body"] == expected_body
    # The rest of the article comes back as it was posted.
    assert {k: v for k, v in fixed.items() if k != "body"} == {
        **{k: v for k, v in fixed.items() if k not in ARTICLE},
        **{k: v for k, v in ARTICLE.items() if k != "body"},
    }
    assert "fix" not in fixed

    # The fixed article, posted back as it came, no longer has the finding.
    assert findings(client, fixed, editor_auth, "heading-punctuation") == []
    assert (
        ArticlePage.objects.count(),
        Revision.objects.count(),
        SeoAudit.objects.count(),
    ) == counts


def test_a_hashtag_fix_round_trip(client, editor_auth):
    (finding,) = findings(client, ARTICLE, editor_auth, "hashtag-camel-case")
    response = fix_post(client, finding["fix"], editor_auth)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["article"]["hashtags"] == ["Sciatica", "MassageTherapy"]
    assert (data["changed_fields"], data["changed_blocks"]) == (["hashtags"], [])
    assert data["article"]["body"] == BODY
    assert findings(client, data["article"], editor_auth, "hashtag-camel-case") == []


def test_a_body_posted_without_ids_is_fixed_by_block_position(client, editor_auth):
    article = {
        **ARTICLE,
        "body": [{k: v for k, v in block.items() if k != "id"} for block in BODY],
    }
    article["body"].append({"type": "disclaimer", "value": {"text": "<p></p>"}})
    (finding,) = findings(client, article, editor_auth, "medical-disclaimer")
    assert finding["fix"]["args"]["block"] == 2
    assert finding["fix"]["args"]["block_id"] is None
    response = fix_post(client, finding["fix"], editor_auth, article)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["changed_blocks"] == [{"block": 2, "block_id": None}]
    assert data["article"]["body"][2]["value"]["text"].startswith(
        "<p>This article is general information"
    )
    assert findings(client, data["article"], editor_auth, "medical-disclaimer") == []


@pytest.mark.parametrize(
    ("fix", "article", "loc", "named"),
    [
        (
            {"id": "no-such-fix", "args": {}},
            ARTICLE,
            ["body", "fix", "id"],
            "no-such-fix",
        ),
        # The heading was edited since the audit.
        (
            HEADING_FIX,
            {**ARTICLE, "body": [{**BODY[0], "value": {"text": "Causes", "level": 3}}]},
            ["body", "fix", "args", "text"],
            "'h-causes'",
        ),
        # The heading was deleted since the audit.
        (
            HEADING_FIX,
            {**ARTICLE, "body": BODY[1:]},
            ["body", "fix", "args", "block_id"],
            "'h-causes'",
        ),
        (
            {"id": "heading-punctuation", "args": {"block_id": "h-causes"}},
            ARTICLE,
            ["body", "fix", "args", "text"],
            "'text'",
        ),
        (
            {
                "id": "hashtag-camel-case",
                "args": {"name": "heattherapy", "to": "HeatTherapy"},
            },
            ARTICLE,
            ["body", "fix", "args", "name"],
            "#heattherapy",
        ),
    ],
)
def test_a_fix_that_no_longer_applies_is_a_422_naming_the_field(
    client, editor_auth, fix, article, loc, named
):
    problem = assert_problem(fix_post(client, fix, editor_auth, article), 422)
    (error,) = problem["errors"]
    assert error["loc"] == loc
    assert named in error["msg"]


def test_a_fix_without_an_id_is_a_422(client, editor_auth):
    problem = assert_problem(fix_post(client, {"args": {}}, editor_auth), 422)
    assert problem["errors"][0]["loc"] == ["body", "data", "fix", "id"]


def test_openapi_documents_the_fix_route(client):
    operation = client.get("/api/v3/openapi.json").json()["paths"]["/api/v3/seo/fix/"]
    post_ = operation["post"]
    assert post_["requestBody"]["required"] is True
    responses = post_["responses"]
    ok = responses["200"]["content"]["application/json"]["schema"]
    assert ok["required"] == ["article", "changed_fields", "changed_blocks"]
    article = ok["properties"]["article"]["properties"]
    assert {"title", "body", "hashtags", "search_description"} <= set(article)
    assert "fix" not in article
    for status in ("401", "403", "422"):
        assert "application/problem+json" in responses[status]["content"]
