"""Every check, registered by importing its area's module (explicitly, so the
registry's contents never depend on import order elsewhere)."""

from seo.registry import registry

from . import (  # noqa: F401  (imported to register their checks)
    content,
    hashtags,
    headings,
    health,
    keyphrase,
    metadata,
    readability,
    site,
)

__all__ = ["registry"]
