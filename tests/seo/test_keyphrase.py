"""The keyphrase checks: Yoast's thresholds and matching rules, word forms and
synonyms, one parameter table per check."""

import pytest

from seo.checks import keyphrase as kp
from seo.findings import Level, Location, Status
from tests.seo.factories import document, heading, image, paragraph

KEYPHRASE = "massage for sciatica"
SYNONYMS = ("soft tissue therapy",)

FILLER = "Gentle walks and warm baths can help the lower back."  # 10 words
HIT = "Massage can ease sciatica for many people with back pain."  # 10 words
HIT_FORMS = "Massages can ease sciatica for many people with back pain."
HIT_SYNONYM = "Soft tissue therapy can ease the pain in many backs."
HIT_TWICE = "Massage for sciatica beats massage without sciatica care every time."
HIT_LONG = "Massage therapy brings sciatica relief to many tired lower backs."


def run(check, doc):
    return check().run(doc)


def prose(hits: int, total: int, hit: str = HIT) -> dict:
    """One paragraph of `total` ten-word sentences, the first `hits` of them
    holding the keyphrase."""
    return paragraph(" ".join([hit] * hits + [FILLER] * (total - hits)))


def field(name: str, excerpt: str | None = None) -> Location:
    return Location(field=name, excerpt=excerpt)


def block(index: int, excerpt: str | None = None) -> Location:
    return Location(block=index, excerpt=excerpt)


# --- no keyphrase ------------------------------------------------------------

KEYPHRASE_CHECKS = [
    kp.KeyphraseInTitle,
    kp.KeyphraseInSeoTitle,
    kp.KeyphraseInIntroduction,
    kp.KeyphraseInMetaDescription,
    kp.KeyphraseInSlug,
    kp.KeyphraseInSubheadings,
    kp.KeyphraseInImageAlt,
    kp.KeyphraseDensity,
    kp.KeyphraseDistribution,
]


@pytest.mark.parametrize("check", KEYPHRASE_CHECKS)
@pytest.mark.parametrize("keyphrase", ["", "   ", "?!"])
def test_without_a_keyphrase_the_other_checks_do_not_apply(check, keyphrase):
    doc = document(
        heading("Massage for sciatica"),
        paragraph("Massage eases sciatica."),
        focus_keyphrase=keyphrase,
        search_description="Massage eases sciatica.",
        slug="massage-for-sciatica",
    )
    result = run(check, doc)
    assert result.status is Status.NOT_APPLICABLE
    assert result.message == "No focus keyphrase set"
    assert result.findings == ()


def test_tags_and_categories():
    assert kp.KeyphraseInSubheadings.category == "headings"
    assert kp.KeyphraseInSubheadings.tags == {"keyphrase", "headings"}
    for check in [kp.KeyphraseLength, *KEYPHRASE_CHECKS]:
        assert "keyphrase" in check.tags
        if check is not kp.KeyphraseInSubheadings:
            assert check.category == "seo"


# --- keyphrase-length -------------------------------------------------------

NO_KEYPHRASE_MESSAGE = (
    "No focus keyphrase set. Add the words readers search for "
    "(e.g. “massage for sciatica”) so the keyphrase checks can run."
)


@pytest.mark.parametrize(
    ("keyphrase", "status", "message", "value"),
    [
        ("", Status.BAD, NO_KEYPHRASE_MESSAGE, None),
        ("massage", Status.GOOD, "The keyphrase has 1 content word.", 1),
        # Function words do not count.
        (
            "massage for the sciatica",
            Status.GOOD,
            "The keyphrase has 2 content words.",
            2,
        ),
        ("one two three four", Status.GOOD, "The keyphrase has 4 content words.", 4),
        (
            "one two three four five",
            Status.OK,
            "The keyphrase has 5 content words, more than the recommended 4. "
            "Shorten it to the core search.",
            5,
        ),
        (
            "one two three four five six seven eight",
            Status.OK,
            "The keyphrase has 8 content words, more than the recommended 4. "
            "Shorten it to the core search.",
            8,
        ),
        (
            "one two three four five six seven eight nine",
            Status.BAD,
            "The keyphrase has 9 content words, far more than the recommended 4. "
            "Shorten it to the core search.",
            9,
        ),
    ],
)
def test_keyphrase_length(keyphrase, status, message, value):
    result = run(kp.KeyphraseLength, document(focus_keyphrase=keyphrase))
    assert (result.status, result.message, result.value) == (status, message, value)
    if status is Status.GOOD:
        assert result.findings == ()
    else:
        [finding] = result.findings
        assert finding.message == message
        assert finding.location.field == "focus_keyphrase"
        assert finding.level is (Level.WARNING if status is Status.BAD else Level.INFO)


