"""The metadata checks and the title-width table, one parameter table per check."""

import pytest

from seo import pixels
from seo.checks import metadata as md
from seo.document import ImageInfo
from seo.findings import Level, Location, Status
from tests.seo.factories import document


def run(check, doc):
    return check().run(doc)


def test_tags_and_categories():
    for check in (
        md.SeoTitleWidth,
        md.MetaDescriptionLength,
        md.SlugLength,
        md.SlugStopWords,
        md.CanonicalUrl,
        md.Noindex,
        md.SocialImage,
    ):
        assert check.tags == {"metadata"}
        assert check.category == "seo"


# --- the width table ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 0),
        # Arial's advance widths (2048 units per em) at 20 px.
        ("a", 1139 * 20 / 2048),
        ("i", 455 * 20 / 2048),
        ("W", 1933 * 20 / 2048),
        (" ", 569 * 20 / 2048),
        ("—", 20),
        ("é", 1139 * 20 / 2048),
        ("iii", 3 * 455 * 20 / 2048),
        ("Massage for sciatica", 182.294921875),
        # Fallbacks: wide characters take 1 em, combining marks nothing,
        # anything else the width of "a".
        ("按摩", 40),
        ("e\u0301", 1139 * 20 / 2048),
        ("Ω", 1139 * 20 / 2048),
    ],
)
def test_text_width(text, width):
    assert pixels.text_width(text) == pytest.approx(width)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Massage for sciatica", "Massage for sciatica"),
        (
            "Healing Hands: Harnessing the Power of Massage Therapy for Sciatica",
            "Healing Hands: Harnessing the Power of Massage Therapy for…",
        ),
        # No spaces to break at: cut between characters. 30 W's and the
        # ellipsis fit in 600 px.
        ("W" * 40, "W" * 30 + "…"),
    ],
)
def test_truncate(text, shown):
    assert pixels.truncate(text, 600) == shown


# --- seo-title-width ----------------------------------------------------------

LONG_TITLE = "Massage for Sciatica: What Helps, What Does Not, and Why It Matters Today"


@pytest.mark.parametrize(
    ("title", "seo_title", "status", "message", "value"),
    [
        (
            "Massage for sciatica: what helps and what to expect",
            "",
            Status.GOOD,
            "The SEO title is about 462 px wide.",
            462,
        ),
        # The SEO title wins over the title.
        (
            LONG_TITLE,
            "Massage for sciatica: what helps and what to expect",
            Status.GOOD,
            "The SEO title is about 462 px wide.",
            462,
        ),
        (
            "Massage for sciatica",
            "",
            Status.OK,
            "The SEO title is about 182 px wide; up to 600 px fit, so there is room "
            "to make it more descriptive.",
            182,
        ),
        (
            "Massage for sciatica",
            LONG_TITLE,
            Status.BAD,
            "The SEO title is about 687 px wide; search results cut it at 600 px, "
            "showing “Massage for Sciatica: What Helps, What Does Not, and Why "
            "It…”. Shorten it.",
            687,
        ),
        # Width, not length: 40 narrow letters fit, 40 wide ones do not.
        ("i" * 40, "", Status.OK, None, 178),
        ("W" * 40, "", Status.BAD, None, 755),
        ("", "", Status.BAD, "No SEO title or title; add one.", 0),
    ],
)
def test_seo_title_width(title, seo_title, status, message, value):
    doc = document(title=title, seo_title=seo_title)
    result = run(md.SeoTitleWidth, doc)
    assert (result.status, result.value) == (status, value)
    if message:
        assert result.message == message
    if status is Status.GOOD:
        assert result.findings == ()
    else:
        [finding] = result.findings
        assert finding.location == Location(
            field="seo_title", excerpt=seo_title or title
        )
        assert finding.level is (Level.WARNING if status is Status.BAD else Level.INFO)


# --- meta-description-length -------------------------------------------------


@pytest.mark.parametrize(
    ("length", "status", "message"),
    [
        (0, Status.BAD, "No meta description; write one of 120-156 characters."),
        (
            100,
            Status.OK,
            "The meta description has 100 characters; use 120-156 to fill the space "
            "search results give it.",
        ),
        (
            119,
            Status.OK,
            "The meta description has 119 characters; use 120-156 to fill the space "
            "search results give it.",
        ),
        (120, Status.GOOD, "The meta description has 120 characters."),
        (156, Status.GOOD, "The meta description has 156 characters."),
        (
            157,
            Status.OK,
            "The meta description has 157 characters; search results cut it after "
            "156. Shorten it.",
        ),
    ],
)
def test_meta_description_length(length, status, message):
    description = ("Massage eases sciatica. " * 10)[:length].strip().ljust(length, "x")
    doc = document(search_description=f"  {description}  ")
    result = run(md.MetaDescriptionLength, doc)
    assert (result.status, result.message, result.value) == (status, message, length)
    if status is not Status.GOOD:
        [finding] = result.findings
        assert finding.message == message
        assert finding.location.field == "search_description"


