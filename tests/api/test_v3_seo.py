"""The SEO routes of API v3: stored audits, audits of posted blocks, the checks."""

import json

import jsonschema
import pytest
from wagtail.models import APIToken

from articles.models import ArticleIndexPage, ArticlePage
from seo.audit import Auditor
from seo.formats.json import schema as report_schema
from seo.models import SeoAudit
from seo.runner import audit_pages, get_registry
from seo.storage import save_reports

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "heading", "value": {"text": "Causes:", "level": 3}, "id": "h-causes"},
    {"type": "paragraph", "value": "<p>Massage cures sciatica.</p>", "id": "p-1"},
]


def bearer(user) -> dict[str, str]:
    _, token = APIToken.create_token(user=user, name="pipeline")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def validate(payload, definition: str) -> None:
    schema = report_schema()
    jsonschema.validate(
        payload, {"$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    )


def assert_problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status
    return response.json()


@pytest.fixture
def index():
    return ArticleIndexPage.objects.get()


@pytest.fixture
def article(index):
    page = ArticlePage(title="Massage for sciatica", slug="massage", body=BODY)
    index.add_child(instance=page)
    page.save_revision()
    return page


@pytest.fixture
def audited(article):
    save_reports(audit_pages([article.pk], Auditor()))


@pytest.fixture
def admin_auth(django_user_model):
    return bearer(django_user_model.objects.create_superuser("admin", "a@x.org", "pw"))


@pytest.fixture
def admin_only_auth(make_admin_user):
    """May log in to the admin, but edit no page."""
    return bearer(make_admin_user("viewer"))


@pytest.fixture
def editor_auth(make_admin_user, index):
    return bearer(make_admin_user("writer", index, "change_page"))


@pytest.fixture
def no_admin_auth(django_user_model):
    return bearer(django_user_model.objects.create_user("nobody", password="pw"))


def audit_post(client, data, auth):
    return client.post(
        "/api/v3/seo/audit/", json.dumps(data), content_type="application/json", **auth
    )


def test_stored_audit_with_its_findings(client, article, audited, editor_auth):
    stored = SeoAudit.objects.get(page=article)
    response = client.get(f"/api/v3/seo/audits/{article.pk}/", **editor_auth)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["schema_version"] == 1
    assert data["engine_version"] == stored.engine_version
    validate(data["article"], "article")
    assert data["article"]["page_id"] == article.pk
    assert data["article"]["revision_id"] == article.latest_revision_id
    assert data["article"]["scores"]["overall"] == stored.overall_score
    assert data["article"]["counts"]["error"] == stored.errors
    assert data["article"]["counts"]["warning"] == stored.warnings
    assert data["article"]["results"] == stored.results
    punctuation = next(
        r for r in data["article"]["results"] if r["check"] == "heading-punctuation"
    )
    assert punctuation["findings"][0]["location"]["block_id"] == "h-causes"


def test_stored_audit_permissions_and_absence(
    client, article, audited, admin_only_auth, no_admin_auth, editor_auth, index
):
    url = f"/api/v3/seo/audits/{article.pk}/"
    assert_problem(client.get(url), 401)
    assert_problem(client.get(url, **no_admin_auth), 403)
    assert_problem(client.get(url, **admin_only_auth), 403)
    assert_problem(client.get("/api/v3/seo/audits/999999/", **editor_auth), 404)
    # A page the editor may edit, but never audited.
    other = ArticlePage(title="Unaudited", slug="unaudited")
    index.add_child(instance=other)
    problem = assert_problem(
        client.get(f"/api/v3/seo/audits/{other.pk}/", **editor_auth), 404
    )
    assert "seo_audit" in problem["detail"]


def test_audit_posted_blocks_without_storing(client, editor_auth):
    pages, audits = ArticlePage.objects.count(), SeoAudit.objects.count()
    response = audit_post(
        client,
        {
            "title": "Massage for sciatica",
            "slug": "massage-for-sciatica",
            "body": BODY,
            "focus_keyphrase": "massage for sciatica",
            "hashtags": ["SciaticaRelief"],
        },
        editor_auth,
    )
    assert response.status_code == 200, response.content
    data = response.json()
    validate(data["article"], "article")
    assert data["article"]["page_id"] is None
    results = {r["check"]: r for r in data["article"]["results"]}
    assert len(results) == len(get_registry().all())
    assert results["overstated-claims"]["status"] == "bad"
    assert results["heading-punctuation"]["findings"][0]["location"]["block"] == 0
    assert results["keyphrase-in-title"]["status"] == "good"
    assert results["duplicate-title"]["status"] == "not-applicable"
    assert (ArticlePage.objects.count(), SeoAudit.objects.count()) == (pages, audits)


def test_audit_selected_checks_and_site_checks(client, article, editor_auth):
    response = audit_post(
        client,
        {
            "title": "Massage for sciatica",
            "checks": ["duplicate-title", "heading-punctuation"],
            "site_checks": True,
        },
        editor_auth,
    )
    assert response.status_code == 200, response.content
    results = {r["check"]: r for r in response.json()["article"]["results"]}
    assert set(results) == {"duplicate-title", "heading-punctuation"}
    assert results["duplicate-title"]["status"] == "bad"  # the stored article


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        ({"title": "x", "checks": ["no-such-check"]}, ["body", "checks"]),
        ({"title": "x", "tags": ["no-such-tag"]}, ["body", "tags"]),
        ({"body": BODY}, ["body", "data", "title"]),
        (
            {"title": "x", "body": [{"type": "heading", "value": {"text": ""}}]},
            ["body", "data", "body", 0, "heading", "value", "level"],
        ),
        (
            {"title": "x", "body": [{"type": "embed", "value": "x"}]},
            ["body", "data", "body", 0],
        ),
        ({"title": "x", "target_grade": "eight"}, ["body", "data", "target_grade"]),
    ],
)  # fmt: skip
def test_audit_bad_input_names_the_field(client, editor_auth, data, loc):
    problem = assert_problem(audit_post(client, data, editor_auth), 422)
    assert problem["errors"][0]["loc"] == loc


