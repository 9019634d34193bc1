"""Every check, registered by its area's module. The modules are named
explicitly, so the registry's contents never depend on import order elsewhere,
and imported by the registry when it is first read."""

from seo.registry import registry

registry.load(
    f"seo.checks.{area}"
    for area in (
        "content",
        "hashtags",
        "headings",
        "health",
        "keyphrase",
        "metadata",
        "readability",
        "site",
    )
)

__all__ = ["registry"]
