"""The editor's SEO panel: the edit view shows it, and its live endpoint audits
the form as posted, unsaved and new blocks included, for writers who may edit.

Form data is built the way the editor posts it: the rendered edit form's
fields (Wagtail's `querydict_from_html`), with the body StreamField's fields,
which the editor's script writes, added by `body_fields`.
"""

import uuid

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from articles.models import ArticleIndexPage, ArticlePage
from seo import site_cache
from tests.seo import factories

pytestmark = pytest.mark.django_db

LONG_SENTENCE = (
    "Massage therapy for sciatica is a gentle treatment that many people with "
    "lower back pain try when the pain that runs down the leg keeps them from "
    "sleeping well at night and from walking to work in the morning without "
    "stopping to rest."
)


@pytest.fixture(autouse=True)
def fresh_site_index(settings):
    # Each test builds its own library: never reuse another test's index.
    settings.SEO_LIVE_INDEX_MAX_AGE = 0
    site_cache.forget()


@pytest.fixture
def index():
    return ArticleIndexPage.objects.get()


@pytest.fixture
def article(index):
    page = ArticlePage(
        title="Massage for sciatica",
        slug="massage-for-sciatica",
        body=[
            {"type": "heading", "value": {"text": "What helps", "level": 2}},
            factories.paragraph(
                "Massage eases tight muscles. #massagetherapy helps many readers."
            ),
        ],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@x.org", "pw")
    client.force_login(user)
    return user


def form_data(client, page, blocks=None, **fields):
    """What the editor posts for `page`: its form as rendered, the body as
    `blocks` [(type, value, id)] (the stored body when None), `fields` set."""
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data = data.copy()
    if blocks is None:
        blocks = [stored_block(raw) for raw in page.body.raw_data]
    data.update(body_fields(blocks))
    for name, value in fields.items():
        data[name] = value
    return data


def stored_block(raw):
    value = raw["value"]
    if raw["type"] == "paragraph":
        value = rich_text(value)
    return raw["type"], value, raw["id"]


def body_fields(blocks):
    fields = {"body-count": str(len(blocks))}
    for index, (block_type, value, block_id) in enumerate(blocks):
        prefix = f"body-{index}"
        fields.update(
            {
                f"{prefix}-type": block_type,
                f"{prefix}-id": block_id,
                f"{prefix}-order": str(index),
                f"{prefix}-deleted": "",
            }
        )
        if isinstance(value, dict):
            for name, item in value.items():
                fields[f"{prefix}-value-{name}"] = str(item)
        else:
            fields[f"{prefix}-value"] = value
    return fields


def live(client, page, data):
    return client.post(f"/admin/seo/panel/{page.pk}/", data)


def finding_ids(html):
    soup = BeautifulSoup(html, "html.parser")
    return {
        (item["data-seo-finding"], item.get("data-block-id"))
        for item in soup.select("[data-seo-finding]")
    }


def test_edit_view_has_the_seo_panel(client, admin, article):
    response = client.get(f"/admin/pages/{article.pk}/edit/")
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.select_one('[data-side-panel="seo"] [data-seo-panel]')
    assert panel is not None
    assert panel["data-live-url"] == f"/admin/seo/panel/{article.pk}/"
    found = {check for check, _ in finding_ids(str(panel))}
    assert "hashtag-in-prose" in found
    assert "medical-disclaimer" in found
    assert soup.select_one('[data-side-panel-toggle="seo"]') is not None


def test_live_audit_reads_unsaved_edits_and_new_blocks(client, admin, article):
    new_id = str(uuid.uuid4())
    [heading, paragraph] = [stored_block(raw) for raw in article.body.raw_data]
    blocks = [
        heading,
        ("paragraph", rich_text("<p>Massage eases tight muscles.</p>"), paragraph[2]),
        ("paragraph", rich_text(f"<p>{LONG_SENTENCE}</p>"), new_id),
        ("disclaimer", {"text": rich_text("<p>Not medical advice.</p>")}, "d1"),
    ]
    response = live(client, article, form_data(client, article, blocks))
    assert response.status_code == 200, response.content
    found = finding_ids(response.json()["html"])

    # The inline hashtag was edited away, the disclaimer added: both gone.
    assert not {f for f in found if f[0] in ("hashtag-in-prose", "medical-disclaimer")}
    # The new, never saved block is audited and pointed at by its id.
    assert ("sentence-length", new_id) in found
    # Nothing was saved.
    article.refresh_from_db()
    assert len(article.body.raw_data) == 2
    assert response.json()["counts"]["warning"] >= 1


def test_live_audit_of_the_stored_form_matches_the_edit_view(client, admin, article):
    response = live(client, article, form_data(client, article))
    assert response.status_code == 200
    found = finding_ids(response.json()["html"])
    assert ("hashtag-in-prose", article.body.raw_data[1]["id"]) in found


def test_create_view_panel_audits_a_page_not_yet_created(client, admin, index):
    url = f"/admin/pages/add/articles/articlepage/{index.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    panel = soup.select_one("[data-seo-panel]")
    live_url = panel["data-live-url"]
    data = querydict_from_html(page.content.decode(), form_id="page-edit-form").copy()
    data.update(
        body_fields([("paragraph", rich_text(f"<p>{LONG_SENTENCE}</p>"), "n1")])
    )
    data["title"] = "Sciatica and sleep"
    response = client.post(live_url, data)
    assert response.status_code == 200, response.content
    assert ("sentence-length", "n1") in finding_ids(response.json()["html"])
    assert not ArticlePage.objects.filter(title="Sciatica and sleep").exists()


def test_a_malformed_form_gets_a_400_naming_the_field(client, admin, article):
    data = form_data(client, article, last_reviewed="the day before yesterday")
    response = live(client, article, data)
    assert response.status_code == 400
    body = response.json()
    assert "last_reviewed" in body["fields"]
    assert "last_reviewed" in body["error"]


def test_writer_without_edit_permission_gets_403(
    client, admin, article, make_admin_user
):
    data = form_data(client, article)
    client.force_login(make_admin_user("viewer"))
    assert live(client, article, data).status_code == 403


def test_writer_with_edit_permission_gets_the_audit(
    client, admin, article, index, make_admin_user
):
    data = form_data(client, article)
    client.force_login(make_admin_user("writer", index, "change_page"))
    assert live(client, article, data).status_code == 200


def test_anonymous_is_sent_to_log_in(client, article):
    response = client.post(f"/admin/seo/panel/{article.pk}/", {})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_get_is_not_allowed(client, admin, article):
    assert client.get(f"/admin/seo/panel/{article.pk}/").status_code == 405


def test_unknown_page_is_404(client, admin, article):
    assert client.post("/admin/seo/panel/999999/", {}).status_code == 404


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("massagetherapy", "MassageTherapy"),
        ("#sciatica relief", "SciaticaRelief"),
        ("PiriformisSyndrome", "PiriformisSyndrome"),
        ("", ""),
    ],
)
def test_hashtag_suggestion(client, admin, typed, suggestion):
    response = client.get("/admin/seo/panel/hashtag/", {"q": typed})
    assert response.json()["suggestion"] == suggestion


