"""The publishing gate: the confirmation before publishing an article with
error-level findings, and the hard block of the SEO publishing policy, at
every door a user publishes through (the editor, a workflow approval, a bulk
publish, API v3), with the superuser's logged override.

Editor form data is built as tests/seo/test_panel.py builds it: the rendered
edit form's fields, with the body's block fields added.
"""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import (
    GroupApprovalTask,
    PageLogEntry,
    Site,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.test.utils.form_data import rich_text

from articles.models import ArticleIndexPage, ArticlePage
from seo import site_cache
from seo.admin import gate
from seo.models import SeoPublishingPolicy
from tests.api.test_v3_articles import bearer
from tests.seo import factories
from tests.seo.test_panel import form_data, stored_block

pytestmark = pytest.mark.django_db

PROSE = (
    "Gentle massage of the lower back can ease sciatica pain for some people. "
    "Warm the muscles before you start. Stretch slowly every morning."
)
DISCLAIMER = ("disclaimer", {"text": rich_text("<p>Not medical advice.</p>")}, "d1")


@pytest.fixture(autouse=True)
def fresh_site_index(settings):
    settings.SEO_LIVE_INDEX_MAX_AGE = 0
    site_cache.forget()


@pytest.fixture
def index():
    return ArticleIndexPage.objects.get()


def draft(index, title="Massage for sciatica", *, disclaimer=False):
    """A draft article: without a disclaimer it has an error-level finding
    (medical-disclaimer) and fails that check."""
    body = [factories.paragraph(PROSE)]
    if disclaimer:
        body.append(factories.disclaimer())
    slug = title.lower().replace(" ", "-")
    page = ArticlePage(title=title, slug=slug, body=body, live=False)
    index.add_child(instance=page)
    page.save_revision()
    page.refresh_from_db()
    return page


@pytest.fixture
def article(index):
    return draft(index)


@pytest.fixture
def clean_article(index):
    return draft(index, "Stretches for sciatica", disclaimer=True)


@pytest.fixture
def editor(make_admin_user, index):
    """May add, change and publish articles; not a superuser."""
    return make_admin_user("editor", index, "add_page", "change_page", "publish_page")


@pytest.fixture
def publisher(client, editor):
    client.force_login(editor)
    return editor


@pytest.fixture
def superuser(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@x.org", "pw")
    client.force_login(user)
    return user


def require(*check_ids):
    """The default site's publishing policy requires these checks."""
    SeoPublishingPolicy.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"blocking_checks": list(check_ids)},
    )


def editor_blocks(page):
    """The page's body as the editor posts it, disclaimers' rich text included."""
    blocks = []
    for raw in page.body.raw_data:
        if raw["type"] == "disclaimer":
            value = {"text": rich_text(raw["value"]["text"])}
            blocks.append((raw["type"], value, raw["id"]))
        else:
            blocks.append(stored_block(raw))
    return blocks


