"""What an import produces: the article in the envelope the whole CMS shares
(seo.document.ArticleData: its fields, its body as block data in the one shape,
and the importer's flags as its import notes), and what only an import knows."""

from copy import deepcopy
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from seo.document import ArticleData, ImportNote

Block = dict[str, Any]  # {"type": ..., "value": ...}: StreamField raw data

# Kept in the article, but an editor should look at it: the audit reads the
# same notes (seo.checks.hashtags), so they are one class.
Flag = ImportNote


@dataclass(frozen=True)
class Dropped:
    """Source text left out of the article, with why."""

    line: int
    text: str
    reason: str


class _ArticleField:
    """An article field read (and set) on the import itself, as the dry run
    shows it: `imported.title` is `imported.article.title`; hashtags are a
    list there."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, imported: "ImportedArticle | None", owner: type) -> Any:
        if imported is None:
            return self
        value = getattr(imported.article, self.name)
        return list(value) if self.name == "hashtags" else value

    def __set__(self, imported: "ImportedArticle", value: Any) -> None:
        imported.update(**{self.name: value})


@dataclass
class ImportedArticle:
    """One parsed source file: `article` plus the lines it left out and the
    warnings about it. `flags` are the article's import notes."""

    article: ArticleData
    dropped: list[Dropped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    source = _ArticleField()
    title = _ArticleField()
    slug = _ArticleField()
    search_description = _ArticleField()
    hashtags = _ArticleField()
    body = _ArticleField()

    @property
    def flags(self) -> list[Flag]:
        return list(self.article.import_notes)

    def update(self, **fields: Any) -> None:
        """Change article fields (the article itself is immutable)."""
        if "hashtags" in fields:
            fields["hashtags"] = tuple(fields["hashtags"])
        self.article = replace(self.article, **fields)

    def as_json(self) -> dict[str, Any]:
        """The dry-run JSON: the public shape of an import."""
        article = self.article
        return {
            "source": article.source,
            "title": article.title,
            "slug": article.slug,
            "search_description": article.search_description,
            "hashtags": list(article.hashtags),
            "body": deepcopy(list(article.body)),
            "dropped": [asdict(dropped) for dropped in self.dropped],
            "flags": [flag.as_json() for flag in self.flags],
            "warnings": list(self.warnings),
        }
