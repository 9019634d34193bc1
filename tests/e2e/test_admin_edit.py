"""A writer edits an imported article in the real Wagtail admin and publishes it.

Drives Wagtail 8's admin in headless Chromium against pytest-django's live
server: log in, open an imported draft, rename a heading, move a block, add a
table and an FAQ, publish - then checks what the database stored.

StreamField DOM hooks used (Wagtail 8 renders these from its telepath JS):
- the body is ``#body-root``; its blocks are the ``[data-streamfield-child]``
  direct children of ``[data-streamfield-stream-container]``, each carrying the
  block's id in ``data-contentpath``;
- between blocks sit "Insert a block" buttons that open a combobox whose
  options are the block labels ("Table", "Faq");
- each block's header has "Move up" / "Move down" buttons (named by title);
- struct children are ``[data-contentpath="<child name>"]``; list blocks keep
  their items in ``[data-streamfield-list-container]`` with "Add" buttons
  (``[data-streamfield-list-add]``) before and after the items.
"""

import io
import re

import pytest
from django.core.management import call_command

from articles.blocks import contract_data
from articles.models import ArticlePage

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [
    pytest.mark.browser,
    # live_server needs a transactional database; page_tree (conftest) puts
    # back the migrations' pages that an earlier test's flush removed.
    pytest.mark.django_db(transaction=True),
]

USERNAME = "writer"
PASSWORD = "correct-horse-battery-staple"

ARTICLE_TEXT = """\
Sciatica Stretches at Home

Gentle stretching keeps the muscles around the sciatic nerve loose. \
Stretch slowly and stop if the pain shoots down your leg.

Why Stretching Helps

Tight hip and back muscles can press on the nerve. Loosening them often eases \
the pain.

Safe Stretches to Try

Lie on your back and pull one knee gently toward your chest. Hold it for \
twenty seconds.
"""

NEW_HEADING = "Why Gentle Stretching Helps"
TABLE = {
    "caption": "Stretches and how long to hold them",
    "header": ["Stretch", "Hold for"],
    "rows": [["Knee to chest", "20 seconds"]],
}
FAQ_QUESTION = "Can stretching make sciatica worse?"
FAQ_ANSWER = "Yes, if you push into sharp pain. Stop and rest if it hurts."


def test_writer_edits_reorders_extends_and_publishes_article(
    page_tree, live_server, server_lock, django_user_model, tmp_path, tab
):
    article = import_article(tmp_path)
    original = article.body.raw_data
    assert [block["type"] for block in original] == [
        "paragraph",
        "heading",
        "paragraph",
        "heading",
        "paragraph",
    ], "the importer's output changed; update this test's sample article"
    assert not article.live
    ids = [block["id"] for block in original]
    intro, why_heading, why_text, safe_heading, safe_text = ids

    django_user_model.objects.create_superuser(USERNAME, "writer@example.com", PASSWORD)
    log_in(tab, live_server.url)

    # 2. The edit page shows the imported blocks, in order.
    tab.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    expect(stream_blocks(tab)).to_have_count(5)
    assert block_ids_in_editor(tab) == ids
    expect(labelled(stream_block(tab, why_heading), "Text")).to_have_value(
        "Why Stretching Helps"
    )

    # 3. Rename a heading.
    labelled(stream_block(tab, why_heading), "Text").fill(NEW_HEADING)

    # 4. Move the last paragraph above the heading before it.
    block_control(stream_block(tab, safe_text), "Move up").click()
    expected_order = [intro, why_heading, why_text, safe_text, safe_heading]
    expect_block_order(tab, expected_order)

    # 5. Append a table and an FAQ.
    table = append_block(tab, "Table")
    fill_table(table, **TABLE)
    faq = append_block(tab, "Faq")
    fill_faq_item(faq, FAQ_QUESTION, FAQ_ANSWER)
    expect(stream_blocks(tab)).to_have_count(7)

    # 6. Publish.
    publish(tab, tmp_path)

    with server_lock:  # the editor may still be pinging the server
        article = ArticlePage.objects.get(pk=article.pk)
    assert article.live, "the page was not published"
    assert not article.has_unpublished_changes
    stored = article.body.raw_data
    by_id = {block["id"]: block for block in stored}

    # The moved block is stored in its new place, the new blocks at the end.
    assert [block["id"] for block in stored[:5]] == expected_order
    assert [block["type"] for block in stored[5:]] == ["table", "faq"]

    assert by_id[why_heading]["value"] == {"text": NEW_HEADING, "level": 2}

    assert contract_data(stored[5]["value"]) == TABLE
    [faq_item] = contract_data(stored[6]["value"])["items"]
    assert faq_item["question"] == FAQ_QUESTION
    assert without_block_keys(faq_item["answer"]) == f"<p>{FAQ_ANSWER}</p>"

    # The blocks the writer did not touch kept their content. (Saving through
    # the admin adds data-block-key attributes to rich text; that is all.)
    for block in original:
        if block["id"] != why_heading:
            assert normalised(by_id[block["id"]]["value"]) == normalised(block["value"])


