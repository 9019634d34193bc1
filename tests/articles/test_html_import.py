"""HTML import: what the markup becomes, block by block, and what is left out."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import call_command

from articles.blocks import contract_data
from articles.importing import SourceError, parse_file
from articles.importing.html import parse
from articles.importing.store import default_parent, store
from articles.models import ArticlePage

from .outline import outline

PARA = "Massage eases the tight muscles that press on the sciatic nerve."
PARA2 = "Most people feel looser after two or three weekly sessions."
IMAGE = "image: import the file in the admin"


def imported(markup: str):
    return parse(markup, "sample.html")


def page(body: str) -> str:
    return f"<h1>Massage for Sciatica</h1>\n<p>{PARA}</p>\n{body}"


def rest(markup: str) -> list[dict]:
    """The blocks after page()'s opening paragraph."""
    article = imported(page(markup))
    assert article.body[0] == {"type": "paragraph", "value": f"<p>{PARA}</p>"}
    return article.body[1:]


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{html}</p>"}


def heading(text: str, level: int = 2) -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


class TestStructure:
    def test_small_document_gives_exact_blocks(self):
        article = imported(
            "<h1>Massage for Sciatica</h1>\n"
            f"<p>{PARA}</p>\n"
            "<h2>Why It Helps</h2>\n"
            f"<p>{PARA2}</p>\n"
            "<h3>Heat First</h3>\n"
            "<ul><li>Heat</li><li>Ice</li></ul>\n"
            "<ol><li>Warm up</li><li>Stretch</li></ol>\n"
        )
        assert article.title == "Massage for Sciatica"
        assert article.slug == "massage-for-sciatica"
        assert article.body == [
            paragraph(PARA),
            heading("Why It Helps"),
            paragraph(PARA2),
            heading("Heat First", 3),
            {
                "type": "list",
                "value": {
                    "ordered": False,
                    "items": [
                        {"text": "Heat", "children": []},
                        {"text": "Ice", "children": []},
                    ],
                },
            },
            {
                "type": "list",
                "value": {
                    "ordered": True,
                    "items": [
                        {"text": "Warm up", "children": []},
                        {"text": "Stretch", "children": []},
                    ],
                },
            },
        ]
        assert article.dropped == []
        assert article.flags == []
        assert article.warnings == []

    @pytest.mark.parametrize(
        ("markup", "rich_text"),
        [
            (
                "<strong>Rest</strong> and <em>stretch</em>.",
                "<b>Rest</b> and <i>stretch</i>.",
            ),
            ("<b>Rest</b> and <i>stretch</i>.", "<b>Rest</b> and <i>stretch</i>."),
            (
                'See <a href="https://www.nhs.uk/conditions/sciatica/">the NHS</a>.',
                'See <a href="https://www.nhs.uk/conditions/sciatica/">the NHS</a>.',
            ),
            (
                'See <a href="/types-of-massage/">types</a>.',
                'See <a href="/types-of-massage/">types</a>.',
            ),
            # One link, even when part of it is bold.
            (
                'See <a href="/x">the <b>full</b> guide</a>.',
                'See <a href="/x">the <b>full</b> guide</a>.',
            ),
            ("Pain eased<sup>1</sup> quickly.", "Pain eased<sup>1</sup> quickly."),
            # Markup the paragraph block does not offer keeps only its text.
            (
                '<span class="x">Rest</span> <u>and</u> <code>stretch</code>.',
                "Rest and stretch.",
            ),
            (
                'A <a href="#ref-1">note</a> and <a href="javascript:go()">more</a>.',
                "A note and more.",
            ),
            ('An <a name="anchor">anchor</a> here.', "An anchor here."),
            # Source whitespace and no-break spaces collapse; spaces leave the tags.
            ("Rest\n    and&nbsp;&nbsp;stretch .", "Rest and stretch."),
            ("<b>Rest </b> and<i> stretch</i>.", "<b>Rest</b> and <i>stretch</i>."),
            ("Heat &lt; ice &amp; rest.", "Heat &lt; ice &amp; rest."),
            (
                'See <a href="/a?x=1&amp;y=&quot;2&quot;">this</a>.',
                'See <a href="/a?x=1&amp;y=&quot;2&quot;">this</a>.',
            ),
        ],
    )
    def test_inline_markup_in_wagtail_rich_text_form(self, markup, rich_text):
        assert rest(f"<p>{markup}</p>") == [paragraph(rich_text)]

    def test_text_outside_paragraphs_and_line_breaks_make_paragraphs(self):
        assert rest(
            f"<div>{PARA2}<div>Inner text here.</div>Tail <i>text</i> here.</div>"
            "<p>Line one here.<br>Line <b>two<br>three</b> here.</p>"
        ) == [
            paragraph(PARA2),
            paragraph("Inner text here."),
            paragraph("Tail <i>text</i> here."),
            paragraph("Line one here."),
            paragraph("Line <b>two</b>"),
            paragraph("<b>three</b> here."),
        ]

    def test_heading_levels_clamp_and_later_h1s_become_h2s(self):
        article = imported(
            page("<h4>Four</h4><h5>Five</h5><h6>Six</h6>\n<h1>Another Title</h1>")
        )
        assert article.body[1:] == [
            heading("Four", 4),
            heading("Five", 4),
            heading("Six", 4),
            heading("Another Title", 2),
        ]
        assert article.warnings == [
            "line 4: a second <h1> “Another Title” became an h2; the page title is "
            "the only h1"
        ]

    def test_empty_elements_make_no_blocks(self):
        assert rest("<p>&nbsp;</p><h2> </h2><ul><li> </li></ul><table></table>") == []

    def test_quote_with_its_attribution(self):
        assert rest(
            "<blockquote><p>Massage gave me my evenings back.</p>"
            "<footer>— A patient</footer></blockquote>"
            "<blockquote><p>Rest first.</p><p>Then move.</p><p>– Dr Lee</p>"
            "</blockquote>"
            "<blockquote>Read <cite>Back Care</cite> daily.</blockquote>"
        ) == [
            {
                "type": "quote",
                "value": {
                    "text": "Massage gave me my evenings back.",
                    "attribution": "A patient",
                },
            },
            {
                "type": "quote",
                "value": {"text": "Rest first. Then move.", "attribution": "Dr Lee"},
            },
            {
                "type": "quote",
                "value": {"text": "Read Back Care daily.", "attribution": ""},
            },
        ]

    def test_definition_lists_stay_paragraphs(self):
        assert rest(
            "<dl><dt>Is massage safe?</dt><dd>Yes, for most people.</dd></dl>"
        ) == [paragraph("Is massage safe?"), paragraph("Yes, for most people.")]


