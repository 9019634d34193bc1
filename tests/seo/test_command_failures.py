"""A draft already stored broken cannot stop `seo_audit --all`: it is one failed
article (a line naming its id, slug and why, in every format, and a non-zero
exit status), and the rest are audited and saved."""

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Revision

from seo import runner
from seo.models import SeoAudit
from seo.registry import Registry
from seo.site import build_site_index

from .factories import disclaimer, paragraph
from .test_command import SiteSize, report_of
from .test_formats import CHECKS
from .test_storage import article_page

pytestmark = pytest.mark.django_db

LONE = "\udfff"


@pytest.fixture(autouse=True)
def test_checks(monkeypatch, settings):
    """The checks made for these tests, and one that needs the site index."""
    registry = Registry()
    for check in (*CHECKS, SiteSize):
        registry.register(check)
    monkeypatch.setattr(runner, "get_registry", lambda: registry)
    settings.SEO_AUDIT = {}
    settings.SEO_SILENCED_CHECKS = []
    return registry


def break_draft(page, **content):
    """Store the page's latest revision with `content` over it, as an old bug
    (or a hand-edited database) might have left it."""
    revision = Revision.objects.get(pk=page.latest_revision_id)
    Revision.objects.filter(pk=revision.pk).update(
        content={**revision.content, **content}
    )


SURROGATE_BODY = [{"type": "paragraph", "value": f"<p>Bad {LONE}</p>", "id": "b1"}]
# How a draft can be stored broken on each database: PostgreSQL's jsonb refuses
# a lone surrogate, so only SQLite can hold that one.
BREAKAGES = [
    pytest.param({"body": SURROGATE_BODY}, id="lone-surrogate"),
    pytest.param({"body": 12345}, id="body-not-a-stream"),
    pytest.param({"title": None}, id="no-title"),
]


@pytest.fixture
def library():
    """Two good articles around one whose draft is broken."""
    first = article_page("Massage for sciatica", paragraph("Gentle."), disclaimer())
    broken = article_page("Heat for sciatica", paragraph("Warm."), slug="heat")
    last = article_page("Stretches", paragraph("Slowly."), disclaimer())
    return first, broken, last


def skip_if_unstorable(content):
    if connection.vendor == "postgresql" and LONE in json.dumps(
        content, ensure_ascii=False
    ):
        pytest.skip("PostgreSQL's jsonb cannot store a lone surrogate")


