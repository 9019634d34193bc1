"""WordPress exports (WXR): the file read as a stream, refused when hostile, and
each post turned into the one block shape.

The small fixtures in tests/articles/wordpress/ are hand-written, one pattern
each. WordPress's own theme unit test export is read from ../shared when it is
there (it is never copied into the repository).
"""

import time
import tracemalloc
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from articles.importing import html
from articles.importing import wordpress as wp
from articles.importing.reader import SourceError
from articles.limits import MAX_IMPORTED_HASHTAGS

FIXTURES = Path(__file__).parent / "wordpress"
EXPORT = FIXTURES / "export.wordpress"  # a WXR without an .xml extension
THEME_UNIT_TEST = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "wordpress"
    / "themeunittestdata.wordpress.xml"
)
UPLOADS = "https://calmspa.example/wp-content/uploads/2024/05"
IMAGES = {f"{UPLOADS}/stretch-one.jpg": 201, f"{UPLOADS}/stretch-two.jpg": 202}


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def image(image_id: int, alt: str = "", caption: str = "") -> dict:
    value = {"image": image_id, "alt_text": alt, "decorative": False}
    return {"type": "image", "value": value | {"caption": caption}}


def heading(text: str, level: int = 2) -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def item_by_id(export: wp.Export, post_id: int) -> wp.Item:
    return next(item for item in wp.items(export) if item.post_id == post_id)


@pytest.fixture(scope="module")
def export() -> wp.Export:
    return wp.scan(EXPORT)


# Pass 1: scan.


def test_scan_reads_the_channel_authors_attachments_and_permalinks(export):
    assert export.title == "Calm Spa & Clinic"
    assert export.base_blog_url == "https://calmspa.example"
    assert export.counts == Counter(
        {"attachment": 2, "post": 2, "page": 1, "nav_menu_item": 1}
    )
    assert export.authors["jdoe"].name == "Jane Doe"
    assert export.authors["physio"].name == "Sam Lee"  # no display name
    assert sorted(export.attachments) == [21, 22]
    assert export.attachments[21].content == ""
    assert export.attachments[21].attachment_url == f"{UPLOADS}/stretch-one.jpg"
    assert export.permalinks == {
        "https://calmspa.example/2024/05/sciatica-stretches/": 10,
        "https://calmspa.example/?p=10": 10,
        "https://calmspa.example/2024/06/massage-back-pain/": 11,
        "https://calmspa.example/?p=11": 11,
        "https://calmspa.example/?page_id=12": 12,
        "https://calmspa.example/?p=12": 12,
    }


def test_items_yields_every_item_with_its_fields_and_line(export):
    found = list(wp.items(export))
    assert [(i.post_id, i.post_type) for i in found] == [
        (21, "attachment"),
        (22, "attachment"),
        (10, "post"),
        (11, "post"),
        (12, "page"),
        (13, "nav_menu_item"),
    ]
    post = found[2]
    assert post.line == 59  # the <item> start tag
    assert post.title == "Sciatica stretches & when to rest"  # tags and entities out
    assert post.slug == "sciatica-stretches"
    assert post.status == "publish"
    assert post.published_at.isoformat() == "2024-05-02T08:30:00+00:00"  # GMT
    assert post.creator == "jdoe"
    assert (
        post.excerpt == "Six gentle stretches for sciatica, and when to rest instead."
    )
    assert post.content.startswith("Sciatica is pain")
    assert post.tags[:3] == ("post formats", "WordPress", "8BIT")
    assert post.categories == ("Uncategorized", "Back & neck pain")
    assert post.meta["_yoast_wpseo_focuskw"] == "sciatica stretches"  # the first
    assert found[3].password == "secret"
    draft = found[4]
    assert draft.title == ""
    assert draft.status == "draft"
    # A zero GMT date (a draft): the local date, taken as UTC.
    assert draft.published_at.isoformat() == "2024-07-01T12:00:00+00:00"
    assert found[0].parent_id == 10
    assert found[0].meta["_wp_attachment_image_alt"].startswith("Woman lying")


# Detection.