class TestTitleAndDescription:
    def test_meta_description_is_used(self):
        article = imported(
            '<head><meta name="Description" content=" How massage\n eases pain. ">'
            f"</head><body>{page('')}</body>"
        )
        assert article.search_description == "How massage eases pain."

    def test_without_meta_description_the_opening_sentences_are_used(self):
        article = imported(page(f"<p>{PARA2}</p>"))
        assert article.search_description == PARA

    def test_page_title_without_the_site_name_when_there_is_no_h1(self):
        article = imported(
            "<html><head><title>Massage for Sciatica - What Helps | Calm Spa"
            f"</title></head><body><p>{PARA}</p></body></html>"
        )
        assert article.title == "Massage for Sciatica - What Helps"
        assert article.warnings == [
            "no <h1> found; used the page <title> “Massage for Sciatica - What Helps "
            "| Calm Spa” as the title “Massage for Sciatica - What Helps”: check it"
        ]

    def test_title_is_never_a_mid_article_heading(self):
        article = imported(
            f"<p>{PARA}</p><h2>How Massage Relieves Sciatic Nerve Pain</h2>"
            f"<p>{PARA} {PARA2}</p>"
        )
        assert article.title == (
            "Massage eases the tight muscles that press on the sciatic nerve"
        )
        assert article.warnings == [
            "no title found; used the opening words “Massage eases the tight "
            "muscles that press on the sciatic nerve” as the title: check it"
        ]
        assert article.body[1] == heading("How Massage Relieves Sciatic Nerve Pain")

    def test_an_opening_heading_becomes_the_title_and_leaves_the_body(self):
        article = imported(f"<h2>Shin Splints in Runners</h2><p>{PARA}</p>")
        assert article.title == "Shin Splints in Runners"
        assert outline(article.body) == [("p", PARA)]
        assert article.warnings == [
            "no title found; used the opening heading “Shin Splints in Runners” "
            "as the title: check it"
        ]

    def test_h1_in_the_article_header_is_the_title_and_the_byline_is_dropped(self):
        article = imported(
            "<article>\n<header>\n<h1>Massage for Sciatica</h1>\n"
            "<h2>A Gentle Guide</h2>\n"
            "<p>By Jane Doe · March 3, 2024</p>\n</header>\n"
            f"<p>{PARA}</p>\n</article>"
        )
        assert article.title == "Massage for Sciatica"
        assert article.body == [heading("A Gentle Guide"), paragraph(PARA)]
        assert [(d.line, d.text, d.reason) for d in article.dropped] == [
            (2, "By Jane Doe · March 3, 2024", "article header (byline, dates)")
        ]


