"""/sitemap.xml and /robots.txt name the public site, and list only what readers
and search engines may see."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from articles.models import ArticlePage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("public_site"),
]

PUBLIC = "https://www.example.org"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def public_site():
    with override_settings(PUBLIC_SITE_URL=PUBLIC):
        yield


@pytest.fixture
def make_article(write_source):
    def make(title: str, *, publish: bool = True) -> ArticlePage:
        args = [
            str(
                write_source(f"{title}\n\nA paragraph about {title}.\n", f"{title}.txt")
            )
        ]
        call_command(
            "import_articles", *args, *(["--publish"] if publish else []), verbosity=0
        )
        return ArticlePage.objects.get(title=title)

    return make


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]


def test_sitemap_lists_published_pages_at_their_public_urls(client, make_article):
    article = make_article("Sciatica Stretches")
    locations = sitemap_locations(client)
    expected = f"{PUBLIC}/articles/{article.slug}/"
    assert expected in locations
    assert f"{PUBLIC}/" in locations  # the home page
    assert all(location.startswith(f"{PUBLIC}/") for location in locations)
    # The same address the API gives frontends.
    data = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert data["meta"]["html_url"] == expected


def test_sitemap_gives_the_last_publication_date(client, make_article):
    article = make_article("Sciatica Stretches")
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    entry = next(
        url
        for url in root.findall("sm:url", SITEMAP_NS)
        if url.find("sm:loc", SITEMAP_NS).text.endswith(f"/{article.slug}/")
    )
    lastmod = entry.find("sm:lastmod", SITEMAP_NS).text
    assert lastmod == article.last_published_at.date().isoformat()


def test_sitemap_leaves_out_pages_readers_cannot_see(client, make_article):
    visible = make_article("Visible Article")
    draft = make_article("Draft Article", publish=False)

    private = make_article("Private Article")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    scheduled = make_article("Scheduled Article", publish=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live

    expired = make_article("Expired Article")
    ArticlePage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )

    # Live, but with a go-live date still ahead (as the API also hides it).
    waiting = make_article("Waiting Article")
    ArticlePage.objects.filter(pk=waiting.pk).update(
        go_live_at=timezone.now() + timedelta(days=1)
    )

    locations = sitemap_locations(client)
    assert f"{PUBLIC}/articles/{visible.slug}/" in locations
    for hidden in (draft, private, scheduled, expired, waiting):
        assert not any(hidden.slug in location for location in locations), hidden


def test_sitemap_leaves_out_noindex_and_canonical_elsewhere(client, make_article):
    noindex = make_article("Noindex Article")
    noindex.noindex = True
    noindex.save_revision().publish()

    elsewhere = make_article("Syndicated Article")
    elsewhere.canonical_url = "https://journal.example.com/original/"
    elsewhere.save_revision().publish()

    own = make_article("Self Canonical Article")
    own.canonical_url = own.full_url
    own.save_revision().publish()

    locations = sitemap_locations(client)
    assert not any(noindex.slug in location for location in locations)
    assert not any(elsewhere.slug in location for location in locations)
    assert "https://journal.example.com/original/" not in locations
    assert own.full_url in locations


def test_unpublished_article_leaves_the_sitemap(client, make_article):
    article = make_article("Withdrawn Article")
    assert article.full_url in sitemap_locations(client)
    article.unpublish()
    assert article.full_url not in sitemap_locations(client)


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /django-admin/" in lines
    assert "Allow: /" in lines
    assert not any(line.startswith("Disallow: /api") for line in lines)
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in lines


def test_robots_txt_refuses_other_methods(client):
    assert client.post("/robots.txt").status_code == 405


def test_api_responses_ask_not_to_be_indexed(client, make_article):
    article = make_article("Sciatica Stretches")
    for url in (f"/api/v2/pages/{article.pk}/", "/api/v2/pages/", "/api/v2/pages/0/"):
        assert client.get(url)["X-Robots-Tag"] == "noindex", url
    # Pages themselves are for search engines.
    assert "X-Robots-Tag" not in client.get("/robots.txt")


def test_unknown_api_addresses_get_json_and_missing_slashes_redirect(client):
    response = client.get("/api/v2/nothing-here/")
    assert response.status_code == 404
    assert response.json() == {"message": "No API endpoint at this address."}
    response = client.get("/api/v2/pages")
    assert response.status_code == 301
    assert response["Location"] == "/api/v2/pages/"
