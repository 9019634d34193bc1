"""An editor creates an author and names them on an article, in the real admin.

Snippets > Authors holds the people; the article's Authors panel (an inline
panel of snippet choosers) names them, in byline order.
"""

import pytest

from articles.models import ArticlePage, Author
from tests.e2e.test_admin_edit import (
    PASSWORD,
    USERNAME,
    import_article,
    log_in,
    publish,
)

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_creates_an_author_and_adds_them_to_an_article(
    page_tree, live_server, server_lock, django_user_model, tmp_path, tab
):
    article = import_article(tmp_path)
    django_user_model.objects.create_superuser(USERNAME, "editor@example.com", PASSWORD)
    log_in(tab, live_server.url)

    # 1. Snippets > Authors > Add author.
    tab.goto(f"{live_server.url}/admin/snippets/articles/author/add/")
    tab.locator("#id_name").fill("Sam Okafor")
    tab.locator("#id_credentials").fill("RMT")
    tab.locator("#id_bio").fill("A registered massage therapist who treats back pain.")
    tab.locator("#id_profile_url").fill("https://example.org/sam")
    tab.screenshot(path=str(tmp_path / "author-form.png"), full_page=True)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Save").click()
    with server_lock:
        author = Author.objects.get()
    assert (author.name, author.credentials) == ("Sam Okafor", "RMT")

    # 2. The article's Authors panel: add a row, choose the author.
    tab.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    tab.get_by_role("button", name="Add author").click()
    tab.get_by_role("button", name="Choose author").click()
    modal = tab.locator(".modal-dialog")
    modal.get_by_role("link", name="Sam Okafor").click()
    expect(tab.locator("#panel-child-content-authors-content")).to_contain_text(
        "Sam Okafor, RMT"
    )
    tab.screenshot(path=str(tmp_path / "article-authors.png"), full_page=True)

    publish(tab, tmp_path)

    with server_lock:
        article = ArticlePage.objects.get(pk=article.pk)
        names = [link.author.name for link in article.article_authors.all()]
    assert article.live
    assert names == ["Sam Okafor"]
    # The published page and its JSON both name the author.
    tab.goto(f"{live_server.url}/api/v2/pages/{article.pk}/")
    assert '"name": "Sam Okafor"' in tab.locator("body").inner_text()
