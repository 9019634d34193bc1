"""How much one article may hold, wherever it comes from (import or API).

One place for the limits, so the importer and API v3 refuse the same things.
"""

from django.conf import settings

# An article of a few thousand words has well under a hundred blocks; the cap
# keeps one request or one imported file from tying a worker up validating,
# storing or auditing a book (a 50 MB page became 107,183 blocks, its audit
# took 70 s and 5.3 GB).
MAX_BLOCKS = 1000

# The largest source file the importer reads. A long article is well under
# 1 MB of text; 5 MB leaves room for markup-heavy HTML exports.
DEFAULT_IMPORT_MAX_FILE_BYTES = 5 * 1024 * 1024

# The largest WordPress export (WXR) the importer reads. An export holds a
# whole site (every post, page and attachment record, but not the media
# files), and is read as a stream, so memory stays small whatever its size;
# the cap bounds the time one import may take.
DEFAULT_IMPORT_MAX_WXR_BYTES = 256 * 1024 * 1024

# Hashtags kept from one imported article. The audit asks for one to five;
# a scraped line of thousands of tags would otherwise become thousands of rows.
MAX_IMPORTED_HASHTAGS = 50


def import_max_file_bytes() -> int:
    """The size cap for one source file: settings.IMPORT_MAX_FILE_BYTES."""
    return int(
        getattr(settings, "IMPORT_MAX_FILE_BYTES", DEFAULT_IMPORT_MAX_FILE_BYTES)
    )


def import_max_wxr_bytes() -> int:
    """The size cap for one WordPress export: settings.IMPORT_MAX_WXR_BYTES."""
    return int(getattr(settings, "IMPORT_MAX_WXR_BYTES", DEFAULT_IMPORT_MAX_WXR_BYTES))


def size_text(size: int) -> str:
    """'5 MB (5,242,880 bytes)', '1 KB (1,000 bytes)', '12 bytes': for messages."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            figure = f"{size / scale:.1f}".removesuffix(".0")
            return f"{figure} {unit} ({size:,} bytes)"
    return f"{size:,} bytes"
