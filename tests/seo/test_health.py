"""Health content checks: a parameter table per check, then the seeds."""

from datetime import date

import pytest

from articles.importing.reader import parse_file
from seo.audit import Auditor
from seo.checks.health import (
    ClaimCitations,
    MedicalDisclaimer,
    MedicalReviewer,
    OverstatedClaims,
    PersonFirstLanguage,
    ReviewDate,
)
from seo.document import Document
from seo.findings import Level, Status
from seo.sources import article_from_import

from .factories import (
    TODAY,
    bullets,
    disclaimer,
    document,
    heading,
    paragraph,
    references,
)


def outcome(result):
    """What a writer sees: the status, the message, and each finding's level,
    message and location (block index or page field)."""
    return (
        result.status,
        result.message,
        [
            (f.level, f.message, f.location and (f.location.block, f.location.field))
            for f in result.findings
        ],
    )


def quote(text: str, attribution: str = "") -> dict:
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def table(*rows: list[str], caption: str = "") -> dict:
    value = {"caption": caption, "header": ["Measure", "Before", "After"]}
    return {"type": "table", "value": {**value, "rows": [*rows]}}


def empty_disclaimer() -> dict:
    return {"type": "disclaimer", "value": {"text": "<p> </p>"}}


# --- medical-disclaimer ---------------------------------------------------------------

NO_DISCLAIMER = (
    Status.BAD,
    "No medical disclaimer.",
    [(Level.ERROR, "No medical disclaimer.", None)],
)


@pytest.mark.parametrize(
    ("body", "site_disclaimer", "expected"),
    [
        (
            [paragraph("Massage eases pain."), disclaimer()],
            "",
            (Status.GOOD, "The article has a disclaimer block.", []),
        ),
        (
            [paragraph("Massage eases pain.")],
            "This is general information, not medical advice.",
            (Status.GOOD, "The site-wide medical disclaimer applies.", []),
        ),
        ([paragraph("Massage eases pain.")], "", NO_DISCLAIMER),
        ([paragraph("Massage eases pain.")], "  ", NO_DISCLAIMER),
        (
            [paragraph("Massage eases pain."), empty_disclaimer()],
            "",
            (
                Status.BAD,
                "No medical disclaimer.",
                [(Level.ERROR, "The disclaimer block is empty.", (1, None))],
            ),
        ),
        # Disclaimer words count wherever they stand.
        (
            [
                paragraph("Massage eases pain."),
                paragraph(
                    "Knee pain often settles. Talk to your GP before you start "
                    "any new exercise."
                ),
            ],
            "",
            (
                Status.GOOD,
                "The article's text has a disclaimer: “Talk to your GP before you "
                "start any new exercise”.",
                [],
            ),
        ),
        (
            [paragraph("Please note: this page is for informational purposes only.")],
            "",
            (
                Status.GOOD,
                "The article's text has a disclaimer: “Please note: this page is "
                "for informational purposes only”.",
                [],
            ),
        ),
        (
            [quote("It is not a substitute for professional medical advice.")],
            "",
            (
                Status.GOOD,
                "The article's text has a disclaimer: “It is not a substitute for "
                "professional medical advice”.",
                [],
            ),
        ),
        # A doctor mentioned in passing is no disclaimer.
        ([paragraph("See a physiotherapist if it lasts.")], "", NO_DISCLAIMER),
        ([paragraph("Please note the clinic shuts at six.")], "", NO_DISCLAIMER),
        # An empty block is no harm when the site-wide disclaimer applies.
        (
            [empty_disclaimer()],
            "Not medical advice.",
            (Status.GOOD, "The site-wide medical disclaimer applies.", []),
        ),
    ],
)
def test_medical_disclaimer(body, site_disclaimer, expected):
    doc = document(*body, site_disclaimer=site_disclaimer)
    assert outcome(MedicalDisclaimer().run(doc)) == expected


# --- medical-reviewer -----------------------------------------------------------------

NO_REVIEWER = (
    Status.BAD,
    "No medical reviewer named.",
    [(Level.WARNING, "No medical reviewer named.", (None, "reviewer"))],
)