def test_is_wxr_by_content_not_extension(tmp_path):
    assert wp.is_wxr(EXPORT)
    assert not wp.is_wxr(FIXTURES / "feed.xml")  # RSS, but not an export
    assert not wp.is_wxr(FIXTURES / "not-rss.xml")
    junk = tmp_path / "junk.xml"
    junk.write_bytes(bytes(range(256)) * 64)
    assert not wp.is_wxr(junk)
    assert not wp.is_wxr(tmp_path / "missing.xml")
    assert not wp.is_wxr(tmp_path)  # a directory


# Refusals: one line each, naming the file.


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("billion-laughs.xml", "refused: the XML declares entities"),
        ("external-entity.xml", "refused: the XML declares entities"),
        ("external-dtd.xml", "refused: the XML refers to an external DTD"),
        (
            "malformed.xml",
            "line 8, column 4: not well-formed XML (mismatched tag)",
        ),
        ("feed.xml", "an RSS feed, not a WordPress export"),
        ("not-rss.xml", "the document is <urlset>, not <rss>"),
    ],
)
def test_hostile_or_wrong_files_are_refused(name, expected):
    path = FIXTURES / name
    with pytest.raises(SourceError) as refused:
        wp.scan(path)
    message = str(refused.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "\n" not in message


def test_oversized_file_is_refused_before_reading():
    with pytest.raises(SourceError) as refused:
        wp.scan(EXPORT, max_bytes=1000)
    message = str(refused.value)
    assert message.startswith(f"{EXPORT}: file is ")
    assert "over the 1,000 bytes WordPress export limit" in message
    assert "\n" not in message


def test_an_item_without_a_post_id_is_refused_with_its_line(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(
        EXPORT.read_text().replace("<wp:post_id>11</wp:post_id>", ""),
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=r"export\.xml: line 111: an <item>"):
        wp.scan(path)


# Hashtags.


@pytest.mark.parametrize(
    ("term", "hashtag"),
    [
        ("post formats", "PostFormats"),
        ("Women's health", "WomensHealth"),
        ("children’s pain", "ChildrensPain"),
        ("WordPress", "WordPress"),
        ("8BIT", "8BIT"),
        ("Ελληνικά", ""),
        ("Ελληνικά-Greek", "Greek"),
        ("Café au lait", "CafeAuLait"),
        ("Back &amp; neck pain", "BackNeckPain"),
        ("Straße", "Strasse"),
        ("6.1", ""),  # no letter: not a hashtag
        ("  ", ""),
    ],
)
def test_hashtag_from_term(term, hashtag):
    assert wp.hashtag_from_term(term) == hashtag


def test_hashtags_are_tags_then_categories_deduplicated_and_capped(export):
    post = item_by_id(export, 10)
    article = wp.article_from_item(post, export)
    # "wordpress" repeats "WordPress"; "Ελληνικά" has no ASCII form;
    # "Uncategorized" is no topic.
    assert article.hashtags == [
        "PostFormats",
        "WordPress",
        "8BIT",
        "CafeAuLait",
        "BackNeckPain",
    ]
    many = replace(post, tags=tuple(f"topic {n}" for n in range(80)))
    capped = wp.article_from_item(many, export)
    assert len(capped.hashtags) == MAX_IMPORTED_HASHTAGS
    assert capped.hashtags[:2] == ["Topic0", "Topic1"]


# SEO plugin fields, authors, intro.


def test_yoast_fields_with_template_variables(export):
    article = wp.article_from_item(item_by_id(export, 10), export).article
    # %%page%% has no value here: removed, and the space it leaves.
    assert article.seo_title == "Sciatica stretches & when to rest – Calm Spa & Clinic"
    assert article.search_description == (
        "Six stretches for Sciatica stretches & when to rest – Calm Spa & Clinic"
    )
    assert article.focus_keyphrase == "sciatica stretches"
    assert (
        article.intro == "Six gentle stretches for sciatica, and when to rest instead."
    )
    assert article.authors == ("Jane Doe",)
    assert article.source == f"{EXPORT}#10"


def test_rank_math_fields(export):
    article = wp.article_from_item(item_by_id(export, 11), export).article
    assert article.seo_title == "Massage for lower back pain – Calm Spa & Clinic"
    assert article.search_description == (
        "How Massage for lower back pain works, from Calm Spa & Clinic."
    )
    assert article.focus_keyphrase == "massage for back pain"  # the first of a list
    assert article.authors == ("Sam Lee",)


def test_untitled_draft_takes_its_title_from_the_html_importer(export):
    imported = wp.article_from_item(item_by_id(export, 12), export)
    assert imported.title == "When to see a doctor"
    assert imported.slug == "when-to-see-a-doctor"
    assert imported.article.authors == ("ghost",)  # not among the authors
    assert imported.article.seo_title == ""
    assert imported.search_description.startswith("See a doctor at once")


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("%%title%% %%sep%% %%sitename%%", "Knee pain – Calm Spa"),
        ("%%sitename%% %%sep%% %%primary_category%%", "Calm Spa"),
        ("%%title%%  %%unknown_var%%   %%sep%%", "Knee pain"),
        ("%title% %sep% %sitename% %page%", "Knee pain – Calm Spa"),
        ("%customfield(subtitle)% %title%", "Knee pain"),
        ("50% off", "50% off"),
    ],
)
def test_expand_template(template, expected):
    values = {"title": "Knee pain", "sitename": "Calm Spa", "sep": "–"}
    assert wp.expand_template(template, values) == expected