REALISTIC_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Massage for Sciatica | Calm Spa</title>
  <meta name="description"
    content="How massage eases sciatic pain, and when to see a doctor.">
  <style>body { font-family: serif; }</style>
  <script>window.dataLayer = [];</script>
</head>
<body class="post-template-default single single-post">
  <a class="skip-link screen-reader-text" href="#content">Skip to content</a>
  <header id="masthead" class="site-header">
    <p class="site-title"><a href="/">Calm Spa</a></p>
    <nav class="main-navigation"><ul><li><a href="/">Home</a></li>
      <li><a href="/blog/">Blog</a></li></ul></nav>
  </header>
  <div id="content" class="site-content">
    <main id="main">
      <article class="post">
        <header class="entry-header">
          <h1 class="entry-title">Massage for Sciatica</h1>
          <div class="entry-meta">Posted on March 3, 2024 by Jane</div>
        </header>
        <div class="entry-content">
          <p>Sciatica is pain along the
            <a href="https://www.nhs.uk/conditions/sciatica/">sciatic nerve</a>.
            Massage can ease it.</p>
          <nav class="toc"><ol><li><a href="#why">Why it helps</a></li></ol></nav>
          <h2 id="why">Why It Helps</h2>
          <p>Tight muscles press on the nerve;
            <strong>massage loosens them</strong>.</p>
          <figure class="wp-block-image">
            <img src="/media/back-massage.jpg" alt="A therapist massaging a lower back">
            <figcaption>Deep tissue work on the lower back.</figcaption>
          </figure>
          <aside class="callout">Tip: drink water after a massage.</aside>
          <iframe src="https://www.youtube.com/embed/abc123"></iframe>
          <p>Our experienced therapists are here for you; book now.</p>
          <div class="sharedaddy"><h3>Share this:</h3><ul><li>Facebook</li></ul></div>
        </div>
        <footer class="entry-footer">Tags: massage, sciatica</footer>
      </article>
      <section class="related-posts"><article><h2>Heat or Ice?</h2>
        <p>A much longer related post teaser that goes on and on.</p>
      </article></section>
      <div id="comments" class="comments-area">
        <h2 class="comments-title">2 thoughts on “Massage for Sciatica”</h2>
        <ol class="comment-list"><li><article class="comment-body">
          <p>Great post!</p></article></li></ol>
        <div id="respond"><h3>Leave a Reply</h3>
          <form><textarea name="comment"></textarea>
            <button>Post Comment</button></form></div>
      </div>
    </main>
    <aside id="secondary" class="widget-area"><h2>Recent Posts</h2></aside>
  </div>
  <footer id="colophon" class="site-footer">© 2024 Calm Spa</footer>
