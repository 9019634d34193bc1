"""manage.py seo_audit --fix: fixes saved as revisions, a dry run's diff, and
seo.fixing.fix_pages, which the command delegates to."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry, Revision

from articles.models import ArticlePage, Hashtag
from seo import fixing, runner
from seo.audit import Auditor
from seo.checks.headings import HeadingPunctuation
from seo.checks.health import DEFAULT_DISCLAIMER
from seo.sources import article_from_page

from .factories import disclaimer, heading, paragraph
from .test_command_failures import break_draft
from .test_storage import article_page

pytestmark = pytest.mark.django_db

CHECKS = ("--check", "heading-punctuation", "--check", "medical-disclaimer")


@pytest.fixture(autouse=True)
def default_thresholds(settings):
    settings.SEO_AUDIT = {}
    settings.SEO_SILENCED_CHECKS = []


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("seo_audit", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def latest(page) -> ArticlePage:
    return ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()


def heading_texts(page) -> list[str]:
    return [b.value["text"] for b in page.body if b.block_type == "heading"]


@pytest.fixture
def live_page():
    return article_page(
        "Massage for sciatica",
        heading("Causes:"),
        paragraph("Tight muscles press on the nerve."),
        publish=True,
    )


def test_fix_saves_a_draft_revision_logged_without_a_user(live_page):
    revisions = Revision.objects.count()
    out, err = run("--fix", "--page", str(live_page.pk), *CHECKS)
    assert err == ""
    assert Revision.objects.count() == revisions + 1
    page = ArticlePage.objects.get(pk=live_page.pk)
    revision = page.get_latest_revision()
    assert (
        f"page {page.pk} (massage-for-sciatica): saved revision {revision.pk} as a "
        "draft with 2 fixes: Write it as “Causes”; Add a medical disclaimer" in out
    )
    assert "Fixed 1 of 1 article(s)." in out
    # The draft holds the fixes; the live page is as it was.
    assert page.has_unpublished_changes
    assert heading_texts(page) == ["Causes:"]
    draft = revision.as_object()
    assert heading_texts(draft) == ["Causes"]
    assert [b.block_type for b in draft.body][-1] == "disclaimer"
    assert draft.body[-1].value["text"].source == f"<p>{DEFAULT_DISCLAIMER}</p>"
    entry = PageLogEntry.objects.filter(page=page).order_by("-pk").first()
    assert (entry.action, entry.user_id, entry.revision_id) == (
        "seo.fix",
        None,
        revision.pk,
    )
    assert [fix["id"] for fix in entry.data["fixes"]] == [
        "heading-punctuation",
        "medical-disclaimer",
    ]


def test_fix_with_publish_publishes_the_fixed_revision(live_page):
    out, _ = run("--fix", "--publish", "--page", str(live_page.pk), *CHECKS)
    page = ArticlePage.objects.get(pk=live_page.pk)
    assert "published revision" in out
    assert not page.has_unpublished_changes
    assert page.live_revision_id == page.latest_revision_id
    assert heading_texts(page) == ["Causes"]
    entry = PageLogEntry.objects.filter(page=page).order_by("-pk").first()
    assert (entry.action, entry.user_id) == ("wagtail.publish", None)


def test_publish_never_publishes_a_writers_unfinished_draft(live_page):
    live_page.body = [
        *live_page.body.raw_data,
        paragraph("Half-written thought"),
    ]
    live_page.save_revision()
    out, _ = run("--fix", "--publish", "--page", str(live_page.pk), *CHECKS)
    assert "not published: the page has unpublished changes" in out
    page = ArticlePage.objects.get(pk=live_page.pk)
    assert heading_texts(page) == ["Causes:"]  # live: untouched
    assert heading_texts(latest(page)) == ["Causes"]
    assert "Half-written thought" in str(latest(page).body.raw_data)


def test_dry_run_prints_a_diff_and_saves_nothing(live_page):
    live_page.hashtags.set(["massagetherapy"])
    live_page.save_revision().publish()
    revisions, entries = Revision.objects.count(), PageLogEntry.objects.count()
    heading_id = live_page.body.raw_data[0]["id"]
    out, _ = run(
        "--fix",
        "--dry-run",
        "--page",
        str(live_page.pk),
        *CHECKS,
        "--check",
        "hashtag-camel-case",
    )
    lines = out.splitlines()
    name = f"page {live_page.pk} (massage-for-sciatica)"
    assert lines[0].startswith(f"{name}: would apply 3 fixes: ")
    assert lines[1] == f"--- {name} revision {live_page.latest_revision_id}"
    assert lines[2] == f"+++ {name} fixed"
    assert "-hashtags: #massagetherapy" in lines
    assert "+hashtags: #MassageTherapy" in lines
    assert f'-body[{heading_id}] heading: {{"level": 2, "text": "Causes:"}}' in lines
    assert f'+body[{heading_id}] heading: {{"level": 2, "text": "Causes"}}' in lines
    added = [line for line in lines if line.startswith("+body[")][-1]
    assert added.endswith(f'disclaimer: {{"text": "<p>{DEFAULT_DISCLAIMER}</p>"}}')
    assert lines[-1] == "Dry run: 1 of 1 article(s) would be fixed; nothing was saved."
    # Nothing written: no revision, no log entry, no tag renamed.
    assert (Revision.objects.count(), PageLogEntry.objects.count()) == (
        revisions,
        entries,
    )
    assert list(Hashtag.objects.values_list("name", flat=True)) == ["massagetherapy"]
    assert not ArticlePage.objects.get(pk=live_page.pk).has_unpublished_changes


def test_a_second_run_finds_nothing_to_fix():
    page = article_page(
        "Massage for sciatica",
        heading("Why it helps:"),
        paragraph(
            "The benefits of #massagetherapy are real. Tight muscles press on the "
            "sciatic nerve, and massage loosens them."
        ),
        intro=(
            "Sciatica is pain that runs from the lower back down the back of one "
            "leg. Massage eases the tight muscles that press on the nerve, and this "
            "guide shows how. It covers more."
        ),
    )
    page.hashtags.set(["Sciatica"])
    page.save_revision()
    out, err = run("--fix", "--all")
    assert err == ""
    assert "Fixed 1 of 1 article(s)." in out
    fixed = article_from_page(latest(page))
    assert fixed.search_description.startswith("Sciatica is pain")
    assert sorted(fixed.hashtags) == ["MassageTherapy", "Sciatica"]

    revisions = Revision.objects.count()
    out, _ = run("--fix", "--all")
    assert out.strip() == "Nothing to fix in 1 article(s)."
    assert Revision.objects.count() == revisions
    out, _ = run("--fix", "--all", "--dry-run")
    assert (
        out.strip() == "Dry run: 0 of 1 article(s) would be fixed; nothing was saved."
    )


def test_an_unreadable_article_is_named_and_the_others_are_fixed():
    first = article_page("Massage for sciatica", heading("Causes:"), disclaimer())
    broken = article_page("Heat for sciatica", heading("Heat:"), slug="heat")
    last = article_page("Stretches", heading("Stretches:"), disclaimer())
    break_draft(broken, body=12345)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("seo_audit", "--fix", *CHECKS, stdout=out, stderr=err)
    assert failure.value.returncode == 1
    assert str(failure.value) == "1 article could not be fixed: heat."
    [line] = err.getvalue().splitlines()
    assert line.startswith(f"error: page {broken.pk} (heat): could not be fixed: ")
    assert "Fixed 2 of 3 article(s)." in out.getvalue()
    assert heading_texts(latest(first)) == ["Causes"]
    assert heading_texts(latest(last)) == ["Stretches"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dry-run"], "--dry-run goes with --fix."),
        (["--publish"], "--publish goes with --fix."),
        (["--fix", "--format", "json"], "drop --format"),
        (["--fix", "--save", "--jobs", "2"], "drop --save, --jobs"),
        (["--fix", "--file", "x.txt"], "Import it first"),
    ],
)
def test_fix_options_that_do_not_go_together(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("seo_audit", *args, stdout=io.StringIO())


def test_fix_pages_reads_the_library_a_chunk_at_a_time(monkeypatch):
    pages = [article_page(f"Article {n}", heading(f"Part {n}:")) for n in range(5)]
    chunks = []
    load = runner.load_articles

    def recording(page_ids, **kwargs):
        chunks.append(list(page_ids))
        return load(page_ids, **kwargs)

    monkeypatch.setattr(runner, "load_articles", recording)
    done = []
    summary = fixing.fix_pages(
        [p.pk for p in pages],
        Auditor([HeadingPunctuation]),
        chunk_size=2,
        on_article=done.append,
    )
    ids = [p.pk for p in pages]
    assert chunks == [ids[0:2], ids[2:4], ids[4:5]]
    assert (summary.selected, summary.changed, summary.failures) == (5, 5, [])
    assert [result.page_id for result in done] == ids
    assert all(result.revision_id for result in done)


def test_a_page_edited_while_its_fixes_are_computed_is_not_overwritten(
    live_page, monkeypatch
):
    compute = fixing.fix_article

    def edited_meanwhile(article, *args, **kwargs):
        page = latest(live_page)
        page.title = "Edited meanwhile"
        page.save_revision()
        return compute(article, *args, **kwargs)

    monkeypatch.setattr(fixing, "fix_article", edited_meanwhile)
    failures = []
    summary = fixing.fix_pages(
        [live_page.pk], Auditor([HeadingPunctuation]), on_error=failures.append
    )
    assert summary.changed == 0
    [failure] = failures
    assert "edited while the fixes were computed" in failure.reason
    assert fixing.failure_message(failure).startswith(
        f"page {live_page.pk} (massage-for-sciatica): could not be fixed: "
    )
    page = latest(live_page)
    assert page.title == "Edited meanwhile"
    assert heading_texts(page) == ["Causes:"]