# --- keyphrase-in-title -----------------------------------------------------


@pytest.mark.parametrize(
    ("title", "status", "message"),
    [
        ("Massage for sciatica", Status.GOOD, "The title contains the keyphrase."),
        # Any order, any word form.
        (
            "Sciatica massages that work",
            Status.GOOD,
            "The title contains the keyphrase.",
        ),
        (
            "Massage basics",
            Status.OK,
            "The title lacks “sciatica” from the keyphrase “massage for sciatica”; "
            "work the keyphrase into it.",
        ),
        (
            "Back pain basics",
            Status.BAD,
            "The title lacks “massage”, “sciatica” from the keyphrase “massage for "
            "sciatica”; work the keyphrase into it.",
        ),
        # Synonyms do not count in titles.
        (
            "Soft tissue therapy for sciatica",
            Status.OK,
            "The title lacks “massage” from the keyphrase “massage for sciatica”; "
            "work the keyphrase into it.",
        ),
    ],
)
def test_keyphrase_in_title(title, status, message):
    doc = document(title=title, focus_keyphrase=KEYPHRASE, keyphrase_synonyms=SYNONYMS)
    result = run(kp.KeyphraseInTitle, doc)
    assert (result.status, result.message) == (status, message)
    if status is not Status.GOOD:
        [finding] = result.findings
        assert finding.location == field("title", title)


# --- keyphrase-in-seo-title -------------------------------------------------


@pytest.mark.parametrize(
    ("seo_title", "status", "message", "value"),
    [
        (
            "Massage for Sciatica: What Helps",
            Status.GOOD,
            "The SEO title starts with the keyphrase.",
            0,
        ),
        # Function words before the keyphrase still count as the start.
        (
            "The massage for sciatica guide",
            Status.GOOD,
            "The SEO title starts with the keyphrase.",
            0,
        ),
        # Word forms: "massages" matches "massage".
        (
            "Massages for sciatica, explained",
            Status.GOOD,
            "The SEO title starts with the keyphrase.",
            0,
        ),
        # No SEO title: the page title is what results show.
        ("", Status.GOOD, "The SEO title starts with the keyphrase.", 0),
        (
            "Sciatica relief: massage for sciatica",
            Status.OK,
            "The keyphrase “massage for sciatica” is in the SEO title but not at "
            "its start; move it to the beginning.",
            2,
        ),
        (
            "Sciatica and massage",
            Status.OK,
            "The SEO title has the keyphrase's words but not the keyphrase as "
            "written; start the SEO title with “massage for sciatica”.",
            None,
        ),
        (
            "Sciatica relief at home",
            Status.BAD,
            "The SEO title lacks “massage” from the keyphrase “massage for "
            "sciatica”; start it with the keyphrase.",
            None,
        ),
    ],
)
def test_keyphrase_in_seo_title(seo_title, status, message, value):
    doc = document(
        title="Massage for sciatica", seo_title=seo_title, focus_keyphrase=KEYPHRASE
    )
    result = run(kp.KeyphraseInSeoTitle, doc)
    assert (result.status, result.message, result.value) == (status, message, value)
    if status is not Status.GOOD:
        [finding] = result.findings
        assert finding.location == field("seo_title", seo_title)


# --- keyphrase-in-introduction ----------------------------------------------


