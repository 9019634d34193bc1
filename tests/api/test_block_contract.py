"""Every block type's JSON in the API has the documented shape (README, "The
block contract"); images are expanded and rich text is display HTML."""

import pytest

from articles.blocks import ArticleStreamBlock
from tests.api.test_articles_api import make_article, make_image

pytestmark = pytest.mark.django_db

RICH = "<p>Plain <b>bold</b> text.</p>"

# type -> (stored value, the API value expected; None: the image case below)
CONTRACT = {
    "heading": ({"text": "Causes", "level": 3}, {"text": "Causes", "level": 3}),
    "paragraph": (RICH, RICH),
    "list": (
        {"ordered": True, "items": [{"text": "One", "children": ["A", "B"]}]},
        {"ordered": True, "items": [{"text": "One", "children": ["A", "B"]}]},
    ),
    "table": (
        {"caption": "Symptoms", "header": ["Sign", "Where"], "rows": [["Pain", "Leg"]]},
        {"caption": "Symptoms", "header": ["Sign", "Where"], "rows": [["Pain", "Leg"]]},
    ),
    "image": None,
    "quote": (
        {"text": "It helped.", "attribution": "A patient"},
        {"text": "It helped.", "attribution": "A patient"},
    ),
    "callout": (
        {"kind": "warning", "title": "See a doctor", "text": RICH},
        {"kind": "warning", "title": "See a doctor", "text": RICH},
    ),
    "faq": (
        {"items": [{"question": "How often?", "answer": RICH}]},
        {"items": [{"question": "How often?", "answer": RICH}]},
    ),
    "steps": (
        {"name": "Stretch", "steps": [{"title": "Sit", "text": "Sit down."}]},
        {"name": "Stretch", "steps": [{"title": "Sit", "text": "Sit down."}]},
    ),
    "references": (
        {
            "items": [
                {
                    "title": "Sciatica",
                    "url": "https://www.nhs.uk/conditions/sciatica/",
                    "publisher": "NHS",
                    "date": "2023-01-01",
                }
            ]
        },
        {
            "items": [
                {
                    "title": "Sciatica",
                    "url": "https://www.nhs.uk/conditions/sciatica/",
                    "publisher": "NHS",
                    "date": "2023-01-01",
                }
            ]
        },
    ),
    "disclaimer": ({"text": RICH}, {"text": RICH}),
}


def test_the_table_covers_every_block_type():
    assert set(CONTRACT) == set(ArticleStreamBlock().child_blocks)


@pytest.mark.parametrize("block_type", sorted(set(CONTRACT) - {"image"}))
def test_block_json(client, block_type):
    stored, expected = CONTRACT[block_type]
    page = make_article(body=[{"type": block_type, "value": stored}])
    (block,) = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]
    assert set(block) == {"type", "value", "id"}
    assert block["type"] == block_type
    assert block["id"]
    assert block["value"] == expected


def test_image_block_json(client):
    image = make_image("Stretch", size=(80, 60))
    page = make_article(
        body=[
            {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "alt_text": "A stretch",
                    "decorative": False,
                },
            }
        ]
    )
    (block,) = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]
    value = block["value"]
    assert set(value) == {"image", "alt_text", "decorative", "caption"}
    assert set(value["image"]) == {"id", "title", "url", "width", "height"}
    assert value["image"]["id"] == image.pk
    assert value["alt_text"] == "A stretch"


def test_missing_optional_struct_values_get_their_defaults(client):
    page = make_article(body=[{"type": "quote", "value": {"text": "Only text."}}])
    (block,) = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]
    assert block["value"] == {"text": "Only text.", "attribution": ""}


def test_deleted_image_is_null(client):
    image = make_image()
    page = make_article(
        body=[{"type": "image", "value": {"image": image.pk, "alt_text": "x"}}]
    )
    image.delete()
    (block,) = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]
    assert block["value"]["image"] is None
