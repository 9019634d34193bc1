"""The admin's rich-text editor posts JSON, whose escapes can carry a lone
surrogate: a body holding one is refused by the form, and nothing is saved
(stored, it would be a draft that can be neither published nor previewed)."""

import json

import pytest
from django.urls import reverse

from articles.models import ArticleIndexPage, ArticlePage

from .test_xss_corpus import _block, edit_form_data

pytestmark = pytest.mark.django_db


def test_a_lone_surrogate_from_the_editor_is_refused_and_nothing_saved(
    client, django_user_model
):
    admin = django_user_model.objects.create_superuser("editor", "e@example.com", "x")
    index = ArticleIndexPage.objects.get()
    page = index.add_child(instance=ArticlePage(title="Heat for sciatica"))
    page.save_revision(user=admin)
    revisions = page.revisions.count()
    client.force_login(admin)

    data = edit_form_data(client, page, action=None)
    contentstate = {"blocks": [_block("a", "Warm \udfff", [])], "entityMap": {}}
    data["body-0-value"] = json.dumps(contentstate)  # "\\udfff", as browsers send
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    assert response.status_code == 200  # the form again, with its error
    assert "lone surrogate" in response.content.decode()
    assert page.revisions.count() == revisions