</body>
</html>
"""


class TestRealisticPage:
    @pytest.fixture
    def article(self):
        return imported(REALISTIC_PAGE)

    def test_only_the_article_is_imported(self, article):
        assert article.title == "Massage for Sciatica"
        assert article.search_description == (
            "How massage eases sciatic pain, and when to see a doctor."
        )
        assert article.body == [
            paragraph(
                'Sciatica is pain along the <a href="https://www.nhs.uk/conditions/'
                'sciatica/">sciatic nerve</a>. Massage can ease it.'
            ),
            heading("Why It Helps"),
            paragraph("Tight muscles press on the nerve; <b>massage loosens them</b>."),
            paragraph("Our experienced therapists are here for you; book now."),
        ]

    def test_what_was_left_out_is_reported_with_its_line(self, article):
        image = "/media/back-massage.jpg (alt: A therapist massaging a lower back)"
        assert [(d.line, d.text, d.reason) for d in article.dropped] == [
            (21, "Posted on March 3, 2024 by Jane", "article header (byline, dates)"),
            (29, "Why it helps", "navigation"),
            (34, image, IMAGE),
            (
                35,
                "Deep tissue work on the lower back.",
                "image caption: add it with the image in the admin",
            ),
            (
                37,
                "Tip: drink water after a massage.",
                "aside (sidebar or pull-out box)",
            ),
            (
                38,
                "https://www.youtube.com/embed/abc123",
                "embedded media: add it in the admin",
            ),
            (40, "Share this: Facebook", "share buttons"),
            (42, "Tags: massage, sciatica", "footer"),
        ]

    def test_sales_copy_is_flagged(self, article):
        assert [(f.kind, f.line, f.block) for f in article.flags] == [
            ("promotional", 39, 3)
        ]

    def test_the_site_around_the_article_is_not_reported(self, article):
        reported = " ".join(d.text for d in article.dropped)
        for text in ("Calm Spa", "Home", "Great post", "Recent Posts", "Heat or Ice"):
            assert text not in reported

    def test_without_article_element_main_is_used_and_furniture_dropped(self):
        article = imported(
            REALISTIC_PAGE.replace("<article", "<div").replace("</article>", "</div>")
        )
        reasons = {d.reason for d in article.dropped}
        assert {"comment section", "related-posts list", "navigation"} <= reasons
        assert article.title == "Massage for Sciatica"
        assert len(article.body) == 4

    def test_role_main_counts_as_main(self):
        article = imported(
            "<body><div role='navigation'>Home</div><div class='menu'>Blog</div>"
            f"<div role='main'><h1>Massage for Sciatica</h1><p>{PARA}</p></div>"
            "<div>Site-wide promo text here.</div></body>"
        )
        assert article.body == [paragraph(PARA)]
        assert article.dropped == []

    def test_without_main_or_article_the_body_is_used(self):
        article = imported(
            "<body><header><a href='/'>Calm Spa</a></header>"
            f"<div class='entry-content'><h1>Massage for Sciatica</h1><p>{PARA}</p>"
            "</div><div id='sidebar'>Popular posts</div>"
            "<footer>© Calm Spa</footer></body>"
        )
        assert article.body == [paragraph(PARA)]
        assert [(d.text, d.reason) for d in article.dropped] == [
            ("Calm Spa", "site header"),
            ("Popular posts", "sidebar"),
            ("© Calm Spa", "footer"),
        ]


class TestDisclaimers:
    def test_a_disclaimer_paragraph_becomes_a_disclaimer_block(self):
        note = (
            "This article is for general information and is not a substitute "
            "for advice from your own doctor."
        )
        article = imported(page(f"<p><em>{note}</em></p>"))
        assert outline(article.body) == [("p", PARA), ("disclaimer", note)]
        assert article.body[1]["value"] == {"text": f"<p><i>{note}</i></p>"}

    def test_a_disclaimer_at_the_top_is_not_the_meta_description(self):
        note = "Please note: this page is for informational purposes only."
        article = imported(
            f"<h1>Migraine Triggers</h1><p>{note}</p><p>{PARA} {PARA2}</p>"
        )
        assert outline(article.body) == [("disclaimer", note), ("p", f"{PARA} {PARA2}")]
        assert article.search_description == f"{PARA} {PARA2}"


class TestSiteFurniture:
    def test_shortcodes_go_and_the_markup_around_them_stays(self):
        article = imported(
            page(
                '<p>[vc_row][vc_column width="1/2"]Knee pain is <b>common</b> in '
                "runners.[/vc_column][/vc_row]</p>"
            )
        )
        assert article.body[1] == {
            "type": "paragraph",
            "value": "<p>Knee pain is <b>common</b> in runners.</p>",
        }
        assert [d.reason for d in article.dropped] == ["page-builder shortcode"] * 2

    def test_a_list_of_short_links_is_a_menu(self):
        menu = (
            '<ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li>'
            '<li><a href="/physio">Physiotherapy</a></li></ul>'
        )
        article = imported(page(f"{menu}<p>{PARA2}</p>"))
        assert outline(article.body) == [("p", PARA), ("p", PARA2)]
        assert [(d.text, d.reason) for d in article.dropped] == [
            ("Home About us Physiotherapy", "navigation menu")
        ]

    def test_a_list_with_prose_in_it_is_kept(self):
        items = (
            '<ul><li><a href="/rest">Rest</a> the knee for two days</li>'
            '<li><a href="/ice">Ice</a></li><li><a href="/lift">Elevate</a></li></ul>'
        )
        article = imported(page(items))
        assert outline(article.body)[1][0] == "ul"

    def test_buttons_and_skip_links_are_dropped(self):
        article = imported(
            page(
                '<p><a href="#main">Skip to content</a></p>'
                '<p><a href="/book">Book an Appointment</a></p>'
                f"<p>{PARA2}</p><p>« Return to Blog listings</p>"
            )
        )
        assert outline(article.body) == [("p", PARA), ("p", PARA2)]
        assert [d.reason for d in article.dropped] == [
            "skip link",
            "call-to-action button",
            "back link",
        ]


class TestLists:
    def test_one_level_of_nesting_is_kept(self):
        assert rest(
            "<ul><li>Heat<ul><li>Hot pack</li><li>Warm bath</li></ul></li>"
            "<li>Ice</li></ul>"
        ) == [
            {
                "type": "list",
                "value": {
                    "ordered": False,
                    "items": [
                        {"text": "Heat", "children": ["Hot pack", "Warm bath"]},
                        {"text": "Ice", "children": []},
                    ],
                },
            }
        ]

    def test_deeper_levels_flatten_into_the_top_items_children(self):
        article = imported(
            page(
                "<ol><li>Stretch<ol><li>Piriformis<ul><li>Sit down</li>"
                "<li>Hold <b>30 s</b></li></ul></li><li>Hamstring</li></ol></li>"
                "<li>Rest</li></ol>"
            )
        )
        assert article.body[1] == {
            "type": "list",
            "value": {
                "ordered": True,
                "items": [
                    {
                        "text": "Stretch",
                        "children": [
                            "Piriformis",
                            "Sit down",
                            "Hold 30 s",
                            "Hamstring",
                        ],
                    },
                    {"text": "Rest", "children": []},
                ],
            },
        }
        assert article.warnings == [
            "line 3: a list nested more than one level deep; its deeper items "
            "became sub-items of their top-level item"
        ]

    @pytest.mark.parametrize(
        "markup",
        [
            # Unclosed <li>s (html.parser nests them).
            "<ul><li>Heat<li>Ice<ul><li>Cold pack</ul></ul>",
            # A list straight inside a list, as old editors write it.
            "<ul><li>Heat</li><li>Ice</li><ul><li>Cold pack</li></ul></ul>",
            # Paragraphs in items, and a wrapper around them.
            "<ul><div><li><p>Heat</p></li><li><p>Ice</p>"
            "<ul><li><p>Cold pack</p></li></ul></li></div></ul>",
        ],
    )
    def test_sloppy_lists(self, markup):
        assert outline(rest(markup)) == [("ul", [("Heat", []), ("Ice", ["Cold pack"])])]

    def test_links_in_items_are_kept_as_text_with_a_warning(self):
        article = imported(
            page('<ul><li><a href="/heat/">Heat</a> helps</li><li>Ice</li></ul>')
        )
        assert outline(article.body[1:]) == [("ul", [("Heat helps", []), ("Ice", [])])]
        assert article.warnings == [
            "1 link(s) in headings, lists, tables or quotes kept as plain text "
            "(those blocks hold no links): /heat/"
        ]


class TestTables:
    def test_header_from_thead_with_caption(self):
        assert rest(
            "<table><caption>Causes of sciatica</caption>"
            "<thead><tr><th>Cause</th><th>Description</th></tr></thead>"
            "<tbody><tr><td>Herniated disk</td><td>Presses on the nerve</td></tr>"
            "<tr><td>Bone spurs</td><td><b>Narrow</b> the space</td></tr></tbody>"
            "</table>"
        ) == [
            {
                "type": "table",
                "value": {
                    "caption": "Causes of sciatica",
                    "header": ["Cause", "Description"],
                    "rows": [
                        ["Herniated disk", "Presses on the nerve"],
                        ["Bone spurs", "Narrow the space"],
                    ],
                },
            }
        ]

    def test_header_from_a_first_row_of_th_cells(self):
        assert outline(
            rest(
                "<table><tr><th>Week</th><th>Pain</th></tr>"
                "<tr><td>1</td><td>8</td></tr></table>"
            )
        ) == [("table", ["Week", "Pain"], [["1", "8"]])]

    def test_rows_are_fitted_to_the_header_width(self):
        article = imported(
            page(
                "<table><thead><tr><th>Week</th><th>Pain</th><th>Sleep</th></tr>"
                "</thead><tbody><tr><td>1</td><td>8</td></tr>"
                "<tr><td colspan='2'>2 and 3</td><td>6</td></tr>"
                "<tr><td>4</td><td>5</td><td>7</td><td>extra</td><td></td></tr>"
                "</tbody></table>"
            )
        )
        assert outline(article.body[1:]) == [
            (
                "table",
                ["Week", "Pain", "Sleep"],
                [["1", "8", ""], ["2 and 3", "", "6"], ["4", "5", "7"]],
            )
        ]
        assert article.warnings == [
            "line 3: table rows fitted to its 3-column header: row 1 padded with "
            "empty cells; extra cells cut: extra"
        ]

    def test_a_table_without_a_header_uses_its_first_row_and_says_so(self):
        article = imported(
            page(
                "<table><tr><td></td><td>Pain</td></tr>"
                "<tr><td>Week 1</td><td>8</td></tr></table>"
            )
        )
        assert outline(article.body[1:]) == [("table", ["", "Pain"], [["Week 1", "8"]])]
        assert article.warnings == [
            "line 3: a table with no header row; its first row became the header: "
            "check it",
            "line 3: a table header cell is empty; name its column in the admin",
        ]

    def test_a_layout_table_is_read_as_text(self):
        assert outline(
            rest(
                "<table><tr><td><h2>Heat</h2><p>Warms the muscle.</p></td>"
                "<td><p>Ice numbs.</p><p>Use both.</p></td></tr></table>"
            )
        ) == [
            ("h2", "Heat"),
            ("p", "Warms the muscle."),
            ("p", "Ice numbs."),
            ("p", "Use both."),
        ]


class TestImages:
    def test_images_are_dropped_with_a_reason_and_their_text_stays(self):
        article = imported(
            page(
                '<p>Before <img src="/a.png" alt="Stretch"> after the image.</p>'
                '\n<img src="/b.jpg">'
                "\n<figure><img src='/c.jpg' alt=''><figcaption>Hold for 30 s"
                "</figcaption></figure>"
                "\n<ul><li><img src='/d.png' alt='Icon'>Heat</li></ul>"
            )
        )
        assert outline(article.body[1:]) == [
            ("p", "Before after the image."),
            ("ul", [("Heat", [])]),
        ]
        assert [(d.line, d.text, d.reason) for d in article.dropped] == [
            (3, "/a.png (alt: Stretch)", IMAGE),
            (4, "/b.jpg", IMAGE),
            (5, "/c.jpg", IMAGE),
            (5, "Hold for 30 s", "image caption: add it with the image in the admin"),
            (6, "/d.png (alt: Icon)", IMAGE),
        ]

    def test_alt_text_left_as_a_paragraph_never_opens_the_article(self):
        article = imported(
            "<h1>Knee Pain</h1>\n<p>woman holding her sore knee outdoors</p>\n"
            f"<p>{PARA}</p>\n<p>Osteoarthritis.png</p>\n<h2>Causes</h2>\n"
            "<p>hold for 30 seconds</p>"
        )
        assert outline(article.body) == [
            ("p", PARA),
            ("h2", "Causes"),
            ("p", "hold for 30 seconds"),
        ]
        assert article.search_description == PARA
        assert [d.text for d in article.dropped] == [
            "woman holding her sore knee outdoors",
            "Osteoarthritis.png",
        ]


class TestHashtags:
    def test_tag_runs_are_removed_and_inline_tags_become_words_with_a_flag(self):
        article = imported(
            page(
                "<p>We look at the benefits of <b>#massagetherapyforsciatica</b> "
                "today.</p>\n"
                '<p>Rest well. <a href="/tag/sciatica/">#Sciatica</a> #SciaticaRelief'
                "</p>\n<p>#OnlyTags #Here</p>\n<h2>Relief #Massage</h2>"
            )
        )
        assert article.hashtags == [
            "massagetherapyforsciatica",
            "Sciatica",
            "SciaticaRelief",
            "OnlyTags",
            "Here",
            "Massage",
        ]
        assert article.body[1:] == [
            paragraph(
                "We look at the benefits of <b>massage therapy for sciatica</b> today."
            ),
            paragraph("Rest well."),
            heading("Relief"),
        ]
        assert [(f.kind, f.line, f.block, f.excerpt) for f in article.flags] == [
            ("inline-hashtag", 3, 1, "#massagetherapyforsciatica")
        ]

    @pytest.mark.parametrize(
        "text",
        [
            "Ranked #1 for care.",
            '<a href="https://x.org/page#top">See it</a> now.',
            "It&#39;s fine.",
        ],
    )
    def test_things_that_are_not_hashtags(self, text):
        assert imported(page(f"<p>{text}</p>")).hashtags == []


class TestBoilerplate:
    def test_a_trailer_heading_ends_the_article(self):
        article = imported(
            page(
                "<p>Posted in Health</p>\n<h2>Leave a Reply</h2>\n"
                "<p>Your email address will not be published.</p>\n"
                "<h3>More thoughts</h3>\n<ul><li>One #Later</li></ul>"
            )
        )
        assert outline(article.body) == [("p", PARA)]
        assert [(d.line, d.text, d.reason) for d in article.dropped] == [
            (3, "Posted in Health", "post metadata"),
            (4, "Leave a Reply", "comment form"),
            (5, "Your email address will not be published.", "comment form"),
            (6, "More thoughts", "comment form"),
            (7, "One #Later", "comment form"),
        ]
        assert article.hashtags == []

    def test_boilerplate_list_items_are_dropped(self):
        article = imported(page("<ul><li>Heat</li><li>Share on Facebook</li></ul>"))
        assert outline(article.body[1:]) == [("ul", [("Heat", [])])]
        assert [(d.text, d.reason) for d in article.dropped] == [
            ("Share on Facebook", "share buttons")
        ]


class TestBadInput:
    def test_unclosed_tags_still_give_the_structure(self):
        article = imported(
            "<html><body><h1>Massage for Sciatica<p>Massage eases <b>tight muscles "
            "<i>a lot</p><p>Next <a href='/x'>link</p><h2>Why<p>Because it helps."
            "<div>Unclosed"
        )
        assert article.title == "Massage for Sciatica"
        assert article.body == [
            paragraph("Massage eases <b>tight muscles <i>a lot</i></b>"),
            paragraph('Next <a href="/x">link</a>'),
            heading("Why"),
            paragraph("Because it helps."),
            paragraph("Unclosed"),
        ]

    @pytest.mark.parametrize(
        ("markup", "message"),
        [
            (
                f"<h1>T</h1><![bogus[ x ]]><p>{PARA}</p>",
                "sample.html: not readable as HTML (unknown status keyword 'bogus' "
                "in marked section); fix the markup there",
            ),
            (
                "<div>" * 5000 + f"<p>{PARA}</p>",
                "sample.html: HTML is nested too deeply to import; simplify the markup",
            ),
            (
                "<html><head><title>Massage</title></head><body> </body></html>",
                "sample.html: no recognisable article text",
            ),
            (
                "<body><nav>Home About</nav><h1>Title</h1><footer>©</footer></body>",
                "sample.html: no recognisable article text",
            ),
        ],
    )
    def test_unusable_markup_is_one_clear_error(self, markup, message):
        with pytest.raises(SourceError) as error:
            imported(markup)
        assert str(error.value) == message

    def test_text_without_markup_is_imported_as_plain_text(self):
        article = imported(f"Massage for Sciatica\n\n{PARA}\n")
        assert article.title == "Massage for Sciatica"
        assert outline(article.body) == [("p", PARA)]
        assert article.warnings == ["no HTML markup found; imported as plain text"]

    def test_empty_file(self, write_source):
        with pytest.raises(SourceError, match=r"draft\.html: file is empty$"):
            parse_file(write_source(" \n", "draft.html"))


@pytest.mark.django_db
class TestCommand:
    def test_dry_run_json(self, write_source):
        path = write_source(REALISTIC_PAGE, "draft.html")
        out = StringIO()
        call_command(
            "import_articles", str(path), "--dry-run", "--format", "json", stdout=out
        )
        (line,) = out.getvalue().splitlines()
        data = json.loads(line)
        assert data == parse_file(path).as_json()
        assert data["source"] == str(path)
        assert data["title"] == "Massage for Sciatica"
        assert [block["type"] for block in data["body"]] == [
            "paragraph",
            "heading",
            "paragraph",
            "paragraph",
        ]
        assert data["dropped"][2]["reason"] == IMAGE
        assert ArticlePage.objects.count() == 0

    def test_stored_page_keeps_the_block_data(self, write_source):
        article = parse_file(write_source(REALISTIC_PAGE, "draft.htm"))
        body = copy.deepcopy(article.body)  # storing adds block ids to it
        result = store(article, default_parent())
        page = ArticlePage.objects.get(pk=result.page.pk)
        assert result.action == "created"
        assert page.title == "Massage for Sciatica"
        assert page.search_description == article.search_description
        assert contract_data(page.body.get_prep_value()) == body
