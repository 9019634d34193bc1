"""Content and links checks: a parameter table per check, then the seeds."""

import re

import pytest

from articles.importing import cleanup
from articles.importing.reader import parse_file
from seo.checks import content
from seo.checks.content import (
    BodyBoilerplate,
    CompetingLinks,
    ImageAltText,
    InternalLinks,
    OutboundLinks,
    PromotionalPassages,
    TextLength,
)
from seo.document import Document
from seo.findings import Level, Status
from seo.sources import article_from_import

from .factories import (
    bullets,
    disclaimer,
    document,
    heading,
    image,
    paragraph,
    references,
)


def words(count: int) -> dict:
    return paragraph(" ".join(["word"] * count))


def link(href: str, anchor: str = "a source") -> dict:
    return paragraph(f'Read <a href="{href}">{anchor}</a> for more.')


def page_link(page_id: int, anchor: str = "our guide") -> dict:
    return paragraph(f'Read <a linktype="page" id="{page_id}">{anchor}</a> next.')


def table(*rows: list[str], caption: str = "") -> dict:
    value = {"caption": caption, "header": ["A", "B"], "rows": [*rows]}
    return {"type": "table", "value": value}


def steps(name: str, *texts: str) -> dict:
    value = {"name": name, "steps": [{"title": "", "text": t} for t in texts]}
    return {"type": "steps", "value": value}


def outcome(result):
    """What a writer sees: the status, the message, and each finding's level,
    message and location (block index, field, excerpt)."""
    return (
        result.status,
        result.message,
        [
            (
                f.level,
                f.message,
                f.location and (f.location.block, f.location.field),
                f.location and f.location.excerpt,
            )
            for f in result.findings
        ],
    )


# --- text-length ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "cornerstone", "params", "expected"),
    [
        (
            [words(300)],
            False,
            {},
            (Status.GOOD, "300 words; the minimum for an article is 300.", []),
        ),
        # Headings and tables count, as in Yoast.
        (
            [heading("Two words"), words(294), table(["x", "y"])],
            False,
            {},
            (Status.GOOD, "300 words; the minimum for an article is 300.", []),
        ),
        (
            [words(299)],
            False,
            {},
            (
                Status.OK,
                "299 words; aim for 300.",
                [
                    (
                        Level.INFO,
                        "The text has 299 words, below the minimum of 300 for an "
                        "article.",
                        None,
                        None,
                    )
                ],
            ),
        ),
        (
            [words(250)],
            False,
            {},
            (
                Status.OK,
                "250 words; aim for 300.",
                [
                    (
                        Level.INFO,
                        "The text has 250 words, below the minimum of 300 for an "
                        "article.",
                        None,
                        None,
                    )
                ],
            ),
        ),
        (
            [words(249)],
            False,
            {},
            (
                Status.BAD,
                "249 words; aim for 300.",
                [
                    (
                        Level.WARNING,
                        "The text has 249 words, below the minimum of 300 for an "
                        "article.",
                        None,
                        None,
                    )
                ],
            ),
        ),
        (
            [],
            False,
            {},
            (
                Status.BAD,
                "0 words; aim for 300.",
                [
                    (
                        Level.WARNING,
                        "The text has 0 words, below the minimum of 300 for an "
                        "article.",
                        None,
                        None,
                    )
                ],
            ),
        ),
        (
            [words(900)],
            True,
            {},
            (Status.GOOD, "900 words; the minimum for cornerstone content is 900.", []),
        ),
        (
            [words(400)],
            True,
            {},
            (
                Status.OK,
                "400 words; aim for 900.",
                [
                    (
                        Level.INFO,
                        "The text has 400 words, below the minimum of 900 for "
                        "cornerstone content.",
                        None,
                        None,
                    )
                ],
            ),
        ),
        (
            [words(399)],
            True,
            {},
            (
                Status.BAD,
                "399 words; aim for 900.",
                [
                    (
                        Level.WARNING,
                        "The text has 399 words, below the minimum of 900 for "
                        "cornerstone content.",
                        None,
                        None,
                    )
                ],
            ),
        ),
        # SEO_AUDIT overrides.
        (
            [words(120)],
            False,
            {"good": 100, "ok": 50},
            (Status.GOOD, "120 words; the minimum for an article is 100.", []),
        ),
    ],
)
def test_text_length(body, cornerstone, params, expected):
    doc = document(*body, cornerstone=cornerstone)
    assert outcome(TextLength(params).run(doc)) == expected