def run_failing(*args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("seo_audit", *args, stdout=out, stderr=err)
    assert failure.value.returncode == 1
    return out.getvalue(), err.getvalue(), str(failure.value)


def error_lines(err):
    return [line for line in err.splitlines() if line.startswith("error: page")]


@pytest.mark.parametrize("content", BREAKAGES)
def test_a_broken_draft_is_one_failed_article_and_the_rest_are_saved(library, content):
    skip_if_unstorable(content)
    first, broken, last = library
    break_draft(broken, **content)
    out, err, message = run_failing("--all", "--format", "json", "--save")
    [line] = error_lines(err)
    assert line.startswith(f"error: page {broken.pk} (heat): could not be audited: ")
    assert "1 article could not be audited: heat." in message
    report = report_of(out)
    assert [a["page_id"] for a in report["articles"]] == [first.pk, last.pk]
    assert report["summary"]["failed"] is True
    errors = report["summary"]["source_errors"]
    assert line.removeprefix("error: ") in errors
    # The site index leaves the broken draft out, so site-wide checks still run.
    assert errors == [line.removeprefix("error: ")]
    saved = SeoAudit.objects.values_list("page_id", flat=True)
    assert sorted(saved) == [first.pk, last.pk]


@pytest.mark.parametrize("fmt", ["text", "csv", "junit"])
def test_every_format_names_the_failed_article(library, fmt):
    first, broken, last = library
    break_draft(broken, body=12345)
    out, err, message = run_failing("--format", fmt)
    assert len(error_lines(err)) == 1
    assert "heat" in message
    if fmt == "text":
        assert f"error: page {broken.pk} (heat): could not be audited: " in out
        assert "1 article could not be audited." in out.splitlines()[-1]
        assert "Massage for sciatica" in out
        assert "Stretches" in out
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        [failed] = [row for row in rows if row["check"] == "audit-failed"]
        assert (failed["page_id"], failed["slug"], failed["level"]) == (
            str(broken.pk),
            "heat",
            "error",
        )
        assert {row["page_id"] for row in rows} >= {str(first.pk), str(last.pk)}
    else:
        suites = ET.fromstring(out).findall("testsuite")
        assert [suite.get("name") for suite in suites] == [
            first.slug,
            "heat",
            last.slug,
        ]
        [error] = suites[1].iter("error")
        assert error.get("message").startswith("TypeError")


def test_an_audit_that_raises_is_one_failed_article(library, test_checks):
    """Whatever breaks inside a check, not only in loading the draft."""

    class Explodes(CHECKS[0]):
        id = "test-explodes"

        def run(self, document):
            if document.data.slug == "heat":
                raise RuntimeError("boom\nsecond line")
            return super().run(document)

    test_checks.register(Explodes)
    out, err, message = run_failing("--format", "json", "--check", "test-explodes")
    [line] = error_lines(err)
    assert line.endswith("(heat): could not be audited: RuntimeError: boom second line")
    assert len(report_of(out)["articles"]) == 2


@pytest.mark.slow
def test_jobs_2_reports_the_broken_draft_and_saves_the_rest(tmp_path, write_source):
    """Forks for real, in a fresh process with its own SQLite file (workers
    cannot see the test's transaction): one of six drafts stored with a lone
    surrogate, audited in two processes with --save."""
    sources = [
        write_source(
            f"Massage for sciatica, part {n}\n\nGentle massage eases pain.\n",
            name=f"article-{n}.txt",
        )
        for n in range(6)
    ]
    database = tmp_path / "jobs.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert manage("migrate", "--noinput", "-v0").returncode == 0
    assert manage("import_articles", *map(str, sources)).returncode == 0
    with sqlite3.connect(database) as db:
        page_id, slug, revision_id = db.execute(
            "select p.id, p.slug, p.latest_revision_id from wagtailcore_page p "
            "where p.slug like 'massage-for-sciatica-part-3%'"
        ).fetchone()
        (content,) = db.execute(
            "select content from wagtailcore_revision where id = ?", (revision_id,)
        ).fetchone()
        content = json.loads(content)
        content["body"] = SURROGATE_BODY
        db.execute(
            "update wagtailcore_revision set content = ? where id = ?",
            (json.dumps(content), revision_id),
        )
    done = manage("seo_audit", "--all", "--format", "json", "--jobs", "2", "--save")
    assert done.returncode == 1, done.stderr
    assert "ignored" not in done.stderr  # it really ran in parallel
    assert "Traceback" not in done.stderr
    [line] = [x for x in done.stderr.splitlines() if x.startswith("error: page")]
    assert line.startswith(f"error: page {page_id} ({slug}): could not be audited")
    report = report_of(done.stdout)
    assert len(report["articles"]) == 5
    assert page_id not in [a["page_id"] for a in report["articles"]]
    with sqlite3.connect(database) as db:
        hashes = dict(db.execute("select page_id, content_hash from seo_seoaudit"))
    # Each draft's import stored its audit. The run saved the five it could
    # audit again (with no content hash: it cannot know which content it read)
    # and left the broken draft's row as the import stored it.
    assert len(hashes) == 6
    audited = {a["page_id"] for a in report["articles"]}
    assert {page for page, value in hashes.items() if value == ""} == audited
    assert hashes[page_id] != ""


def test_the_site_index_leaves_out_text_with_no_utf8_form(library):
    """Findings about other articles quote the index's text (a duplicate's
    title, a link target's), so an article whose live title holds a lone
    surrogate is not indexed: every other report stays writable."""
    first, broken, last = library
    content = {"title": f"Heat {LONE}"}
    skip_if_unstorable(content)
    break_draft(broken, **content)
    index = build_site_index()
    assert index.page(broken.pk) is None
    assert index.page(first.pk) is not None
    assert index.page(last.pk) is not None


def test_a_reader_that_goes_away_ends_the_command_without_a_traceback():
    """`seo_audit --list-checks | head -1`: the pipe is closed before the
    command writes, so its first write fails."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "manage.py", "seo_audit", "--list-checks"],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert done.stderr == ""
