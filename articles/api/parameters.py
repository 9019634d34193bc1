"""Checks of the query string that every v2 request gets before any query runs.

Each refusal is a 400 naming the parameter (InvalidParameter), where the
database or the search backend would otherwise fail with a 500: PostgreSQL
refuses text holding a NUL character, integers past 64 bits overflow the
column or the OFFSET, and the search backend raises on an unknown operator.
"""

from django.db import connection
from django.http import QueryDict
from wagtail.models import Page

from .errors import InvalidParameter

# Wagtail's whole-number parameters; `offset` and `limit` are checked with
# their sum by the pagination (IdsFirstPagination).
PAGE_ID_PARAMETERS = ("child_of", "ancestor_of", "descendant_of", "translation_of")
BIGINT_MAX = 2**63 - 1
SEARCH_OPERATORS = ("and", "or")
# Wagtail's database search backend nests one expression per word: 400 words
# overflowed Python's recursion limit (a 500). README, "API".
MAX_SEARCH_WORDS = 20
MAX_SEARCH_LENGTH = 200


def check_query_parameters(query: QueryDict) -> None:
    for name, values in query.lists():
        if "\x00" in name:
            raise InvalidParameter(
                name.replace("\x00", "\\x00"), "a NUL character is not allowed"
            )
        if any("\x00" in value for value in values):
            raise InvalidParameter(name, "a NUL character is not allowed")
    search = query.get("search")
    if search is not None and (
        len(search) > MAX_SEARCH_LENGTH or len(search.split()) > MAX_SEARCH_WORDS
    ):
        raise InvalidParameter(
            "search",
            f"at most {MAX_SEARCH_WORDS} words and {MAX_SEARCH_LENGTH} characters",
        )
    operator = query.get("search_operator")
    if operator is not None and operator not in SEARCH_OPERATORS:
        raise InvalidParameter("search_operator", "use “and” or “or”")
    for name in PAGE_ID_PARAMETERS:
        value = query.get(name, "")
        if value.isdigit() and not fits_column(PAGE_ID_TYPE, int(value)):
            raise InvalidParameter(name, "no page has this id")


PAGE_ID_TYPE = Page._meta.pk.get_internal_type()


def fits_column(internal_type: str, value) -> bool:
    """Whether the database can compare a column of this type with `value`:
    a whole number out of its range is a database error (PostgreSQL: integer
    out of range; SQLite: overflow), not merely no match."""
    if not isinstance(value, int):
        return True
    low, high = connection.ops.integer_field_range(internal_type)
    return (low is None or value >= low) and (high is None or value <= high)


def check_window(offset: int, stop: int) -> None:
    """`offset` and `offset + limit` (`stop`) must fit the database's OFFSET
    and LIMIT, 64-bit integers."""
    if stop > BIGINT_MAX:
        raise InvalidParameter(
            "offset", f"offset plus limit must be at most {BIGINT_MAX}"
        )