def test_text_length_reports_the_count_and_threshold():
    result = TextLength().run(document(words(260)))
    assert (result.value, result.findings[0].value) == (260, 260)
    assert result.findings[0].threshold == 300


# --- internal-links and outbound-links ------------------------------------------------

NO_INTERNAL = (
    Status.BAD,
    "No internal links.",
    [(Level.WARNING, "No internal links.", None, None)],
)
NO_OUTBOUND = (
    Status.BAD,
    "No outbound links.",
    [(Level.WARNING, "No outbound links.", None, None)],
)
ONE_INTERNAL = (Status.GOOD, "1 internal link.", [])
ONE_OUTBOUND = (Status.GOOD, "1 outbound link.", [])
OWN_SITE = "https://www.massage.example/about/"


@pytest.mark.parametrize(
    ("body", "canonical", "internal", "outbound"),
    [
        ([page_link(7)], "", ONE_INTERNAL, NO_OUTBOUND),
        ([link("/guides/deep-tissue/")], "", ONE_INTERNAL, NO_OUTBOUND),
        ([link("../deep-tissue/")], "", ONE_INTERNAL, NO_OUTBOUND),
        (
            [link("https://www.nhs.uk/conditions/sciatica/")],
            "",
            NO_INTERNAL,
            ONE_OUTBOUND,
        ),
        # The article's own host (from its canonical URL) is internal.
        (
            [link("https://massage.example/guides/x/")],
            OWN_SITE,
            ONE_INTERNAL,
            NO_OUTBOUND,
        ),
        ([link("https://massage.example/guides/x/")], "", NO_INTERNAL, ONE_OUTBOUND),
        # Protocol-relative URLs are full URLs, not paths.
        ([link("//massage.example/x/")], OWN_SITE, ONE_INTERNAL, NO_OUTBOUND),
        ([link("//www.nhs.uk/x/")], OWN_SITE, NO_INTERNAL, ONE_OUTBOUND),
        # References count as outbound.
        (
            [references("https://pubmed.ncbi.nlm.nih.gov/1/")],
            "",
            NO_INTERNAL,
            ONE_OUTBOUND,
        ),
        # Fragments, mailto: and tel: lead nowhere a search engine follows.
        (
            [link("#causes"), link("mailto:a@b.c"), link("tel:123")],
            "",
            NO_INTERNAL,
            NO_OUTBOUND,
        ),
        ([words(10)], "", NO_INTERNAL, NO_OUTBOUND),
        (
            [
                page_link(7),
                link("/x/"),
                link("https://www.nhs.uk/"),
                references("https://a.org/"),
            ],
            "",
            (Status.GOOD, "2 internal links.", []),
            (Status.GOOD, "2 outbound links.", []),
        ),
    ],
)
def test_internal_and_outbound_links(body, canonical, internal, outbound):
    doc = document(*body, canonical_url=canonical)
    assert outcome(InternalLinks().run(doc)) == internal
    assert outcome(OutboundLinks().run(doc)) == outbound


# --- competing-links ------------------------------------------------------------------


def competing(anchor: str, block: int = 0):
    return (
        Status.BAD,
        "1 link competes for the keyphrase.",
        [
            (
                Level.WARNING,
                f'The link "{anchor}" uses the keyphrase as its anchor text, so it '
                "competes with this page.",
                (block, None),
                anchor,
            )
        ],
    )


NONE_COMPETE = (Status.GOOD, "No link uses the keyphrase as its anchor text.", [])


def reference(title: str) -> dict:
    items = [{"title": title, "url": "https://pubmed.ncbi.nlm.nih.gov/1/"}]
    return {"type": "references", "value": {"items": items}}


KEYPHRASE = {"focus_keyphrase": "massage for sciatica"}