# --- slug-length ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "status", "message"),
    [
        (
            "massage-for-sciatica",
            Status.GOOD,
            "The slug is short (3 words, 20 characters).",
        ),
        (
            "one-two-three-four-five-six",
            Status.GOOD,
            "The slug is short (6 words, 27 characters).",
        ),
        (
            "one-two-three-four-five-six-seven",
            Status.OK,
            "The slug is too long (7 words, 33 characters); keep it to 6 words and "
            "60 characters.",
        ),
        (
            "massage-therapy-for-chronic-sciatica-recovery-guide",
            Status.OK,
            "The slug is too long (7 words, 51 characters); keep it to 6 words and "
            "60 characters.",
        ),
        (
            "a" * 61,
            Status.OK,
            "The slug is too long (1 words, 61 characters); keep it to 6 words and "
            "60 characters.",
        ),
        (
            "one-two-three-four-five-six-seven-eight-nine-ten-eleven",
            Status.BAD,
            "The slug is far too long (11 words, 55 characters); keep it to 6 words "
            "and 60 characters.",
        ),
        ("", Status.BAD, "No slug set; add a short one."),
    ],
)
def test_slug_length(slug, status, message):
    result = run(md.SlugLength, document(slug=slug))
    assert (result.status, result.message) == (status, message)
    if status is not Status.GOOD:
        [finding] = result.findings
        assert finding.location == Location(field="slug", excerpt=slug or None)


# --- slug-stop-words ------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "keyphrase", "status", "message"),
    [
        ("massage-sciatica", "", Status.GOOD, "The slug has no stop words."),
        # Stop words of the keyphrase are allowed.
        (
            "massage-for-sciatica",
            "massage for sciatica",
            Status.GOOD,
            "The slug has no stop words.",
        ),
        (
            "massage-for-sciatica",
            "",
            Status.OK,
            "The slug has stop words (“for”); consider “massage-sciatica”.",
        ),
        (
            "the-power-of-massage-for-the-back",
            "massage for sciatica",
            Status.OK,
            "The slug has stop words (“the”, “of”); consider “power-massage-for-back”.",
        ),
    ],
)
def test_slug_stop_words(slug, keyphrase, status, message):
    result = run(md.SlugStopWords, document(slug=slug, focus_keyphrase=keyphrase))
    assert (result.status, result.message) == (status, message)
    if status is not Status.GOOD:
        [finding] = result.findings
        assert finding.location == Location(field="slug", excerpt=slug)


def test_slug_stop_words_needs_a_slug():
    result = run(md.SlugStopWords, document(slug=""))
    assert result.status is Status.NOT_APPLICABLE


# --- canonical-url --------------------------------------------------------------

INVALID = (
    "is not an absolute http(s) URL; use the full address, including https://, "
    "or clear it."
)


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("", Status.GOOD, "No canonical URL set; the page is its own canonical."),
        (
            "https://example.com/massage-for-sciatica/",
            Status.GOOD,
            "The canonical URL is valid.",
        ),
        ("http://example.com/a?b=c", Status.GOOD, "The canonical URL is valid."),
        (
            "/massage-for-sciatica/",
            Status.BAD,
            f"The canonical URL “/massage-for-sciatica/” {INVALID}",
        ),
        (
            "example.com/page",
            Status.BAD,
            f"The canonical URL “example.com/page” {INVALID}",
        ),
        (
            "ftp://example.com/a",
            Status.BAD,
            f"The canonical URL “ftp://example.com/a” {INVALID}",
        ),
        (
            "https://exa mple.com",
            Status.BAD,
            f"The canonical URL “https://exa mple.com” {INVALID}",
        ),
    ],
)
def test_canonical_url(url, status, message):
    result = run(md.CanonicalUrl, document(canonical_url=url))
    assert (result.status, result.message) == (status, message)
    if status is Status.BAD:
        [finding] = result.findings
        assert finding.level is Level.ERROR
        assert finding.location == Location(field="canonical_url", excerpt=url)


# --- noindex --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("noindex", "status", "message"),
    [
        (False, Status.GOOD, "Search engines may index the article."),
        (
            True,
            Status.BAD,
            "The article is set to noindex: search engines will not list it. "
            "Untick noindex if it should be found.",
        ),
    ],
)
def test_noindex(noindex, status, message):
    result = run(md.Noindex, document(noindex=noindex))
    assert (result.status, result.message) == (status, message)
    if noindex:
        [finding] = result.findings
        assert finding.level is Level.WARNING
        assert finding.location == Location(field="noindex")


# --- social-image -----------------------------------------------------------------

SMALL = "The social image is 800x600 px; use at least 1200x630."
NO_ALT = "The social image has no alt text; describe what it shows."


@pytest.mark.parametrize(
    ("image", "status", "messages"),
    [
        (
            ImageInfo(1200, 630, "A therapist massaging a lower back"),
            Status.GOOD,
            [],
        ),
        (ImageInfo(2400, 1260, "A therapist"), Status.GOOD, []),
        # Unknown dimensions are not held against the image.
        (ImageInfo(None, None, "A therapist"), Status.GOOD, []),
        (ImageInfo(800, 600, "A therapist"), Status.OK, [SMALL]),
        (
            ImageInfo(1200, 600, "A therapist"),
            Status.OK,
            ["The social image is 1200x600 px; use at least 1200x630."],
        ),
        (ImageInfo(1200, 630, "  "), Status.OK, [NO_ALT]),
        (ImageInfo(800, 600, ""), Status.OK, [SMALL, NO_ALT]),
        (
            None,
            Status.BAD,
            [
                "No social image; shared links will show no picture. Choose one of "
                "at least 1200x630 px."
            ],
        ),
    ],
)
def test_social_image(image, status, messages):
    result = run(md.SocialImage, document(social_image=image))
    assert result.status is status
    assert [f.message for f in result.findings] == messages
    assert all(f.location == Location(field="social_image") for f in result.findings)
    if messages:
        assert result.message == " ".join(messages)


# --- configuration ----------------------------------------------------------------


def test_thresholds_can_be_overridden():
    doc = document(search_description="x" * 130)
    assert run(md.MetaDescriptionLength, doc).status is Status.GOOD
    strict = md.MetaDescriptionLength({"min_length": 140})
    assert strict.run(doc).status is Status.OK
