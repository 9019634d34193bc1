"""Articles name their authors: in the admin, the API, the page and the audit."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import ArticleAuthor, Author
from seo.audit import Auditor
from seo.sources import article_from_page, load_articles
from tests.api.test_articles_api import make_article, make_image
from tests.seo.factories import document, paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam():
    return Author.objects.create(
        name="Sam Okafor",
        credentials="RMT",
        bio="A registered massage therapist.",
        profile_url="https://example.org/sam",
        image=make_image("Sam", size=(200, 200)),
    )


def test_the_api_serves_authors_in_byline_order(client, sam):
    page = make_article("Massage for Sciatica")
    lee = Author.objects.create(name="Lee Park")
    ArticleAuthor.objects.create(page=page, author=lee, sort_order=1)
    ArticleAuthor.objects.create(page=page, author=sam, sort_order=0)

    data = client.get(f"/api/v2/pages/{page.pk}/").json()

    first, second = data["authors"]
    image = first.pop("image")
    assert first == {
        "id": sam.pk,
        "name": "Sam Okafor",
        "credentials": "RMT",
        "bio": "A registered massage therapist.",
        "profile_url": "https://example.org/sam",
    }
    assert image["id"] == sam.image.pk
    assert image["width"] == 200
    assert second == {
        "id": lee.pk,
        "name": "Lee Park",
        "credentials": "",
        "bio": "",
        "profile_url": "",
        "image": None,
    }


def test_an_article_without_authors_serves_an_empty_list(client):
    page = make_article("Massage for Sciatica")
    assert client.get(f"/api/v2/pages/{page.pk}/").json()["authors"] == []


def test_the_page_names_its_authors(client, sam):
    page = make_article("Massage for Sciatica")
    ArticleAuthor.objects.create(page=page, author=sam)
    html = client.get(page.url).content.decode()
    assert 'By <a href="https://example.org/sam" rel="author">Sam Okafor, RMT</a>.' in (
        html
    )


def test_an_unsafe_profile_address_is_refused():
    author = Author(name="Mallory", profile_url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        author.full_clean()


def test_the_audit_flags_an_article_without_an_author():
    result = Auditor().audit(document(paragraph("Massage eases sciatica.")))
    (check,) = [r for r in result.results if r.check_id == "named-author"]
    assert check.status.value == "bad"
    assert check.findings[0].location.field == "authors"

    result = Auditor().audit(document(paragraph("Text."), authors=("Sam Okafor",)))
    (check,) = [r for r in result.results if r.check_id == "named-author"]
    assert check.status.value == "good"
    assert "Sam Okafor" in check.message


def test_stored_authors_reach_the_audit_from_the_row_and_from_a_draft(sam):
    page = make_article("Massage for Sciatica", body=[paragraph("Hi there.")])
    ArticleAuthor.objects.create(page=page, author=sam, sort_order=0)
    (live,) = load_articles([page.pk])
    assert live.authors == ("Sam Okafor",)

    # A draft that adds a second author, first in the byline: the audit reads
    # the draft's authors, as the editor saved them.
    lee = Author.objects.create(name="Lee Park")
    draft = page.get_latest_revision_as_object()
    draft.article_authors.add(ArticleAuthor(author=lee, sort_order=-1))
    draft.save_revision()
    (latest,) = load_articles([page.pk])
    assert latest.authors == ("Lee Park", "Sam Okafor")
    page.refresh_from_db()
    assert article_from_page(page.get_latest_revision_as_object()).authors == (
        "Lee Park",
        "Sam Okafor",
    )
    # What readers see is still the published version.
    (published,) = load_articles([page.pk], published=True)
    assert published.authors == ("Sam Okafor",)