@pytest.mark.parametrize(
    ("reviewer", "expected"),
    [
        ("Dr. Jane Roe, DPT", (Status.GOOD, "Reviewed by Dr. Jane Roe, DPT.", [])),
        ("", NO_REVIEWER),
        ("   ", NO_REVIEWER),
    ],
)
def test_medical_reviewer(reviewer, expected):
    doc = document(paragraph("Massage eases pain."), reviewer=reviewer)
    assert outcome(MedicalReviewer().run(doc)) == expected


# --- review-date ----------------------------------------------------------------------


def stale(message: str, level: Level = Level.WARNING):
    return (Status.BAD, message, [(level, message, (None, "last_reviewed"))])


@pytest.mark.parametrize(
    ("reviewed", "params", "expected"),
    [
        (TODAY, {}, (Status.GOOD, "Last reviewed 0 days ago (2026-11-21).", [])),
        (
            date(2025, 11, 21),
            {},
            (Status.GOOD, "Last reviewed 365 days ago (2025-11-21).", []),
        ),
        (
            date(2025, 11, 20),
            {},
            stale("Last reviewed 366 days ago (2025-11-20), over the limit of 365."),
        ),
        (
            date(2026, 11, 22),
            {},
            stale("The last-reviewed date 2026-11-22 is in the future."),
        ),
        (None, {}, stale("No last-reviewed date.")),
        # Configurable: SEO_AUDIT["CHECKS"]["review-date"]["max_age_days"].
        (
            date(2026, 5, 1),
            {"max_age_days": 180},
            stale("Last reviewed 204 days ago (2026-05-01), over the limit of 180."),
        ),
        (
            date(2026, 5, 1),
            {"max_age_days": 730},
            (Status.GOOD, "Last reviewed 204 days ago (2026-05-01).", []),
        ),
    ],
)
def test_review_date(reviewed, params, expected):
    doc = document(paragraph("Massage eases pain."), last_reviewed=reviewed)
    assert outcome(ReviewDate(params).run(doc)) == expected


# --- claim-citations ------------------------------------------------------------------

NO_CLAIMS = (Status.GOOD, "No statistics or research claims.", [])


