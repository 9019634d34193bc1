"""Page URLs name the public site set in configuration, wherever they appear."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles.models import ArticlePage
from cms.public_urls import public_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(write_source):
    call_command(
        "import_articles",
        str(write_source("Public Article\n\nA paragraph for readers.\n")),
        "--publish",
        verbosity=0,
    )
    return ArticlePage.objects.get()


@override_settings(PUBLIC_SITE_URL="https://www.example.org")
def test_page_urls_use_the_public_site(client, article):
    expected = f"https://www.example.org/articles/{article.slug}/"
    assert article.full_url == expected
    data = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert data["meta"]["html_url"] == expected
    assert data["meta"]["parent"]["meta"]["html_url"] == (
        "https://www.example.org/articles/"
    )


@override_settings(PUBLIC_SITE_URL="https://www.example.org")
def test_public_url_joins_paths():
    assert public_url() == "https://www.example.org/"
    assert public_url("/sitemap.xml") == "https://www.example.org/sitemap.xml"
    assert public_url("robots.txt") == "https://www.example.org/robots.txt"
