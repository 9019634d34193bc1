"""A writer works with the SEO panel in the real Wagtail editor.

Headless Chromium against pytest-django's live server: open an imported seed,
read its findings, jump to a block, type a long sentence and an inline
hashtag and watch the panel follow, apply the hashtag fix, add a disclaimer.
Screenshots of the panel go to tests/e2e/artifacts/ (git-ignored).
"""

import io
import re
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import ArticlePage
from seo import site_cache
from tests.e2e.test_admin_edit import append_block, log_in, stream_block, stream_blocks

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "writer"
PASSWORD = "correct-horse-battery-staple"
ARTIFACTS = Path(__file__).parent / "artifacts"
# The inline-hashtag seed: its prose carried #massagetherapyforsciatica twice.
HASHTAG_SEED = "001"
FORTY_WORDS = (
    "Many people who live with sciatica find that a gentle massage of the lower "
    "back and the muscles of the hip eases the pain that runs down the leg, "
    "although the relief often fades after a day or two unless they stretch "
    "every morning."
)
PANEL = "[data-seo-panel]"


@pytest.fixture(autouse=True)
def fresh_site_index(settings):
    settings.SEO_LIVE_INDEX_MAX_AGE = 0
    site_cache.forget()


@pytest.fixture
def writer(page_tree, django_user_model):
    return django_user_model.objects.create_superuser(
        USERNAME, "writer@example.com", PASSWORD
    )


@pytest.fixture
def seed_article(page_tree, seed) -> ArticlePage:
    path = seed(HASHTAG_SEED)
    call_command("import_articles", str(path), stdout=io.StringIO())
    return ArticlePage.objects.get(source_file=str(path.resolve()))


def open_panel(tab, base_url, page):
    tab.goto(f"{base_url}/admin/pages/{page.pk}/edit/")
    tab.locator('[data-side-panel-toggle="seo"]').click()
    panel = tab.locator(PANEL)
    expect(panel).to_be_visible()
    tab.wait_for_timeout(400)  # the panel slides in; screenshots want it still
    return panel


def finding(tab, check_id, block_id=None):
    selector = f'{PANEL} [data-seo-finding="{check_id}"]'
    if block_id:
        selector += f'[data-block-id="{block_id}"]'
    return tab.locator(selector)


def shown_block(tab, block_id):
    """The block with this id that the writer sees: a block replaced by a fix
    stays in the form, hidden and marked deleted, under the same id."""
    return stream_block(tab, block_id).and_(tab.locator(':not([aria-hidden="true"])'))


def shoot(tab, name):
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def new_paragraph(tab):
    block = append_block(tab, "Paragraph")
    editor = block.locator(".public-DraftEditor-content")
    editor.click()
    return block, editor


def test_writer_reads_findings_and_jumps_to_a_block(
    writer, seed_article, live_server, tab
):
    log_in(tab, live_server.url)
    open_panel(tab, live_server.url, seed_article)

    # The importer's inline-hashtag notes and the missing disclaimer.
    expect(finding(tab, "hashtag-in-prose").first).to_be_visible()
    expect(finding(tab, "medical-disclaimer")).to_be_visible()
    expect(tab.locator(f"{PANEL} .seo-score__value")).to_have_text(re.compile(r"^\d+$"))
    expect(tab.locator(f"{PANEL} .seo-score__band")).to_have_text(
        re.compile("^(Good|Ok|Bad)$")
    )
    shoot(tab, "panel-seed")

    # "Show block" scrolls to the block and highlights it.
    item = finding(tab, "hashtag-in-prose").first
    block_id = item.get_attribute("data-block-id")
    item.get_by_role("button", name="Show block").click()
    target = stream_block(tab, block_id)
    expect(target).to_have_class(re.compile("seo-highlight"))
    expect(target).to_be_in_viewport()
    shoot(tab, "panel-show-block")


def test_panel_follows_typing_fixes_a_hashtag_and_sees_a_disclaimer(
    writer, seed_article, live_server, tab, settings
):
    # Wagtail 8 autosaves the editor every 500 ms; with it on, a revision can
    # appear at any moment, and "Apply saves nothing itself" cannot be seen.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    log_in(tab, live_server.url)
    open_panel(tab, live_server.url, seed_article)
    expect(finding(tab, "medical-disclaimer")).to_be_visible()

    # A 40-word sentence in a new, unsaved block: a finding within 2 seconds.
    block, editor = new_paragraph(tab)
    block_id = block.get_attribute("data-contentpath")
    tab.keyboard.type(FORTY_WORDS[:-20])
    typed_at = time.monotonic()
    tab.keyboard.type(FORTY_WORDS[-20:], delay=0)
    expect(finding(tab, "sentence-length", block_id)).to_be_visible(timeout=2000)
    elapsed = time.monotonic() - typed_at
    print(f"keystroke to panel: {elapsed:.2f} s")
    assert elapsed < 2
    shoot(tab, "panel-long-sentence")

    # An inline hashtag: the finding offers its fix; Apply rewrites the prose
    # and the hashtags field, unsaved, and the finding goes.
    block, editor = new_paragraph(tab)
    hashtag_block = block.get_attribute("data-contentpath")
    tab.keyboard.type("Ask your doctor first. #sciaticarelief works for some people.")
    inline = finding(tab, "hashtag-in-prose", hashtag_block)
    expect(inline).to_be_visible(timeout=5000)
    fix = inline.locator("[data-seo-fix]")
    expect(fix).to_be_visible()
    shoot(tab, "panel-hashtag-finding")
    revisions = seed_article.revisions.count()
    fix.click()
    expect(inline).to_have_count(0, timeout=5000)
    prose = shown_block(tab, hashtag_block).locator(".public-DraftEditor-content")
    expect(prose).not_to_contain_text("#")
    expect(prose).to_contain_text("sciatica relief", ignore_case=True)
    hashtags = tab.locator('[name="hashtags"]')
    assert "sciaticarelief" in hashtags.input_value().lower().split(",")
    expect(tab.locator(f"{PANEL} [data-seo-status]")).to_contain_text("Not saved")
    shoot(tab, "panel-hashtag-fixed")
    assert seed_article.revisions.count() == revisions  # nothing saved by Apply

    # A disclaimer block clears the missing-disclaimer finding.
    disclaimer = append_block(tab, "Disclaimer")
    disclaimer.locator(".public-DraftEditor-content").click()
    tab.keyboard.type("This article is general information, not medical advice.")
    expect(finding(tab, "medical-disclaimer")).to_have_count(0, timeout=5000)
    expect(stream_blocks(tab).last).to_be_visible()
    shoot(tab, "panel-disclaimer")