@pytest.mark.parametrize(
    ("blocks", "intro", "status", "message", "location"),
    [
        (
            [paragraph("Massage can ease sciatica. It helps.")],
            "",
            Status.GOOD,
            "The first paragraph has the keyphrase in one sentence.",
            None,
        ),
        # Word forms and synonyms count.
        (
            [paragraph("Massages ease sciatica.")],
            "",
            Status.GOOD,
            "The first paragraph has the keyphrase in one sentence.",
            None,
        ),
        (
            [paragraph("Soft tissue therapy eases the pain.")],
            "",
            Status.GOOD,
            "The first paragraph has the keyphrase in one sentence.",
            None,
        ),
        # The first paragraph, not the first block.
        (
            [heading("Start"), paragraph("Massage eases sciatica."), paragraph("X.")],
            "",
            Status.GOOD,
            "The first paragraph has the keyphrase in one sentence.",
            None,
        ),
        (
            [paragraph("Massage helps many people. Sciatica is nerve pain.")],
            "",
            Status.OK,
            "The first paragraph has the keyphrase's words, but not in one "
            "sentence; say it in one sentence.",
            block(0, "Massage helps many people. Sciatica is nerve pain."),
        ),
        (
            [paragraph("Sciatica hurts. Rest helps."), paragraph("Massage eases it.")],
            "",
            Status.BAD,
            "The first paragraph does not mention “massage for sciatica” or a "
            "synonym; it lacks “massage”. Name the topic in the opening sentence.",
            block(0, "Sciatica hurts. Rest helps."),
        ),
        # The intro field is the introduction when set.
        (
            [paragraph("Sciatica hurts.")],
            "Massage can ease sciatica.",
            Status.GOOD,
            "The first paragraph has the keyphrase in one sentence.",
            None,
        ),
        (
            [paragraph("Massage can ease sciatica.")],
            "Back pain is common.",
            Status.BAD,
            "The first paragraph does not mention “massage for sciatica” or a "
            "synonym; it lacks “massage”, “sciatica”. Name the topic in the "
            "opening sentence.",
            field("intro", "Back pain is common."),
        ),
    ],
)
def test_keyphrase_in_introduction(blocks, intro, status, message, location):
    doc = document(
        *blocks, intro=intro, focus_keyphrase=KEYPHRASE, keyphrase_synonyms=SYNONYMS
    )
    result = run(kp.KeyphraseInIntroduction, doc)
    assert (result.status, result.message) == (status, message)
    assert [f.location for f in result.findings] == ([location] if location else [])


def test_keyphrase_in_introduction_needs_a_paragraph():
    doc = document(heading("Only a heading"), focus_keyphrase=KEYPHRASE)
    result = run(kp.KeyphraseInIntroduction, doc)
    assert result.status is Status.NOT_APPLICABLE
    assert result.message == "No introduction or paragraph to check"


# --- keyphrase-in-meta-description -----------------------------------------


@pytest.mark.parametrize(
    ("description", "status", "message", "value"),
    [
        (
            "Learn how massage eases sciatica.",
            Status.GOOD,
            "The meta description has the keyphrase 1 time.",
            1,
        ),
        (
            "Learn how massages ease sciatica pain.",
            Status.GOOD,
            "The meta description has the keyphrase 1 time.",
            1,
        ),
        # A synonym counts, and the keyphrase plus a synonym is two.
        (
            "Soft tissue therapy for nerve pain.",
            Status.GOOD,
            "The meta description has the keyphrase 1 time.",
            1,
        ),
        (
            "Massage for sciatica, and soft tissue therapy too.",
            Status.GOOD,
            "The meta description has the keyphrase 2 times.",
            2,
        ),
        # Both words must be in the same sentence.
        (
            "Massage helps. Sciatica hurts.",
            Status.BAD,
            "The meta description does not mention “massage for sciatica” or a "
            "synonym; add it once.",
            0,
        ),
        (
            "Massage for sciatica. Massage eases sciatica. Sciatica massage tips.",
            Status.BAD,
            "The meta description has the keyphrase or synonyms 3 times; use it at "
            "most 2 times.",
            3,
        ),
    ],
)
def test_keyphrase_in_meta_description(description, status, message, value):
    doc = document(
        search_description=description,
        focus_keyphrase=KEYPHRASE,
        keyphrase_synonyms=SYNONYMS,
    )
    result = run(kp.KeyphraseInMetaDescription, doc)
    assert (result.status, result.message, result.value) == (status, message, value)
    if status is Status.BAD:
        [finding] = result.findings
        assert finding.location == field("search_description", description)


def test_keyphrase_in_meta_description_needs_a_description():
    result = run(kp.KeyphraseInMetaDescription, document(focus_keyphrase=KEYPHRASE))
    assert result.status is Status.NOT_APPLICABLE


# --- keyphrase-in-slug -------------------------------------------------------


