"""XSS payloads through every way content gets in, read back every way it goes
out: import (.html, .md, .txt), API v3 create and update, and the admin's edit
form; then API v2, API v3, the rendered page and the admin's draft view and
preview. Nothing that can run script may come out, and a safe link must."""

import html
import json
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import APIToken
from wagtail.test.utils.form_data import querydict_from_html

from articles.models import ArticleIndexPage, ArticlePage
from articles.url_safety import clean_rich_text, is_safe_url

from .corpus import (
    FRAGMENTS,
    HREFS,
    SAFE_LINK,
    html_document,
    is_followable,
    markdown_document,
    problems_in_html,
    problems_in_page_json,
    text_document,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return ArticleIndexPage.objects.get()


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("admin", "a@example.com", "pw")


@pytest.fixture
def auth(admin):
    _, token = APIToken.create_token(user=admin, name="pipeline")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def read_back(client, page, auth) -> dict[str, list[str]]:
    """Every way the page goes out, with what could run script in each."""
    page.refresh_from_db()
    assert page.live
    assert not page.has_unpublished_changes
    found = {}
    v2 = client.get(f"/api/v2/pages/{page.pk}/")
    assert v2.status_code == 200, v2.content
    found["v2"] = problems_in_page_json(v2.json())
    v3 = client.get(f"/api/v3/pages/{page.pk}/", **auth)
    assert v3.status_code == 200, v3.content
    found["v3"] = problems_in_page_json(v3.json())
    rendered = client.get(page.url)
    assert rendered.status_code == 200
    found["rendered"] = problems_in_html(rendered.content.decode())
    assert SAFE_LINK in rendered.content.decode(), "the safe link was lost"
    client.force_login(page.owner or _superuser())
    draft = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert draft.status_code == 200
    assert "script-src 'self'" in draft["Content-Security-Policy"]
    found["admin draft view"] = problems_in_html(draft.content.decode())
    client.logout()
    return {where: problems for where, problems in found.items() if problems}


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_superuser=True).first()


