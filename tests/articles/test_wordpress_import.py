"""`import_articles export.xml`: a WordPress site into the library, end to end.

The exports here are written by the test (`wxr()`); the theme unit test file
is read from ../shared where it exists.
"""

import contextlib
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image as PILImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry, PageViewRestriction

from articles.blocks import contract_data
from articles.models import ArticlePage, Author
from seo.models import SeoAudit

pytestmark = pytest.mark.django_db

THEME_FILE = (
    Path(__file__).resolve().parents[2]
    / "../shared/wordpress/themeunittestdata.wordpress.xml"
).resolve()
SITE = "https://backcare.example"
PROSE = (
    "Massage eases the muscle tension that often comes with sciatica. "
    "Many people feel looser after a session, and the relief can last for days."
)


def item(
    post_id: int,
    title: str,
    content: str = f"<!-- wp:paragraph --><p>{PROSE}</p><!-- /wp:paragraph -->",
    *,
    post_type: str = "post",
    status: str = "publish",
    slug: str = "",
    password: str = "",
    date: str = "2024-03-01 09:00:00",
    meta: dict[str, str] | None = None,
    extra: str = "",
) -> str:
    slug = slug or title.lower().replace(" ", "-")
    postmeta = "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        for key, value in (meta or {}).items()
    )
    return f"""
<item>
  <title><![CDATA[{title}]]></title>
  <link>{SITE}/{slug}/</link>
  <dc:creator><![CDATA[ana]]></dc:creator>
  <guid isPermaLink="false">{SITE}/?p={post_id}</guid>
  <content:encoded><![CDATA[{content}]]></content:encoded>
  <excerpt:encoded><![CDATA[]]></excerpt:encoded>
  <wp:post_id>{post_id}</wp:post_id>
  <wp:post_date>{date}</wp:post_date>
  <wp:post_date_gmt>{date}</wp:post_date_gmt>
  <wp:post_name>{slug}</wp:post_name>
  <wp:status>{status}</wp:status>
  <wp:post_parent>0</wp:post_parent>
  <wp:post_type>{post_type}</wp:post_type>
  <wp:post_password><![CDATA[{password}]]></wp:post_password>
  {postmeta}{extra}
</item>"""


