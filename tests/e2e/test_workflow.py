"""The publishing gate in the real Wagtail admin.

Headless Chromium against pytest-django's live server: an admin turns the
"SEO review" workflow on (Settings > Workflows), a writer submits an article
without a disclaimer, it waits, and the moderator opens the approval modal
with the findings; a publisher meets the confirmation before publishing an
article with error-level findings. Screenshots go to tests/e2e/artifacts/.
"""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, TaskState

from articles.models import ArticleIndexPage, ArticlePage
from tests.seo import factories

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"
ARTIFACTS = Path(__file__).parent / "artifacts"
MIGRATION = importlib.import_module("seo.migrations.0006_seo_review_workflow")
PROSE = (
    "Gentle massage of the lower back can ease sciatica pain for some people. "
    "Warm the muscles before you start. Stretch slowly every morning."
)


def shoot(tab, name):
    ARTIFACTS.mkdir(exist_ok=True)
    tab.wait_for_load_state("networkidle")
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(tab, base_url, username):
    tab.goto(f"{base_url}/admin/login/")
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(f"{base_url}/admin/")


@pytest.fixture
def seo_workflow(page_tree):
    """What the migrations make, rebuilt after an earlier test's flush:
    Wagtail's Moderators group and the disabled "SEO review" workflow on the
    Articles index."""
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(Permission.objects.get(codename="access_admin"))
    MIGRATION.create_workflow(apps, None)


def user(django_user_model, name, *codenames, superuser=False):
    if superuser:
        return django_user_model.objects.create_superuser(name, "", PASSWORD)
    group = Group.objects.create(name=f"{name}s")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group,
            page=ArticleIndexPage.objects.get(),
            permission=Permission.objects.get(codename=codename),
        )
    account = django_user_model.objects.create_user(name, password=PASSWORD)
    account.groups.add(group)
    return account


def draft(title):
    """An article without a disclaimer: an error-level finding."""
    page = ArticlePage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        body=[factories.paragraph(PROSE)],
        live=False,
    )
    ArticleIndexPage.objects.get().add_child(instance=page)
    page.save_revision()
    return page


def action_menu(tab):
    footer = tab.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    return footer


def test_a_failing_article_waits_in_the_seo_review_and_the_moderator_sees_why(
    seo_workflow, live_server, server_lock, browser, django_user_model
):
    user(django_user_model, "admin", superuser=True)
    user(django_user_model, "writer", "add_page", "change_page")
    article = draft("Massage for sciatica")
    base = live_server.url

    # The admin turns the workflow on.
    admin = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = admin.new_page()
    log_in(tab, base, "admin")
    tab.goto(f"{base}/admin/workflows/list/?show_disabled=true")
    tab.get_by_role("link", name="SEO review", exact=True).click()
    expect(tab.get_by_role("heading", name="SEO review", exact=True)).to_be_visible()
    shoot(tab, "workflow-disabled")
    tab.get_by_role("button", name="More actions").click()
    tab.get_by_role("button", name="Enable").click()
    expect(tab.locator(".messages")).to_contain_text("Workflow 'SEO review' enabled.")
    shoot(tab, "workflow-enabled")
    # Enabled, it shows the page it covers.
    expect(tab.get_by_text("Articles", exact=True)).to_be_visible()
    shoot(tab, "workflow-enabled")

    # The writer submits the article to it.
    writer = browser.new_context(viewport={"width": 1400, "height": 1000})
    writer_tab = writer.new_page()
    log_in(writer_tab, base, "writer")
    writer_tab.goto(f"{base}/admin/pages/{article.pk}/edit/")
    footer = action_menu(writer_tab)
    with writer_tab.expect_navigation():
        footer.get_by_role("button", name="Submit to SEO review").click()
    expect(writer_tab.locator(".messages")).to_contain_text(
        "has been submitted for moderation"
    )
    writer_tab.goto(f"{base}/admin/pages/{article.pk}/edit/")
    writer_tab.locator('[data-side-panel-toggle="status"]').click()
    expect(writer_tab.locator("#status-sidebar-in-moderation")).to_be_visible()
    writer_tab.wait_for_timeout(400)  # the panel slides in
    shoot(writer_tab, "workflow-submitted")

    # It waits, with the reason stored.
    with server_lock:
        state = TaskState.objects.get(
            workflow_state__object_id=str(article.pk)
        ).specific
        assert state.status == TaskState.STATUS_IN_PROGRESS
        assert "1 error-level finding." in state.reason
        assert not ArticlePage.objects.get(pk=article.pk).live

    # The moderator opens the approval and reads the findings first.
    tab.goto(f"{base}/admin/")
    expect(tab.get_by_text("Massage for sciatica").first).to_be_visible()
    tab.goto(f"{base}/admin/pages/{article.pk}/edit/")
    footer = action_menu(tab)
    shoot(tab, "workflow-moderator-menu")
    footer.get_by_role("button", name="Approve and Publish").click()
    review = tab.locator("[data-seo-review]")
    expect(review).to_be_visible()
    expect(review.locator("[data-seo-review-reason]")).to_contain_text(
        "1 error-level finding."
    )
    first = review.locator("[data-seo-gate-finding]").first
    expect(first).to_have_attribute("data-seo-gate-finding", "medical-disclaimer")
    expect(first).to_contain_text("No medical disclaimer.")
    expect(first.locator(".seo-finding__hint")).to_contain_text("Add a disclaimer")
    tab.wait_for_timeout(300)  # the modal fades in
    shoot(tab, "workflow-moderator-modal")
    writer.close()
    admin.close()