def publish(client, page, data=None, **extra):
    if data is None:
        data = form_data(client, page, editor_blocks(page))
    data = data.copy()
    data["action-publish"] = "action-publish"
    for name, value in extra.items():
        data[name] = value
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def gate_page(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one("[data-seo-gate]"), soup


def findings(soup):
    return [
        (item["data-seo-gate-finding"], item["data-level"])
        for item in soup.select("[data-seo-gate-finding]")
    ]


def reposted(soup):
    """The gate page's form, as its buttons post it back."""
    form = soup.select_one("[data-seo-gate-form]")
    data = {}
    for field in form.select("input[type=hidden]"):
        data.setdefault(field["name"], []).append(field.get("value", ""))
    return data


def is_live(page):
    return ArticlePage.objects.get(pk=page.pk).live


def override_logs(page):
    return PageLogEntry.objects.filter(page=page, action=gate.OVERRIDE_ACTION)


# --- the confirmation ------------------------------------------------------------


def test_error_findings_ask_for_confirmation_first(client, publisher, article):
    revisions = article.revisions.count()
    data = form_data(client, article, title="Massage for sciatica, revised")

    response = publish(client, article, data)

    assert response.status_code == 200
    page, soup = gate_page(response)
    assert page["data-seo-gate"] == "confirm"
    assert ("medical-disclaimer", "error") in findings(soup)
    finding = soup.select_one('[data-seo-gate-finding="medical-disclaimer"]')
    assert "No medical disclaimer." in finding.text
    assert "Add a disclaimer block" in finding.select_one(".seo-finding__hint").text
    assert all(level == "error" for _, level in findings(soup))
    buttons = {button.text.strip() for button in soup.select("button[type=submit]")}
    assert buttons == {"Publish anyway", "Back to editing"}
    # Nothing saved yet, and the form goes back as it came.
    assert not is_live(article)
    assert article.revisions.count() == revisions
    back = reposted(soup)
    assert back["title"] == ["Massage for sciatica, revised"]
    assert back["action-publish"] == ["action-publish"]
    assert len(back["csrfmiddlewaretoken"]) == 1  # a fresh one, not the old too


def test_publish_anyway_publishes_the_confirmed_form(client, publisher, article):
    data = form_data(client, article, title="Massage for sciatica, revised")
    first = publish(client, article, data)
    _, soup = gate_page(first)

    confirmed = client.post(
        f"/admin/pages/{article.pk}/edit/",
        {**reposted(soup), gate.CONFIRM: "1"},
    )

    assert confirmed.status_code == 302
    page = ArticlePage.objects.get(pk=article.pk)
    assert page.live
    assert page.title == "Massage for sciatica, revised"


def test_back_to_editing_shows_the_unsaved_form(client, publisher, article):
    data = form_data(client, article, title="Massage for sciatica, revised")
    _, soup = gate_page(publish(client, article, data))
    revisions = article.revisions.count()

    back = client.post(
        f"/admin/pages/{article.pk}/edit/", {**reposted(soup), gate.BACK: "1"}
    )

    assert back.status_code == 200
    editor = BeautifulSoup(back.content, "html.parser")
    form = editor.select_one("#page-edit-form")
    assert form.select_one("[name=title]")["value"] == "Massage for sciatica, revised"
    # Wagtail's unsaved-changes guard is armed, as after a validation error.
    assert form["data-w-unsaved-force-value"] == "true"
    assert not is_live(article)
    assert article.revisions.count() == revisions


def test_a_clean_article_publishes_without_confirmation(
    client, publisher, clean_article
):
    response = publish(client, clean_article)

    assert response.status_code == 302
    assert is_live(clean_article)


def test_the_confirmation_audits_the_form_not_the_stored_revision(
    client, publisher, clean_article
):
    """The stored revision has a disclaimer; the form being published drops it."""
    [prose, _] = editor_blocks(clean_article)
    data = form_data(client, clean_article, blocks=[prose])

    response = publish(client, clean_article, data)

    assert response.status_code == 200
    _, soup = gate_page(response)
    assert ("medical-disclaimer", "error") in findings(soup)
    assert not is_live(clean_article)


def test_creating_and_publishing_asks_too(client, publisher, index):
    url = f"/admin/pages/add/articles/articlepage/{index.pk}/"
    data = {
        **_create_defaults(client, url),
        **dict(_body([("paragraph", rich_text(f"<p>{PROSE}</p>"), "p1")])),
        "title": "Heat or ice for sciatica",
        "slug": "heat-or-ice",
        "action-publish": "action-publish",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    _, soup = gate_page(response)
    assert ("medical-disclaimer", "error") in findings(soup)
    assert not ArticlePage.objects.filter(slug="heat-or-ice").exists()

    back = client.post(url, {**reposted(soup), gate.BACK: "1"})
    assert back.status_code == 200
    editor = BeautifulSoup(back.content, "html.parser")
    title = editor.select_one("#page-edit-form [name=title]")
    assert title["value"] == "Heat or ice for sciatica"
    assert not ArticlePage.objects.filter(slug="heat-or-ice").exists()

    confirmed = client.post(url, {**reposted(soup), gate.CONFIRM: "1"})
    assert confirmed.status_code == 302
    assert ArticlePage.objects.get(slug="heat-or-ice").live


def _create_defaults(client, url):
    from wagtail.test.utils.form_data import querydict_from_html

    page = client.get(url)
    assert page.status_code == 200
    data = querydict_from_html(page.content.decode(), form_id="page-edit-form")
    return {key: data.get(key) for key in data}


def _body(blocks):
    from tests.seo.test_panel import body_fields

    return body_fields(blocks).items()


# --- the hard block in the editor ---------------------------------------------------


def test_the_policy_refuses_a_non_superuser_naming_the_checks(
    client, publisher, article
):
    require("medical-disclaimer", "text-length")
    data = form_data(client, article)

    for extra in ({}, {gate.CONFIRM: "1"}):
        response = publish(client, article, data, **extra)
        assert response.status_code == 403
        page, soup = gate_page(response)
        assert page["data-seo-gate"] == "blocked"
        blocking = [
            li["data-check"] for li in soup.select("[data-seo-gate-blocking] li")
        ]
        assert blocking == ["text-length", "medical-disclaimer"]
        assert "Medical disclaimer (medical-disclaimer)" in soup.text
        buttons = {b.text.strip() for b in soup.select("button[type=submit]")}
        assert buttons == {"Back to editing"}
    assert not is_live(article)


def test_a_forged_override_from_a_non_superuser_is_refused(client, publisher, article):
    require("medical-disclaimer")

    response = publish(
        client, article, **{gate.OVERRIDE: "medical-disclaimer", gate.CONFIRM: "1"}
    )

    assert response.status_code == 403
    assert not is_live(article)
    assert not override_logs(article).exists()


def test_checks_the_article_passes_do_not_block(client, publisher, clean_article):
    require("medical-disclaimer")

    assert publish(client, clean_article).status_code == 302
    assert is_live(clean_article)


def test_a_superuser_overrides_explicitly_and_it_is_logged(client, superuser, article):
    require("medical-disclaimer")
    refused = publish(client, article)
    assert refused.status_code == 403
    _, soup = gate_page(refused)
    override = soup.select_one(f'button[name="{gate.OVERRIDE}"]')
    assert override.text.strip() == "Publish anyway (override)"
    assert override["value"] == "medical-disclaimer"
    assert not is_live(article)

    published = client.post(
        f"/admin/pages/{article.pk}/edit/",
        {**reposted(soup), gate.OVERRIDE: override["value"]},
    )

    assert published.status_code == 302
    assert is_live(article)
    (entry,) = override_logs(article)
    assert entry.user == superuser
    assert entry.data == {
        "action": "publish",
        "checks": [{"id": "medical-disclaimer", "title": "Medical disclaimer"}],
    }
    assert "Medical disclaimer (medical-disclaimer)" in entry.message
    history = client.get(f"/admin/pages/{article.pk}/history/")
    assert "SEO publishing policy" in history.content.decode()


@pytest.mark.parametrize(
    "value", ["", "text-length", "medical-disclaimer-x", "x" * 5000, "\x00,,"]
)
def test_an_override_that_does_not_name_every_failing_check_is_refused(
    client, superuser, article, value
):
    require("medical-disclaimer")

    response = publish(client, article, **{gate.OVERRIDE: value})

    assert response.status_code == 403
    assert not is_live(article)
    assert not override_logs(article).exists()


# --- the hard block at the other doors ------------------------------------------------


def test_api_v3_publish_is_refused_naming_the_checks(client, publisher, article):
    require("medical-disclaimer")
    auth = bearer(publisher)

    response = client.post(f"/api/v3/pages/{article.pk}/actions/publish/", **auth)

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "Medical disclaimer (medical-disclaimer)" in response.json()["detail"]
    assert not is_live(article)


def test_api_v3_publish_of_a_passing_article_goes_through(
    client, publisher, clean_article
):
    require("medical-disclaimer")
    auth = bearer(publisher)

    response = client.post(f"/api/v3/pages/{clean_article.pk}/actions/publish/", **auth)

    assert response.status_code == 200, response.content
    assert is_live(clean_article)


def test_api_v3_update_and_publish_is_refused_before_saving(
    client, publisher, clean_article
):
    require("medical-disclaimer")
    revisions = clean_article.revisions.count()
    body = [factories.paragraph(PROSE)]  # the disclaimer dropped

    response = client.patch(
        f"/api/v3/pages/{clean_article.pk}/",
        json.dumps(
            {
                "meta": {"type": "articles.ArticlePage", "action": "publish"},
                "body": body,
            }
        ),
        content_type="application/json",
        **bearer(publisher),
    )

    assert response.status_code == 403, response.content
    assert "medical-disclaimer" in response.json()["detail"]
    assert clean_article.revisions.count() == revisions
    assert not is_live(clean_article)


def test_api_v3_create_and_publish_is_refused(client, publisher, index):
    require("medical-disclaimer")

    response = client.post(
        "/api/v3/pages/",
        json.dumps(
            {
                "meta": {
                    "type": "articles.ArticlePage",
                    "parent_id": index.pk,
                    "action": "publish",
                },
                "title": "Heat or ice",
                "body": [factories.paragraph(PROSE)],
            }
        ),
        content_type="application/json",
        **bearer(publisher),
    )

    assert response.status_code == 403, response.content
    assert "medical-disclaimer" in response.json()["detail"]
    assert not ArticlePage.objects.filter(title="Heat or ice").exists()


def test_api_v3_refuses_a_superuser_too(client, superuser, article):
    """The override is an explicit choice in the editor; the API has none."""
    require("medical-disclaimer")

    response = client.post(
        f"/api/v3/pages/{article.pk}/actions/publish/", **bearer(superuser)
    )

    assert response.status_code == 403
    assert not is_live(article)


def test_reverting_to_a_revision_and_publishing_is_refused(client, publisher, article):
    require("medical-disclaimer")
    revision = article.get_latest_revision()
    data = form_data(client, article, editor_blocks(article))
    data["action-publish"] = "action-publish"

    response = client.post(
        f"/admin/pages/{article.pk}/revisions/{revision.pk}/revert/", data, follow=True
    )

    assert not is_live(article)
    text = response.content.decode()
    assert "Publishing refused by the SEO publishing policy" in text
    assert "Medical disclaimer (medical-disclaimer)" in text


def test_bulk_publish_is_refused_naming_the_articles(
    client, publisher, article, clean_article
):
    require("medical-disclaimer")
    url = (
        "/admin/bulk/wagtailcore/page/publish/"
        f"?id={article.pk}&id={clean_article.pk}&next=/admin/pages/"
    )

    response = client.post(url, {"include_descendants": ""}, follow=True)

    assert not is_live(article)
    assert not is_live(clean_article)
    text = response.content.decode()
    assert "Nothing was published" in text
    assert "Massage for sciatica" in text
    assert "medical-disclaimer" in text


def test_bulk_publish_with_descendants_checks_the_draft_articles(
    client, publisher, index, article
):
    require("medical-disclaimer")
    index.save_revision().publish()
    url = f"/admin/bulk/wagtailcore/page/publish/?id={index.pk}&next=/admin/pages/"

    client.post(url, {"include_descendants": "on"})

    assert not is_live(article)


def test_bulk_publish_of_passing_articles_goes_through(
    client, publisher, clean_article
):
    require("medical-disclaimer")
    url = f"/admin/bulk/wagtailcore/page/publish/?id={clean_article.pk}"

    client.post(url, {"include_descendants": ""})

    assert is_live(clean_article)


@pytest.fixture
def moderated(index, editor, article):
    """`article` in moderation under a one-step group approval workflow whose
    moderators include `editor`."""
    workflow = Workflow.objects.create(name="Approval")
    task = GroupApprovalTask.objects.create(name="Approve")
    task.groups.set(editor.groups.all())
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    state = workflow.start(article, editor)
    return state.current_task_state


def test_a_dashboard_approval_that_would_publish_is_refused(
    client, publisher, article, moderated
):
    """The approval and its publish roll back. Wagtail's admin answers the
    refusal as any PermissionDenied: a redirect home with its own message (or
    a 403 to the modal's request)."""
    require("medical-disclaimer")
    url = f"/admin/pages/workflow/action/{article.pk}/approve/{moderated.pk}/"

    response = client.post(url, {"comment": ""})
    modal = client.post(url, {"comment": ""}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")

    assert (response.status_code, response.url) == (302, "/admin/")
    assert modal.status_code == 403
    assert not is_live(article)
    assert TaskState.objects.get(pk=moderated.pk).status == TaskState.STATUS_IN_PROGRESS
    assert not PageLogEntry.objects.filter(
        page=article, action__in=["wagtail.publish", "wagtail.workflow.approve"]
    ).exists()


def test_an_editor_approval_that_would_publish_is_refused(
    client, publisher, article, moderated
):
    require("medical-disclaimer")
    data = form_data(client, article)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"

    response = client.post(f"/admin/pages/{article.pk}/edit/", data)

    assert response.status_code == 403
    _, soup = gate_page(response)
    assert [li["data-check"] for li in soup.select("[data-seo-gate-blocking] li")] == [
        "medical-disclaimer"
    ]
    assert not is_live(article)
    assert TaskState.objects.get(pk=moderated.pk).status == TaskState.STATUS_IN_PROGRESS


def test_a_superuser_approval_override_is_logged(client, superuser, article, moderated):
    require("medical-disclaimer")
    data = form_data(client, article)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    refused = client.post(f"/admin/pages/{article.pk}/edit/", data)
    _, soup = gate_page(refused)
    override = soup.select_one(f'button[name="{gate.OVERRIDE}"]')
    assert override.text.strip() == "Approve anyway (override)"

    client.post(
        f"/admin/pages/{article.pk}/edit/",
        {**reposted(soup), gate.OVERRIDE: override["value"]},
    )

    assert is_live(article)
    (entry,) = override_logs(article)
    assert entry.data["action"] == "approve"


def test_an_approval_without_policy_checks_publishes(
    client, publisher, article, moderated
):
    url = f"/admin/pages/workflow/action/{article.pk}/approve/{moderated.pk}/"

    client.post(url, {"comment": ""})

    assert is_live(article)


# --- the policy setting ----------------------------------------------------------


def test_the_policy_offers_single_article_checks_by_title(client, superuser):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/seo/seopublishingpolicy/{site.pk}/"

    response = client.get(url)

    soup = BeautifulSoup(response.content, "html.parser")
    boxes = {box["value"]: box for box in soup.select("[name=blocking_checks]")}
    assert "medical-disclaimer" in boxes
    assert "duplicate-title" not in boxes  # needs the whole library
    label = soup.select_one(f'label[for="{boxes["medical-disclaimer"]["id"]}"]')
    assert "Medical disclaimer" in label.text

    saved = client.post(url, {"blocking_checks": ["medical-disclaimer", "review-date"]})
    assert saved.status_code == 302
    policy = SeoPublishingPolicy.objects.get(site=site)
    assert sorted(policy.blocking_checks) == ["medical-disclaimer", "review-date"]


@pytest.mark.parametrize("value", ["no-such-check", "duplicate-title", "\x00"])
def test_the_policy_refuses_unknown_checks_naming_the_field(client, superuser, value):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/seo/seopublishingpolicy/{site.pk}/"

    response = client.post(url, {"blocking_checks": [value]})

    assert response.status_code == 200
    form = response.context["form"]
    assert "blocking_checks" in form.errors
    stored = SeoPublishingPolicy.objects.filter(site=site).first()
    assert stored is None or value not in stored.blocking_checks
