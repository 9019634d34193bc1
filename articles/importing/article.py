"""What an import produces: article fields plus body block data (the one shape)."""

from dataclasses import asdict, dataclass, field
from typing import Any

Block = dict[str, Any]  # {"type": ..., "value": ...}: StreamField raw data


@dataclass(frozen=True)
class Dropped:
    """Source text left out of the article, with why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Flag:
    """Kept in the article, but an editor should look at it."""

    kind: str
    line: int
    block: int
    excerpt: str
    reason: str


@dataclass
class ImportedArticle:
    source: str
    title: str
    slug: str
    search_description: str
    hashtags: list[str]
    body: list[Block]
    dropped: list[Dropped] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The dry-run JSON: the public shape of an import."""
        return asdict(self)