def test_hashtags_field_is_labelled_hashtags(client, admin, article):
    response = client.get(f"/admin/pages/{article.pk}/edit/")
    soup = BeautifulSoup(response.content, "html.parser")
    label = soup.select_one('label[for="id_hashtags"]')
    assert label is not None
    assert label.get_text(strip=True).startswith("Hashtags")


# --- Apply: one fix, written back into the form, nothing saved ------------------


def fix_of(html, check_id):
    soup = BeautifulSoup(html, "html.parser")
    button = soup.select_one(f'[data-seo-finding="{check_id}"] [data-seo-fix]')
    assert button is not None, f"no fix offered for {check_id}"
    return button["data-seo-fix"]


def test_apply_returns_the_fixed_block_and_hashtags_and_saves_nothing(
    client, admin, article
):
    data = form_data(client, article)
    audited = live(client, article, data).json()["html"]
    data["fix"] = fix_of(audited, "hashtag-in-prose")
    response = client.post(f"/admin/seo/panel/{article.pk}/fix/", data)
    assert response.status_code == 200, response.content
    payload = response.json()

    paragraph_id = article.body.raw_data[1]["id"]
    [block] = payload["changes"]["blocks"]
    assert block["id"] == paragraph_id
    assert block["type"] == "paragraph"
    assert "#massagetherapy" not in block["state"]
    assert "massage therapy" in block["state"].lower()
    assert "massagetherapy" in [
        t.lower() for t in payload["changes"]["fields"]["hashtags"]
    ]
    # Undo puts back what the form held.
    [undo] = payload["undo"]["blocks"]
    assert "#massagetherapy" in undo["state"]
    assert payload["undo"]["fields"]["hashtags"] == []
    # The panel as it will be: the finding is gone.
    assert "hashtag-in-prose" not in {c for c, _ in finding_ids(payload["html"])}
    # Nothing stored.
    article.refresh_from_db()
    assert "#massagetherapy" in article.body.raw_data[1]["value"]
    assert list(article.hashtags.names()) == []


