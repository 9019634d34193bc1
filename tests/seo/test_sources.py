"""What the audit reads from stored pages and imports."""

import pytest
from wagtail.models import Site

from articles.importing.reader import parse_file
from articles.importing.store import default_parent, store
from seo.models import HealthContentSettings
from seo.sources import article_from_import, article_from_page, site_disclaimer

pytestmark = pytest.mark.django_db


def test_an_import_keeps_its_flags_for_the_audit(seed):
    imported = parse_file(seed("001"))
    data = article_from_import(imported)
    assert data.title == imported.title
    assert [(n.kind, n.block) for n in data.import_notes] == [
        ("inline-hashtag", 0),
        ("inline-hashtag", 7),
    ]


def test_a_stored_import_has_its_notes_until_an_editor_saves_a_revision(seed):
    page = store(parse_file(seed("001")), default_parent()).page
    data = article_from_page(page)
    assert data.page_id == page.pk
    assert data.hashtags == ("massagetherapyforsciatica",)
    assert data.body[0]["id"]  # stored blocks keep their ids for locations
    assert [n.kind for n in data.import_notes] == ["inline-hashtag"] * 2

    page.title = "Edited by hand"
    page.save_revision()
    page.refresh_from_db()
    assert article_from_page(page).import_notes == ()


def test_site_disclaimer_is_plain_text():
    site = Site.objects.get(is_default_site=True)
    assert site_disclaimer(site) == ""
    HealthContentSettings.objects.filter(site=site).update(
        medical_disclaimer="<p>Not <b>medical</b> advice.</p>"
    )
    assert site_disclaimer(site) == "Not medical advice."
