"""Site-wide checks: one parameter table per check, and seed 003's references."""

import pytest

from articles.importing.reader import parse_file
from seo.audit import Auditor
from seo.checks import site as checks
from seo.document import ArticleData, Document
from seo.findings import Location, Status
from seo.site import SiteIndex
from seo.sources import article_from_import

from .factories import document, heading, paragraph
from .test_site import edited, page_link, prose

LONG_TEXT = prose(300, 7)

ARTICLES = [
    ArticleData(
        title="Types of Massage Therapy",
        focus_keyphrase="types of massage therapy",
        search_description="Swedish, deep tissue and trigger point massage compared.",
        page_id=1,
    ),
    ArticleData(
        title="Massage Therapy Benefits",
        body=[paragraph(f"Compare the {page_link(1, 'types of massage')}.")],
        focus_keyphrase="benefits of massage",
        page_id=2,
    ),
    ArticleData(title="Deep Tissue Massage", page_id=3),
    ArticleData(
        title="Trigger Point Therapy",
        focus_keyphrase="trigger point therapy",
        page_id=4,
    ),
    ArticleData(title="Stretches", body=[paragraph(LONG_TEXT)], page_id=5),
    ArticleData(title="Sciatica", page_id=6),
]
PAGES = {1: True, 2: True, 3: False, 4: True, 5: True, 6: True, 50: True}


@pytest.fixture(scope="module")
def library() -> SiteIndex:
    return SiteIndex.from_articles(ARTICLES, live={3: False}, pages=PAGES)


def run(check_class, doc, params=None):
    return check_class(params).run(doc)


def summary(result):
    """Status, message and each finding's message, location and value."""
    return (
        str(result.status),
        result.message,
        [(f.message, f.location, f.value) for f in result.findings],
    )


def at(block: int, excerpt: str | None = None) -> Location:
    return Location(block=block, excerpt=excerpt)


def field(name: str) -> Location:
    return Location(field=name)


# --- broken-internal-links ----------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "No links at all.",
            ("not-applicable", "The text links to no page of this site.", []),
        ),
        (
            f"Read {page_link(1, 'the types')}.",
            ("good", "1 page link, all to published pages.", []),
        ),
        (
            f"Back to {page_link(50, 'home')}.",  # live, though not an article
            ("good", "1 page link, all to published pages.", []),
        ),
        (
            f"Read {page_link(3, 'deep tissue')} and {page_link(1, 'types')}.",
            (
                "bad",
                "1 link to pages readers cannot open.",
                [
                    (
                        "Link “deep tissue” points to “Deep Tissue Massage” "
                        "(page 3), which is not published.",
                        at(0, "deep tissue"),
                        3,
                    )
                ],
            ),
        ),
        (
            f"Read {page_link(999, 'old page')} and {page_link('', 'broken')}.",
            (
                "bad",
                "2 links to pages readers cannot open.",
                [
                    (
                        "Link “old page” points to a deleted page (id 999).",
                        at(0, "old page"),
                        999,
                    ),
                    ("Link “broken” names no valid page.", at(0, "broken"), None),
                ],
            ),
        ),
    ],
)
def test_broken_internal_links(library, html, expected):
    doc = document(paragraph(html), site=library)
    assert summary(run(checks.BrokenInternalLinks, doc)) == expected


def test_broken_links_need_an_index_that_knows_every_page():
    files = SiteIndex.from_articles(ARTICLES)  # no page list: ids may exist
    doc = document(paragraph(f"Read {page_link(999, 'x')}."), site=files)
    assert summary(run(checks.BrokenInternalLinks, doc)) == (
        "not-applicable",
        "The site index does not list the pages these links point to.",
        [],
    )


# --- unlinked-references ------------------------------------------------------

NO_INDEX_HINT = "Link the words to the article they name, or remove the sentence."


