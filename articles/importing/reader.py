"""Find source files and read them as text, refusing bad input with a clear reason."""

import codecs
from collections.abc import Callable, Iterable
from pathlib import Path

from articles.limits import import_max_file_bytes, size_text

from .article import ImportedArticle

Parser = Callable[[str, str], ImportedArticle]


class SourceError(Exception):
    """A source that cannot be imported; the message names the file and the fix."""


class NoArticleText(SourceError):
    """A source with no prose in it: empty, or only images and furniture."""


def _parsers() -> dict[str, Parser]:
    # One module per source format; WordPress exports slot in here.
    from . import html, markdown, plaintext

    return {
        ".txt": plaintext.parse,
        ".html": html.parse,
        ".htm": html.parse,
        ".md": markdown.parse,
        ".markdown": markdown.parse,
    }


def find_sources(paths: Iterable[str | Path]) -> tuple[list[Path], list[SourceError]]:
    """Expand files and directories into the files to import, in a stable order."""
    found: list[Path] = []
    errors: list[SourceError] = []
    # WordPress exports (.xml) are found by content too (wordpress.is_wxr).
    suffixes = sorted({*_parsers(), ".xml"})
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in suffixes)
            if files:
                found.extend(files)
            else:
                errors.append(
                    SourceError(
                        f"{path}: no articles to import (no {', '.join(suffixes)} "
                        "files in this directory)"
                    )
                )
        elif path.exists():
            found.append(path)
        else:
            errors.append(SourceError(f"{path}: no such file or directory"))
    return found, errors


def parse_file(path: str | Path, *, max_bytes: int | None = None) -> ImportedArticle:
    """Read one source file and turn it into an article that fits the page's
    fields, or raise SourceError. `max_bytes` defaults to the
    IMPORT_MAX_FILE_BYTES setting (5 MB)."""
    from .fields import fit_to_fields

    path = Path(path)
    parser = _parsers().get(path.suffix.lower())
    if parser is None:
        raise SourceError(
            f"{path}: unsupported format {path.suffix or '(no extension)'!r}; "
            f"supported: {', '.join(sorted(_parsers()))}"
        )
    return fit_to_fields(parser(read_text(path, max_bytes=max_bytes), str(path)))


def read_text(path: Path, *, max_bytes: int | None = None) -> str:
    limit = import_max_file_bytes() if max_bytes is None else max_bytes
    try:
        # Refused before reading: a huge file is never held in memory.
        size = path.stat().st_size
        if size > limit:
            raise SourceError(
                f"{path}: file is {size_text(size)}, over the {size_text(limit)} "
                "import limit; split it, or raise the limit with --max-bytes or "
                "IMPORT_MAX_FILE_BYTES"
            )
        with path.open("rb") as file:
            data = file.read(limit + 1)  # the file may have grown since
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror})") from exc
    if len(data) > limit:
        raise SourceError(f"{path}: file is over the {size_text(limit)} import limit")
    if not data.strip():
        raise SourceError(f"{path}: file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError(f"{path}: file is UTF-16; save it as UTF-8 and retry")
    if b"\x00" in data[:8192]:
        raise SourceError(f"{path}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            f"{path}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}, "
            f"column {column}); save it as UTF-8 and retry"
        ) from exc