@pytest.mark.parametrize(
    ("body", "fields", "expected"),
    [
        (
            [link("https://x.org/", "massage for sciatica")],
            {},
            (Status.NOT_APPLICABLE, "No focus keyphrase set.", []),
        ),
        (
            [link("https://x.org/", "massage for sciatica")],
            KEYPHRASE,
            competing("massage for sciatica"),
        ),
        # Any word form and order, as Yoast: the same topic words.
        (
            [link("https://x.org/", "Sciatica massages")],
            KEYPHRASE,
            competing("Sciatica massages"),
        ),
        (
            [page_link(9, "massage for sciatica")],
            KEYPHRASE,
            competing("massage for sciatica"),
        ),
        (
            [words(3), reference("Massage for sciatica")],
            KEYPHRASE,
            competing("Massage for sciatica", block=1),
        ),
        # Synonyms compete too.
        (
            [link("https://x.org/", "sciatic nerve massage")],
            {**KEYPHRASE, "keyphrase_synonyms": ("sciatic nerve massage",)},
            competing("sciatic nerve massage"),
        ),
        # Part of the keyphrase, or more than it, does not compete (Yoast).
        ([link("https://x.org/", "massage")], KEYPHRASE, NONE_COMPETE),
        (
            [link("https://x.org/", "massage for sciatica prices")],
            KEYPHRASE,
            NONE_COMPETE,
        ),
        (
            [words(3), reference("Massage for sciatica: a review")],
            KEYPHRASE,
            NONE_COMPETE,
        ),
        # Links to this page itself are ignored.
        ([link("#top", "massage for sciatica")], KEYPHRASE, NONE_COMPETE),
        (
            [page_link(5, "massage for sciatica")],
            {**KEYPHRASE, "page_id": 5},
            NONE_COMPETE,
        ),
        ([words(5)], KEYPHRASE, NONE_COMPETE),
    ],
)
def test_competing_links(body, fields, expected):
    assert outcome(CompetingLinks().run(document(*body, **fields))) == expected


# --- image-alt-text -------------------------------------------------------------------

ALL_ALT = (Status.GOOD, "Every image has alt text or is decorative.", [])
NO_ALT = (Level.WARNING, "Image without alt text.", (1, None), None)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ([words(5)], (Status.NOT_APPLICABLE, "The body has no images.", [])),
        ([words(5), image(alt="A therapist working on the lower back")], ALL_ALT),
        ([words(5), image(decorative=True)], ALL_ALT),
        (
            [words(5), image(alt="   ")],
            (Status.BAD, "1 of 1 image has no alt text.", [NO_ALT]),
        ),
        (
            [words(5), image(), image(2, alt="Foam roller")],
            (Status.BAD, "1 of 2 images has no alt text.", [NO_ALT]),
        ),
        (
            [words(5), image(), image(2)],
            (
                Status.BAD,
                "2 of 2 images have no alt text.",
                [NO_ALT, (Level.WARNING, "Image without alt text.", (2, None), None)],
            ),
        ),
    ],
)
def test_image_alt_text(body, expected):
    assert outcome(ImageAltText().run(document(*body))) == expected


# --- body-boilerplate -----------------------------------------------------------------


def leftover(reason: str, line: str, block: int = 1):
    return (
        Status.BAD,
        "1 piece of site boilerplate in the body.",
        [
            (
                Level.WARNING,
                f'Leftover site boilerplate ({reason}): "{line}".',
                (block, None),
                line,
            )
        ],
    )


CLEAN = (Status.GOOD, "No boilerplate left in the body.", [])


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (paragraph("Leave a Reply"), leftover("comment form", "Leave a Reply")),
        (heading("Similar Posts"), leftover("related-posts list", "Similar Posts")),
        (paragraph("Comments"), leftover("comment section", "Comments")),
        (
            paragraph("Your email address will not be published."),
            leftover("comment form", "Your email address will not be published."),
        ),
        (
            bullets("Deep tissue", "Share this:"),
            leftover("share buttons", "Share this:"),
        ),
        (
            paragraph("Tags: massage, sciatica"),
            leftover("tag line", "Tags: massage, sciatica"),
        ),
        (
            paragraph("Posted in Wellness"),
            leftover("post metadata", "Posted in Wellness"),
        ),
        (paragraph("Read more"), leftover("read-more link", "Read more")),
        # Prose that merely starts alike is the article's.
        (paragraph("Leave your worries at the door."), CLEAN),
        (paragraph("Read more about sciatica in the next section."), CLEAN),
        (paragraph("Comments from readers helped us improve."), CLEAN),
        # Other block types are not searched (a quote may say anything).
        (
            {"type": "quote", "value": {"text": "Leave a Reply", "attribution": ""}},
            CLEAN,
        ),
    ],
)
def test_body_boilerplate(block, expected):
    assert outcome(BodyBoilerplate().run(document(words(5), block))) == expected


