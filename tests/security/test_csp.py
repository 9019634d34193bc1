"""The Content-Security-Policy: on rendered pages and the admin's previews of
them, forbidding inline script; not on the rest of the admin, whose widgets use
inline scripts, nor on the JSON API."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from articles.models import ArticleIndexPage, ArticlePage

pytestmark = pytest.mark.django_db

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def assert_forbids_inline_script(response):
    policy = directives(response)
    script = policy.get("script-src", policy.get("default-src"))
    assert script == ["'self'"], policy
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


@pytest.fixture
def article():
    index = ArticleIndexPage.objects.get()
    page = index.add_child(
        instance=ArticlePage(
            title="Massage for sciatica",
            body=[{"type": "paragraph", "value": "<p>Massage helps.</p>"}],
        )
    )
    page.save_revision().publish()
    return page


def test_rendered_pages_forbid_inline_script(client, article):
    for url in (article.url, article.get_parent().url, "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_forbids_inline_script(response)


def test_json_ld_is_kept_as_a_data_block(client, article):
    """Browsers do not apply script-src to a data block: JSON-LD stays."""
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    scripts = soup.find_all("script")
    assert [script.get("type") for script in scripts] == ["application/ld+json"]


def test_admin_previews_forbid_inline_script_and_the_admin_has_no_policy(
    admin_client, article
):
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert edit.status_code == 200
    # Wagtail's date pickers and inline panels are inline scripts.
    assert "Content-Security-Policy" not in edit
    draft = admin_client.get(
        reverse("wagtailadmin_pages:view_draft", args=[article.pk])
    )
    assert draft.status_code == 200
    assert_forbids_inline_script(draft)
    revision = article.get_latest_revision()
    old = admin_client.get(
        reverse("wagtailadmin_pages:revisions_view", args=[article.pk, revision.pk])
    )
    assert old.status_code == 200
    assert_forbids_inline_script(old)


def test_the_api_has_no_policy(client, article):
    response = client.get(f"/api/v2/pages/{article.pk}/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_templates_hold_no_inline_script_or_handler():
    """Under the policy an inline script or handler would not run: none is
    written (JSON-LD is a data block, which does not run)."""
    for template in TEMPLATES_DIR.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text, re.I):
            assert 'type="application/ld+json"' in tag, (template, tag)
        assert not re.search(r"<[^>]+\son\w+\s*=", text, re.I), template
        assert "javascript:" not in text.lower(), template
