"""Importer limits: file size, block count, field lengths, one transaction a file."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from wagtail.models import PageLogEntry, Revision

from articles.blocks import contract_data
from articles.importing import SourceError, parse_file, store
from articles.limits import MAX_BLOCKS, MAX_IMPORTED_HASHTAGS
from articles.models import ArticlePage, Hashtag

GOOD = (
    "Massage for Sciatica\n\nMassage eases tight muscles. #SciaticaRelief\n\n"
    "Why It Helps\n\nLoose muscles press less on the sciatic nerve.\n"
)
PROSE = "Massage eases the tight muscles that press on the sciatic nerve."

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str, CommandError | None]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def imported_sources() -> set[str]:
    return set(ArticlePage.objects.values_list("source_file", flat=True))


class TestFileSize:
    def test_a_file_over_max_bytes_is_refused_and_the_others_import(self, write_source):
        big = write_source(GOOD + PROSE * 40, "big.txt")
        good = write_source(GOOD, "good.txt")
        _, err, failure = run(big, good, "--max-bytes", 1000)
        size = big.stat().st_size
        assert err.splitlines() == [
            f"error: {big}: file is {size / 1024:.1f} KB ({size:,} bytes), over the "
            "1,000 bytes import limit; split it, or raise the limit with "
            "--max-bytes or IMPORT_MAX_FILE_BYTES"
        ]
        assert "1 of 2 sources failed" in str(failure)
        assert imported_sources() == {str(good.resolve())}

    def test_the_default_cap_is_five_megabytes(self, write_source):
        at_cap = write_source(GOOD + " " * (5 * 1024 * 1024 - len(GOOD)), "at.txt")
        over = write_source(GOOD + " " * (5 * 1024 * 1024 + 1 - len(GOOD)), "o.txt")
        assert parse_file(at_cap).title == "Massage for Sciatica"
        message = r"o\.txt: file is 5 MB \(5,242,881 bytes\), over the 5 MB \("
        with pytest.raises(SourceError, match=message):
            parse_file(over)

    def test_the_setting_changes_the_cap(self, write_source, settings):
        settings.IMPORT_MAX_FILE_BYTES = 100
        with pytest.raises(SourceError, match="over the 100 bytes import limit"):
            parse_file(write_source(GOOD))

    def test_max_bytes_must_be_positive(self, write_source):
        _, _, failure = run(write_source(GOOD), "--max-bytes", 0)
        assert str(failure) == "--max-bytes must be a positive number of bytes"


class TestBlockCap:
    def test_a_body_over_the_v3_cap_is_refused_and_the_others_import(
        self, write_source
    ):
        paragraphs = "\n\n".join(f"{PROSE} Point {n}." for n in range(MAX_BLOCKS + 1))
        long = write_source(f"Massage for Sciatica\n\n{paragraphs}\n", "long.txt")
        good = write_source(GOOD, "good.txt")
        _, err, failure = run(long, good)
        assert err.splitlines() == [
            f"error: {long}: 1,001 blocks, over the 1,000 an article may hold; "
            "split it into several files"
        ]
        assert failure is not None
        assert imported_sources() == {str(good.resolve())}

    def test_a_body_at_the_cap_imports(self, write_source):
        paragraphs = "\n\n".join(f"{PROSE} Point {n}." for n in range(MAX_BLOCKS - 1))
        article = parse_file(write_source(f"Massage\n\n{PROSE}\n\n{paragraphs}\n"))
        assert len(article.body) == MAX_BLOCKS


class TestFieldLengths:
    def test_a_long_title_is_shortened_at_a_word_with_a_warning(self, write_source):
        title = "Massage " + " ".join(["Therapy"] * 60)  # 487 characters
        long = write_source(f"---\ntitle: {title}\n---\n\n{PROSE}\n", "long.md")
        good = write_source(GOOD, "good.txt")
        out, err, failure = run(long, good)
        assert (err, failure) == ("", None)
        page = ArticlePage.objects.get(source_file=str(long.resolve()))
        assert len(page.title) <= 255
        assert page.title.endswith("Therapy…")
        assert page.title == page.get_latest_revision().as_object().title
        assert len(page.slug) <= 255
        assert not page.slug.endswith("-")
        assert f"the title is {len(title)} characters, over the 255" in out
        assert str(good.resolve()) in imported_sources()

    def test_two_long_slugs_stay_distinct_and_within_the_field(self, write_source):
        slug = "-".join(["massage"] * 40)  # 319 characters
        text = f"---\ntitle: Massage\nslug: {slug}\n---\n\n{PROSE}\n"
        run(write_source(text, "a.md"), write_source(text, "b.md"))
        slugs = sorted(ArticlePage.objects.values_list("slug", flat=True))
        assert len(set(slugs)) == 2
        assert all(len(s) <= 255 for s in slugs)
        assert any(s.endswith("-2") for s in slugs)

    def test_a_hashtag_too_long_for_its_field_is_left_out(self, write_source):
        long_tag = "Massage" * 20  # 140 characters
        text = f"Massage for Sciatica\n\n{PROSE} #{long_tag} #Sciatica\n"
        good = write_source(GOOD, "good.txt")
        tagged = write_source(text, "tags.txt")
        out, err, failure = run(tagged, good)
        assert (err, failure) == ("", None)
        assert "1 hashtag(s) over the 100 characters a hashtag holds left out" in out
        page = ArticlePage.objects.get(source_file=str(tagged.resolve()))
        assert list(page.get_latest_revision().as_object().hashtags.names()) == [
            "Sciatica"
        ]
        assert long_tag not in set(Hashtag.objects.values_list("name", flat=True))
        assert str(good.resolve()) in imported_sources()

    def test_a_line_of_thousands_of_hashtags_keeps_the_first_ones(self, write_source):
        tags = " ".join(f"#tag{n}" for n in range(5000))
        path = write_source(f"Massage for Sciatica\n\n{PROSE}\n\n{tags}\n")
        out, _, failure = run(path)
        assert failure is None
        page = ArticlePage.objects.get()
        names = page.get_latest_revision().as_object().hashtags.names()
        assert sorted(names) == sorted(f"tag{n}" for n in range(MAX_IMPORTED_HASHTAGS))
        assert "4,950 hashtag(s) left out: an import keeps the first 50" in out

    def test_a_source_path_too_long_to_record_is_refused(self, write_source, tmp_path):
        folder = tmp_path
        for n in range(3):
            folder = folder / (f"{n}" * 200)
        folder.mkdir(parents=True)
        deep = folder / "article.txt"
        deep.write_text(GOOD)
        good = write_source(GOOD, "good.txt")
        _, err, failure = run(deep, good)
        assert err.startswith(f"error: {deep}: its full path is ")
        assert "over the 500 a page records; move it to a shorter path" in err
        assert failure is not None
        assert imported_sources() == {str(good.resolve())}


class TestTransactions:
    def test_a_file_failing_midway_leaves_nothing_and_the_others_import(
        self, write_source, monkeypatch
    ):
        first = write_source(GOOD, "first.txt")
        failing = write_source(GOOD.replace("Massage for", "Heat for"), "fail.txt")
        last = write_source(GOOD.replace("Massage for", "Rest for"), "last.txt")
        real = store._save_import_revision

        def fail_for_one_file(page, article):
            if article.source.endswith("fail.txt"):
                # After the page row and its tags are written: mid-way.
                raise DatabaseError("value too long for type character varying")
            real(page, article)

        monkeypatch.setattr(store, "_save_import_revision", fail_for_one_file)
        out, err, failure = run(first, failing, last)
        assert err.splitlines() == [
            f"error: {failing}: could not be stored "
            "(value too long for type character varying)"
        ]
        assert "1 of 3 sources failed" in str(failure)
        assert imported_sources() == {str(first.resolve()), str(last.resolve())}
        assert not ArticlePage.objects.filter(title="Heat for Sciatica").exists()
        assert Revision.objects.count() == 2
        assert PageLogEntry.objects.filter(page__title="Heat for Sciatica").count() == 0

    def test_a_reimport_failing_midway_keeps_the_stored_revision(
        self, write_source, monkeypatch
    ):
        path = write_source(GOOD)
        run(path, "--publish")
        page = ArticlePage.objects.get()
        revisions = Revision.objects.count()

        def fail(page, article):
            raise DatabaseError("connection lost")

        monkeypatch.setattr(store, "_save_import_revision", fail)
        write_source(GOOD.replace("tight muscles", "sore muscles"), path.name)
        _, err, failure = run(path, "--publish")
        assert err.strip() == f"error: {path}: could not be stored (connection lost)"
        assert failure is not None
        page.refresh_from_db()
        assert page.live
        assert Revision.objects.count() == revisions
        latest = page.get_latest_revision().as_object()
        assert contract_data(latest.body.get_prep_value())[0]["value"] == (
            "<p>Massage eases tight muscles.</p>"
        )
        assert list(page.hashtags.names()) == ["SciaticaRelief"]