@pytest.mark.parametrize(
    ("keyphrase", "slug", "status", "message", "value"),
    [
        ("massage for sciatica", "massage-for-sciatica", Status.GOOD, None, 100),
        ("massage for sciatica", "sciatica-massages", Status.GOOD, None, 100),
        (
            "massage for sciatica",
            "sciatica-relief",
            Status.OK,
            "The slug lacks “massage” from the keyphrase “massage for sciatica”.",
            50,
        ),
        # Three or more content words: more than half is enough.
        ("massage therapy sciatica", "massage-sciatica", Status.GOOD, None, 67),
        (
            "massage therapy sciatica",
            "massage-tips",
            Status.OK,
            "The slug lacks “therapy”, “sciatica” from the keyphrase “massage "
            "therapy sciatica”.",
            33,
        ),
        # Synonyms do not count.
        (
            "massage for sciatica",
            "soft-tissue-therapy",
            Status.OK,
            "The slug lacks “massage”, “sciatica” from the keyphrase “massage for "
            "sciatica”.",
            0,
        ),
    ],
)
def test_keyphrase_in_slug(keyphrase, slug, status, message, value):
    doc = document(slug=slug, focus_keyphrase=keyphrase, keyphrase_synonyms=SYNONYMS)
    result = run(kp.KeyphraseInSlug, doc)
    assert (result.status, result.value) == (status, value)
    if message:
        assert result.message == message
        [finding] = result.findings
        assert finding.location == field("slug", slug)
    else:
        assert result.message == "The slug contains the keyphrase."


def test_keyphrase_in_slug_needs_a_slug():
    result = run(kp.KeyphraseInSlug, document(focus_keyphrase=KEYPHRASE))
    assert result.status is Status.NOT_APPLICABLE


# --- keyphrase-in-subheadings -----------------------------------------------

ON = "Massage for sciatica at home"
OFF = "Other treatments"


@pytest.mark.parametrize(
    ("headings", "status", "message", "located"),
    [
        (
            [ON],
            Status.GOOD,
            "The keyphrase or a synonym is in 1 of 1 subheading (100%).",
            [],
        ),
        (
            [ON, ON, OFF, OFF],
            Status.GOOD,
            "The keyphrase or a synonym is in 2 of 4 subheadings (50%).",
            [],
        ),
        # Word forms and synonyms count; more than half the words is enough.
        (
            ["Massages and sciatica", "Soft tissue work", OFF],
            Status.GOOD,
            "The keyphrase or a synonym is in 2 of 3 subheadings (67%).",
            [],
        ),
        (
            [ON, ON, ON, ON],
            Status.BAD,
            "The keyphrase or a synonym is in 4 of 4 subheadings (100%); at most 3 "
            "should have it. Vary some of them.",
            [0, 1, 2, 3],
        ),
        (
            [ON, OFF, OFF, OFF, OFF],
            Status.BAD,
            "The keyphrase or a synonym is in 1 of 5 subheadings (20%); aim for at "
            "least 2. Name the topic in more of them.",
            [],
        ),
        # Half the keyphrase's words is not more than half.
        (
            ["Massage basics", OFF],
            Status.BAD,
            "The keyphrase or a synonym is in 0 of 2 subheadings (0%); aim for at "
            "least 1. Name the topic in more of them.",
            [],
        ),
    ],
)
def test_keyphrase_in_subheadings(headings, status, message, located):
    blocks = [block for text in headings for block in (heading(text), paragraph("X."))]
    doc = document(*blocks, focus_keyphrase=KEYPHRASE, keyphrase_synonyms=SYNONYMS)
    result = run(kp.KeyphraseInSubheadings, doc)
    assert (result.status, result.message) == (status, message)
    if located:
        assert [f.location for f in result.findings] == [
            block(2 * i, headings[i]) for i in located
        ]
        assert result.findings[0].message == (
            "This subheading repeats the keyphrase; 4 of 4 do, at most 3 should."
        )
    elif status is Status.BAD:
        [finding] = result.findings
        assert finding.message == message
        assert finding.location is None