@pytest.mark.parametrize(
    ("html", "with_index", "expected"),
    [
        (
            "For more, check out our article on types of massage therapy.",
            False,
            [
                (
                    "“our article on types of massage therapy” names an article "
                    "but links to none.",
                    NO_INDEX_HINT,
                    ["types of massage therapy"],
                )
            ],
        ),
        (
            "For more, check out our article on types of massage therapy.",
            True,
            [
                (
                    "“our article on types of massage therapy” names an article "
                    "but links to none.",
                    "“types of massage therapy”: link to “Types of Massage "
                    "Therapy” (page 1).",
                    ["types of massage therapy"],
                )
            ],
        ),
        (
            "Read our guide to hot stone massage, which is popular.",
            True,
            [
                (
                    "“our guide to hot stone massage, which is popular” names an "
                    "article but links to none.",
                    "“hot stone massage”: no such article in the library.",
                    ["hot stone massage"],
                )
            ],
        ),
        (
            "See our posts about deep tissue massage and trigger point therapy.",
            True,
            [
                (
                    "“our posts about deep tissue massage and trigger point therapy” "
                    "names articles but links to none.",
                    "“deep tissue massage”: link to “Deep Tissue Massage” (page 3); "
                    "“trigger point therapy”: link to “Trigger Point Therapy” "
                    "(page 4).",
                    ["deep tissue massage", "trigger point therapy"],
                )
            ],
        ),
        (
            "Learn more about trigger point therapy in our blog.",
            False,
            [
                (
                    "“Learn more about trigger point therapy in our blog” names an "
                    "article but links to none.",
                    NO_INDEX_HINT,
                    ["trigger point therapy"],
                )
            ],
        ),
        (
            "Learn more in our in-depth article on trigger points for more tips.",
            False,
            [
                (
                    "“our in-depth article on trigger points for more tips” names an "
                    "article but links to none.",
                    NO_INDEX_HINT,
                    ["trigger points"],
                )
            ],
        ),
        (
            "Check out our "
            f"{page_link(1, 'article on types of massage therapy')} today.",
            True,
            [],
        ),
        (
            f"Explore our {page_link(1, 'articles')} on types and benefits.",
            False,
            [],
        ),
        (
            "Check out our article on heat therapy; we link to "
            f"{page_link(1, 'our clinic')} elsewhere.",
            False,
            [
                (
                    "“our article on heat therapy” names an article but links to none.",
                    NO_INDEX_HINT,
                    ["heat therapy"],
                )
            ],
        ),
        (
            "Explore our articles on types of massage and "
            f"{page_link(2, 'massage benefits')}.",
            False,
            [
                (
                    "“our articles on types of massage and massage benefits” names "
                    "articles but links to none.",
                    NO_INDEX_HINT,
                    ["types of massage"],
                )
            ],
        ),
        ("Our therapists listen first.", True, []),
        ("In this article on massage, we explain the basics.", True, []),
    ],
)
def test_unlinked_references(library, html, with_index, expected):
    doc = document(paragraph(html), site=library if with_index else None)
    result = run(checks.UnlinkedReferences, doc)
    assert [(f.message, f.hint, f.value) for f in result.findings] == expected
    assert all(f.location == at(0, doc.sentences[0].text) for f in result.findings)
    if expected:
        assert result.status is Status.BAD
        assert result.message == (
            f"{len(expected)} reference{'s' if len(expected) > 1 else ''} to other "
            "articles with no link."
        )
    else:
        assert (result.status, result.message) == (
            Status.GOOD,
            "Every reference to another article has a link.",
        )


def test_unlinked_references_need_text():
    result = run(checks.UnlinkedReferences, document(heading("Only a heading")))
    assert (result.status, result.message) == (
        Status.NOT_APPLICABLE,
        "The article has no text.",
    )


