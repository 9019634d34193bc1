"""The readability checks: a parameter table per check, passing and failing."""

import pytest

from articles.importing.reader import parse_file
from seo import text
from seo.checks import readability as checks
from seo.checks.base import Category
from seo.document import Document
from seo.findings import Level, Location, Status
from seo.registry import registry
from seo.sources import article_from_import
from tests.seo.factories import bullets, document, heading, image, paragraph

# --- builders -------------------------------------------------------------------------


def sentence(words: int, *, first: str = "Dogs", filler: str = "cat") -> str:
    """A sentence of `words` words ("Dogs cat cat cat."): one syllable each,
    none a transition word, an auxiliary or a participle."""
    return " ".join([first] + [filler] * (words - 1)) + "."


def sentences(*lengths: int, **options) -> str:
    return " ".join(sentence(n, **options) for n in lengths)


def run(check_class, doc, **params):
    return check_class(params).run(doc)


def location(doc, index: int, *, excerpt: str | None = None, heading=None):
    block = doc.blocks[index]
    if excerpt is None and heading is None:
        excerpt = text.excerpt(block.text)
    return Location(block=index, block_id=block.id, excerpt=excerpt, heading=heading)


def findings(result) -> list[tuple]:
    return [
        (f.level, f.message, f.location, f.value, f.threshold) for f in result.findings
    ]


# --- registration ---------------------------------------------------------------------

IDS = [
    "readability-figures",
    "grade-level",
    "flesch-reading-ease",
    "sentence-length",
    "paragraph-length",
    "subheading-distribution",
    "passive-voice",
    "transition-words",
    "sentence-beginnings",
    "complex-words",
]


@pytest.mark.parametrize("check_id", IDS)
def test_registered_as_readability(check_id):
    check = registry.get(check_id)
    assert check.category is Category.READABILITY
    assert "readability" in check.tags
    assert len(check.help_text) > 100


# --- readability figures --------------------------------------------------------------

EASY = paragraph(sentences(20, 20))  # 40 words of one syllable, 2 sentences


def test_figures_report_every_formula():
    result = run(checks.ReadabilityFigures, document(EASY))
    assert result.status is Status.INFO
    assert result.message.startswith(
        "Flesch reading ease 101.9 (very easy), Flesch-Kincaid grade 4.0, SMOG 3.1, "
    )
    assert result.message.endswith("; 40 words in 2 sentences.")
    assert result.value == {
        "flesch_reading_ease": round(206.835 - 1.015 * 20 - 84.6 * 1, 2),
        "flesch_kincaid_grade": round(0.39 * 20 + 11.8 * 1 - 15.59, 2),
        # No word of three syllables; "dogs" is not on the Dale-Chall list.
        "smog_index": round(1.043 * (30 * (0 / 2)) ** 0.5 + 3.1291, 2),
        "gunning_fog": round(0.4 * (20 + 100 * 0 / 40), 2),
        # 122 letters, 124 characters with the full stops.
        "coleman_liau_index": round(
            0.058 * (122 / 40 * 100) - 0.296 * (2 / 40 * 100) - 15.8, 2
        ),
        "automated_readability_index": round(4.71 * (124 / 40) + 0.5 * 20 - 21.43, 2),
        "dale_chall_readability_score": round(0.1579 * (100 * 2 / 40) + 0.0496 * 20, 2),
        "flesch_band": "very easy",
        "words": 40,
        "sentences": 2,
        "syllables": 40,
        "polysyllables": 0,
    }


def test_figures_not_applicable_without_prose():
    result = run(checks.ReadabilityFigures, document(heading("Only a heading")))
    assert result.status is Status.NOT_APPLICABLE
    assert result.message == "The article has no prose to measure."


# --- grade level ----------------------------------------------------------------------

EASY_GRADE = 0.39 * 20 + 11.8 * 1 - 15.59  # 4.01
EASY_FINDING = (
    "This passage reads at about grade 4 (20 words per sentence, 0% of words with "
    "three or more syllables); shorten its sentences and use plainer words."
)


