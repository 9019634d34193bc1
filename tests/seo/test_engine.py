"""The registry, settings, scoring and the Auditor, with checks made for the test."""

import pytest

from seo.audit import Auditor
from seo.checks.base import Category, Check
from seo.findings import Level, Status
from seo.registry import Registry, UnknownCheck
from seo.scoring import score

from .factories import document, paragraph


class WordCount(Check):
    id = "test-word-count"
    title = "Word count"
    help_text = "Counts words."
    category = Category.SEO
    level = Level.ERROR
    tags = frozenset({"test", "content"})
    defaults = {"minimum": 3}
    cornerstone_defaults = {"minimum": 5}

    def run(self, document):
        minimum = self.param(document, "minimum")
        if document.word_count >= minimum:
            return self.good(f"{document.word_count} words", document.word_count)
        finding = self.finding(f"Only {document.word_count} words.", threshold=minimum)
        status = Status.OK if document.word_count else Status.BAD
        return self.result(status, "Too short", [finding], document.word_count)


class Always(Check):
    id = "test-always-info"
    title = "Info"
    help_text = "Says something."
    category = Category.HEALTH
    tags = frozenset({"test"})

    def run(self, document):
        return self.result(Status.INFO, "note", [self.finding("FYI")])


class NeedsSite(Check):
    id = "test-site"
    title = "Site"
    help_text = "Needs the site."
    category = Category.SEO
    needs_site = True

    def run(self, document):  # pragma: no cover - never reached without a site
        raise AssertionError


def test_registry_validates_ids_and_selects_by_id_or_tag():
    registry = Registry()
    for check in (WordCount, Always, NeedsSite):
        registry.register(check)
    with pytest.raises(ValueError, match="registered twice"):
        registry.register(WordCount)
    bad = type("Bad", (WordCount,), {"id": "Bad_Id"})
    with pytest.raises(ValueError, match="not kebab-case"):
        registry.register(bad)
    assert registry.select(tags=["content"]) == [WordCount]
    assert registry.select(ids=["test-site"], tags=["content"]) == [
        WordCount,
        NeedsSite,
    ]
    assert len(registry.select()) == 3
    with pytest.raises(UnknownCheck, match="nope, tag:missing"):
        registry.select(ids=["nope"], tags=["missing"])


@pytest.mark.parametrize(
    ("text", "cornerstone", "status", "level"),
    [
        ("one two three", False, Status.GOOD, None),
        ("one two three", True, Status.OK, Level.WARNING),
        ("", False, Status.BAD, Level.ERROR),
    ],
)
def test_thresholds_follow_cornerstone_and_levels_follow_status(
    text, cornerstone, status, level
):
    doc = document(paragraph(text) if text else paragraph(""), cornerstone=cornerstone)
    result = Auditor([WordCount]).audit(doc).results[0]
    assert result.status is status
    assert [f.level for f in result.findings] == ([level] if level else [])


def test_settings_override_thresholds_and_silence_checks(settings):
    settings.SEO_AUDIT = {"CHECKS": {"test-word-count": {"minimum": 10}}}
    settings.SEO_SILENCED_CHECKS = ["test-always-info"]
    report = Auditor([WordCount, Always]).audit(document(paragraph("one two three")))
    assert [r.check_id for r in report.results] == ["test-word-count"]
    assert report.results[0].status is Status.OK


def test_site_checks_are_not_applicable_without_a_site_index():
    result = Auditor([NeedsSite]).audit(document(paragraph("Text."))).results[0]
    assert result.status is Status.NOT_APPLICABLE
    assert "whole library" in result.message


def test_scores_weight_checks_and_categories(settings):
    settings.SEO_AUDIT = {"CATEGORY_WEIGHTS": {"seo": 3, "health": 1}}
    auditor = Auditor([WordCount, Always])
    report = auditor.audit(document(paragraph("one")))  # ok: 0.5
    # Info results do not count, so health has no score and overall is seo's.
    assert report.scores.as_json() == {"overall": 50, "seo": 50, "health": None}
    assert report.max_level is Level.WARNING
    assert report.count(Level.INFO) == 1


def test_score_means():
    from seo.findings import CheckResult

    results = [
        CheckResult("a", Status.GOOD, ""),
        CheckResult("b", Status.BAD, ""),
        CheckResult("c", Status.OK, ""),
    ]
    scores = score(
        results,
        {"a": "seo", "b": "seo", "c": "health"},
        {"a": 3, "b": 1, "c": 1},
        {"seo": 1, "health": 1},
    )
    assert scores.categories == {"seo": 75, "health": 50}
    assert scores.overall == 62  # round(62.5) rounds half to even
