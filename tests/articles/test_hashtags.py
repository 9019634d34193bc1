"""Hashtags are stored without '#', keep their case, and allow [A-Za-z0-9_]+."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import ArticlePage, clean_hashtag


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("SciaticaRelief", "SciaticaRelief"), ("#massage_101", "massage_101")],
)
def test_valid_hashtags(typed, stored):
    assert clean_hashtag(typed) == stored


@pytest.mark.parametrize("typed", ["sciatica relief", "back-pain", "#", "ü"])
def test_invalid_hashtags(typed):
    with pytest.raises(ValidationError, match="is not a valid hashtag"):
        clean_hashtag(typed)


@pytest.mark.django_db
def test_the_admin_form_cleans_and_validates_hashtags(admin_user):
    form_class = ArticlePage.get_edit_handler().get_form_class()
    page = ArticlePage(title="Draft")

    form = form_class(
        {"hashtags": "#SciaticaRelief, Massage", "body-count": "0"},
        instance=page,
        for_user=admin_user,
    )
    form.is_valid()
    assert "hashtags" not in form.errors
    assert form.cleaned_data["hashtags"] == ["SciaticaRelief", "Massage"]

    form = form_class(
        {"hashtags": '"back pain", ok', "body-count": "0"},
        instance=page,
        for_user=admin_user,
    )
    form.is_valid()
    assert form.errors["hashtags"] == [
        "“back pain” is not a valid hashtag: use letters, digits and underscores "
        "only, with no spaces (for example MassageTherapy)."
    ]
