"""Text that cannot be stored: a lone surrogate (JSON "\\udfff") has no UTF-8
form, PostgreSQL text cannot hold NUL, and its timestamps take no UTC offset
beyond 15:59. Refused wherever text comes in (API v3 requests, the admin's
block values), before anything is saved: once stored, it breaks every later
render, publish and audit of the page."""

import datetime
import json
import re
from typing import Any

# PostgreSQL's timestamptz takes a UTC offset of at most 15:59; ISO 8601 and
# Python allow 23:59, and PostgreSQL refuses the rest ("time zone displacement
# out of range"). Only a whole value that is such a date and time is judged.
_ISO_DATETIME = re.compile(
    r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?[+-]\d\d:?\d\d"
)
MAX_UTC_OFFSET = datetime.timedelta(hours=15, minutes=59, seconds=59)


def unencodable(text: str) -> str | None:
    """Why `text` cannot be stored, or None. A lone surrogate (JSON "\\udfff")
    has no UTF-8 form: saved, it breaks every later render, publish and audit
    of the page. PostgreSQL text cannot hold NUL."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return (
            f"Text holds a lone surrogate (U+{ord(text[error.start]):04X}) at "
            f"character {error.start + 1}, which has no UTF-8 form."
        )
    if "\x00" in text:
        return f"Text holds a NUL character at character {text.index(chr(0)) + 1}."
    if len(text) <= 40 and _ISO_DATETIME.fullmatch(text):
        try:
            offset = datetime.datetime.fromisoformat(text).utcoffset()
        except ValueError:
            return None  # not a date and time after all: the field's own check says
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            return (
                f"{text} has a time zone offset beyond ±15:59, which cannot be "
                "stored: give the time in UTC or a real offset."
            )
    return None


def printable(key: str) -> str:
    return key.encode("utf-8", "backslashreplace").decode("utf-8")


def unencodable_error(loc: list[Any], message: str) -> dict[str, Any]:
    return {"type": "string_unencodable", "loc": loc, "msg": message}


def unencodable_text_errors(
    data: Any, loc: tuple[str | int, ...] = ("body",)
) -> list[dict[str, Any]]:
    """Every string in parsed JSON (keys included) that cannot be stored, as
    validation errors located at it. Iterative: the JSON may nest as deep as
    the parser allows."""
    errors = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, loc)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            problem = unencodable(value)
            if problem:
                errors.append(unencodable_error(list(where), problem))
        elif isinstance(value, dict):
            for key, item in value.items():
                problem = unencodable(key)
                if problem:
                    loc = [*where, printable(key)]
                    errors.append(unencodable_error(loc, f"Key: {problem}"))
                else:
                    stack.append((item, (*where, key)))
        elif isinstance(value, list):
            stack.extend((item, (*where, index)) for index, item in enumerate(value))
    return sorted(errors, key=lambda error: json.dumps(error["loc"]))
