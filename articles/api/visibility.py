"""The API's visibility rule is the site's: see `articles.visibility`.

Kept as an import so the API's modules keep one place to take it from; there
is no second definition.
"""

from articles.visibility import anonymous_visible_pages, exclude_scheduled

__all__ = ["anonymous_visible_pages", "exclude_scheduled"]