def uncited(label: str, phrase: str, block: int = 0, level=Level.WARNING, refs=False):
    status = Status.OK if refs else Status.BAD
    tail = "; the references block lists sources." if refs else "."
    return (
        status,
        f"1 of 1 claim has no citation nearby{tail}",
        [(level, f'{label} with no citation nearby: "{phrase}".', (block, None))],
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # What counts as a claim.
        (
            [paragraph("About 70% of patients improve within weeks.")],
            uncited("Statistic", "70%"),
        ),
        (
            [paragraph("Half of them, 40 percent, relapse.")],
            uncited("Statistic", "40 percent"),
        ),
        (
            [paragraph("Studies show that massage eases sciatic pain.")],
            uncited("Research claim", "Studies show"),
        ),
        (
            [paragraph("Research suggests it helps.")],
            uncited("Research claim", "Research suggests"),
        ),
        (
            [paragraph("The evidence clearly shows a benefit.")],
            uncited("Research claim", "evidence clearly shows"),
        ),
        (
            [paragraph("Our oil is clinically proven to soothe.")],
            uncited("Research claim", "clinically proven"),
        ),
        (
            [paragraph("Massage has been shown to lower stress.")],
            uncited("Research claim", "has been shown to"),
        ),
        (
            [paragraph("A 2019 study found less pain after massage.")],
            uncited("Research claim", "A 2019 study found"),
        ),
        (
            [paragraph("Massage reduces pain by 3 points on a 10-point scale.")],
            uncited("Figure", "by 3 points"),
        ),
        (
            [paragraph("Smokers are twice as likely to develop sciatica.")],
            uncited("Figure", "twice as likely"),
        ),
        (
            [paragraph("Take 400 mg of ibuprofen.")],
            uncited("Dose", "400 mg"),
        ),
        (
            [paragraph("One in five adults has sciatica at some point.")],
            uncited("Statistic", "One in five"),
        ),
        (
            [bullets("Rest", "8 out of 10 people recover")],
            uncited("Statistic", "8 out of 10"),
        ),
        # Not claims: instructions, durations, plain advice.
        ([paragraph("Hold for 30 seconds, then repeat 3 times.")], NO_CLAIMS),
        ([paragraph("A session lasts 30 to 90 minutes.")], NO_CLAIMS),
        ([paragraph("One of the benefits is better sleep.")], NO_CLAIMS),
        ([paragraph("Do your own research before booking.")], NO_CLAIMS),
        # Nearby: a link to another site, or a citation marker, in the block.
        (
            [
                paragraph(
                    'About 70% of patients improve. See <a href="https://'
                    'pubmed.ncbi.nlm.nih.gov/1/">the trial</a>.'
                )
            ],
            (Status.GOOD, "Every claim cites a source (1).", []),
        ),
        (
            [paragraph("About 70% of patients improve [1].")],
            (Status.GOOD, "Every claim cites a source (1).", []),
        ),
        (
            [paragraph("Studies show it helps (Smith et al., 2020).")],
            (Status.GOOD, "Every claim cites a source (1).", []),
        ),
        (
            [paragraph("Studies show it helps.² It is safe.")],
            (Status.GOOD, "Every claim cites a source (1).", []),
        ),
        (
            [quote("Studies show it helps.", attribution="Dr. Jane Roe")],
            (Status.GOOD, "Every claim cites a source (1).", []),
        ),
        # A link to this site's own page is no source.
        (
            [
                paragraph(
                    'About 70% of patients improve; see <a linktype="page" '
                    'id="3">our guide</a>.'
                )
            ],
            uncited("Statistic", "70%"),
        ),
        # A citation in another block is not nearby.
        (
            [
                paragraph("Studies show it helps."),
                paragraph('See <a href="https://nhs.uk/">the NHS</a>.'),
            ],
            uncited("Research claim", "Studies show"),
        ),
        # With a references block, uncited claims are ok, not bad.
        (
            [
                paragraph("Studies show it helps."),
                references("https://pubmed.ncbi.nlm.nih.gov/1/"),
            ],
            uncited("Research claim", "Studies show", level=Level.INFO, refs=True),
        ),
        # Tables of figures.
        (
            [table(["Pain (0-10)", "8", "4"], ["Range (degrees)", "60", "90"])],
            (
                Status.BAD,
                "1 of 1 claim has no citation nearby.",
                [(Level.WARNING, "Table of 4 figures with no source.", (0, None))],
            ),
        ),
        (
            [
                table(
                    ["Pain (0-10)", "8", "4"],
                    ["Range (degrees)", "60", "90"],
                    caption="Outcomes in the 2020 trial [2]",
                )
            ],
            (Status.GOOD, "Every claim cites a source (1).", []),
        ),
        ([table(["Weekly", "Acute pain", "Flare-ups"])], NO_CLAIMS),
        ([table(["Pain", "8", "4"])], NO_CLAIMS),
    ],
)
def test_claim_citations(body, expected):
    assert outcome(ClaimCitations().run(document(*body))) == expected


def test_claim_citations_point_at_each_uncited_sentence():
    doc = document(
        paragraph("Massage is pleasant. Studies show it helps. 70% agree."),
        paragraph("See a doctor first."),
        paragraph("Research suggests 30% fewer flare-ups."),
    )
    result = ClaimCitations().run(doc)
    assert result.message == "3 of 3 claims have no citation nearby."
    assert [(f.location.block, f.location.excerpt) for f in result.findings] == [
        (0, "Studies show it helps."),
        (0, "70% agree."),
        (2, "Research suggests 30% fewer flare-ups."),
    ]
    # One finding per sentence, naming its first claim.
    assert result.findings[2].message == (
        'Research claim with no citation nearby: "Research suggests".'
    )