# --- Setup ------------------------------------------------------------------


def import_article(tmp_path) -> ArticlePage:
    """Import the sample article the way editors do: a draft from a .txt file."""
    source = tmp_path / "sciatica-stretches.txt"
    source.write_text(ARTICLE_TEXT, encoding="utf-8")
    call_command("import_articles", str(source), stdout=io.StringIO())
    return ArticlePage.objects.get(source_file=str(source.resolve()))


def log_in(tab, base_url):
    tab.goto(f"{base_url}/admin/login/")
    tab.get_by_label("Username").fill(USERNAME)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(f"{base_url}/admin/")


# --- The body StreamField -----------------------------------------------------


STREAM_CONTAINER = "#body-root > [data-streamfield-stream-container]"
# The body's own blocks, not the items of list blocks nested inside them.
TOP_LEVEL_BLOCKS = f"{STREAM_CONTAINER} > [data-streamfield-child]"


def stream_container(tab):
    return tab.locator(STREAM_CONTAINER)


def stream_blocks(tab):
    return tab.locator(TOP_LEVEL_BLOCKS)


def stream_block(tab, block_id):
    return stream_container(tab).locator(
        f':scope > [data-streamfield-child][data-contentpath="{block_id}"]'
    )


def block_ids_in_editor(tab) -> list[str]:
    return stream_blocks(tab).evaluate_all(
        "blocks => blocks.map(block => block.dataset.contentpath)"
    )


def expect_block_order(tab, expected_ids):
    # Moving a block is animated; poll until the DOM has settled.
    tab.wait_for_function(
        """([selector, expected]) => {
            const blocks = document.querySelectorAll(selector);
            return JSON.stringify([...blocks].map(b => b.dataset.contentpath))
                === JSON.stringify(expected);
        }""",
        arg=[TOP_LEVEL_BLOCKS, expected_ids],
    )


def block_control(block, name):
    """A button in the block's own header ("Move up", "Delete", ...).

    Scoped to the header so it never matches the same controls on the items
    of a list block nested inside.
    """
    return block.locator(":scope > section > .w-panel__header").get_by_role(
        "button", name=name, exact=True
    )


def append_block(tab, label):
    """Add a block of the given chooser label at the end of the body; return it."""
    count = stream_blocks(tab).count()
    # The "Insert a block" buttons between top-level blocks. Draftail editors
    # inside paragraphs have their own "Insert a block" button, hence the
    # direct-child scoping rather than a page-wide role query.
    insert_buttons = stream_container(tab).locator(
        ":scope > div:not([data-streamfield-child]) > button.c-sf-add-button"
    )
    insert_buttons.last.click()
    tab.get_by_role("option", name=label, exact=True).click()
    new_block = stream_blocks(tab).nth(count)
    new_block.wait_for()
    return new_block


def labelled(block, label):
    """The field labelled `label` in a block.

    Wagtail puts the required-field asterisk inside the <label>, so a required
    field's accessible name is "Text*", not "Text".
    """
    return block.get_by_label(re.compile(rf"^{re.escape(label)}\*?$"))


def struct_child(block, name):
    return block.locator(f'[data-contentpath="{name}"]')


