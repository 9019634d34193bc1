"""manage.py import_articles: dry runs, transactions, re-imports and bad input."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry

from articles.blocks import contract_data
from articles.importing import parse_file
from articles.importing.store import default_parent, store
from articles.models import ArticleIndexPage, ArticlePage

GOOD = (
    "Massage for Sciatica\n\nMassage eases tight muscles. #SciaticaRelief\n\n"
    "Why It Helps\n\nLoose muscles press less on the sciatic nerve.\n"
)

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args) -> tuple[str, str, CommandError]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), failure.value


class TestDryRun:
    def test_json_is_one_object_per_file_and_nothing_is_written(self, write_source):
        first = write_source(GOOD, "a.txt")
        second = write_source(GOOD.replace("Massage for", "Heat for"), "b.txt")
        out, _ = run(first, second, "--dry-run", "--format", "json")
        objects = [json.loads(line) for line in out.splitlines()]
        assert [o["source"] for o in objects] == [str(first), str(second)]
        assert set(objects[0]) == {
            "source",
            "title",
            "slug",
            "search_description",
            "hashtags",
            "body",
            "dropped",
            "flags",
            "warnings",
        }
        assert objects[0]["title"] == "Massage for Sciatica"
        assert objects[0]["slug"] == "massage-for-sciatica"
        assert objects[0]["hashtags"] == ["SciaticaRelief"]
        assert objects[0]["body"] == [
            {"type": "paragraph", "value": "<p>Massage eases tight muscles.</p>"},
            {"type": "heading", "value": {"text": "Why It Helps", "level": 2}},
            {
                "type": "paragraph",
                "value": "<p>Loose muscles press less on the sciatic nerve.</p>",
            },
        ]
        assert ArticlePage.objects.count() == 0

    def test_seed_dry_run_reports_dropped_flags_and_warnings(self, seeds_dir):
        out, _ = run(seeds_dir, "--dry-run", "--format", "json")
        objects = {
            json.loads(line)["source"][-24:]: json.loads(line)
            for line in out.splitlines()
        }
        assert len(objects) == 5
        assert ArticlePage.objects.count() == 0
        by_number = {source[:3]: o for source, o in objects.items()}
        assert by_number["001"]["dropped"][0]["reason"] == (
            "category or tag line above the title"
        )
        assert by_number["002"]["flags"][0]["kind"] == "promotional"
        assert by_number["002"]["warnings"]


class TestImport:
    def test_creates_a_draft_revision_under_the_article_index(self, write_source):
        out, _ = run(write_source(GOOD))
        page = ArticlePage.objects.get()
        assert out.startswith("created: ")
        assert page.get_parent().specific == default_parent()
        assert not page.live
        assert page.latest_revision is not None
        assert list(page.hashtags.names()) == ["SciaticaRelief"]
        assert (
            PageLogEntry.objects.filter(page=page, action="articles.import").count()
            == 1
        )

    def test_publish(self, write_source):
        run(write_source(GOOD), "--publish")
        page = ArticlePage.objects.get()
        assert page.live
        assert not page.has_unpublished_changes

    def test_reimporting_unchanged_source_changes_nothing(self, write_source):
        path = write_source(GOOD)
        run(path)
        page = ArticlePage.objects.get()
        out, _ = run(path)
        assert out.startswith("unchanged: ")
        assert ArticlePage.objects.get().latest_revision_id == page.latest_revision_id

    def test_reimporting_a_changed_source_adds_a_revision_to_the_same_page(
        self, write_source
    ):
        path = write_source(GOOD)
        run(path, "--publish")
        page = ArticlePage.objects.get()
        write_source(GOOD.replace("tight muscles", "tight, sore muscles"))
        out, _ = run(path)
        assert out.startswith("updated: ")
        updated = ArticlePage.objects.get()
        assert updated.pk == page.pk
        assert updated.latest_revision_id != page.latest_revision_id
        assert updated.has_unpublished_changes
        draft = updated.get_latest_revision_as_object()
        assert draft.body[0].value.source == "<p>Massage eases tight, sore muscles.</p>"

    def test_same_file_by_another_path_is_the_same_source(self, write_source, tmp_path):
        path = write_source(GOOD)
        run(path)
        run(tmp_path / ".." / tmp_path.name / path.name)
        assert ArticlePage.objects.count() == 1

    def test_parent_option(self, write_source):
        other = default_parent().add_sibling(
            instance=ArticleIndexPage(title="Guides", slug="guides")
        )
        run(write_source(GOOD), "--parent", other.pk)
        assert ArticlePage.objects.get().get_parent().pk == other.pk
        _, _, failure = run_failing(write_source(GOOD), "--parent", 999999)
        assert str(failure) == "--parent 999999: no page with that ID"

    def test_two_sources_with_one_title_get_distinct_slugs(self, write_source):
        run(write_source(GOOD, "a.txt"), write_source(GOOD, "b.txt"))
        assert sorted(ArticlePage.objects.values_list("slug", flat=True)) == [
            "massage-for-sciatica",
            "massage-for-sciatica-2",
        ]

    def test_refuses_to_overwrite_an_editors_change_unless_forced(self, write_source):
        path = write_source(GOOD)
        run(path)
        page = ArticlePage.objects.get()
        edited = page.get_latest_revision_as_object()
        edited.title = "Massage for Sciatica: an Editor's Title"
        edited.save_revision()
        write_source(GOOD.replace("tight muscles", "tight, sore muscles"))

        _, err, failure = run_failing(path)
        assert f"{path}: page {page.pk}" in err
        assert "was edited in the admin since it was imported" in err
        assert "--force" in err
        assert "1 of 1 sources failed" in str(failure)
        kept = ArticlePage.objects.get().get_latest_revision_as_object()
        assert kept.title == "Massage for Sciatica: an Editor's Title"

        out, _ = run(path, "--force")
        assert out.startswith("updated: ")
        assert ArticlePage.objects.get().get_latest_revision_as_object().title == (
            "Massage for Sciatica"
        )

    def test_publishing_an_import_unchanged_is_not_an_edit(self, write_source):
        path = write_source(GOOD)
        run(path)
        page = ArticlePage.objects.get()
        page.get_latest_revision_as_object().save_revision().publish()
        write_source(GOOD.replace("tight muscles", "tight, sore muscles"))
        out, _ = run(path)
        assert out.startswith("updated: ")

    def test_each_file_is_one_transaction(self, write_source, monkeypatch):
        article = parse_file(write_source(GOOD))

        def fail(*args, **kwargs):
            raise RuntimeError("disk full")

        monkeypatch.setattr(ArticlePage, "save_revision", fail)
        with pytest.raises(RuntimeError):
            store(article, default_parent())
        assert ArticlePage.objects.count() == 0
        assert default_parent().get_children().count() == 0


BAD_INPUTS = {
    "empty file": (b"", "file is empty"),
    "whitespace only": (b"  \n\n\t\n", "file is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file"),
    "invalid utf-8": (
        b"Title\n\nCaf\xe9 massage\n",
        "not valid UTF-8 (byte 0xe9 at line 3, column 4)",
    ),
    "utf-16": ("Title\n\nText\n".encode("utf-16"), "file is UTF-16"),
    "no text": (b"***\n\n---\n\n12 34\n", "no recognisable article text"),
    "only boilerplate": (b"Title\n\nComments\n\nLeave a Reply\n", "no recognisable"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_file_gets_one_clear_line_and_the_others_still_import(case, write_source):
    content, message = BAD_INPUTS[case]
    bad = write_source(content, "bad.txt")
    good = write_source(GOOD, "good.txt")
    out, err, failure = run_failing(bad, good)
    assert err.startswith(f"error: {bad}: {message}")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert "1 of 2 sources failed" in str(failure)
    assert ArticlePage.objects.get().source_file == str(good.resolve())


def test_missing_path_and_empty_directory(write_source, tmp_path):
    good = write_source(GOOD)
    empty = tmp_path / "empty"
    empty.mkdir()
    _, err, failure = run_failing(tmp_path / "missing.txt", empty, good)
    assert err.splitlines() == [
        f"error: {tmp_path / 'missing.txt'}: no such file or directory",
        f"error: {empty}: no articles to import "
        "(no .htm, .html, .markdown, .md, .txt, .xml files in this directory)",
    ]
    assert "2 of 3 sources failed" in str(failure)
    assert ArticlePage.objects.count() == 1


def test_unsupported_format(write_source):
    paper = write_source(b"%PDF-1.4", "paper.pdf")
    _, err, _ = run_failing(paper)
    assert err.strip() == (
        f"error: {paper}: unsupported format '.pdf'; "
        "supported: .htm, .html, .markdown, .md, .txt"
    )


def test_nothing_already_stored_is_lost_on_a_bad_reimport(write_source):
    path = write_source(GOOD)
    run(path, "--publish")
    write_source(b"\x00\x01binary now", path.name)
    run_failing(path)
    page = ArticlePage.objects.get()
    assert page.live
    assert contract_data(page.body.get_prep_value())[0] == {
        "type": "paragraph",
        "value": "<p>Massage eases tight muscles.</p>",
    }


def test_exit_status_and_no_traceback_from_the_real_command(write_source):
    bad = write_source(b"\xff\xfe\x00binary", "bad.txt")
    good = write_source(GOOD, "good.txt")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_articles",
            "--dry-run",
            "--format",
            "json",
            str(bad),
            str(good),
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{bad}: file is UTF-16" in result.stderr
    assert json.loads(result.stdout)["title"] == "Massage for Sciatica"


def test_imported_steps_are_a_valid_steps_block(write_source):
    """The steps an import makes pass the block's own validation when stored."""
    from .test_plaintext import EXERCISES

    run(write_source(EXERCISES, "exercises.txt"))
    page = ArticlePage.objects.get(slug="plantar-fasciitis-exercises")
    body = page.specific.latest_revision.as_object().body
    [steps] = [block for block in body if block.block_type == "steps"]
    body.stream_block.clean(body)
    assert steps.value["name"] == "Three Stretches to Try"
    assert [step["title"] for step in steps.value["steps"]] == [
        "Calf stretch",
        "Towel stretch",
        "Bottle roll",
    ]
