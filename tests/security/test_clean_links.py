"""`manage.py clean_links`: articles stored before the link rules lose their
script, in the live row and every revision, and keep everything else."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from articles.models import ArticlePage
from articles.url_safety import holds_script
from tests.api.test_articles_api import make_article
from tests.security.corpus import (
    FRAGMENTS,
    HREFS,
    SAFE_LINK,
    problems_in_html,
    problems_in_page_json,
)

pytestmark = pytest.mark.django_db

# Markup the paragraph block would not offer today, but harmless: kept as stored.
SAFE_PARAGRAPH = (
    f'<p>Plain <b>bold</b> and a <a href="{SAFE_LINK}">safe link</a>.</p>'
    "<h6>An old heading level</h6>"
)
LINKS = "".join(
    f'<p><a href="{href}">link {number}</a></p>' for number, href in enumerate(HREFS)
)
UNSAFE_BODY = [
    {"type": "paragraph", "value": SAFE_PARAGRAPH},
    {"type": "paragraph", "value": LINKS},
    {"type": "paragraph", "value": "".join(f"<p>{f}</p>" for f in FRAGMENTS)},
    {
        "type": "callout",
        "value": {"kind": "note", "title": "T", "text": FRAGMENTS[0]},
    },
    {
        "type": "references",
        "value": {
            "items": [
                {"title": "Safe", "url": SAFE_LINK, "date": "2015-09-01"},
                {"title": "Unsafe", "url": "java\tscript:alert(301)"},
            ]
        },
    },
]


def stored_before_the_rules() -> ArticlePage:
    """An article saved as the code saved it before the rules: a published
    revision and a later draft, both unclean."""
    page = make_article(
        "Stored before the rules",
        body=UNSAFE_BODY,
        # Django's URLField took ftp: then; the rules allow web links only.
        canonical_url="ftp://example.org/old-address",
    )
    page.save_revision()
    return page


def clean_links(*args) -> str:
    out = io.StringIO()
    call_command("clean_links", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def reference_urls(block: dict) -> list[str]:
    # Wagtail stores list items as {"type": "item", "value": ..., "id": ...}
    # today, and took plain values before.
    return [
        item["value"]["url"] if item.get("type") == "item" else item["url"]
        for item in block["value"]["items"]
    ]


def revision_problems(page) -> list[str]:
    problems = []
    for revision in Revision.objects.filter(object_id=str(page.pk)):
        content = revision.content
        for block in json.loads(content["body"]):
            problems += problems_in_html(json.dumps(block["value"]))
            if block["type"] == "references":
                problems += [url for url in reference_urls(block) if "script" in url]
        if content["canonical_url"]:
            problems.append(content["canonical_url"])
    return problems


def test_stored_script_is_removed_from_the_page_and_its_revisions(client):
    page = stored_before_the_rules()
    clean = make_article("Clean already", body=[UNSAFE_BODY[0]])
    url = f"/api/v2/pages/{page.pk}/"
    assert problems_in_page_json(client.get(url).json()), "nothing to clean"
    assert revision_problems(page)

    output = clean_links()

    assert f'page {page.pk} "Stored before the rules": body, canonical_url' in output
    assert "Cleaned 1 article(s) and 2 revision(s)." in output
    data = client.get(url).json()
    assert problems_in_page_json(data) == []
    assert revision_problems(page) == []
    # Only the addresses went: every link's text stays, the safe link too.
    text = json.dumps(data["body"])
    assert all(f"link {number}" in text for number in range(len(HREFS)))
    assert SAFE_LINK in text
    # What held no script is left exactly as stored.
    stored = ArticlePage.objects.get(pk=page.pk).body.raw_data
    assert stored[0]["value"] == SAFE_PARAGRAPH
    assert reference_urls(stored[4]) == [SAFE_LINK, ""]
    assert [block["id"] for block in stored] == [
        block["id"] for block in page.body.raw_data
    ]
    assert ArticlePage.objects.get(pk=clean.pk).body.raw_data[0]["value"] == (
        SAFE_PARAGRAPH
    )


def test_articles_without_script_are_not_written(client):
    # A dated reference, an empty URL and markup the paragraph no longer
    # offers: read as values they differ from their stored form, yet hold
    # nothing to clean.
    body = [
        UNSAFE_BODY[0],
        {
            "type": "references",
            "value": {
                "items": [
                    {"title": "Dated", "url": SAFE_LINK, "date": "2015-09-01"},
                    {"title": "No address", "url": None},
                ]
            },
        },
    ]
    page = make_article("Clean already", body=body)
    stored = list(ArticlePage.objects.get(pk=page.pk).body.raw_data)
    assert clean_links().strip() == "Cleaned 0 article(s) and 0 revision(s)."
    assert list(ArticlePage.objects.get(pk=page.pk).body.raw_data) == stored


def test_a_second_run_finds_nothing(client):
    stored_before_the_rules()
    clean_links()
    assert clean_links().strip() == "Cleaned 0 article(s) and 0 revision(s)."


def test_a_dry_run_names_the_article_and_writes_nothing(client):
    page = stored_before_the_rules()
    before = list(ArticlePage.objects.get(pk=page.pk).body.raw_data)
    output = clean_links("--dry-run")
    assert f'page {page.pk} "Stored before the rules"' in output
    assert "Would clean 1 article(s) and 2 revision(s)." in output
    assert list(ArticlePage.objects.get(pk=page.pk).body.raw_data) == before
    assert revision_problems(page)


def test_an_unreadable_revision_is_named_and_the_rest_cleaned(client):
    broken = stored_before_the_rules()
    revision = broken.latest_revision
    revision.content = {**revision.content, "body": "not json"}
    revision.save(update_fields=["content"])
    other = make_article("Also unclean", body=UNSAFE_BODY[1:2])
    with pytest.raises(CommandError, match="1 could not be read"):
        clean_links()
    # The broken article is left as it was (one transaction per article)...
    assert problems_in_page_json(client.get(f"/api/v2/pages/{broken.pk}/").json())
    # ...and the others are cleaned.
    assert problems_in_page_json(client.get(f"/api/v2/pages/{other.pk}/").json()) == []


@pytest.mark.parametrize(
    "markup",
    [
        markup
        for markup in [f'<p><a href="{href}">x</a></p>' for href in HREFS]
        + [f"<p>{fragment}</p>" for fragment in FRAGMENTS]
        # Those a browser would run (`<scr<script>ipt>` is a tag of another name).
        if problems_in_html(markup)
    ],
)
def test_every_payload_is_found(markup):
    assert holds_script(markup)


@pytest.mark.parametrize(
    "markup",
    [
        SAFE_PARAGRAPH,
        '<p><a linktype="page" id="3">a page</a></p>',
        '<embed embedtype="image" id="7" format="left" alt="A chair"/>',
        '<embed embedtype="media" url="https://www.youtube.com/watch?v=x"/>',
        "Plain text, 3 < 4",
    ],
)
def test_wagtails_own_stored_forms_are_left_alone(markup):
    assert not holds_script(markup)
