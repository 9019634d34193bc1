"""Turn source files into article block data, the shape the whole CMS shares."""

from .article import Dropped, Flag, ImportedArticle
from .reader import SourceError, find_sources, parse_file

__all__ = [
    "Dropped",
    "Flag",
    "ImportedArticle",
    "SourceError",
    "find_sources",
    "parse_file",
]
