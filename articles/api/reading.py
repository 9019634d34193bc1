"""Word count and reading time, from the text the SEO audit reads."""

import math
from typing import Any

from articles.blocks import block_text, contract_data
from seo.text import words

# Brysbaert (2019, a meta-analysis of 190 studies) puts adult silent reading of
# non-fiction at about 238 words a minute. Health articles are read carefully
# by readers we write for at a grade-8 level, so we assume 200: a reading time
# that errs long is a promise kept.
WORDS_PER_MINUTE = 200


def word_count(raw_blocks: list[dict[str, Any]]) -> int:
    """Every word a reader meets in the body: each block's text as the audit
    extracts it (`block_text`), split into words by the audit's tokenizer."""
    return sum(
        len(words(block_text(raw["type"], contract_data(raw["value"]))))
        for raw in raw_blocks
    )


def reading_time(words_in_body: int) -> int:
    """Whole minutes, rounded up; at least one for any text at all."""
    return math.ceil(words_in_body / WORDS_PER_MINUTE)