def wxr(*items: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Back Care Clinic</title>
  <link>{SITE}</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>{SITE}</wp:base_site_url>
  <wp:base_blog_url>{SITE}</wp:base_blog_url>
  <wp:author><wp:author_login>ana</wp:author_login>
    <wp:author_display_name><![CDATA[Ana Ruiz]]></wp:author_display_name>
  </wp:author>
  {"".join(items)}
</channel>
</rss>"""


ATTACHMENT = item(
    30,
    "Knee to chest",
    "",
    post_type="attachment",
    status="inherit",
    extra=f"<wp:attachment_url>{SITE}/wp-content/uploads/2024/03/knee.jpg"
    "</wp:attachment_url>",
)
LINKING = (
    f'<!-- wp:paragraph --><p>{PROSE} Read <a href="{SITE}/stretches/">our '
    "stretches</a> next.</p><!-- /wp:paragraph -->"
    '<!-- wp:image --><figure class="wp-block-image"><img src="'
    f'{SITE}/wp-content/uploads/2024/03/knee-300x200.jpg" alt="Knee to chest"/>'
    "<figcaption>Hold for thirty seconds.</figcaption></figure><!-- /wp:image -->"
)
SITE_EXPORT = wxr(
    ATTACHMENT,
    item(
        10,
        "Massage for sciatica",
        LINKING,
        meta={
            "_yoast_wpseo_title": "%%title%% %%sep%% %%sitename%%",
            "_yoast_wpseo_metadesc": "How massage eases sciatica, and when to stop.",
            "_yoast_wpseo_focuskw": "massage for sciatica",
        },
        extra='<category domain="post_tag" nicename="sciatica-relief">'
        "<![CDATA[sciatica relief]]></category>"
        "<wp:comment><wp:comment_id>1</wp:comment_id></wp:comment>",
    ),
    item(11, "Stretches", slug="stretches"),
    item(12, "Unfinished", status="draft"),
    item(13, "Coming soon", status="future", date="2099-01-01 08:00:00"),
    item(14, "Members only", password="knee"),
    item(15, "Staff notes", status="private"),
    item(16, "About us", post_type="page"),
    item(17, "Menu", "", post_type="nav_menu_item"),
    item(18, "Old", status="trash"),
    item(19, "Pictures only", '<img src="x.jpg">'),
)


@pytest.fixture
def export_file(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(SITE_EXPORT, encoding="utf-8")
    return path


@pytest.fixture
def media_dir(tmp_path):
    folder = tmp_path / "uploads" / "2024" / "03"
    folder.mkdir(parents=True)
    PILImage.new("RGB", (64, 48), "teal").save(folder / "knee.jpg")
    return tmp_path / "uploads"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def page_for(post_id: int) -> ArticlePage:
    return ArticlePage.objects.get(source_file=f"{SITE}/?p={post_id}")


def test_a_site_comes_in_with_its_states_fields_media_links_and_redirects(
    export_file, media_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out, err = run(export_file, "--media-dir", media_dir, "--redirects")

    assert err == ""
    assert f"{export_file}: 7 created" in out
    skipped = out.split("skipped: ")[1].splitlines()[0]
    for part in (
        "1 comments",
        "1 attachments (imported as images)",
        "1 navigation menu items",
        "1 posts in the trash",
        "1 posts with no article text",
    ):
        assert part in skipped
    assert "images: 1 imported" in out

    massage = page_for(10)
    assert massage.live
    assert massage.seo_title == "Massage for sciatica – Back Care Clinic"
    assert massage.search_description == "How massage eases sciatica, and when to stop."
    assert massage.focus_keyphrase == "massage for sciatica"
    assert list(massage.hashtags.names()) == ["SciaticaRelief"]
    assert [link.author.name for link in massage.article_authors.all()] == ["Ana Ruiz"]
    assert massage.first_published_at.isoformat() == "2024-03-01T09:00:00+00:00"
    assert massage.source_url == f"{SITE}/massage-for-sciatica/"

    # The link to a later post became a page link; the image, a library image.
    stretches = page_for(11)
    paragraph, image = (
        {"type": block["type"], "value": contract_data(block["value"])}
        for block in massage.body.raw_data
    )
    assert (
        f'<a linktype="page" id="{stretches.pk}">our stretches</a>'
        in (paragraph["value"])
    )
    knee = get_image_model().objects.get()
    assert image == {
        "type": "image",
        "value": {
            "image": knee.pk,
            "alt_text": "Knee to chest",
            "decorative": False,
            "caption": "Hold for thirty seconds.",
        },
    }

    # WordPress states, as Wagtail's.
    assert not page_for(12).live
    scheduled = page_for(13)
    assert not scheduled.live
    assert scheduled.get_latest_revision().approved_go_live_at.year == 2099
    members = PageViewRestriction.objects.get(page=page_for(14))
    assert (members.restriction_type, members.password) == ("password", "knee")
    staff = PageViewRestriction.objects.get(page=page_for(15))
    assert staff.restriction_type == "login"
    assert page_for(16).title == "About us"

    # Each page's import is audited once: drafts and scheduled posts as saved,
    # the rest as published. The post linking to a later one has a second
    # revision, made once that page existed.
    audits = Counter(SeoAudit.objects.values_list("page_id", flat=True))
    pages = ArticlePage.objects.filter(source_file__startswith=SITE)
    assert audits == {page.pk: 2 if page.pk == massage.pk else 1 for page in pages}

    # Old permalinks redirect to the new pages.
    redirect = Redirect.objects.get(old_path="/massage-for-sciatica")
    assert redirect.redirect_page_id == massage.pk
    assert redirect.is_permanent
    # Redirects are public: none gives away a draft, scheduled, private or
    # password-protected post's old address.
    hidden = [page_for(post_id).pk for post_id in (12, 13, 14, 15)]
    assert not Redirect.objects.filter(redirect_page__in=hidden).exists()
    assert not Redirect.objects.filter(old_path="/coming-soon").exists()

    # A re-run finds the same file in the library, by its hash.
    out, _ = run(export_file, "--media-dir", media_dir, "--redirects")
    assert "7 unchanged" in out
    assert "images: 1 already in the library" in out
    assert get_image_model().objects.count() == 1


def test_hidden_posts_do_not_leak_through_the_api(client, export_file):
    run(export_file)
    listed = client.get("/api/v2/pages/", {"type": "articles.ArticlePage"}).json()
    titles = {page["title"] for page in listed["items"]}
    assert {"Massage for sciatica", "Stretches", "About us"} <= titles
    assert not titles & {"Unfinished", "Coming soon", "Members only", "Staff notes"}
    for post_id in (12, 13, 14, 15):
        assert client.get(f"/api/v2/pages/{page_for(post_id).pk}/").status_code == 404


def test_a_rerun_changes_nothing_and_an_editors_change_is_kept(export_file):
    run(export_file)
    entries = PageLogEntry.objects.count()
    out, _ = run(export_file)
    assert "7 unchanged" in out
    # Not even the scheduled post is scheduled again.
    assert PageLogEntry.objects.count() == entries

    page = page_for(11)
    draft = page.get_latest_revision_as_object()
    draft.title = "Stretches that help"
    draft.save_revision()
    with pytest.raises(CommandError, match="1 WordPress items failed"):
        run(export_file)
    assert page_for(11).get_latest_revision_as_object().title == "Stretches that help"

    out, _ = run(export_file, "--force")
    assert "1 updated" in out
    assert page_for(11).get_latest_revision_as_object().title == "Stretches"


def test_missing_media_is_one_warning(export_file, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    out, _ = run(export_file, "--media-dir", empty)
    assert out.count("warning:") == 1
    assert "1 attachment file(s) not in --media-dir" in out
    assert "2024/03/knee.jpg" in out
    assert not get_image_model().objects.exists()


def test_a_dry_run_writes_nothing(export_file):
    out, _ = run(export_file, "--dry-run")
    assert "7 would import" in out
    assert not ArticlePage.objects.filter(source_file__startswith=SITE).exists()


def test_json_output_is_json_lines_to_the_end(export_file):
    out, _ = run(export_file, "--dry-run", "--format", "json")
    lines = [json.loads(line) for line in out.splitlines()]
    posts, summary = lines[:-1], lines[-1]
    assert {post["action"] for post in posts} == {"would import"}
    assert posts[0]["article"]["title"] == "Massage for sciatica"
    assert summary["summary"] == {"would import": 7}
    assert summary["skipped"]["navigation menu items"] == 1


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b '
            '"&a;&a;&a;">]><rss xmlns:wp="http://wordpress.org/export/1.2/">'
            "<channel>&b;</channel></rss>",
            "declares entities",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM '
            '"file:///etc/passwd">]><rss xmlns:wp="http://wordpress.org/export/1.2/">'
            "<channel>&x;</channel></rss>",
            "entit",
        ),
        (SITE_EXPORT.replace("</channel>", ""), "not well-formed XML"),
    ],
)
def test_hostile_xml_is_refused_in_one_line_and_nothing_is_imported(
    tmp_path, document, message
):
    path = tmp_path / "export.xml"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(CommandError, match="1 of 1 sources failed"):
        out, err = run(path)
    _, err = _stderr_of(path)
    assert err.count("\n") == 1
    assert str(path) in err
    assert message in err
    assert not ArticlePage.objects.filter(source_file__startswith=SITE).exists()


def test_an_oversized_export_is_refused(export_file):
    _, err = _stderr_of(export_file, "--max-bytes", "1000")
    assert "import limit" in err or "over" in err
    assert not ArticlePage.objects.filter(source_file__startswith=SITE).exists()


def _stderr_of(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.suppress(CommandError):
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.skipif(not THEME_FILE.exists(), reason=f"{THEME_FILE} is absent")
def test_the_theme_unit_test_export_imports_and_reads_back_through_the_api(client):
    out, err = run(THEME_FILE, "--redirects")
    assert err == ""
    assert f"{THEME_FILE}: 69 created" in out
    assert (
        "skipped: 33 comments, 37 attachments (imported as images), "
        "70 navigation menu items, 4 posts with no article text, "
        "6 pages with no article text"
    ) in out
    assert ArticlePage.objects.filter(source_file__contains="?p=").count() == 69
    assert Author.objects.filter(name="Theme Buster").exists()

    # Round trip: what API v2 serves is the blocks the importer made.
    from articles.importing import wordpress

    export = wordpress.scan(THEME_FILE)
    checked = 0
    for entry in wordpress.items(export):
        if entry.post_type != "post" or entry.status != "publish" or entry.password:
            continue
        try:
            imported = wordpress.article_from_item(entry, export)
        except wordpress.SourceError:
            continue
        page = page_for_theme(entry.post_id)
        served = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]
        assert [block["type"] for block in served] == [
            block["type"] for block in imported.article.body
        ], entry.title
        checked += 1
    assert checked > 30


def page_for_theme(post_id: int) -> ArticlePage:
    return ArticlePage.objects.get(
        source_file=f"https://wpthemetestdata.wordpress.com/?p={post_id}"
    )