def test_apply_adds_a_disclaimer_block(client, admin, article):
    data = form_data(client, article)
    data["fix"] = fix_of(
        live(client, article, data).json()["html"], "medical-disclaimer"
    )
    payload = client.post(f"/admin/seo/panel/{article.pk}/fix/", data).json()
    [block] = payload["changes"]["blocks"]
    assert block["type"] == "disclaimer"
    assert block["index"] == 2
    [undo] = payload["undo"]["blocks"]
    assert undo["state"] is None  # undoing removes the added block
    assert "medical-disclaimer" not in {c for c, _ in finding_ids(payload["html"])}


def test_a_stale_fix_is_refused_naming_it(client, admin, article):
    data = form_data(client, article)
    fix = fix_of(live(client, article, data).json()["html"], "hashtag-in-prose")
    # The writer has since removed the hashtag from the paragraph.
    blocks = [stored_block(raw) for raw in article.body.raw_data]
    blocks[1] = (
        "paragraph",
        rich_text("<p>Massage eases tight muscles.</p>"),
        blocks[1][2],
    )
    data = form_data(client, article, blocks, fix=fix)
    response = client.post(f"/admin/seo/panel/{article.pk}/fix/", data)
    assert response.status_code == 409
    assert response.json()["field"].startswith("fix.args")
    assert response.json()["error"]


@pytest.mark.parametrize(
    "fix", ["", "not json", '{"args": {}}', '{"id": 3}', "x" * 20_000]
)
def test_a_malformed_fix_gets_a_400(client, admin, article, fix):
    data = form_data(client, article, fix=fix)
    response = client.post(f"/admin/seo/panel/{article.pk}/fix/", data)
    assert response.status_code == 400
    assert "fix" in response.json()["error"]


def test_unknown_fix_is_refused(client, admin, article):
    data = form_data(client, article, fix='{"id": "no-such-fix", "args": {}}')
    response = client.post(f"/admin/seo/panel/{article.pk}/fix/", data)
    assert response.status_code == 400
    assert response.json()["field"] == "fix.id"
    assert "no-such-fix" in response.json()["error"]


# --- history: the score over saved revisions, and what changed since publishing ---


def test_trend_and_changes_since_the_published_revision(client, admin, article):
    from seo.audit import Auditor
    from seo.runner import audit_pages
    from seo.storage import save_reports

    save_reports(audit_pages([article.pk], Auditor()))  # the published revision
    draft = article.get_latest_revision_as_object()
    draft.body = [
        {"type": "heading", "value": {"text": "What helps:", "level": 2}},
        factories.paragraph("Massage eases tight muscles."),
        factories.disclaimer(),
    ]
    draft.save_revision()
    save_reports(audit_pages([article.pk], Auditor()))  # the draft

    response = client.get(f"/admin/pages/{article.pk}/edit/")
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.select_one("[data-seo-panel]")
    trend = panel.select("svg.seo-trend circle")
    assert len(trend) == 2
    new = [li.get_text(" ", strip=True) for li in panel.select(".seo-since__new")]
    gone = [li.get_text(" ", strip=True) for li in panel.select(".seo-since__gone")]
    assert any("colon" in text or ":" in text for text in new), new
    assert any("hashtag" in text.lower() for text in gone), gone
    assert any("disclaimer" in text.lower() for text in gone), gone


def test_apply_of_a_hashtag_recasing_touches_no_stored_tag(client, admin, article):
    from articles.models import Hashtag

    article.hashtags.add("sciaticarelief")
    article.save_revision().publish()
    data = form_data(client, article)
    data["fix"] = fix_of(
        live(client, article, data).json()["html"], "hashtag-camel-case"
    )
    payload = client.post(f"/admin/seo/panel/{article.pk}/fix/", data).json()
    assert payload["changes"]["fields"]["hashtags"] == ["SciaticaRelief"]
    assert "hashtag-camel-case" not in {c for c, _ in finding_ids(payload["html"])}
    # Tags are shared by every article: Apply must not re-case the stored one.
    assert list(Hashtag.objects.values_list("name", flat=True)) == ["sciaticarelief"]


def test_since_published_leaves_out_checks_the_stored_audit_did_not_run(
    client, admin, article
):
    from seo.audit import Auditor
    from seo.runner import audit_pages
    from seo.storage import save_reports

    # Stored as audits on save store them: without the site-wide checks.
    save_reports(audit_pages([article.pk], Auditor(), site=None))
    response = client.get(f"/admin/pages/{article.pk}/edit/")
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.select_one("[data-seo-panel]")
    assert ("orphan-article", None) in finding_ids(str(panel))  # the panel runs it
    assert panel.select(".seo-since__new") == []
    assert "The same findings as the published version." in panel.get_text()