def test_seed_003_has_twelve_unlinked_references(seed):
    doc = Document(article_from_import(parse_file(seed("003"))))
    result = run(checks.UnlinkedReferences, doc)
    assert result.status is Status.BAD
    assert result.message == "12 references to other articles with no link."
    assert len(result.findings) == 12
    assert [f.value for f in result.findings] == [
        ["massage therapy benefits", "massage therapy for back pain"],
        ["types of massage therapy"],
        ["massage therapy benefits"],
        ["therapeutic massage therapy"],
        ["deep tissue massage therapy"],
        ["trigger point massage therapy"],
        ["types of massage therapy", "massage therapy techniques"],
        ["types of massage therapy"],
        ["massage therapy benefits"],
        ["types of massage therapy", "deep tissue massage therapy"],
        ["types of massage therapy"],
        ["massage therapy benefits"],
    ]
    blocks = [f.location.block for f in result.findings]
    assert blocks == sorted(set(blocks))  # one sentence in each of 12 blocks
    assert all(
        doc.blocks[f.location.block].type == "paragraph" for f in result.findings
    )


def test_seed_003_references_name_the_matching_articles(seed, library):
    doc = Document(article_from_import(parse_file(seed("003"))), site=library)
    result = run(checks.UnlinkedReferences, doc)
    assert len(result.findings) == 12
    assert result.findings[1].hint == (
        "“types of massage therapy”: link to “Types of Massage Therapy” (page 1)."
    )
    assert result.findings[0].hint == (
        "“massage therapy benefits”: link to “Massage Therapy Benefits” (page 2); "
        "“massage therapy for back pain”: no such article in the library."
    )
    # One suggestion per article, at its first mention or reference.
    suggestions = run(checks.InternalLinkSuggestions, doc)
    overview = (
        "Here, we explore three effective massage therapies: Swedish Massage, Deep"
    )
    assert [
        (f.value, f.location.block, f.location.excerpt[:70])
        for f in suggestions.findings
    ] == [
        (
            2,
            7,
            "For more on this topic, explore our articles on massage therapy benefi",
        ),
        (
            1,
            14,
            "For more on how different massage techniques can benefit you, check ou",
        ),
        (3, 23, overview[:70]),
        (4, 23, overview[:70]),
    ]
    assert suggestions.findings[2].message == (
        "Mentions “Deep Tissue Massage”: link it to “Deep Tissue Massage” (page 3)."
    )


# --- duplicate-title ----------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"title": "Heat or ice?"},
            ("good", "No other article has this title.", []),
        ),
        (
            {"title": "types of massage  THERAPY"},
            (
                "bad",
                "The title is shared with 1 other article.",
                [
                    (
                        "Title “types of massage  THERAPY” is also the title of "
                        "“Types of Massage Therapy” (page 1).",
                        field("title"),
                        1,
                    )
                ],
            ),
        ),
        (
            {"title": "Types of Massage Therapy", "page_id": 1},
            ("good", "No other article has this title.", []),
        ),
        (
            {"title": "Benefits", "seo_title": "Massage therapy benefits"},
            (
                "bad",
                "The title is shared with 1 other article.",
                [
                    (
                        "SEO title “Massage therapy benefits” is also the title of "
                        "“Massage Therapy Benefits” (page 2).",
                        field("seo_title"),
                        2,
                    )
                ],
            ),
        ),
    ],
)
def test_duplicate_title(library, fields, expected):
    doc = document(paragraph("Text."), site=library, **fields)
    assert summary(run(checks.DuplicateTitle, doc)) == expected


# --- duplicate-meta-description -----------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {},
            ("not-applicable", "No meta description is set.", []),
        ),
        (
            {"search_description": "How heat helps."},
            ("good", "No other article has this meta description.", []),
        ),
        (
            {
                "search_description": "swedish, deep tissue and trigger point "
                "massage  compared."
            },
            (
                "bad",
                "The meta description is shared with 1 other article.",
                [
                    (
                        "The meta description is also used by “Types of Massage "
                        "Therapy” (page 1).",
                        field("search_description"),
                        1,
                    )
                ],
            ),
        ),
        (
            {
                "page_id": 1,
                "search_description": "Swedish, deep tissue and trigger point "
                "massage compared.",
            },
            ("good", "No other article has this meta description.", []),
        ),
    ],
)
def test_duplicate_meta_description(library, fields, expected):
    doc = document(paragraph("Text."), site=library, **fields)
    assert summary(run(checks.DuplicateMetaDescription, doc)) == expected


