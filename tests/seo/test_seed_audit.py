"""The whole audit of the five seeds, as `seo_audit --file` runs it: it flags
what a careful editor would flag."""

import pytest

from articles.importing.reader import parse_file
from seo.audit import Auditor
from seo.document import Document
from seo.findings import Level, Status
from seo.site import SiteIndex
from seo.sources import article_from_import
from tests.conftest import SEEDS_DIR

from .factories import TODAY

NUMBERS = ["000", "001", "002", "003", "004"]


@pytest.fixture(scope="module")
def reports():
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS_DIR} (set SEEDS_DIR)")
    articles = [
        article_from_import(
            parse_file(next(SEEDS_DIR.glob(f"{number}_*.txt"))), today=TODAY
        )
        for number in NUMBERS
    ]
    site = SiteIndex.from_articles(articles)
    auditor = Auditor()
    return {
        number: {r.check_id: r for r in auditor.audit(Document(data, site)).results}
        for number, data in zip(NUMBERS, articles, strict=True)
    }


def test_the_twelve_unlinked_references_of_003_name_the_articles_to_link(reports):
    result = reports["003"]["unlinked-references"]
    assert result.status is Status.BAD
    assert len(result.findings) == 12
    assert all(f.location.block is not None for f in result.findings)
    assert "check out our article on types of massage therapy" in " ".join(
        f.location.excerpt for f in result.findings
    )
    assert all(
        r["unlinked-references"].status is Status.GOOD
        for number, r in reports.items()
        if number != "003"
    )


def test_the_inline_hashtags_of_001(reports):
    result = reports["001"]["hashtag-in-prose"]
    assert result.status is not Status.GOOD
    assert [(f.location.block, f.value) for f in result.findings] == [
        (0, "massagetherapyforsciatica"),
        (7, "massagetherapyforsciatica"),
    ]
    camel = reports["001"]["hashtag-camel-case"]
    assert "#MassageTherapyForSciatica" in camel.findings[0].message


@pytest.mark.parametrize("number", NUMBERS)
def test_every_seed_lacks_a_disclaimer_a_reviewer_and_a_review_date(reports, number):
    for check_id, level in [
        ("medical-disclaimer", Level.ERROR),
        ("medical-reviewer", Level.WARNING),
        ("review-date", Level.WARNING),
    ]:
        result = reports[number][check_id]
        assert result.status is Status.BAD
        assert [f.level for f in result.findings] == [level]


def test_sales_copy_overstated_claims_and_labels(reports):
    assert [n for n in NUMBERS if reports[n]["promotional-passages"].findings] == [
        "000",
        "002",
    ]
    assert reports["001"]["overstated-claims"].status is Status.BAD
    assert "sufferers" in reports["001"]["person-first-language"].findings[0].message


@pytest.mark.parametrize("number", NUMBERS)
def test_every_seed_reads_above_grade_8(reports, number):
    assert reports[number]["grade-level"].status is not Status.GOOD