# Classic content.


def test_classic_content_gets_wordpress_paragraphs_and_line_breaks():
    assert wp.autop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n\n<p>Three</p>"
    # A chunk that is a block element is not wrapped; lines are kept.
    assert wp.autop("Intro\n<h2>Why</h2>\nText\n<ul>\n<li>a\nb</li>\n</ul>") == (
        "<p>Intro</p>\n<h2>Why</h2>\n<p>Text</p>\n<ul>\n<li>a<br />\nb</li>\n</ul>"
    )
    assert wp.autop("<pre>a\n\nb</pre>") == "<pre>a\n\nb</pre>"
    assert wp.autop("Line<br />\nnext") == "<p>Line<br />\nnext</p>"


def test_caption_gallery_and_other_shortcodes(export):
    imported = wp.article_from_item(
        item_by_id(export, 10), export, image_for=IMAGES.get
    )
    stretch_one = "Woman lying on her back, one knee to her chest"
    assert imported.body == [
        paragraph("Sciatica is pain that runs from the lower back down one leg."),
        paragraph("Most cases ease within six weeks."),  # after a <br>
        paragraph("Gentle stretches help many people:"),
        # [caption]: a resized copy of attachment 21, the link around it gone
        # (its caption is reported).
        image(201, "Knee to chest", "Hold each stretch for thirty seconds."),
        # [gallery]: the post's attachments by menu order.
        image(202),
        image(201, stretch_one, "The knee-to-chest stretch"),
        # [gallery ids="21,22"]: in the order given.
        image(201, stretch_one, "The knee-to-chest stretch"),
        image(202),
        # [su_note]…[/su_note]: the tags out, the text kept.
        paragraph("Stop any stretch that makes the pain shoot further down your leg."),
        # "[sic]" is prose, not a shortcode; [contact-form-7 …] is one.
        paragraph("See a doctor [sic] if the pain lasts more than six weeks."),
        {
            "type": "list",
            "value": {
                "ordered": False,
                "items": [
                    {"text": "Numbness in both legs", "children": []},
                    {"text": "Loss of bladder control", "children": []},
                ],
            },
        },
    ]
    # Wagtail's ImageBlock has no caption: the [caption] text and attachment
    # 21's caption (its excerpt), in each gallery, are reported.
    assert [(d.line, d.text, d.reason) for d in imported.dropped] == [
        (77, '[su_note note_color="#f0f0f0"]', "WordPress shortcode [su_note]"),
        (
            79,
            '[contact-form-7 id="5" title="Booking"]',
            "WordPress shortcode [contact-form-7]",
        ),
    ]