def test_publishing_an_article_with_errors_asks_first(
    page_tree, live_server, server_lock, tab, django_user_model
):
    user(django_user_model, "editor", "add_page", "change_page", "publish_page")
    article = draft("Heat or ice for sciatica")
    base = live_server.url
    log_in(tab, base, "editor")
    tab.goto(f"{base}/admin/pages/{article.pk}/edit/")
    tab.locator("#id_title").fill("Heat or ice for sciatica pain")

    footer = action_menu(tab)
    with tab.expect_navigation():
        footer.get_by_role("button", name="Publish", exact=True).click()

    gate = tab.locator("[data-seo-gate=confirm]")
    expect(gate).to_be_visible()
    finding = gate.locator('[data-seo-gate-finding="medical-disclaimer"]')
    expect(finding).to_contain_text("No medical disclaimer.")
    expect(finding.locator(".seo-finding__hint")).to_contain_text("Add a disclaimer")
    shoot(tab, "publish-confirmation")
    with server_lock:
        assert not ArticlePage.objects.get(pk=article.pk).live

    # Back to editing keeps the unsaved title.
    with tab.expect_navigation():
        tab.get_by_role("button", name="Back to editing").click()
    expect(tab.locator("#id_title")).to_have_value("Heat or ice for sciatica pain")
    shoot(tab, "publish-back-to-editing")

    footer = action_menu(tab)
    with tab.expect_navigation():
        footer.get_by_role("button", name="Publish", exact=True).click()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Publish anyway").click()
    expect(tab.locator(".messages")).to_contain_text("has been published")
    with server_lock:
        page = ArticlePage.objects.get(pk=article.pk)
        assert page.live
        assert page.title == "Heat or ice for sciatica pain"


def test_a_superuser_overrides_the_publishing_policy(
    page_tree, live_server, server_lock, tab, django_user_model
):
    from wagtail.models import PageLogEntry, Site

    from seo.models import SeoPublishingPolicy

    user(django_user_model, "admin", superuser=True)
    SeoPublishingPolicy.objects.create(
        site=Site.objects.get(is_default_site=True),
        blocking_checks=["medical-disclaimer"],
    )
    article = draft("Sciatica and sleep")
    base = live_server.url
    log_in(tab, base, "admin")
    tab.goto(f"{base}/admin/pages/{article.pk}/edit/")

    footer = action_menu(tab)
    with tab.expect_navigation():
        footer.get_by_role("button", name="Publish", exact=True).click()

    blocked = tab.locator("[data-seo-gate=blocked]")
    expect(blocked.locator("[data-seo-gate-blocking]")).to_contain_text(
        "Medical disclaimer (medical-disclaimer)"
    )
    shoot(tab, "publish-blocked-override")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Publish anyway (override)").click()
    expect(tab.locator(".messages")).to_contain_text("has been published")
    with server_lock:
        assert ArticlePage.objects.get(pk=article.pk).live
        entry = PageLogEntry.objects.get(page=article, action="seo.publish_override")
        assert entry.data["checks"] == [
            {"id": "medical-disclaimer", "title": "Medical disclaimer"}
        ]
