"""Markdown import: rendered by markdown-it-py, then imported as HTML; front
matter sets the title, description, slug and tags; lines point at the .md file."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from articles.importing import SourceError, parse_file
from articles.importing.markdown import hashtag, parse, split_front_matter
from articles.models import ArticlePage

from .outline import outline

PARA = "Massage eases the tight muscles that press on the sciatic nerve."
PARA2 = "Most people feel looser after two or three weekly sessions."
IMAGE = "image: import the file in the admin"

FRONT_MATTER = """---
title: "Massage for Sciatica: What Helps"
description: How massage eases sciatic pain.
slug: massage-sciatica
tags: [Sciatica, "massage therapy", '#BackPain']
author: Jane Doe
date: 2024-03-03
---
"""


def imported(text: str):
    return parse(text, "draft.md")


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{html}</p>"}


def heading(text: str, level: int = 2) -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


class TestStructure:
    def test_small_document_gives_exact_blocks(self):
        article = imported(
            "# Massage for Sciatica\n\n"
            "Massage eases **tight** muscles that [press on the *sciatic* nerve]"
            "(https://www.nhs.uk/conditions/sciatica/).\n\n"
            "## Why It Helps\n\n"
            f"{PARA2}\n\n"
            "### At Home\n\n"
            "- Heat\n- Ice\n\n"
            "1. Warm up\n2. Stretch\n"
        )
        assert article.title == "Massage for Sciatica"
        assert article.slug == "massage-for-sciatica"
        assert article.search_description == (
            "Massage eases tight muscles that press on the sciatic nerve."
        )
        assert article.body == [
            paragraph(
                'Massage eases <b>tight</b> muscles that <a href="https://www.nhs.uk'
                '/conditions/sciatica/">press on the <i>sciatic</i> nerve</a>.'
            ),
            heading("Why It Helps"),
            paragraph(PARA2),
            heading("At Home", 3),
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
        assert (article.dropped, article.flags, article.warnings) == ([], [], [])

    def test_soft_breaks_join_and_hard_breaks_split(self):
        article = imported(
            f"# Title\n\nMassage eases\ntight muscles.\n\n{PARA}  \n{PARA2}\n"
        )
        assert outline(article.body) == [
            ("p", "Massage eases tight muscles."),
            ("p", PARA),
            ("p", PARA2),
        ]

    def test_nested_lists_loose_items_and_deeper_levels(self):
        article = imported(
            f"# Title\n\n{PARA}\n\n"
            "- Heat\n\n  - Hot pack\n  - Warm bath\n\n"
            "- Stretch\n  1. Piriformis\n     - Sit down\n"
        )
        assert outline(article.body[1:]) == [
            (
                "ul",
                [
                    ("Heat", ["Hot pack", "Warm bath"]),
                    ("Stretch", ["Piriformis", "Sit down"]),
                ],
            )
        ]
        assert article.warnings == [
            "line 5: a list nested more than one level deep; its deeper items "
            "became sub-items of their top-level item"
        ]

    def test_table(self):
        article = imported(
            f"# Title\n\n{PARA}\n\n"
            "| Cause | Description |\n|---|---|\n"
            "| Herniated disk | Presses on the **nerve** |\n| Bone spurs |\n"
        )
        assert article.body[1] == {
            "type": "table",
            "value": {
                "caption": "",
                "header": ["Cause", "Description"],
                "rows": [
                    ["Herniated disk", "Presses on the nerve"],
                    ["Bone spurs", ""],
                ],
            },
        }

    def test_quote_with_attribution_and_code(self):
        article = imported(
            f"# Title\n\n{PARA}\n\n"
            "> Massage gave me my evenings back.\n>\n> — A patient\n\n"
            "    hold for 30 seconds\n"
        )
        assert article.body[1:] == [
            {
                "type": "quote",
                "value": {
                    "text": "Massage gave me my evenings back.",
                    "attribution": "A patient",
                },
            },
            paragraph("hold for 30 seconds"),
        ]

    def test_raw_html_is_imported_like_html(self):
        article = imported(
            f"# Title\n\n{PARA}\n\n"
            '<div class="note">Drink <b>water</b> after.</div>\n\n'
            "<script>alert(1)</script>\n\n"
            "Pain eased<sup>1</sup>.\n"
        )
        assert article.body[1:] == [
            paragraph("Drink <b>water</b> after."),
            paragraph("Pain eased<sup>1</sup>."),
        ]

    def test_images_are_dropped_with_their_markdown_line(self):
        article = imported(
            f"# Title\n\n{PARA}\n\n![A back massage](/img/back.jpg)\n\n"
            "Text with ![icon](/img/i.png) inside.\n"
        )
        assert outline(article.body) == [("p", PARA), ("p", "Text with inside.")]
        assert [(d.line, d.text, d.reason) for d in article.dropped] == [
            (5, "/img/back.jpg (alt: A back massage)", IMAGE),
            (7, "/img/i.png (alt: icon)", IMAGE),
        ]

    def test_hashtags_boilerplate_and_sales_copy(self):
        article = imported(
            "# Title\n\n"
            "We look at the benefits of #massagetherapyforsciatica today.\n\n"
            "Our experienced therapists can help. #SciaticaRelief #Massage\n\n"
            "## Leave a Reply\n\n"
            "Your email address will not be published.\n"
        )
        assert article.hashtags == [
            "massagetherapyforsciatica",
            "SciaticaRelief",
            "Massage",
        ]
        assert outline(article.body) == [
            ("p", "We look at the benefits of massage therapy for sciatica today."),
            ("p", "Our experienced therapists can help."),
        ]
        assert [(f.kind, f.line, f.block) for f in article.flags] == [
            ("inline-hashtag", 3, 0),
            ("promotional", 5, 1),
        ]
        assert [(d.line, d.reason) for d in article.dropped] == [
            (7, "comment form"),
            (9, "comment form"),
        ]


class TestFrontMatter:
    def test_sets_title_description_slug_and_tags(self):
        article = imported(f"{FRONT_MATTER}\n{PARA}\n\n![Back](/b.jpg)\n")
        assert article.title == "Massage for Sciatica: What Helps"
        assert article.slug == "massage-sciatica"
        assert article.search_description == "How massage eases sciatic pain."
        assert article.hashtags == ["Sciatica", "MassageTherapy", "BackPain"]
        assert outline(article.body) == [("p", PARA)]
        # Lines count from the top of the file, front matter included.
        assert [(d.line, d.text) for d in article.dropped] == [
            (12, "/b.jpg (alt: Back)")
        ]
        assert article.warnings == [
            "front matter: ignored author, date (an import sets only the title, "
            "description, slug and tags)"
        ]

    def test_an_h1_repeating_the_title_is_dropped(self):
        article = imported(
            f"{FRONT_MATTER}\n# Massage for Sciatica: What Helps\n\n{PARA}\n"
        )
        assert outline(article.body) == [("p", PARA)]
        assert article.warnings[1:] == []

    def test_a_different_h1_becomes_an_h2(self):
        article = imported(f"{FRONT_MATTER}\n# Massage Basics\n\n{PARA}\n")
        assert article.title == "Massage for Sciatica: What Helps"
        assert outline(article.body) == [("h2", "Massage Basics"), ("p", PARA)]
        assert article.warnings[1:] == [
            "line 10: a second <h1> “Massage Basics” became an h2; the page title "
            "is the only h1"
        ]

    def test_tags_as_a_block_list_and_hashtags_from_the_text_are_merged(self):
        article = imported(
            "---\ntitle: Massage\ntags:\n  - sciatica\n  - back_pain\n---\n"
            f"{PARA} #Sciatica #Relief\n"
        )
        assert article.hashtags == ["sciatica", "BackPain", "Relief"]

    def test_windows_line_endings(self):
        article = imported(FRONT_MATTER.replace("\n", "\r\n") + f"\r\n{PARA}\r\n")
        assert article.title == "Massage for Sciatica: What Helps"
        assert outline(article.body) == [("p", PARA)]

    def test_front_matter_with_no_text_after_it(self):
        with pytest.raises(SourceError, match=r"^draft\.md: no recognisable"):
            imported("---\ntitle: Massage for Sciatica\n---\n")

    @pytest.mark.parametrize(
        ("text", "title", "rest", "first_line"),
        [
            ("---\ntitle: A\n---\nText\n", "A", "Text\n", 4),
            ("---\ntitle: 'A'\n...\nText", "A", "Text", 4),
            (
                "---\n# a comment\n\ntitle: A # not a comment\n---\n",
                "A # not a comment",
                "",
                6,
            ),
            # Not key: value lines, so a thematic break and text, not front matter.
            ("---\nJust text\n---\nMore\n", "", "---\nJust text\n---\nMore\n", 1),
            # Never closed.
            ("---\ntitle: A\nText\n", "", "---\ntitle: A\nText\n", 1),
            ("Text\n---\ntitle: A\n---\n", "", "Text\n---\ntitle: A\n---\n", 1),
        ],
    )
    def test_split_front_matter(self, text, title, rest, first_line):
        front, body, line = split_front_matter(text)
        assert (front.title, body, line) == (title, rest, first_line)

    @pytest.mark.parametrize(
        ("tag", "expected"),
        [
            ("Sciatica", "Sciatica"),
            ("#BackPain", "BackPain"),
            ("massage therapy", "MassageTherapy"),
            ("back-pain", "BackPain"),
            ("covid_19", "Covid19"),
            ("massage_101", "Massage101"),
            ("#", ""),
        ],
    )
    def test_tags_become_valid_hashtags(self, tag, expected):
        assert hashtag(tag) == expected


class TestBadInput:
    def test_empty_file(self, write_source):
        with pytest.raises(SourceError, match=r"draft\.md: file is empty$"):
            parse_file(write_source("\n\n", "draft.md"))

    @pytest.mark.parametrize("text", ["***\n", "# Only a Heading\n", "<!-- x -->\n"])
    def test_no_article_text(self, text):
        with pytest.raises(SourceError, match=r"^draft\.md: no recognisable"):
            imported(text)


@pytest.mark.django_db
def test_import_articles_dry_run_json(write_source):
    path = write_source(
        f"{FRONT_MATTER}\n# Massage for Sciatica: What Helps\n\n{PARA}\n\n"
        "## Why It Helps\n\n- Heat\n- Ice\n",
        "draft.markdown",
    )
    out = StringIO()
    call_command(
        "import_articles", str(path), "--dry-run", "--format", "json", stdout=out
    )
    (line,) = out.getvalue().splitlines()
    assert json.loads(line) == {
        "source": str(path),
        "title": "Massage for Sciatica: What Helps",
        "slug": "massage-sciatica",
        "search_description": "How massage eases sciatic pain.",
        "hashtags": ["Sciatica", "MassageTherapy", "BackPain"],
        "body": [
            paragraph(PARA),
            heading("Why It Helps"),
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
        ],
        "dropped": [],
        "flags": [],
        "warnings": [
            "front matter: ignored author, date (an import sets only the title, "
            "description, slug and tags)"
        ],
    }
    assert ArticlePage.objects.count() == 0
