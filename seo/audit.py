"""The audit engine: run the selected checks over a Document and score them."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from seo import conf
from seo.checks import registry
from seo.checks.base import Check
from seo.document import ArticleData, Document
from seo.findings import CheckResult, Finding, Level, Status
from seo.scoring import Scores, score

# Stored with every saved audit; bump it when checks or scoring change meaning.
ENGINE_VERSION = "1.0.0"


@dataclass(frozen=True)
class AuditReport:
    article: ArticleData
    results: tuple[CheckResult, ...]
    scores: Scores
    engine_version: str = ENGINE_VERSION

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for result in self.results for f in result.findings)

    def count(self, level: Level) -> int:
        return sum(1 for finding in self.findings if finding.level == level)

    @property
    def max_level(self) -> Level | None:
        return max((finding.level for finding in self.findings), default=None)

    def as_json(self) -> dict[str, Any]:
        article = self.article
        return {
            "page_id": article.page_id,
            "revision_id": article.revision_id,
            "title": article.title,
            "slug": article.slug,
            "source": article.source,
            "scores": self.scores.as_json(),
            "counts": {level.label: self.count(level) for level in Level},
            "results": [result.as_json() for result in self.results],
        }


class Auditor:
    """The selected checks, configured once from settings, run over any number
    of articles. Silenced checks (SEO_SILENCED_CHECKS) never run."""

    def __init__(self, checks: Iterable[type[Check]] | None = None):
        silenced = conf.silenced_checks()
        classes = registry.all() if checks is None else list(checks)
        self.checks: list[Check] = [
            cls(conf.check_overrides(cls.id))
            for cls in classes
            if cls.id not in silenced
        ]
        self._categories = {check.id: str(check.category) for check in self.checks}
        self._weights = {check.id: check.effective_weight for check in self.checks}
        self._category_weights = {
            **{category: 1.0 for category in self._categories.values()},
            **conf.category_weights(),
        }

    def audit(self, document: Document) -> AuditReport:
        results = tuple(self._run(check, document) for check in self.checks)
        scores = score(results, self._categories, self._weights, self._category_weights)
        return AuditReport(document.data, results, scores)

    @staticmethod
    def _run(check: Check, document: Document) -> CheckResult:
        if check.needs_site and document.site is None:
            return check.result(
                Status.NOT_APPLICABLE,
                "Needs the whole library: audit stored articles to run it.",
            )
        return check.run(document)


def audit(data: ArticleData, site=None, checks: Sequence[type[Check]] | None = None):
    """Audit one article with every check (or the given ones)."""
    return Auditor(checks).audit(Document(data, site))