def test_claim_citations_table_threshold_is_configurable():
    doc = document(table(["Pain", "8", "4"]))
    assert ClaimCitations({"table_figures": 2}).run(doc).status is Status.BAD


# --- overstated-claims ----------------------------------------------------------------


def overstated(label: str, phrase: str, where=(0, None)):
    return (
        Status.BAD,
        "1 overstated claim.",
        [(Level.ERROR, f'{label}: "{phrase}".', where)],
    )


NOT_OVERSTATED = (Status.GOOD, "No overstated claims.", [])


@pytest.mark.parametrize(
    ("body", "fields", "expected"),
    [
        ([paragraph("Massage cures sciatica.")], {}, overstated("Cure claim", "cures")),
        (
            [paragraph("A cure-all for back pain.")],
            {},
            overstated("Cure claim", "cure-all"),
        ),
        (
            [paragraph("Results are guaranteed.")],
            {},
            overstated("Guarantee", "guaranteed"),
        ),
        (
            [paragraph("Massage helps flush out toxins.")],
            {},
            overstated("Toxin claim", "flush out toxins"),
        ),
        (
            [paragraph("It releases the toxins stored in muscles.")],
            {},
            overstated("Toxin claim", "releases the toxins"),
        ),
        (
            [paragraph("Try our detox massage.")],
            {},
            overstated("Toxin claim", "detox"),
        ),
        (
            [paragraph("This is 100% effective.")],
            {},
            overstated("Absolute claim", "100% effective"),
        ),
        (
            [paragraph("A miracle for your back.")],
            {},
            overstated("Miracle claim", "miracle"),
        ),
        (
            [paragraph("It will permanently eliminate your pain.")],
            {},
            overstated("Permanent-results claim", "permanently eliminate"),
        ),
        (
            [paragraph("Your pain will be gone for good.")],
            {},
            overstated("Permanent-results claim", "gone for good"),
        ),
        # "completely cure" is one claim, not two.
        (
            [paragraph("Massage can completely cure sciatica.")],
            {},
            overstated("Permanent-results claim", "completely cure"),
        ),
        (
            [paragraph("Massage has no side effects.")],
            {},
            overstated("No-risk claim", "no side effects"),
        ),
        (
            [paragraph("Deep tissue massage is completely safe.")],
            {},
            overstated("No-risk claim", "completely safe"),
        ),
        (
            [paragraph("Get instant relief.")],
            {},
            overstated("Instant-results claim", "instant relief"),
        ),
        (
            [paragraph("This technique works for everyone.")],
            {},
            overstated("Works-for-everyone claim", "works for everyone"),
        ),
        (
            [paragraph("It eases pain without the need for medication.")],
            {},
            overstated(
                "Replaces-medical-care claim", "without the need for medication"
            ),
        ),
        # Promotional certainty, in the forms real clinic pages use.
        (
            [paragraph("Massage therapy is a proven method for lasting relief.")],
            {},
            overstated("Proof claim", "proven method"),
        ),
        (
            [paragraph("Clinically proven to ease migraines.")],
            {},
            overstated("Proof claim", "Clinically proven"),
        ),
        (
            [paragraph("Dry needling has been proven to reduce knee pain.")],
            {},
            overstated("Proof claim", "been proven to"),
        ),
        (
            [paragraph("It is the safest and most effective treatment for it.")],
            {},
            overstated("Superlative claim", "safest and most effective treatment"),
        ),
        (
            [paragraph("Physiotherapy is the fastest way to beat plantar fasciitis.")],
            {},
            overstated("Superlative claim", "fastest way to beat"),
        ),
        (
            [paragraph("Chiropractic is the number one therapy for migraines.")],
            {},
            overstated("Superlative claim", "number one therapy"),
        ),
        (
            [paragraph("Most clients feel better after only a couple of sessions.")],
            {},
            overstated("Quick-results claim", "after only a couple of sessions"),
        ),
        (
            [paragraph("Knee pain eases in just one physio appointment.")],
            {},
            overstated("Quick-results claim", "in just one physio appointment"),
        ),
        (
            [paragraph("Our patients see real results.")],
            {},
            overstated("Results promise", "real results"),
        ),
        (
            [paragraph("We treat you until the pain is gone for good.")],
            {},
            overstated("Permanent-results claim", "gone for good"),
        ),
        (
            [paragraph("Banish heel pain forever.")],
            {},
            overstated("Permanent-results claim", "Banish heel pain forever"),
        ),
        ([paragraph("It has not been proven to work.")], {}, NOT_OVERSTATED),
        ([paragraph("There is no proven cure for migraine.")], {}, NOT_OVERSTATED),
        ([paragraph("The most common treatment is rest.")], {}, NOT_OVERSTATED),
        (
            [paragraph("Only a few sessions are covered by insurance.")],
            {},
            NOT_OVERSTATED,
        ),
        (
            [paragraph("Symptoms often improve within a few weeks.")],
            {},
            NOT_OVERSTATED,
        ),
        ([paragraph("Find the fastest route to the clinic.")], {}, NOT_OVERSTATED),
        # Page fields and headings are read too.
        (
            [paragraph("Massage eases pain.")],
            {"title": "Cure sciatica with massage"},
            overstated("Cure claim", "Cure", (None, "title")),
        ),
        (
            [paragraph("Massage eases pain.")],
            {"search_description": "A miracle for sciatica."},
            overstated("Miracle claim", "miracle", (None, "search_description")),
        ),
        (
            [heading("The miracle of massage"), paragraph("Massage eases pain.")],
            {},
            overstated("Miracle claim", "miracle"),
        ),
        # Negated phrases and questions are cautions, not claims.
        ([paragraph("Massage won’t cure your sciatica.")], {}, NOT_OVERSTATED),
        ([paragraph("There is no cure for sciatica.")], {}, NOT_OVERSTATED),
        ([paragraph("Massage is not a miracle, but it helps.")], {}, NOT_OVERSTATED),
        ([paragraph("Nobody can guarantee results.")], {}, NOT_OVERSTATED),
        ([heading("Can massage cure sciatica?")], {}, NOT_OVERSTATED),
        # ...but a negation in another clause does not count.
        (
            [paragraph("It is not just relief, it cures.")],
            {},
            overstated("Cure claim", "cures"),
        ),
        # Ordinary words that look alike.
        (
            [paragraph("Massage is good for stress and is safe for most people.")],
            {},
            NOT_OVERSTATED,
        ),
        ([paragraph("Rest on your side; see a doctor if needed.")], {}, NOT_OVERSTATED),
        ([paragraph("Accurate diagnosis matters.")], {}, NOT_OVERSTATED),
    ],
)
def test_overstated_claims(body, fields, expected):
    assert outcome(OverstatedClaims().run(document(*body, **fields))) == expected