def test_an_unknown_check_points_at_the_checks_route(client, editor_auth):
    data = {"title": "x", "checks": ["duplicate-titel"]}
    problem = assert_problem(audit_post(client, data, editor_auth), 422)
    message = problem["errors"][0]["msg"]
    assert "Did you mean duplicate-title?" in message
    assert "GET /api/v3/seo/checks/" in message
    assert "--list-checks" not in message


def test_audit_permissions(client, admin_only_auth, no_admin_auth, admin_auth):
    data = {"title": "Massage"}
    assert_problem(audit_post(client, data, {}), 401)
    assert_problem(audit_post(client, data, no_admin_auth), 403)
    assert_problem(audit_post(client, data, admin_only_auth), 403)
    assert audit_post(client, data, admin_auth).status_code == 200
    assert_problem(
        client.post(
            "/api/v3/seo/audit/", "[", content_type="application/json", **admin_auth
        ),
        400,
    )


def test_list_checks(client, admin_only_auth, no_admin_auth, settings):
    settings.SEO_SILENCED_CHECKS = ["hashtag-count"]
    assert_problem(client.get("/api/v3/seo/checks/"), 401)
    assert_problem(client.get("/api/v3/seo/checks/", **no_admin_auth), 403)
    response = client.get("/api/v3/seo/checks/", **admin_only_auth)
    assert response.status_code == 200
    checks = response.json()
    assert [c["id"] for c in checks] == [c.id for c in get_registry().all()]
    by_id = {c["id"]: c for c in checks}
    assert by_id["hashtag-count"]["silenced"] is True
    assert by_id["grade-level"]["silenced"] is False
    assert by_id["grade-level"]["help_text"]
    for check in checks:
        row = {k: v for k, v in check.items() if k not in ("silenced", "help_text")}
        validate(row, "check")


def test_openapi_documents_the_seo_routes(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    audit = paths["/api/v3/seo/audits/{page_id}/"]["get"]["responses"]
    article = audit["200"]["content"]["application/json"]["schema"]["properties"]
    assert (
        article["article"]["required"]
        == report_schema()["$defs"]["article"]["required"]
    )
    assert "application/problem+json" in audit["403"]["content"]
    run = paths["/api/v3/seo/audit/"]["post"]
    assert run["requestBody"]["required"] is True
    assert "200" in paths["/api/v3/seo/checks/"]["get"]["responses"]