@pytest.mark.parametrize(
    ("fields", "params", "status", "opening", "finding_level", "threshold"),
    [
        ({}, {}, Status.GOOD, "Flesch-Kincaid grade 4.0, at or below the target "
         "grade 8. Other figures: Flesch reading ease 101.9", None, None),
        ({"target_grade": 4}, {}, Status.OK, "Flesch-Kincaid grade 4.0, above the "
         "target grade 4: shorten sentences and use plainer words.", Level.INFO, 4),
        ({"target_grade": 3}, {}, Status.OK, "Flesch-Kincaid grade 4.0, above the "
         "target grade 3:", Level.INFO, 3),
        ({"target_grade": 2}, {}, Status.BAD, "Flesch-Kincaid grade 4.0, above the "
         "target grade 2:", Level.WARNING, 2),
        ({}, {"target": 3, "margin": 0}, Status.BAD, "Flesch-Kincaid grade 4.0, "
         "above the target grade 3:", Level.WARNING, 3),
        ({"target_grade": 4}, {"formula": "smog"}, Status.GOOD, "SMOG grade 3.1, at "
         "or below the target grade 4. Other figures: Flesch reading ease", None,
         None),
    ],
)  # fmt: skip
def test_grade_level(fields, params, status, opening, finding_level, threshold):
    doc = document(EASY, **fields)
    result = run(checks.GradeLevel, doc, **params)
    assert result.status is status
    assert result.message.startswith(opening)
    if params.get("formula") == "smog":
        assert result.value == 3.13
        assert "SMOG" not in result.message.removeprefix("SMOG")
    else:
        assert result.value == round(EASY_GRADE, 2)
        assert "Flesch-Kincaid" not in result.message.removeprefix("Flesch-Kincaid")
    if finding_level is None:
        assert result.findings == ()
    else:
        assert findings(result) == [
            (finding_level, EASY_FINDING, location(doc, 0), 4.0, threshold)
        ]


def test_grade_level_points_at_the_hardest_passages_first():
    shorter = paragraph(sentences(10, 10, 10))  # grade 0.11
    doc = document(shorter, EASY, paragraph(sentences(20)), target_grade=0)
    result = run(checks.GradeLevel, doc)
    # The hardest first; the 20-word paragraph is too short to judge alone.
    assert [(f.location.block, f.value) for f in result.findings] == [
        (1, round(EASY_GRADE, 1)),
        (0, round(0.39 * 10 + 11.8 - 15.59, 1)),
    ]
    assert len(run(checks.GradeLevel, doc, max_findings=1).findings) == 1


def test_grade_level_not_applicable_to_a_few_words():
    result = run(checks.GradeLevel, document(paragraph("Rest well.")))
    assert result.status is Status.NOT_APPLICABLE
    assert result.message == ("The prose has 2 words; grade formulas need at least 11.")


def test_grade_level_rejects_an_unknown_formula():
    with pytest.raises(ValueError, match="unknown formula 'lix'"):
        checks.GradeLevel({"formula": "lix"})


# --- Flesch reading ease --------------------------------------------------------------

# 10-word sentences; "water" has two syllables, "family" three.
FAIRLY_DIFFICULT = " ".join(["Dogs " + "water " * 7 + "cat cat."] * 2)
VERY_DIFFICULT = sentences(10, 10, filler="family")


@pytest.mark.parametrize(
    ("body", "status", "message", "value"),
    [
        (
            sentences(20, 20),
            Status.GOOD,
            "Flesch reading ease 101.9: very easy to read.",
            round(206.835 - 1.015 * 20.0 - 84.6 * 1.0, 2),
        ),
        (
            FAIRLY_DIFFICULT,  # 17 syllables in 10 words
            Status.OK,
            "Flesch reading ease 52.9: fairly difficult to read. "
            "Try shorter sentences.",
            round(206.835 - 1.015 * 10.0 - 84.6 * (34 / 20), 2),
        ),
        (
            VERY_DIFFICULT,  # 28 syllables in 10 words
            Status.BAD,
            "Flesch reading ease -40.2: very difficult to read. "
            "Try shorter sentences and plainer words.",
            round(206.835 - 1.015 * 10.0 - 84.6 * (56 / 20), 2),
        ),
        (
            "Rest well. Walk daily.",
            Status.NOT_APPLICABLE,
            "The prose has 4 words; the Flesch score needs at least 11.",
            None,
        ),
    ],
)
def test_flesch_reading_ease(body, status, message, value):
    result = run(checks.FleschReadingEase, document(paragraph(body)))
    assert (result.status, result.message, result.value) == (status, message, value)
    # A verdict to act on is a finding, carrying the message; good is silent.
    expected = [message] if status in (Status.OK, Status.BAD) else []
    assert [finding.message for finding in result.findings] == expected