def test_without_image_files_images_and_captions_are_reported(export):
    imported = wp.article_from_item(item_by_id(export, 10), export)
    assert [b["type"] for b in imported.body].count("image") == 0
    reported = [(d.line, d.reason) for d in imported.dropped[:2]]
    assert reported == [
        (71, "image: import the file in the admin"),
        (71, "image caption: add it with the image in the admin"),
    ]
    assert imported.dropped[0].text.startswith(f"{UPLOADS}/stretch-one-300x200.jpg")


def test_size_suffix_and_query_fallback_for_images():
    tried = []

    def image_for(url):
        tried.append(url)
        return 7 if url == f"{UPLOADS}/photo.jpg" else None

    find = wp._with_size_fallback(image_for)
    assert find(f"{UPLOADS}/photo-300x200.jpg?w=300") == 7
    assert tried == [
        f"{UPLOADS}/photo-300x200.jpg?w=300",
        f"{UPLOADS}/photo-300x200.jpg",
        f"{UPLOADS}/photo.jpg",
    ]
    assert find(f"{UPLOADS}/other.jpg") is None


# Gutenberg blocks.


def test_gutenberg_blocks(export):
    imported = wp.article_from_item(
        item_by_id(export, 11), export, image_for=IMAGES.get
    )
    assert imported.body == [
        paragraph(
            "Massage eases tight muscles around the spine and helps many "
            "people move again."
        ),
        # wp:separator is nothing; wp:latest-posts is reported.
        {
            "type": "list",
            "value": {
                "ordered": False,
                "items": [
                    {
                        "text": "Warm the muscles first",
                        "children": ["Use slow, long strokes"],
                    },
                    {"text": "Ask about pressure often", "children": []},
                ],
            },
        },
        # wp:embed and wp:query are reported; the table's figcaption is its
        # caption.
        {
            "type": "table",
            "value": {
                "caption": "Common massage strokes",
                "header": ["Stroke", "Pressure"],
                "rows": [["Effleurage", "Light"]],
            },
        },
        image(201, "Knee to chest", "The first stretch"),  # "?w=1024" dropped
        paragraph("Book a session when the pain has settled for a few days."),
    ]
    assert [(d.line, d.text, d.reason) for d in imported.dropped] == [
        (
            126,
            '<!-- wp:latest-posts {"postsToShow":3} /-->',
            "WordPress dynamic block wp:latest-posts: rebuild it in the admin",
        ),
        (
            142,
            "https://www.youtube.com/watch?v=abc123 (caption: A short demonstration)",
            "embedded media: add it in the admin",
        ),
        (
            148,
            '<!-- wp:query {"queryId":1,"query":{"perPage":3}} -->',
            "WordPress dynamic block wp:query: rebuild it in the admin",
        ),
    ]


def _item(content: str) -> wp.Item:
    return wp.Item(
        post_id=1,
        post_type="post",
        status="publish",
        title="Hostile",
        slug="",
        link="",
        published_at=None,
        creator="",
        excerpt="",
        content=content,
        password="",
        parent_id=0,
        tags=(),
        categories=(),
        meta={},
        attachment_url="",
        line=1,
        content_line=1,
    )


HOSTILE = [
    "<!-- wp:x {" * 10_000,  # block openers never closed
    "<!-- wp:a -->" * 5_000 + "<!-- /wp:b -->" * 5_000,  # deep, mismatched
    "<!-- wp:" + "a" * 80_000 + " -->",
    "<!-- " * 20_000,
    "[caption]" * 10_000,  # captions never closed
    "[a " * 30_000,  # shortcodes never closed
    "[a x=1]" * 10_000 + "[/a]" * 10_000,
    "<div" * 20_000,  # tags never closed (autop)
    "<p>x\n" * 10_000,
    "%%" * 40_000,
]


@pytest.mark.parametrize("content", HOSTILE, ids=range(len(HOSTILE)))
def test_content_conversion_is_linear_on_hostile_input(content, export):
    # Tens of kilobytes of each shape; quadratic work would take minutes.
    start = time.perf_counter()
    wp.content_html(_item(content), export, [])
    wp.expand_template(content[:5_000], {})
    assert time.perf_counter() - start < 5