def test_overstated_claims_report_each_phrase():
    doc = document(paragraph("A guaranteed miracle. It flushes toxins."))
    result = OverstatedClaims().run(doc)
    assert [f.message for f in result.findings] == [
        'Guarantee: "guaranteed".',
        'Miracle claim: "miracle".',
        'Toxin claim: "flushes toxins".',
    ]
    assert result.findings[0].hint == (
        "No treatment works for everyone; say what it may do."
    )


# --- person-first-language ------------------------------------------------------------


def reword(suggestions: str, phrase: str, harmful=True, where=(0, None)):
    level = Level.WARNING if harmful else Level.INFO
    return (
        Status.BAD if harmful else Status.OK,
        "1 phrase to reword.",
        [(level, f'Write {suggestions} rather than "{phrase}".', where)],
    )


INCLUSIVE = (Status.GOOD, "No non-inclusive phrases.", [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Massage helps sciatica sufferers.",
            reword('"people with sciatica"', "sciatica sufferers"),
        ),
        (
            "Sciatica sufferers often sleep badly.",
            reword('"people with sciatica"', "Sciatica sufferers"),
        ),
        (
            "Many chronic back pain sufferers try massage.",
            reword('"people with chronic back pain"', "chronic back pain sufferers"),
        ),
        (
            "As a sciatica sufferer, I know.",
            reword('"person with sciatica"', "sciatica sufferer"),
        ),
        (
            "It helps sufferers of sciatica.",
            reword('"people with sciatica"', "sufferers of sciatica"),
        ),
        (
            "It helps the sufferers.",
            reword('"people with [the condition]"', "sufferers"),
        ),
        # What follows "sufferer from" is no condition when it is a verb or
        # a determiner: the suggestion must still read as English.
        (
            "The pain keeps the sufferer from sleeping.",
            reword('"person with [the condition]"', "sufferer"),
        ),
        (
            "Sufferers from the pain rarely sleep.",
            reword('"people with [the condition]"', "Sufferers"),
        ),
        (
            "Migraine keeps sufferers indoors.",
            reword('"people with [the condition]"', "sufferers"),
        ),
        (
            "A sufferer from migraines needs rest.",
            reword('"person with migraines"', "sufferer from migraines"),
        ),
        (
            "People suffering from sciatica benefit.",
            reword('"living with" or "who have"', "suffering from", harmful=False),
        ),
        (
            "She suffers from sciatica.",
            reword('"has" or "lives with"', "suffers from", harmful=False),
        ),
        (
            "Those afflicted with sciatica benefit.",
            reword('"who have" or "living with"', "afflicted with", harmful=False),
        ),
        (
            "Diabetics should check with a doctor.",
            reword('"people with diabetes"', "Diabetics"),
        ),
        (
            "Ask your doctor if you are a diabetic.",
            reword('"a person with diabetes"', "a diabetic"),
        ),
        (
            "Massage helps stroke victims.",
            reword('"people who have had a stroke"', "stroke victims"),
        ),
        (
            "Support for victims of abuse.",
            reword('"people affected by" or "people who have had"', "victims of"),
        ),
        (
            "Massage for the disabled.",
            reword('"disabled people" or "people with disabilities"', "the disabled"),
        ),
        (
            "He is wheelchair-bound.",
            reword('"uses a wheelchair" or "wheelchair user"', "wheelchair-bound"),
        ),
        (
            "She was confined to a wheelchair.",
            reword(
                '"uses a wheelchair" or "wheelchair user"', "confined to a wheelchair"
            ),
        ),
        (
            "Sciatica can cause crippling pain.",
            reword('"severe" or "disabling"', "crippling", harmful=False),
        ),
        (
            "Massage suits the elderly.",
            reword('"older people" or "older adults"', "the elderly", harmful=False),
        ),
        (
            "Care for the mentally ill.",
            reword('"people with mental illness"', "the mentally ill"),
        ),
        (
            "Alcoholics are at risk.",
            reword('"people with alcohol use disorder"', "Alcoholics"),
        ),
        (
            "Suicide risk: never say commit suicide.",
            reword('"die by suicide" or "died by suicide"', "commit suicide"),
        ),
        (
            "He had an epileptic fit.",
            reword('"seizure"', "epileptic fit", harmful=False),
        ),
        # Person-first already, or the word used in another sense.
        ("Massage helps people with sciatica.", INCLUSIVE),
        ("People living with sciatica benefit.", INCLUSIVE),
        ("Diabetic neuropathy can mimic sciatica.", INCLUSIVE),
        ("Avoid alcoholic drinks after a massage.", INCLUSIVE),
        ("Alcoholics Anonymous meets weekly.", INCLUSIVE),
        ("Muscles suffer when you sit all day.", INCLUSIVE),
    ],
)
def test_person_first_language(text, expected):
    assert outcome(PersonFirstLanguage().run(document(paragraph(text)))) == expected