# --- keyphrase-cannibalization ------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, ("not-applicable", "No focus keyphrase is set.", [])),
        (
            {"focus_keyphrase": "hot stone massage"},
            ("good", "No other article targets this keyphrase.", []),
        ),
        (
            {"focus_keyphrase": "Massage benefits"},
            (
                "bad",
                "The focus keyphrase is shared with 1 other article.",
                [
                    (
                        "“Massage Therapy Benefits” (page 2) also targets "
                        "“Massage benefits”.",
                        field("focus_keyphrase"),
                        2,
                    )
                ],
            ),
        ),
        (
            {"focus_keyphrase": "benefits of massage", "page_id": 2},
            ("good", "No other article targets this keyphrase.", []),
        ),
    ],
)
def test_keyphrase_cannibalization(library, fields, expected):
    doc = document(paragraph("Text."), site=library, **fields)
    assert summary(run(checks.KeyphraseCannibalization, doc)) == expected


# --- near-duplicate -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "params", "fields", "expected"),
    [
        (
            "Too short.",
            None,
            {},
            ("not-applicable", "Too little text to compare.", []),
        ),
        (
            prose(300, 8),
            None,
            {},
            ("good", "No other article shares 80% of its text with this one.", []),
        ),
        (
            LONG_TEXT,
            None,
            {},
            (
                "bad",
                "Near-duplicate of 1 other article.",
                [
                    (
                        "About 100% of the text matches “Stretches” (page 5).",
                        field("body"),
                        1.0,
                    )
                ],
            ),
        ),
        (
            LONG_TEXT,
            None,
            {"page_id": 5},  # the article itself
            ("good", "No other article shares 80% of its text with this one.", []),
        ),
        (
            edited(LONG_TEXT, 30),
            None,
            {},
            (
                "bad",
                "Near-duplicate of 1 other article.",
                [
                    (
                        "About 85% of the text matches “Stretches” (page 5).",
                        field("body"),
                        0.85,
                    )
                ],
            ),
        ),
        (
            edited(LONG_TEXT, 30),
            {"threshold": 0.9},
            {},
            ("good", "No other article shares 90% of its text with this one.", []),
        ),
    ],
)
def test_near_duplicate(library, text, params, fields, expected):
    doc = document(paragraph(text), site=library, **fields)
    result = run(checks.NearDuplicate, doc, params)
    assert summary(result) == expected
    assert all(
        f.threshold == (params or {"threshold": 0.8})["threshold"]
        for f in result.findings
    )


# --- orphan-article -----------------------------------------------------------


@pytest.mark.parametrize(
    ("page_id", "params", "expected"),
    [
        (
            None,
            None,
            (
                "not-applicable",
                "The article is not saved, so nothing links to it yet.",
                [],
            ),
        ),
        (
            99,
            None,
            ("not-applicable", "The article is not in the site index.", []),
        ),
        (
            4,
            None,
            (
                "bad",
                "No published page links here.",
                [("No published page links here.", field("title"), 0)],
            ),
        ),
        (1, None, ("good", "1 published page links here.", [])),
        (
            1,
            {"min_inbound": 2},
            (
                "bad",
                "Only 1 published page links here; aim for 2.",
                [
                    (
                        "Only 1 published page links here; aim for 2.",
                        field("title"),
                        1,
                    )
                ],
            ),
        ),
    ],
)
def test_orphan_article(library, page_id, params, expected):
    doc = document(paragraph("Text."), site=library, page_id=page_id)
    assert summary(run(checks.OrphanArticle, doc, params)) == expected


# --- internal-link-suggestions --------------------------------------------------

TRIGGER = (
    "Mentions “trigger point therapy”: link it to “Trigger Point Therapy” (page 4)."
)