# --- promotional-passages -------------------------------------------------------------


def sales(phrase: str, excerpt: str, block: int = 1):
    return (
        Status.INFO,
        "1 block reads as sales copy.",
        [(Level.INFO, f'Reads as sales copy ("{phrase}").', (block, None), excerpt)],
    )


NO_SALES = (Status.GOOD, "No promotional passages.", [])


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            paragraph("Book now for a deep tissue massage."),
            sales("Book now", "Book now for a deep tissue massage."),
        ),
        (
            paragraph("Massage helps. Our experienced therapists know how."),
            sales(
                "Our experienced therapists",
                "Massage helps. Our experienced therapists know how.",
            ),
        ),
        (
            bullets("Gentle", "Contact us today"),
            sales("Contact us", "Gentle Contact us today"),
        ),
        (
            steps("Book an appointment", "Rest."),
            sales("Book an appointment", "Book an appointment Rest."),
        ),
        # Articles may point to their own articles.
        (paragraph("Read our article on types of massage therapy."), NO_SALES),
        (paragraph("We will look at three techniques."), NO_SALES),
        # A disclaimer may ask readers to contact a clinician.
        (disclaimer("Contact us or your doctor with questions."), NO_SALES),
    ],
)
def test_promotional_passages(block, expected):
    doc = document(words(5), block)
    assert outcome(PromotionalPassages().run(doc)) == expected


def test_promotional_passages_never_move_the_score():
    assert PromotionalPassages().effective_weight == 0


def test_promotion_words_cover_every_alternative_of_the_importers_pattern():
    """PromotionalPassages skips sentences without one of PROMOTION_WORDS; each
    top-level alternative of cleanup.PROMOTION must contain one outside any
    optional group, or the prefilter would hide matches."""
    source = cleanup.PROMOTION.pattern
    inner = source[source.index("(?:") + 3 : source.rindex(")")]
    alternatives, depth, start = [], 0, 0
    for index, char in enumerate(inner):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            alternatives.append(inner[start:index])
            start = index + 1
    alternatives.append(inner[start:])
    assert len(alternatives) > 5
    for alternative in alternatives:
        previous = None
        while previous != alternative:  # drop groups, innermost first
            previous, alternative = (
                alternative,
                re.sub(r"\([^()]*\)\??", " ", alternative),
            )
        required = set(re.findall(r"[a-z]+", alternative.lower()))
        assert required & content.PROMOTION_WORDS, alternative


# --- the seeds ------------------------------------------------------------------------


def seed_document(seed, number: str) -> Document:
    return Document(article_from_import(parse_file(seed(number))))


@pytest.mark.parametrize(
    ("number", "blocks"),
    [("000", [11, 20]), ("001", []), ("002", [19, 20, 21]), ("003", []), ("004", [])],
)
def test_seed_promotional_passages_match_the_importers_flags(seed, number, blocks):
    doc = seed_document(seed, number)
    result = PromotionalPassages().run(doc)
    assert [f.location.block for f in result.findings] == blocks
    flagged = [
        note.block for note in doc.data.import_notes if note.kind == "promotional"
    ]
    assert flagged == blocks


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_seeds_have_no_links_no_images_and_no_boilerplate(seed, number):
    doc = seed_document(seed, number)
    assert outcome(InternalLinks().run(doc)) == NO_INTERNAL
    assert outcome(OutboundLinks().run(doc)) == NO_OUTBOUND
    assert ImageAltText().run(doc).status is Status.NOT_APPLICABLE
    assert outcome(BodyBoilerplate().run(doc)) == CLEAN
    assert TextLength().run(doc).status is Status.GOOD


def test_seed_003_text_length_counts_prose_headings_and_tables(seed):
    result = TextLength().run(seed_document(seed, "003"))
    assert result.message == "2,297 words; the minimum for an article is 300."