def test_person_first_language_leaves_quotations_alone():
    doc = document(quote("As a sciatica sufferer, I tried everything.", "A reader"))
    assert outcome(PersonFirstLanguage().run(doc)) == INCLUSIVE


def test_person_first_language_reads_fields_and_headings_and_keeps_soft_findings_info():
    doc = document(
        heading("Help for sciatica sufferers"),
        paragraph("People suffering from sciatica often sleep badly."),
        seo_title="Massage for the elderly",
    )
    assert outcome(PersonFirstLanguage().run(doc)) == (
        Status.BAD,
        "3 phrases to reword.",
        [
            (
                Level.INFO,
                'Write "older people" or "older adults" rather than "the elderly".',
                (None, "seo_title"),
            ),
            (
                Level.WARNING,
                'Write "people with sciatica" rather than "sciatica sufferers".',
                (0, None),
            ),
            (
                Level.INFO,
                'Write "living with" or "who have" rather than "suffering from".',
                (1, None),
            ),
        ],
    )


# --- the seeds ------------------------------------------------------------------------

SEEDS = ["000", "001", "002", "003", "004"]


def seed_document(seed, number: str) -> Document:
    return Document(article_from_import(parse_file(seed(number)), today=TODAY))


@pytest.mark.parametrize("number", SEEDS)
def test_seeds_have_no_disclaimer_reviewer_or_review_date(seed, number):
    auditor = Auditor([MedicalDisclaimer, MedicalReviewer, ReviewDate])
    report = auditor.audit(seed_document(seed, number))
    results = {r.check_id: r for r in report.results}
    assert outcome(results["medical-disclaimer"]) == NO_DISCLAIMER
    assert outcome(results["medical-reviewer"]) == NO_REVIEWER
    assert outcome(results["review-date"]) == stale("No last-reviewed date.")
    assert report.max_level is Level.ERROR
    assert report.scores.categories["health"] == 0


