"""Fit an imported article to what the page can store, or refuse it.

A title, slug or hashtag longer than its database column used to end the whole
run with a traceback (on PostgreSQL), losing the files after it. Here a title
is shortened at a word, a slug at a hyphen, and a hashtag too long to be one is
left out, each with a warning in the import report; a body over the block cap
is refused with a clear reason, and the other files still import.
"""

from articles.limits import MAX_BLOCKS, MAX_IMPORTED_HASHTAGS
from articles.models import ArticlePage, Hashtag

from .article import ImportedArticle
from .reader import SourceError


def max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def fit_to_fields(imported: ImportedArticle) -> ImportedArticle:
    """Shorten or leave out what does not fit, saying so; refuse a body that is
    over the block cap. Returns the same import."""
    article, warnings = imported.article, imported.warnings
    if len(article.body) > MAX_BLOCKS:
        raise SourceError(
            f"{article.source}: {len(article.body):,} blocks, over the "
            f"{MAX_BLOCKS:,} an article may hold; split it into several files"
        )
    title, slug, hashtags = article.title, article.slug, list(article.hashtags)
    title_max = max_length(ArticlePage, "title")
    if len(title) > title_max:
        title = shorten_at_word(title, title_max)
        warnings.append(
            f"the title is {len(article.title):,} characters, over the "
            f"{title_max} a title holds; shortened to “{title}”: check it"
        )
    slug_max = max_length(ArticlePage, "slug")
    if len(slug) > slug_max:
        slug = shorten_slug(slug, slug_max)
        warnings.append(
            f"the slug was over the {slug_max} characters a slug holds; "
            f"shortened to “{slug}”"
        )
    tag_max = max_length(Hashtag, "name")
    too_long = [tag for tag in hashtags if len(tag) > tag_max]
    if too_long:
        hashtags = [tag for tag in hashtags if len(tag) <= tag_max]
        shown = ", ".join(f"#{shorten_at_word(tag, 40)}" for tag in too_long[:3])
        more = ", …" if len(too_long) > 3 else ""
        warnings.append(
            f"{len(too_long)} hashtag(s) over the {tag_max} characters a hashtag "
            f"holds left out: {shown}{more}"
        )
    if len(hashtags) > MAX_IMPORTED_HASHTAGS:
        left_out = len(hashtags) - MAX_IMPORTED_HASHTAGS
        hashtags = hashtags[:MAX_IMPORTED_HASHTAGS]
        warnings.append(
            f"{left_out:,} hashtag(s) left out: an import keeps the first "
            f"{MAX_IMPORTED_HASHTAGS} (one to five is what readers follow)"
        )
    if (title, slug, tuple(hashtags)) != (
        article.title,
        article.slug,
        article.hashtags,
    ):
        imported.update(title=title, slug=slug, hashtags=hashtags)
    return imported


def shorten_at_word(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space where there is one, with '…'."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def shorten_slug(slug: str, limit: int) -> str:
    """At most `limit` characters, cut at a hyphen where there is one."""
    if len(slug) <= limit:
        return slug
    cut = slug[:limit]
    if slug[limit] != "-" and "-" in cut[limit // 2 :]:
        cut = cut.rsplit("-", 1)[0]
    return cut.strip("-") or "article"