@pytest.mark.parametrize(
    "blocks",
    [[paragraph("Massage eases sciatica.")], [heading(ON, level=4), paragraph("X.")]],
)
def test_keyphrase_in_subheadings_needs_h2_or_h3(blocks):
    result = run(
        kp.KeyphraseInSubheadings, document(*blocks, focus_keyphrase=KEYPHRASE)
    )
    assert result.status is Status.NOT_APPLICABLE
    assert result.message == "No h2 or h3 subheadings"


# --- keyphrase-in-image-alt -------------------------------------------------

ALT_ON = "A therapist giving a massage for sciatica"
ALT_OFF = "A calm treatment room"


@pytest.mark.parametrize(
    ("alts", "status", "message"),
    [
        ([ALT_ON], Status.GOOD, "1 of 1 image have the keyphrase in their alt text."),
        (
            [ALT_OFF, "Massages for the back", ""],
            Status.GOOD,
            "1 of 3 images have the keyphrase in their alt text.",
        ),
        (
            ["Soft tissue therapy on the leg"],
            Status.GOOD,
            "1 of 1 image have the keyphrase in their alt text.",
        ),
        (
            [ALT_ON, ALT_ON, ALT_OFF, ALT_OFF, ALT_OFF, ALT_OFF],
            Status.GOOD,
            "2 of 6 images have the keyphrase in their alt text.",
        ),
        (
            [ALT_ON, ALT_ON, ALT_ON, ALT_ON, ALT_OFF],
            Status.GOOD,
            "4 of 5 images have the keyphrase in their alt text.",
        ),
        (
            [ALT_OFF],
            Status.OK,
            "No image's alt text mentions the keyphrase or a synonym; use it where "
            "it describes the image.",
        ),
        (
            [""],
            Status.OK,
            "No image has alt text; describe the images, using the keyphrase where "
            "it fits.",
        ),
        (
            [ALT_ON, ALT_OFF, ALT_OFF, ALT_OFF, ALT_OFF],
            Status.OK,
            "1 of 5 images have the keyphrase in their alt text; that is too few "
            "(aim for 2-4).",
        ),
        (
            [ALT_ON] * 5,
            Status.OK,
            "5 of 5 images have the keyphrase in their alt text; that is too many "
            "(aim for 2-4).",
        ),
        (
            [ALT_ON] * 6,
            Status.OK,
            "6 of 6 images have the keyphrase in their alt text; that is too many "
            "(aim for 2-4).",
        ),
        (
            [],
            Status.BAD,
            "The article has no images; add one whose alt text describes it with "
            "the keyphrase.",
        ),
    ],
)
def test_keyphrase_in_image_alt(alts, status, message):
    blocks = [image(n, alt) for n, alt in enumerate(alts, 1)]
    doc = document(*blocks, focus_keyphrase=KEYPHRASE, keyphrase_synonyms=SYNONYMS)
    result = run(kp.KeyphraseInImageAlt, doc)
    assert (result.status, result.message) == (status, message)
    if status is Status.GOOD:
        assert result.findings == ()


def test_keyphrase_in_image_alt_points_at_images_and_skips_decorative_ones():
    doc = document(
        image(1, ALT_OFF),
        image(2, "", decorative=True),
        image(3, "A stretch"),
        focus_keyphrase=KEYPHRASE,
    )
    result = run(kp.KeyphraseInImageAlt, doc)
    assert [f.location for f in result.findings] == [
        block(0, ALT_OFF),
        block(2, "A stretch"),
    ]
    assert result.findings[0].message == (
        "This image's alt text does not mention the keyphrase or a synonym."
    )
    only_decorative = document(image(1, "", decorative=True), focus_keyphrase=KEYPHRASE)
    assert run(kp.KeyphraseInImageAlt, only_decorative).status is Status.BAD


# --- keyphrase-density --------------------------------------------------------
# "massage for sciatica" has 2 content words: factor 0.7 + 2/3. In 1,000 words
# Yoast recommends ceil(0.5 * 1000 / 136.7) = 4 to floor(3 * 1000 / 136.7) = 21.