# Streaming: bounded memory.


def test_items_streams_without_holding_the_file(tmp_path):
    head, _, _ = EXPORT.read_text(encoding="utf-8").partition("\t<item>")
    body = "<p>" + "Gentle stretches ease sciatica. " * 60 + "</p>"
    item = (
        "<item><title>Post {n}</title><link>https://calmspa.example/{n}/</link>"
        "<content:encoded><![CDATA[{body}]]></content:encoded>"
        "<wp:post_id>{n}</wp:post_id><wp:post_type>post</wp:post_type>"
        "<wp:status>publish</wp:status></item>\n"
    )
    path = tmp_path / "big.xml"
    with path.open("w", encoding="utf-8") as file:
        file.write(head)
        for n in range(1, 2001):
            file.write(item.format(n=n, body=body))
        file.write("</channel>\n</rss>\n")
    size = path.stat().st_size
    assert size > 3_000_000
    export = wp.scan(path)
    assert export.counts == Counter({"post": 2000})
    tracemalloc.start()
    try:
        count = sum(1 for _ in wp.items(export))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 2000
    assert peak < size / 10  # a few items at a time, not 2,000


# WordPress's theme unit test export.


@pytest.fixture(scope="module")
def theme() -> wp.Export:
    if not THEME_UNIT_TEST.exists():
        pytest.skip(f"{THEME_UNIT_TEST} absent (WordPress's theme unit test data)")
    return wp.scan(THEME_UNIT_TEST)


def theme_item(theme: wp.Export, title: str) -> wp.Item:
    return next(item for item in wp.items(theme) if item.title == title)


def test_theme_unit_test_counts(theme):
    assert theme.counts == Counter(
        {"post": 58, "page": 21, "attachment": 37, "nav_menu_item": 70}
    )
    assert len(theme.attachments) == 37
    assert Counter(item.post_type for item in wp.items(theme)) == theme.counts
    assert theme.authors["themedemos"].name == "Theme Buster"


def test_theme_unit_test_every_post_and_page_converts(theme):
    refused = []
    for item in wp.items(theme):
        if item.post_type in ("post", "page"):
            try:
                wp.article_from_item(item, theme, image_for=lambda url: 1)
            except SourceError as exc:
                refused.append(str(exc))
    # Only those without three words of prose: "Edge Case: No Content",
    # image-only posts, and the bare hierarchy pages.
    assert all(message.endswith("no recognisable article text") for message in refused)
    assert len(refused) <= 10


def test_theme_unit_test_gutenberg_lists_and_tables(theme):
    item = theme_item(theme, "WP 6.1 Text category blocks")
    imported = wp.article_from_item(item, theme)
    assert imported.body == [
        paragraph(
            "This test post was generated using the block theme Emptytheme in "
            "WordPress 6.1.1."
        ),
        paragraph("Paragraph"),
        heading("H1 Heading"),  # the page title is the only h1
        heading("H2 Heading"),
        heading("H3 Heading", 3),
        heading("H4 Heading", 4),
        heading("H5 Heading", 4),
        heading("H6 Heading", 4),
        {
            "type": "list",
            "value": {
                "ordered": False,
                "items": [
                    {"text": "List", "children": []},
                    {"text": "List", "children": []},
                ],
            },
        },
        {
            "type": "list",
            "value": {
                "ordered": True,
                "items": [
                    {"text": "List", "children": []},
                    {"text": "List", "children": []},
                ],
            },
        },
        # An ordered list item holding an unordered list.
        {
            "type": "list",
            "value": {
                "ordered": True,
                "items": [{"text": "List", "children": ["List"]}],
            },
        },
        {"type": "quote", "value": {"text": "Quote block", "attribution": "citation"}},
        # "classic block" and "code block" are dropped by the HTML importer's
        # cleanup (a few lowercase words read as an image's alt text).
        paragraph("Preformatted block"),
        {"type": "quote", "value": {"text": "Pull quote", "attribution": "Citation"}},
        {
            "type": "table",
            "value": {
                "caption": "Table caption",
                "header": ["table cell", "table cell two"],
                "rows": [["table cell three", "table cell four"]],
            },
        },
        {
            "type": "table",
            "value": {
                "caption": "Table caption",
                "header": ["header label one", "header label two"],
                "rows": [
                    ["table cell", "table cell two"],
                    ["table cell three", "table cell four"],
                    ["footer label one", "footer label two"],
                ],
            },
        },
        paragraph("Verse block"),
    ]
    # Reported at their lines in the export file.
    assert [(d.line, d.text) for d in imported.dropped] == [
        (2272, "classic block"),
        (2275, "code block"),
    ]
    assert imported.warnings[0].startswith("line 2213: a second <h1>")


