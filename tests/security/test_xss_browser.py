"""The corpus in a real Chromium: every link on the page is clicked, and no
dialog may open. Imported content is clean; content stored before links were
cleaned is stopped by the Content-Security-Policy."""

import io

import pytest
from django.core.management import call_command

from articles.models import ArticleIndexPage, ArticlePage

from .corpus import FRAGMENTS, HREFS, SAFE_LINK, html_document

PlaywrightError = pytest.importorskip("playwright.sync_api").Error

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

USERNAME = "editor"
PASSWORD = "correct-horse-battery-staple"


class Watch:
    """Dialogs opened and policy violations reported by a tab."""

    def __init__(self, tab, base_url):
        self.dialogs: list[str] = []
        self.violations: list[str] = []
        self.errors: list[str] = []
        tab.on("dialog", self.on_dialog)
        tab.on("console", self.on_console)
        tab.on("pageerror", lambda error: self.errors.append(str(error)))
        # Offline machine: other sites answer "204 No Content" at once, which
        # a browser follows by staying where it is.
        tab.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(base_url)
                else route.fulfill(status=204)
            ),
        )

    def on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_console(self, message):
        if "Content Security Policy" in message.text:
            self.violations.append(message.text)


def click_every_link(tab, url: str) -> int:
    tab.goto(url)
    count = tab.locator("main a").count()
    for number in range(count):
        tab.goto(url)
        link = tab.locator("main a").nth(number)
        try:
            link.click(force=True, timeout=3000, no_wait_after=True)
        except PlaywrightError as error:
            # A link with no box of its own (inside <math> or <svg>) cannot
            # take a mouse click: it gets the click event instead.
            if "outside of the viewport" not in str(error):
                raise
            link.dispatch_event("click")
        tab.wait_for_timeout(150)  # a javascript: URL runs after the click
        tab.wait_for_load_state()
    return count


def publish(body: list[dict], title: str) -> ArticlePage:
    index = ArticleIndexPage.objects.get()
    page = index.add_child(instance=ArticlePage(title=title, body=body))
    page.save_revision().publish()
    return page


def test_imported_corpus_runs_no_script(page_tree, live_server, tmp_path, tab):
    source = tmp_path / "corpus.html"
    source.write_text(html_document(), encoding="utf-8")
    call_command("import_articles", str(source), "--publish", stdout=io.StringIO())
    page = ArticlePage.objects.get()
    watch = Watch(tab, live_server.url)

    tab.goto(f"{live_server.url}{page.url}")
    assert tab.locator(f'main a[href="{SAFE_LINK}"]').count() == 1
    # Nothing on the page itself breaks the policy (JSON-LD is a data block).
    assert watch.violations == []

    # Each payload link is left as its text.
    for number in range(len(HREFS)):
        assert tab.get_by_text(f"link {number} ends").count() == 1
    click_every_link(tab, f"{live_server.url}{page.url}")
    assert watch.dialogs == []
    assert watch.violations == []


def test_payloads_stored_unclean_are_stopped_by_the_policy(page_tree, live_server, tab):
    """A body saved without the cleaning (as before it existed) still runs
    nothing: the policy forbids javascript: URLs and inline handlers."""
    links = "".join(
        f'<p><a href="{href}">link {number}</a></p>'
        for number, href in enumerate(HREFS)
    )
    raw = links + "".join(f"<p>{fragment}</p>" for fragment in FRAGMENTS)
    page = publish([{"type": "paragraph", "value": raw}], "Stored before cleaning")
    stored = ArticlePage.objects.get(pk=page.pk).body.raw_data[0]["value"]
    assert "javascript:alert(1)" in stored, "the body was cleaned: nothing to test"

    watch = Watch(tab, live_server.url)
    click_every_link(tab, f"{live_server.url}{page.url}")
    assert watch.dialogs == []
    # The policy is what stopped them.
    assert watch.violations


def test_admin_works_under_the_policy(page_tree, live_server, django_user_model, tab):
    """The editor loads with no policy error, and so do the draft view and the
    preview, which carry the policy."""
    django_user_model.objects.create_superuser(USERNAME, "e@example.com", PASSWORD)
    page = publish(
        [{"type": "paragraph", "value": f'<p>A <a href="{SAFE_LINK}">link</a>.</p>'}],
        "Under the policy",
    )
    watch = Watch(tab, live_server.url)
    tab.goto(f"{live_server.url}/admin/login/")
    tab.get_by_label("Username").fill(USERNAME)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(f"{live_server.url}/admin/")

    tab.goto(f"{live_server.url}/admin/pages/{page.pk}/edit/")
    tab.locator("#body-root [data-streamfield-child]").first.wait_for()

    response = tab.goto(f"{live_server.url}/admin/pages/{page.pk}/view_draft/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    tab.locator(f'main a[href="{SAFE_LINK}"]').wait_for()
    # The userbar's scripts are same-origin files: they load and run.
    tab.locator("wagtail-userbar").wait_for(state="attached")

    assert watch.violations == []
    assert watch.errors == []
    assert watch.dialogs == []
