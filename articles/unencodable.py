"""Text that cannot be stored: a lone surrogate (JSON "\\udfff") has no UTF-8
form, and PostgreSQL text cannot hold NUL. Refused wherever text comes in (API
v3 requests, the admin's block values), before anything is saved: once stored,
it breaks every later render, publish and audit of the page."""

import json
from typing import Any


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