@pytest.mark.parametrize(
    ("blocks", "keyphrase", "status", "message", "value"),
    [
        (
            [prose(4, 100)],
            KEYPHRASE,
            Status.GOOD,
            "The keyphrase occurs 4 times in 1,000 words; 4-21 is right.",
            0.55,
        ),
        (
            [prose(21, 100)],
            KEYPHRASE,
            Status.GOOD,
            "The keyphrase occurs 21 times in 1,000 words; 4-21 is right.",
            2.87,
        ),
        (
            [prose(3, 100)],
            KEYPHRASE,
            Status.BAD,
            "The keyphrase occurs 3 times in 1,000 words; use it at least 4 times.",
            0.41,
        ),
        (
            [prose(0, 100)],
            KEYPHRASE,
            Status.BAD,
            "The keyphrase occurs 0 times in 1,000 words; use it at least 4 times.",
            0.0,
        ),
        (
            [prose(22, 100)],
            KEYPHRASE,
            Status.BAD,
            "The keyphrase occurs 22 times in 1,000 words, more than 21; vary it "
            "with synonyms.",
            3.01,
        ),
        (
            [prose(30, 100)],
            KEYPHRASE,
            Status.BAD,
            "The keyphrase occurs 30 times in 1,000 words, far more than 21; vary "
            "it with synonyms.",
            4.1,
        ),
        # Word forms count: "Massages ... sciatica".
        (
            [
                prose(
                    4,
                    100,
                    hit=HIT_FORMS,
                )
            ],
            KEYPHRASE,
            Status.GOOD,
            "The keyphrase occurs 4 times in 1,000 words; 4-21 is right.",
            0.55,
        ),
        # Synonyms do not count towards density.
        (
            [prose(4, 100, hit=HIT_SYNONYM)],
            KEYPHRASE,
            Status.BAD,
            "The keyphrase occurs 0 times in 1,000 words; use it at least 4 times.",
            0.0,
        ),
        # Two full matches in one sentence count twice.
        (
            [
                prose(
                    2,
                    100,
                    hit=HIT_TWICE,
                )
            ],
            KEYPHRASE,
            Status.GOOD,
            "The keyphrase occurs 4 times in 1,000 words; 4-21 is right.",
            0.55,
        ),
        # Longer keyphrases need fewer repetitions: 4 words, factor 0.7 + 4/3;
        # and two occurrences are enough while the minimum is two.
        (
            [
                prose(
                    2,
                    11,
                    hit=HIT_LONG,
                )
            ],
            "massage therapy sciatica relief",
            Status.GOOD,
            "The keyphrase occurs 2 times in 110 words; 2 is right.",
            3.7,
        ),
        # Short texts (under 100 words) count occurrences instead.
        (
            [prose(1, 4)],
            KEYPHRASE,
            Status.GOOD,
            "The keyphrase occurs 1 time in 40 words; 1 is right.",
            1,
        ),
        (
            [prose(2, 6)],
            KEYPHRASE,
            Status.GOOD,
            "The keyphrase occurs 2 times in 60 words; 1-2 is right.",
            2,
        ),
        (
            [prose(0, 4)],
            KEYPHRASE,
            Status.BAD,
            "The keyphrase occurs 0 times in 40 words; use it at least 1 time.",
            0,
        ),
        (
            [prose(3, 6)],
            KEYPHRASE,
            Status.BAD,
            "The keyphrase occurs 3 times in 60 words, more than 2; vary it with "
            "synonyms.",
            3,
        ),
        (
            [prose(3, 4)],
            KEYPHRASE,
            Status.BAD,
            "The keyphrase occurs 3 times in 40 words, far more than 1; vary it "
            "with synonyms.",
            3,
        ),
    ],
)
def test_keyphrase_density(blocks, keyphrase, status, message, value):
    doc = document(*blocks, focus_keyphrase=keyphrase, keyphrase_synonyms=SYNONYMS)
    result = run(kp.KeyphraseDensity, doc)
    assert (result.status, result.message, result.value) == (status, message, value)
    if status is Status.BAD:
        [finding] = result.findings
        assert finding.message == message
        assert finding.value == value


def test_keyphrase_density_needs_text():
    result = run(kp.KeyphraseDensity, document(focus_keyphrase=KEYPHRASE))
    assert result.status is Status.NOT_APPLICABLE


# --- keyphrase-distribution -------------------------------------------------


def sentences(total: int, hits: set[int], hit: str = "Massage eases sciatica.") -> list:
    """One paragraph per sentence, so a block index is a sentence index."""
    return [paragraph(hit if n in hits else f"Rest helps {n}.") for n in range(total)]