# --- sentence length ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lengths", "cornerstone", "status", "share", "long"),
    [
        ((21, 5, 5, 5), False, Status.GOOD, 25, []),
        ((21, 21, 21, *[5] * 7), False, Status.OK, 30, [21, 21, 21]),
        ((5, 24, 5, 22, 5, 5, 5), False, Status.OK, 28.6, [24, 22]),
        ((20, 21, 5), False, Status.BAD, 33.3, [21]),
        ((21, 5, 5, 5, 5), True, Status.GOOD, 20, []),
        ((21, 5, 5, 5), True, Status.OK, 25, [21]),
        ((21, 5, 25, 5, 5, 5, 5), True, Status.BAD, 28.6, [25, 21]),
    ],
)
def test_sentence_length(lengths, cornerstone, status, share, long):
    doc = document(paragraph(sentences(*lengths)), cornerstone=cornerstone)
    result = run(checks.SentenceLength, doc)
    warn = 20 if cornerstone else 25
    assert result.status is status
    assert result.message == (
        f"{share:g}% of sentences have more than 20 words "
        f"(at most {warn}% recommended)."
    )
    assert result.value == share
    level = Level.WARNING if status is Status.BAD else Level.INFO
    assert findings(result) == [
        (
            level,
            f"Sentence of {n} words; split it.",
            location(doc, 0, excerpt=text.excerpt(sentence(n))),
            n,
            20,
        )
        for n in long
    ]


def test_sentence_length_lists_the_longest_first_up_to_a_limit():
    doc = document(paragraph(sentences(22, 30, 25, 26)), paragraph(sentences(40)))
    result = run(checks.SentenceLength, doc, max_findings=3)
    assert [(f.value, f.location.block) for f in result.findings] == [
        (40, 1),
        (30, 0),
        (26, 0),
    ]


def test_sentence_length_not_applicable_without_sentences():
    result = run(checks.SentenceLength, document(image(alt="A therapist at work")))
    assert result.status is Status.NOT_APPLICABLE


# --- paragraph length -----------------------------------------------------------------