# --- import ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("corpus.html", html_document),
        ("corpus.md", markdown_document),
        ("corpus.txt", text_document),
    ],
)
def test_import_keeps_no_script(client, admin, auth, tmp_path, name, document):
    source = tmp_path / name
    text = document()
    if name.endswith(".txt"):
        # Plain text holds no links: the safe one is a reference to check.
        text += f"\nRead more at {SAFE_LINK} today.\n"
    source.write_text(text, encoding="utf-8")
    call_command(
        "import_articles",
        str(source),
        "--publish",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    page = ArticlePage.objects.get()
    page.owner = admin
    page.save(update_fields=["owner"])
    assert read_back(client, page, auth) == {}


def test_imported_html_keeps_safe_links_and_drops_unsafe_ones(tmp_path):
    """The import's stored body: the safe link kept as a link, every payload
    link reduced to its text (so the corpus test above is not vacuous)."""
    source = tmp_path / "links.html"
    source.write_text(html_document(), encoding="utf-8")
    call_command("import_articles", str(source), stdout=StringIO(), stderr=StringIO())
    body = ArticlePage.objects.get().get_latest_revision_as_object().body
    paragraphs = [
        block.value.source for block in body if block.block_type == "paragraph"
    ]
    joined = "\n".join(paragraphs)
    assert f'<a href="{SAFE_LINK}">safe link</a>' in joined
    for number in range(len(HREFS)):
        assert f"link {number}" in joined
    assert "javascript" not in joined.lower().replace("javascript:alert(", "")


# --- API v3 --------------------------------------------------------------------


def rich_text_payload() -> str:
    links = "".join(
        f'<p>Payload {number}: <a href="{href}">link {number}</a></p>'
        for number, href in enumerate(HREFS)
    )
    fragments = "".join(f"<p>{fragment}</p>" for fragment in FRAGMENTS)
    return f'<p><a href="{SAFE_LINK}">safe link</a></p>{links}{fragments}'


def hostile_body(markup: str) -> list[dict]:
    return [
        {"type": "paragraph", "value": markup},
        {"type": "callout", "value": {"kind": "note", "title": "T", "text": markup}},
        {
            "type": "faq",
            "value": {"items": [{"question": "Q?", "answer": markup}]},
        },
        {
            "type": "references",
            "value": {"items": [{"title": "Safe", "url": SAFE_LINK}]},
        },
        {"type": "disclaimer", "value": {"text": markup}},
    ]


def send(client, method, url, data, auth):
    return getattr(client, method)(
        url, json.dumps(data), content_type="application/json", **auth
    )


def test_v3_create_and_update_keep_no_script(client, index, admin, auth):
    created = send(
        client,
        "post",
        "/api/v3/pages/",
        {
            "meta": {
                "type": "articles.ArticlePage",
                "parent_id": index.pk,
                "action": "publish",
            },
            "title": "XSS corpus (v3)",
            "body": hostile_body(rich_text_payload()),
        },
        auth,
    )
    assert created.status_code == 201, created.content
    page = ArticlePage.objects.get(pk=created.json()["id"])
    assert read_back(client, page, auth) == {}

    # An update, with the payloads' entities decoded (what a JSON client
    # would send if it typed the characters themselves).
    decoded = "".join(
        f'<p><a href="{html.escape(html.unescape(href))}">d{n}</a></p>'
        for n, href in enumerate(HREFS)
    )
    updated = send(
        client,
        "patch",
        f"/api/v3/pages/{page.pk}/",
        {"body": hostile_body(rich_text_payload() + decoded)},
        auth,
    )
    assert updated.status_code == 200, updated.content
    published = send(
        client, "post", f"/api/v3/pages/{page.pk}/actions/publish/", {}, auth
    )
    assert published.status_code == 200, published.content
    assert read_back(client, page, auth) == {}


UNSAFE_URLS = [
    html.unescape(href)
    for href in HREFS
    if not is_followable(html.unescape(href)) or href.startswith("ftp")
]


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_v3_refuses_an_unsafe_reference_or_page_url(client, index, auth, url):
    body = [
        {
            "type": "references",
            "value": {"items": [{"title": "Source", "url": url}]},
        }
    ]
    for fields in ({"body": body}, {"canonical_url": url}, {"source_url": url}):
        response = send(
            client,
            "post",
            "/api/v3/pages/",
            {
                "meta": {"type": "articles.ArticlePage", "parent_id": index.pk},
                "title": "Unsafe URL",
                **fields,
            },
            auth,
        )
        assert response.status_code == 422, (fields, response.content)
        assert "url" in response.content.decode()
    assert not ArticlePage.objects.exists()


# --- the admin's edit form -------------------------------------------------------


def contentstate(links: list[tuple[str, str]], texts: list[str]) -> str:
    """Draftail's submission: one block per link (a LINK entity, as the editor
    sends it) and per text."""
    blocks, entities = [], {}
    for number, (text, url) in enumerate(links):
        entities[str(number)] = {
            "type": "LINK",
            "mutability": "MUTABLE",
            "data": {"url": url},
        }
        ranges = [{"offset": 0, "length": len(text), "key": number}]
        blocks.append(_block(f"l{number}", text, ranges))
    blocks += [_block(f"t{n}", text, []) for n, text in enumerate(texts)]
    return json.dumps({"blocks": blocks, "entityMap": entities})


def _block(key, text, ranges):
    return {
        "key": key,
        "type": "unstyled",
        "depth": 0,
        "text": text,
        "inlineStyleRanges": [],
        "entityRanges": ranges,
        "data": {},
    }


def admin_rich_text() -> str:
    links = [("safe link", SAFE_LINK)]
    for number, href in enumerate(HREFS):
        links.append((f"raw {number}", href))
        links.append((f"decoded {number}", html.unescape(href)))
    return contentstate(links, FRAGMENTS)


def edit_form_data(admin_client, page, *, action: str | None) -> dict:
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = admin_client.get(edit_url)
    data = querydict_from_html(form.content.decode(), form_id="page-edit-form")
    for key in [key for key in data if key.startswith("body")]:
        del data[key]
    rich = admin_rich_text()
    values = [
        ("paragraph", {"": rich}),
        ("callout", {"-kind": "note", "-title": "T", "-text": rich}),
        ("disclaimer", {"-text": rich}),
    ]
    data["body-count"] = str(len(values))
    for number, (block_type, fields) in enumerate(values):
        prefix = f"body-{number}"
        data[f"{prefix}-type"] = block_type
        data[f"{prefix}-deleted"] = ""
        data[f"{prefix}-order"] = str(number)
        data[f"{prefix}-id"] = str(uuid.uuid4())
        for suffix, value in fields.items():
            data[f"{prefix}-value{suffix}"] = value
    if action:
        data[action] = action
    return data


def test_admin_edit_form_and_preview_keep_no_script(client, index, admin, auth):
    page = index.add_child(
        instance=ArticlePage(title="XSS corpus (admin)", owner=admin)
    )
    client.force_login(admin)

    # The preview of unsaved edits: posted, then shown, as the editor's panel does.
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    stored = client.post(preview_url, edit_form_data(client, page, action=None))
    assert stored.json()["is_valid"], stored.content
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert "script-src 'self'" in preview["Content-Security-Policy"]
    assert SAFE_LINK in preview.content.decode()
    assert problems_in_html(preview.content.decode()) == []

    # The corpus article has error-level SEO findings: confirm the publish, as
    # the editor's "Publish anyway" does (seo.admin.gate).
    saved = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {
            **edit_form_data(client, page, action="action-publish"),
            "seo-gate-confirm": "1",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    client.logout()
    assert read_back(client, page, auth) == {}


def test_admin_form_refuses_an_unsafe_reference_url(admin):
    form_class = ArticlePage.get_edit_handler().get_form_class()
    data = {
        "title": "Unsafe reference",
        "slug": "unsafe-reference",
        "body-count": "1",
        "body-0-type": "references",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value-items-count": "1",
        "body-0-value-items-0-deleted": "",
        "body-0-value-items-0-order": "0",
        "body-0-value-items-0-value-title": "Source",
        "body-0-value-items-0-value-url": "ftp://example.org/file",
        "canonical_url": "ftp://example.org/file",
        "source_url": "ftp://example.org/file",
    }
    form = form_class(data, instance=ArticlePage(), for_user=admin)
    assert not form.is_valid()
    assert {"body", "canonical_url", "source_url"} <= set(form.errors)


# --- the rule itself ---------------------------------------------------------------


@pytest.mark.parametrize("href", HREFS)
def test_every_payload_href_is_refused(href):
    assert not is_safe_url(href)
    assert not is_safe_url(html.unescape(href))


@pytest.mark.parametrize(
    "url",
    [
        SAFE_LINK,
        "http://example.org/",
        "HTTPS://EXAMPLE.ORG/",
        "mailto:care@example.org",
        "tel:+441234567890",
        "/articles/massage/",
        "../other/",
        "?page=2",
        "#section",
        "//cdn.example.org/x",
    ],
)
def test_safe_and_relative_urls_are_kept(url):
    assert is_safe_url(url)


def test_rich_text_keeps_page_links_and_its_features_only():
    cleaned = clean_rich_text(
        '<p><a linktype="page" id="3">page</a> <b>bold</b> <h2>no</h2>'
        '<a href="ftp://example.org/">ftp</a></p><p data-block-key="k1">kept</p>',
        ["bold", "italic", "link"],
    )
    assert '<a id="3" linktype="page">page</a>' in cleaned
    assert "<b>bold</b>" in cleaned
    assert "<h2>" not in cleaned
    assert "<a>ftp</a>" in cleaned
    # The admin editor's block keys (comments are anchored to them) survive.
    assert '<p data-block-key="k1">kept</p>' in cleaned