def test_theme_unit_test_captioned_images(theme):
    base = "https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment"
    ids = {f"{base}-580x300.jpg": 101, f"{base}-150x150.jpg": 102}
    item = theme_item(theme, "Markup: Image Alignment")
    imported = wp.article_from_item(item, theme, image_for=ids.get)
    filler = (
        "As you can see the should be some space above, below, and to the right "
        "of the image. The text should not be creeping on the image. Creeping is "
        "just not right. Images need breathing room too. Let them speak like you "
        "words. Let them do their jobs without any hassle from the text. In about "
        "one more sentence here, we'll see that the text moves from the right of "
        "the image down below the image in seamless transition. Again, letting "
        "the do it's thang. Mission accomplished!"
    )
    large = (
        "The image above, though 1200px wide, should not overflow the content "
        "area. It should remain contained with no visible disruption to the flow "
        "of content."
    )
    right = (
        "And now we're going to shift things to the <b><i>right align</i></b>. "
        "Again, there should be plenty of room above, below, and to the left of "
        "the image. Just look at him there... Hey guy! Way to rock that right "
        "side. I don't care what the left aligned image says, you look great. "
        "Don't let anyone else tell you differently."
    )
    wrap = (
        "In just a bit here, you should see the text start to wrap below the "
        "right aligned image and settle in nicely. There should still be plenty "
        "of room and everything should be sitting pretty. Yeah... Just like "
        "that. It never felt so good to be right."
    )
    left = (
        "The rest of this paragraph is filler for the sake of seeing the text "
        "wrap around the 150x150 image, which is <b><i>left aligned</i></b>."
    )
    massive = (
        "And now for a <b><i>massively large image</i></b>. It also has "
        "<b><i>no alignment</i></b>."
    )
    assert imported.body == [
        paragraph(
            "Welcome to image alignment! The best way to demonstrate the ebb and "
            "flow of the various image positioning options is to nestle them "
            "snuggly among an ocean of words. Grab a paddle and let's get started."
        ),
        paragraph(
            "On the topic of alignment, it should be noted that users can choose "
            "from the options of <i>None</i>, <i>Left</i>, <i>Right,</i> and "
            "<i>Center</i>. In addition, they also get the options of "
            "<i>Thumbnail</i>, <i>Medium</i>, <i>Large</i> &amp; <i>Fullsize</i>. "
            "Be sure to try this page in RTL mode and it should look the same as LTR."
        ),
        image(101, "Image Alignment 580x300"),
        paragraph("The image above happens to be <b><i>centered</i></b>."),
        image(102, "Image Alignment 150x150"),  # ends the paragraph it starts
        paragraph(left),
        paragraph(filler),
        paragraph(massive),
        paragraph(large),
        paragraph(
            "And we try the large image again, with the center alignment since "
            f"that sometimes is a problem. {large}"
        ),
        paragraph(right),
        paragraph(wrap),
        paragraph(
            "And just when you thought we were done, we're going to do them all "
            "over again with captions!"
        ),
        image(
            101, "Image Alignment 580x300", "Look at 580x300 getting some caption love."
        ),
        paragraph(
            "The image above happens to be <b><i>centered</i></b>. The caption "
            "also has a link in it, just to see if it does anything funky."
        ),
        image(
            102, "Image Alignment 150x150", "Bigger caption than the image usually is."
        ),
        paragraph(left),
        paragraph(filler),
        paragraph(massive),
        paragraph(large),
        paragraph(f"And again with the big image centered. {large}"),
        paragraph(right),
        paragraph(wrap),
        paragraph(
            "And that's a wrap, yo! You survived the tumultuous waters of "
            "alignment. Image alignment achievement unlocked! One last thing: The "
            "last item in this post's content is a thumbnail floated right. Make "
            "sure any elements after the content are clearing properly."
        ),
    ]
    # The captions of images with no file are reported, with the images.
    captions = [
        (d.line, d.text) for d in imported.dropped if d.reason == html.CAPTION_REASON
    ]
    assert captions == [
        (10501, "Comment for massive image for your eyeballs."),
        (10504, "This massive image is centered."),
        (10508, "Feels good to be right all the time."),
    ]