def words_paragraph(count: int) -> dict:
    """A paragraph of `count` words in sentences of ten or fewer."""
    return paragraph(
        sentences(*[10] * (count // 10), *([count % 10] * (count % 10 > 0)))
    )


@pytest.mark.parametrize(
    ("counts", "status", "message", "long"),
    [
        ((150, 40), Status.GOOD, "No paragraph has more than 150 words (longest: "
         "150).", []),
        ((40, 151), Status.OK, "1 paragraph over 150 words (longest: 151).", [1]),
        ((200, 160), Status.OK, "2 paragraphs over 150 words (longest: 200).",
         [0, 1]),
        ((201,), Status.BAD, "1 paragraph over 150 words (longest: 201).", [0]),
    ],
)  # fmt: skip
def test_paragraph_length(counts, status, message, long):
    doc = document(*(words_paragraph(n) for n in counts))
    result = run(checks.ParagraphLength, doc)
    assert (result.status, result.message, result.value) == (
        status,
        message,
        max(counts),
    )
    level = Level.WARNING if status is Status.BAD else Level.INFO
    assert findings(result) == [
        (
            level,
            f"Paragraph of {counts[i]} words (at most 150 recommended); split it.",
            location(doc, i),
            counts[i],
            150,
        )
        for i in long
    ]


def test_paragraph_length_not_applicable_without_paragraphs():
    result = run(checks.ParagraphLength, document(bullets("Rest", "Walk")))
    assert result.status is Status.NOT_APPLICABLE
    assert result.message == "The article has no paragraphs."


# --- subheading distribution ----------------------------------------------------------


@pytest.mark.parametrize(
    ("blocks", "cornerstone", "status", "message", "expected"),
    [
        (
            [heading("Causes"), words_paragraph(300)],
            False,
            Status.GOOD,
            "No section has more than 300 words (longest: 300).",
            [],
        ),
        (
            [words_paragraph(120), heading("Causes"), words_paragraph(301)],
            False,
            Status.OK,
            "1 section over 300 words (longest: 301).",
            [("The section under “Causes” has 301 words", 1, "Causes", 301)],
        ),
        (
            [heading("Causes"), words_paragraph(200), words_paragraph(151)],
            False,
            Status.BAD,
            "1 section over 300 words (longest: 351).",
            [("The section under “Causes” has 351 words", 0, "Causes", 351)],
        ),
        (
            [words_paragraph(320), heading("Causes"), words_paragraph(320)],
            False,
            Status.OK,
            "2 sections over 300 words (longest: 320).",
            [
                ("The text before the first subheading has 320 words", 0, None, 320),
                ("The section under “Causes” has 320 words", 1, "Causes", 320),
            ],
        ),
        (
            [heading("Causes"), words_paragraph(250)],
            True,
            Status.GOOD,
            "No section has more than 250 words (longest: 250).",
            [],
        ),
        (
            [heading("Causes"), words_paragraph(251)],
            True,
            Status.OK,
            "1 section over 250 words (longest: 251).",
            [("The section under “Causes” has 251 words", 0, "Causes", 251)],
        ),
        (
            [heading("Causes"), words_paragraph(301)],
            True,
            Status.BAD,
            "1 section over 250 words (longest: 301).",
            [("The section under “Causes” has 301 words", 0, "Causes", 301)],
        ),
    ],
)
def test_subheading_distribution(blocks, cornerstone, status, message, expected):
    doc = document(*blocks, cornerstone=cornerstone)
    result = run(checks.SubheadingDistribution, doc)
    assert (result.status, result.message) == (status, message)
    warn = 250 if cornerstone else 300
    level = Level.WARNING if status is Status.BAD else Level.INFO
    assert findings(result) == [
        (
            level,
            f"{where} (at most {warn} recommended); add a subheading.",
            location(doc, index, heading=title) if title else location(doc, index),
            count,
            warn,
        )
        for where, index, title, count in expected
    ]


@pytest.mark.parametrize(
    ("blocks", "message"),
    [
        (
            [words_paragraph(400)],
            "The text has no subheadings; “subheadings-present” judges that.",
        ),
        ([heading("Causes"), heading("Relief")], "The subheadings have no text under "
         "them."),
    ],
)  # fmt: skip
def test_subheading_distribution_not_applicable(blocks, message):
    result = run(checks.SubheadingDistribution, document(*blocks))
    assert (result.status, result.message) == (Status.NOT_APPLICABLE, message)


# --- passive voice --------------------------------------------------------------------


# Each checked against yoastseo 3.6.0's English passive detection.
@pytest.mark.parametrize(
    ("sentence_text", "expected"),
    [
        ("The muscle is pressed by the therapist.", ("is", "pressed")),
        ("The massage was done well.", ("was", "done")),
        ("She has been told to rest.", ("been", "told")),
        ("You get hurt when you lift.", ("get", "hurt")),
        ("It is used, for example, daily.", ("is", "used")),
        ("It is what was expected.", ("was", "expected")),
        ("It’s caused by inflammation.", ("it's", "caused")),
        ("Patients who are being treated rest.", ("being", "treated")),
        ("The body is rid of toxins.", ("is", "rid")),
        ("The results were not yet published.", ("were", "published")),
        ("Pain is often felt in the leg.", ("is", "felt")),
        ("The therapist presses the muscle.", None),  # active
        ("It is a good idea.", None),  # no participle
        ("They are based in Seattle.", None),  # "based": not a participle here
        ("It was the first reported case.", None),  # after an ordinal
        ("He is, in fact, tired and relaxed.", None),  # the comma ends the clause
        ("The pain is spreading toward the hips.", None),  # -ing ends the clause
        ("You can get rid of pain.", None),  # "get rid"
        ("The nerve is well-known to doctors.", None),
    ],
)
def test_passive_detection(sentence_text, expected):
    assert checks.passive(sentence_text) == expected


ACTIVE = "Dogs chase the cat."
PASSIVE = "The muscle is pressed by the therapist."


@pytest.mark.parametrize(
    ("passives", "actives", "status", "share"),
    [
        (0, 5, Status.GOOD, 0),
        (1, 9, Status.GOOD, 10),
        (1, 8, Status.OK, 11.1),
        (3, 17, Status.OK, 15),
        (1, 5, Status.BAD, 16.7),
    ],
)
def test_passive_voice(passives, actives, status, share):
    doc = document(paragraph(" ".join([PASSIVE] * passives + [ACTIVE] * actives)))
    result = run(checks.PassiveVoice, doc)
    assert result.status is status
    assert result.message == (
        f"{share:g}% of sentences use the passive voice (at most 10% recommended)."
    )
    assert result.value == share
    if status is Status.GOOD:
        assert result.findings == ()
    else:
        level = Level.WARNING if status is Status.BAD else Level.INFO
        assert (
            findings(result)
            == [
                (
                    level,
                    "Passive voice (“is … pressed”); say who does what.",
                    location(doc, 0, excerpt=PASSIVE),
                    None,
                    None,
                )
            ]
            * passives
        )


def test_passive_voice_findings_are_capped():
    doc = document(paragraph(" ".join([PASSIVE] * 4)))
    assert len(run(checks.PassiveVoice, doc, max_findings=2).findings) == 2


def test_passive_voice_not_applicable_without_sentences():
    result = run(checks.PassiveVoice, document(heading("Causes")))
    assert result.status is Status.NOT_APPLICABLE


# --- transition words -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence_text", "expected"),
    [
        ("Rest helps because the nerve calms.", True),
        ("For example, walk daily.", True),
        ("As a result, the pain eased.", True),
        ("Take it slowly, e.g. one session a week.", True),
        ("What’s more, it is cheap.", True),
        ("Both massage and rest help.", True),  # two-part
        ("Either rest or heat helps.", True),  # two-part
        ("Both of them hurt.", False),  # "and" is missing
        ("Either way works.", True),
        ("The result was clear.", False),
        ("Dogs chase the cat.", False),
    ],
)
def test_transition_detection(sentence_text, expected):
    assert checks.has_transition(tuple(text.words(sentence_text))) is expected


LINKED = sentence(20, first="Because")


@pytest.mark.parametrize(
    ("linked", "status", "share", "unlinked"),
    [
        (3, Status.GOOD, 30, []),
        (5, Status.GOOD, 50, []),
        (2, Status.OK, 20, [1]),
        (1, Status.BAD, 10, [1]),
        (0, Status.BAD, 0, [0, 1]),
    ],
)
def test_transition_words(linked, status, share, unlinked):
    # Ten 20-word sentences: 200 words, in paragraphs of 6 and 4 sentences.
    first = [LINKED] * linked + [sentence(20)] * (6 - linked)
    doc = document(paragraph(" ".join(first)), paragraph(sentences(*[20] * 4)))
    result = run(checks.TransitionWords, doc)
    assert result.status is status
    assert result.message == (
        f"{share:g}% of sentences have a transition word (30% or more recommended)."
    )
    assert result.value == share
    level = Level.WARNING if status is Status.BAD else Level.INFO
    assert findings(result) == [
        (
            level,
            f"None of this passage's {6 if index == 0 else 4} sentences has a "
            "transition word (“because”, “however”, “for example”…); link the "
            "ideas.",
            location(doc, index),
            0,
            None,
        )
        for index in unlinked
    ]


def test_transition_words_not_applicable_to_short_texts():
    result = run(checks.TransitionWords, document(paragraph(sentences(20, 20, 19))))
    assert result.status is Status.NOT_APPLICABLE
    assert result.message == (
        "The text has 59 words; transition words are judged from 200."
    )


# --- sentence beginnings --------------------------------------------------------------


@pytest.mark.parametrize(
    ("blocks", "status", "runs"),
    [
        ([paragraph("Massage helps. Rest helps. Walking helps.")], Status.GOOD, []),
        (
            [paragraph("Massage helps. Massage heals. Massage soothes. Rest helps.")],
            Status.BAD,
            [(3, "massage", 0, "Massage helps.")],
        ),
        (  # runs go on from one paragraph to the next
            [paragraph("Rest helps. Massage helps."), paragraph("Massage heals. "
             "Massage soothes. Massage relaxes.")],
            Status.BAD,
            [(4, "massage", 0, "Massage helps.")],
        ),
        (  # articles and number words are compared with the next word
            [paragraph("The pain eases. The nerve calms. The muscle relaxes.")],
            Status.GOOD,
            [],
        ),
        (
            [paragraph("The pain eases. The pain fades. The pain goes.")],
            Status.BAD,
            [(3, "the pain", 0, "The pain eases.")],
        ),
        (  # a subheading ends a run
            [paragraph("Massage helps. Massage heals."), heading("More"),
             paragraph("Massage soothes. Rest helps.")],
            Status.GOOD,
            [],
        ),
        (  # lists are left out
            [paragraph("Rest helps. Walk daily. Sleep well."),
             bullets("Massage the back", "Massage the hip", "Massage the leg")],
            Status.GOOD,
            [],
        ),
    ],
)  # fmt: skip
def test_sentence_beginnings(blocks, status, runs):
    doc = document(*blocks)
    result = run(checks.SentenceBeginnings, doc)
    assert result.status is status
    assert findings(result) == [
        (
            Level.WARNING,
            f"{count} consecutive sentences start with “{opening}”; vary the openings.",
            location(doc, index, excerpt=first),
            count,
            2,
        )
        for count, opening, index, first in runs
    ]
    if runs:
        assert (
            result.message == "1 run of 3 or more sentences with the same first word."
        )
    else:
        assert result.message == "No run of sentences starts with the same word."


def test_sentence_beginnings_not_applicable_to_two_sentences():
    doc = document(paragraph("Massage helps. Massage heals."))
    result = run(checks.SentenceBeginnings, doc)
    assert result.status is Status.NOT_APPLICABLE
    assert result.message == (
        "The text has 2 sentence(s) outside lists; a run of 3 is not possible."
    )


# --- complex words --------------------------------------------------------------------

# "inflammation" has four syllables and is not on the Dale-Chall list of
# familiar words; "family" has three but is on it.


def complex_paragraph(complex_words: int, total: int, word: str = "inflammation"):
    return paragraph(
        " ".join([word] * complex_words + ["cat"] * (total - complex_words)) + "."
    )


@pytest.mark.parametrize(
    ("body", "fields", "status", "share", "listed"),
    [
        (complex_paragraph(0, 40), {}, Status.GOOD, 0, None),
        (complex_paragraph(9, 100), {}, Status.GOOD, 9, None),
        (complex_paragraph(10, 100), {}, Status.OK, 10, ": inflammation"),
        (complex_paragraph(30, 100, "family"), {}, Status.OK, 30, ""),
        (
            complex_paragraph(30, 100),
            {"focus_keyphrase": "inflammation"},
            Status.OK,
            30,
            "",
        ),
    ],
)
def test_complex_words(body, fields, status, share, listed):
    doc = document(body, **fields)
    result = run(checks.ComplexWords, doc)
    assert result.status is status
    assert result.message == (
        f"{share:g}% of words have three or more syllables (under 10% recommended)."
    )
    assert result.value == share
    if listed is None:
        assert result.findings == ()
    else:
        assert findings(result) == [
            (
                Level.INFO,
                f"{share}% of this passage's words have three or more syllables"
                f"{listed}; use plainer words where you can.",
                location(doc, 0),
                share,
                10,
            )
        ]


def test_complex_words_not_applicable_without_prose():
    result = run(checks.ComplexWords, document(heading("Causes")))
    assert result.status is Status.NOT_APPLICABLE


def test_passive_voice_in_capitals():
    doc = document(paragraph("THE MUSCLE WAS PRESSED. Dogs chase the cat."))
    assert [(s.text, aux, p) for s, aux, p in checks.passive_sentences(doc)] == [
        ("THE MUSCLE WAS PRESSED.", "was", "pressed")
    ]


# --- the seeds ------------------------------------------------------------------------


@pytest.fixture(params=["000", "001", "002", "003", "004"])
def seed_document(request, seed):
    return Document(article_from_import(parse_file(seed(request.param))))


def test_passive_filters_only_skip_sentences_that_are_not_passive(seed_document):
    """The cheap filters before the clause analysis change no verdict."""
    found = {id(s) for s, *_ in checks.passive_sentences(seed_document)}
    assert found == {
        id(s) for s in seed_document.sentences if checks.passive(s.text) is not None
    }


def test_every_readability_check_runs_on_the_seeds(seed_document):
    results = {
        check_id: registry.get(check_id)().run(seed_document) for check_id in IDS
    }
    assert {r.check_id for r in results.values()} == set(IDS)
    # Scraped health articles read at grade 11 to 15: far above grade 8.
    assert results["grade-level"].status is Status.BAD
    assert results["grade-level"].findings
    assert results["readability-figures"].status is Status.INFO