def list_items(list_field):
    """The items of the list block directly under `list_field` (not nested ones)."""
    return list_field.locator(
        ":scope > div > [data-streamfield-list-container] > [data-streamfield-child]"
    )


def add_list_item(list_field):
    """Click the list's trailing "Add" button (append an item); return the item."""
    count = list_items(list_field).count()
    list_field.locator(
        ":scope > div > [data-streamfield-list-container] > "
        "button[data-streamfield-list-add]"
    ).last.click()
    item = list_items(list_field).nth(count)
    item.wait_for()
    return item


def fill_list(list_field, values):
    """Type values into a list block's items, adding items as needed.

    Wagtail pre-fills a ListBlock with its min_num (or default) empty items, so
    only the missing ones are added.
    """
    for index, value in enumerate(values):
        if index < list_items(list_field).count():
            item = list_items(list_field).nth(index)
        else:
            item = add_list_item(list_field)
        item.locator("input[type=text]").fill(value)


def fill_table(table, caption, header, rows):
    labelled(table, "Caption").fill(caption)
    fill_list(struct_child(table, "header"), header)

    rows_field = struct_child(table, "rows")
    for index, cells in enumerate(rows):
        if index < list_items(rows_field).count():
            row = list_items(rows_field).nth(index)
        else:
            row = add_list_item(rows_field)
        # A row item's content is itself a list block (one item per cell).
        fill_list(row.locator(":scope > section > .w-panel__content"), cells)


def fill_faq_item(faq, question, answer):
    """Fill the FAQ's first item (the one its min_num=1 puts there)."""
    item = list_items(struct_child(faq, "items")).first
    labelled(item, "Question").fill(question)
    # The answer is a Draftail (Draft.js) editor: fill() does not reach
    # Draft.js's state, so click into it and type like a person.
    answer_field = struct_child(item, "answer")
    editor = answer_field.get_by_role("textbox")
    editor.click()
    editor.press_sequentially(answer)
    expect(editor).to_have_text(answer)
    # Draftail copies its state into the hidden input the form posts only
    # after a short debounce; publishing before that posts an empty answer.
    expect(answer_field.locator("input[type=hidden]")).to_have_value(
        re.compile(re.escape(answer))
    )


# --- Publishing ---------------------------------------------------------------


def publish(tab, tmp_path):
    """Publish from the footer's action menu and wait for Wagtail's verdict.

    Fails with the admin's own error messages if Wagtail re-renders the edit
    form instead of publishing (validation errors, a lock, ...).
    """
    footer = tab.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    with tab.expect_navigation():
        footer.get_by_role("button", name="Publish", exact=True).click()
    # Content with error-level SEO findings is confirmed first (seo.admin.gate).
    if tab.locator("[data-seo-gate=confirm]").count():
        with tab.expect_navigation():
            tab.get_by_role("button", name="Publish anyway").click()

    # Success redirects to the parent's page listing with a flash message;
    # failure re-renders the edit form (or an error page) without one.
    messages = " ".join(tab.locator(".messages").all_inner_texts()).strip()
    if "has been published" not in messages:
        screenshot = tmp_path / "publish-failed.png"
        tab.screenshot(path=str(screenshot), full_page=True)
        pytest.fail(
            f"Publishing failed at {tab.url}.\n"
            f"Admin messages: {messages or tab.locator('body').inner_text()[:500]!r}\n"
            f"Field errors: {field_errors(tab)!r}\n"
            f"Screenshot: {screenshot}"
        )


def field_errors(tab) -> dict[str, str]:
    """Every field error on the edit form, keyed by its field's input name.

    StreamField errors sit in ``<div id="<input name>-errors">`` next to the
    input, so the key says which block and child failed.
    """
    errors = {}
    for element in tab.locator("[data-field-errors], .help-critical").all():
        text = element.inner_text().strip()
        if text:
            key = (element.get_attribute("id") or "?").removesuffix("-errors")
            errors[key] = text
    return errors


def normalised(value):
    return without_block_keys(value) if isinstance(value, str) else value


def without_block_keys(html: str) -> str:
    """Drop the data-block-key attributes Wagtail adds to rich text blocks."""
    return re.sub(r' data-block-key="[^"]*"', "", html)