@pytest.mark.parametrize(
    ("blocks", "fields", "params", "expected"),
    [
        (
            [heading("Only a heading")],
            {},
            None,
            ("not-applicable", "The article has no text.", []),
        ),
        (
            [paragraph("Rest helps. Walking helps too.")],
            {},
            None,
            ("good", "No unlinked mention of another article.", []),
        ),
        (
            [
                paragraph("Rest helps."),
                paragraph("Trigger-point therapies ease knots. Trigger point therapy."),
                paragraph("Trigger point therapy again."),
            ],
            {},
            None,
            (
                "info",
                "1 article to link from this one.",
                [(TRIGGER, at(1, "Trigger-point therapies ease knots."), 4)],
            ),
        ),
        (
            [
                paragraph("Trigger point therapy eases knots."),
                paragraph(f"See {page_link(4, 'the guide')}."),
            ],
            {},
            None,
            ("good", "No unlinked mention of another article.", []),
        ),
        (
            [paragraph("Trigger point therapy eases knots.")],
            {"page_id": 4},  # its own title and keyphrase
            None,
            ("good", "No unlinked mention of another article.", []),
        ),
        (
            [paragraph("Trigger point therapy eases knots.")],
            {"focus_keyphrase": "trigger point therapies"},  # would compete
            None,
            ("good", "No unlinked mention of another article.", []),
        ),
        (
            [paragraph("Sciatica hurts. Deep tissue massage can help.")],
            {},
            None,  # "Sciatica" is one word: too vague to link
            (
                "info",
                "1 article to link from this one.",
                [
                    (
                        "Mentions “Deep Tissue Massage”: link it to “Deep Tissue "
                        "Massage” (page 3).",
                        at(0, "Deep tissue massage can help."),
                        3,
                    )
                ],
            ),
        ),
        (
            [
                paragraph("Deep tissue massage can help."),
                paragraph("Check out our article on types of massage therapy."),
                paragraph("Trigger point therapy too."),
            ],
            {},
            {"max_suggestions": 2},
            (
                "info",
                "3 articles to link from this one.",
                [
                    (
                        "Mentions “Deep Tissue Massage”: link it to “Deep Tissue "
                        "Massage” (page 3).",
                        at(0, "Deep tissue massage can help."),
                        3,
                    ),
                    (
                        "“our article on types of massage therapy” could link to "
                        "“Types of Massage Therapy” (page 1).",
                        at(1, "Check out our article on types of massage therapy."),
                        1,
                    ),
                ],
            ),
        ),
    ],
)
def test_internal_link_suggestions(library, blocks, fields, params, expected):
    doc = document(*blocks, site=library, **fields)
    assert summary(run(checks.InternalLinkSuggestions, doc, params)) == expected


# --- all together -------------------------------------------------------------

SITE_CHECKS = [
    checks.BrokenInternalLinks,
    checks.UnlinkedReferences,
    checks.DuplicateTitle,
    checks.DuplicateMetaDescription,
    checks.KeyphraseCannibalization,
    checks.NearDuplicate,
    checks.OrphanArticle,
    checks.InternalLinkSuggestions,
]


def test_without_an_index_only_unlinked_references_run():
    doc = document(paragraph("Read our guide to heat therapy."), page_id=1)
    report = Auditor(SITE_CHECKS).audit(doc)
    assert {r.check_id: str(r.status) for r in report.results} == {
        "broken-internal-links": "not-applicable",
        "unlinked-references": "bad",
        "duplicate-title": "not-applicable",
        "duplicate-meta-description": "not-applicable",
        "keyphrase-cannibalization": "not-applicable",
        "near-duplicate": "not-applicable",
        "orphan-article": "not-applicable",
        "internal-link-suggestions": "not-applicable",
    }


def test_every_site_check_is_tagged_and_explained():
    for check in SITE_CHECKS:
        assert "site" in check.tags
        assert check.needs_site is (check is not checks.UnlinkedReferences)
        assert len(check.help_text) > 150