def test_theme_unit_test_special_characters_title(theme):
    title = "Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>"
    item = theme_item(theme, title)
    imported = wp.article_from_item(item, theme)
    assert imported.title == title
    assert imported.slug == "title-with-special-characters"
    assert imported.body[:3] == [
        paragraph(
            "Putting special characters in the title should have no adverse effect "
            "on the layout or functionality."
        ),
        paragraph(
            "Special characters in the post title have been known to cause issues "
            "with JavaScript when it is minified, especially in the admin when "
            "editing the post itself (ie. issues with metaboxes, media upload, etc.)."
        ),
        heading("Latin Character Tests"),
    ]
    table = imported.body[4]
    assert table["type"] == "table"
    assert table["value"]["header"] == [
        "!",
        '"',
        "#",
        "$",
        "%",
        "&",
        "'",
        "(",
        ")",
        "*",
    ]


def test_theme_unit_test_title_markup_is_plain_text(theme):
    titles = {item.title for item in wp.items(theme) if item.post_type == "post"}
    assert "Markup: Title With Markup" in titles


# The image hook in html.parse_markup.


def test_parse_markup_image_hook_keeps_document_order():

    markup = (
        "<p>Before the list of stretches to try.</p>"
        '<ul><li>Knee to chest <img src="a.jpg" alt="A"></li><li>Cat and cow</li></ul>'
        '<figure><img src="b.jpg" alt="B"><img src="c.jpg"><figcaption>Both'
        "</figcaption></figure><p>After the figure comes more text.</p>"
    )
    known = {"a.jpg": 1, "b.jpg": 2, "c.jpg": 3}
    imported = html.parse_markup(markup, "x.html", title="T", image_for=known.get)
    assert [b["type"] for b in imported.body] == [
        "paragraph",
        "list",
        "image",  # met inside the list: it follows the list
        "image",
        "image",
        "paragraph",
    ]
    assert imported.body[3]["value"]["caption"] == "Both"  # the first image's
    assert imported.body[4]["value"]["caption"] == ""
    assert imported.dropped == []
    # Without the hook, or without an id, images are reported as before.
    plain = html.parse_markup(markup, "x.html", title="T")
    assert [d.reason for d in plain.dropped] == [
        html.IMAGE_REASON,
        html.IMAGE_REASON,
        html.IMAGE_REASON,
        html.CAPTION_REASON,
    ]
    assert (
        html.parse_markup(
            markup, "x.html", title="T", image_for=lambda url: None
        ).dropped
        == plain.dropped
    )


def test_short_lowercase_list_items_are_kept():
    """Alt text scraped as a line looks like "woman stretching"; in markup a
    list item is an item, and never taken for a stray caption."""
    from articles.importing import html as html_importer

    imported = html_importer.parse_markup(
        "<p>Items of a nested list follow, to check each one is kept.</p>"
        "<ul><li>unordered<ul><li>nested item</li></ul></li><li>ordered item</li></ul>",
        "x.html",
        title="Lists",
    )
    assert imported.body[1]["value"]["items"] == [
        {"text": "unordered", "children": ["nested item"]},
        {"text": "ordered item", "children": []},
    ]
