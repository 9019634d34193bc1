"""The audit's settings: `SEO_AUDIT` and `SEO_SILENCED_CHECKS`.

SEO_AUDIT = {
    # How much each category counts towards the overall score.
    "CATEGORY_WEIGHTS": {"readability": 1, "seo": 2, ...},
    # Per check: threshold overrides, "weight", and a "cornerstone" sub-mapping.
    "CHECKS": {"sentence-length": {"warn": 25, "fail": 30}},
}
SEO_SILENCED_CHECKS = ["hashtag-count"]  # like SILENCED_SYSTEM_CHECKS
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings


def audit_settings() -> Mapping[str, Any]:
    return getattr(settings, "SEO_AUDIT", {})


def category_weights() -> Mapping[str, float]:
    """Categories left out weigh 1."""
    return audit_settings().get("CATEGORY_WEIGHTS", {})


def check_overrides(check_id: str) -> Mapping[str, Any]:
    return audit_settings().get("CHECKS", {}).get(check_id, {})


def silenced_checks() -> frozenset[str]:
    return frozenset(getattr(settings, "SEO_SILENCED_CHECKS", ()))
