"""Scores from check results: per category and overall, 0 to 100.

A check scores 1 when good, 0.5 when ok and 0 when bad; info and
not-applicable results do not count. A category's score is the weighted mean
of its checks; the overall score is the weighted mean of the categories that
have a score.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from seo.findings import CheckResult, Status

POINTS = {Status.GOOD: 1.0, Status.OK: 0.5, Status.BAD: 0.0}


@dataclass(frozen=True)
class Scores:
    overall: int | None
    categories: Mapping[str, int | None]

    def as_json(self) -> dict:
        return {"overall": self.overall, **self.categories}


def _mean(pairs: list[tuple[float, float]]) -> int | None:
    total = sum(weight for _, weight in pairs)
    if not total:
        return None
    return round(100 * sum(points * weight for points, weight in pairs) / total)


def score(
    results: Sequence[CheckResult],
    categories: Mapping[str, str],
    check_weights: Mapping[str, float],
    category_weights: Mapping[str, float],
) -> Scores:
    """`categories` maps check id to category; weights come from settings."""
    by_category: dict[str, list[tuple[float, float]]] = {
        name: [] for name in category_weights
    }
    for result in results:
        if result.status in POINTS:
            by_category.setdefault(categories[result.check_id], []).append(
                (POINTS[result.status], check_weights[result.check_id])
            )
    category_scores = {name: _mean(pairs) for name, pairs in by_category.items()}
    overall = _mean(
        [
            (value / 100, category_weights.get(name, 1.0))
            for name, value in category_scores.items()
            if value is not None
        ]
    )
    return Scores(overall, category_scores)