@pytest.mark.parametrize(
    ("blocks", "status", "message", "value", "locations"),
    [
        (
            sentences(20, {0, 5, 10, 15}),
            Status.GOOD,
            "The keyphrase is spread through the text; the longest stretch without "
            "it is 4 sentences.",
            20,
            [],
        ),
        (
            sentences(20, {0, 7, 14}),
            Status.GOOD,
            "The keyphrase is spread through the text; the longest stretch without "
            "it is 6 sentences.",
            30,
            [],
        ),
        # The first of two equally long stretches is pointed at.
        (
            sentences(20, {0, 8, 12}),
            Status.OK,
            "7 of 20 sentences in a row (35%) do not mention the keyphrase or a "
            "synonym, from here on; mention the topic in this stretch.",
            35,
            [block(1, "Rest helps 1.")],
        ),
        (
            sentences(20, {0, 19}),
            Status.BAD,
            "18 of 20 sentences in a row (90%) do not mention the keyphrase or a "
            "synonym, from here on; mention the topic in this stretch.",
            90,
            [block(1, "Rest helps 1.")],
        ),
        # Synonyms and word forms count.
        (
            sentences(20, {0, 5, 10, 15}, hit="Soft tissue therapies help."),
            Status.GOOD,
            "The keyphrase is spread through the text; the longest stretch without "
            "it is 4 sentences.",
            20,
            [],
        ),
        (
            sentences(20, {19}, hit="Massages ease sciatica."),
            Status.BAD,
            "19 of 20 sentences in a row (95%) do not mention the keyphrase or a "
            "synonym, from here on; mention the topic in this stretch.",
            95,
            [block(0, "Rest helps 0.")],
        ),
        # All the keyphrase's words must be in the sentence.
        (
            sentences(20, set(), hit="Massage helps."),
            Status.BAD,
            "No sentence mentions “massage for sciatica” or a synonym; use the "
            "keyphrase in the text.",
            100,
            [None],
        ),
        # Under 15 sentences, one mention is enough.
        (
            sentences(14, {13}),
            Status.GOOD,
            "The text is short and mentions the keyphrase.",
            10,
            [],
        ),
    ],
)
def test_keyphrase_distribution(blocks, status, message, value, locations):
    doc = document(*blocks, focus_keyphrase=KEYPHRASE, keyphrase_synonyms=SYNONYMS)
    result = run(kp.KeyphraseDistribution, doc)
    assert (result.status, result.message, result.value) == (status, message, value)
    assert [f.location for f in result.findings] == locations


def test_keyphrase_distribution_matches_half_of_a_long_topic():
    topic = "massage therapy sciatica relief"  # 4 content words: half is enough
    doc = document(
        *sentences(20, {0, 5, 10, 15}, hit="Massage therapy works."),
        focus_keyphrase=topic,
    )
    assert run(kp.KeyphraseDistribution, doc).status is Status.GOOD
    doc = document(
        *sentences(20, {0, 5, 10, 15}, hit="Massage works."), focus_keyphrase=topic
    )
    assert run(kp.KeyphraseDistribution, doc).status is Status.BAD


def test_keyphrase_distribution_needs_text():
    result = run(kp.KeyphraseDistribution, document(focus_keyphrase=KEYPHRASE))
    assert result.status is Status.NOT_APPLICABLE


# --- the seed ------------------------------------------------------------------


def test_seed_003(seed):
    from dataclasses import replace

    from articles.importing import parse_file
    from seo.document import Document
    from seo.sources import article_from_import

    data = replace(
        article_from_import(parse_file(seed("003"))),
        focus_keyphrase="massage therapy for sciatica",
    )
    doc = Document(data)
    statuses = {check.id: run(check, doc).status for check in KEYPHRASE_CHECKS}
    assert statuses == {
        "keyphrase-in-title": Status.GOOD,
        "keyphrase-in-seo-title": Status.OK,  # "Healing Hands: ..." comes first
        "keyphrase-in-introduction": Status.BAD,  # opens on sciatica alone
        "keyphrase-in-meta-description": Status.BAD,
        "keyphrase-in-slug": Status.GOOD,
        "keyphrase-in-subheadings": Status.GOOD,
        "keyphrase-in-image-alt": Status.BAD,  # no images
        "keyphrase-density": Status.GOOD,
        "keyphrase-distribution": Status.GOOD,
    }