def test_seed_disclaimer_is_satisfied_by_the_site_wide_setting(seed):
    data = article_from_import(parse_file(seed("003")), disclaimer="Not advice.")
    result = MedicalDisclaimer().run(Document(data))
    assert result.status is Status.GOOD


SUFFERING = (
    Level.INFO,
    'Write "living with" or "who have" rather than "suffering from".',
)


@pytest.mark.parametrize(
    ("number", "claims", "overstated_", "person_first"),
    [
        ("000", NO_CLAIMS, NOT_OVERSTATED, (Status.OK, [(*SUFFERING, (0, None))])),
        (
            "001",
            NO_CLAIMS,
            overstated("Toxin claim", "flush out the toxins", (2, None)),
            (
                Status.BAD,
                [
                    (
                        Level.WARNING,
                        'Write "people with sciatica" rather than "sciatica '
                        'sufferers".',
                        (6, None),
                    )
                ],
            ),
        ),
        (
            "002",
            (
                Status.BAD,
                "2 of 2 claims have no citation nearby.",
                [
                    (
                        Level.WARNING,
                        'Research claim with no citation nearby: "has also been '
                        'shown to".',
                        (0, None),
                    ),
                    (
                        Level.WARNING,
                        'Research claim with no citation nearby: "has been linked to".',
                        (7, None),
                    ),
                ],
            ),
            # "it won’t completely cure your sciatica" (block 4) is a caution.
            overstated(
                "Replaces-medical-care claim",
                "without the need for medication",
                (4, None),
            ),
            (Status.OK, [(*SUFFERING, (10, None))]),
        ),
        (
            "003",
            (
                Status.BAD,
                "1 of 1 claim has no citation nearby.",
                [(Level.WARNING, "Table of 9 figures with no source.", (19, None))],
            ),
            NOT_OVERSTATED,
            (
                Status.OK,
                [
                    (*SUFFERING, (20, None)),
                    (*SUFFERING, (38, None)),
                    (*SUFFERING, (71, None)),
                ],
            ),
        ),
        ("004", NO_CLAIMS, NOT_OVERSTATED, (Status.OK, [(*SUFFERING, (4, None))])),
    ],
)
def test_seed_claims_and_language(seed, number, claims, overstated_, person_first):
    doc = seed_document(seed, number)
    assert outcome(ClaimCitations().run(doc)) == claims
    assert outcome(OverstatedClaims().run(doc)) == overstated_
    status, findings = person_first
    result = outcome(PersonFirstLanguage().run(doc))
    assert (result[0], result[2]) == (status, findings)
