"""The image block: alt text (or decorative), and a caption shown below it."""

import pytest
from django.core.exceptions import ValidationError

from articles.blocks import ImageBlock
from tests.api.test_articles_api import make_article, make_image
from tests.seo.factories import paragraph

pytestmark = pytest.mark.django_db


def test_an_image_renders_with_its_alt_text_and_caption(client):
    image = make_image("Knee", size=(120, 80))
    page = make_article(
        "Massage for Sciatica",
        body=[
            paragraph("Hold the stretch gently."),
            {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "alt_text": "Knee pulled to the chest",
                    "decorative": False,
                    "caption": "Hold it for thirty seconds.",
                },
            },
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "", "decorative": True},
            },
        ],
    )
    html = client.get(page.url).content.decode()
    assert 'alt="Knee pulled to the chest"' in html
    assert "<figcaption>Hold it for thirty seconds.</figcaption>" in html
    assert html.count("<figcaption>") == 1
    assert 'alt=""' in html  # the decorative one


def test_an_image_needs_alt_text_unless_it_is_decorative():
    block = ImageBlock()
    image = make_image("Knee")
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "alt_text": " "}))
    block.clean(block.to_python({"image": image.pk, "decorative": True}))
    cleaned = block.clean(
        block.to_python({"image": image.pk, "alt_text": "Knee", "caption": "Bend."})
    )
    assert block.get_prep_value(cleaned) == {
        "image": image.pk,
        "decorative": False,
        "alt_text": "Knee",
        "caption": "Bend.",
    }
