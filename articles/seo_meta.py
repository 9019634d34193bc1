"""The SEO head of an article: title, description, canonical, robots, Open Graph,
Twitter and hreflang, as JSON-ready data.

One source for the API (`seo` field) and the server-rendered templates, so a
frontend and the reference site say the same thing. It reads only page fields
and what a caller prefetches (see `with_seo_data`), so serving a list of
articles costs no query per article.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model

from articles.importing.plaintext import shorten
from cms.public_urls import media_url

# Open Graph's recommended size (1.91:1), which Twitter's large card shares.
SOCIAL_IMAGE_FILTER = "fill-1200x630"
# Search results show about this many characters of a description.
DESCRIPTION_MAX = 160


def social_image_prefetch() -> Prefetch:
    """The social image with the rendition `seo_meta` shares, in one query for
    any number of articles."""
    images = get_image_model().objects.prefetch_renditions(SOCIAL_IMAGE_FILTER)
    return Prefetch("social_image", queryset=images)


def with_seo_data(queryset: QuerySet) -> QuerySet:
    """Articles with everything `seo_meta` and `structured_data` read, fetched in
    a constant number of queries."""
    return queryset.select_related("reviewer").prefetch_related(
        "tagged_items__tag", "article_authors__author__image", social_image_prefetch()
    )


def meta_title(page) -> str:
    return page.seo_title or page.title


def meta_description(page) -> str:
    """The editor's meta description, else the intro shortened to what search
    results show.

    Yoast and Rank Math fall back to the excerpt too: without a description
    search engines pick a snippet of their own, and social cards have none. The
    intro is the editor's own summary, so it is the honest fallback; body text
    is not (it may open with a disclaimer or a heading).
    """
    if page.search_description:
        return page.search_description.strip()
    return shorten(" ".join(page.intro.split()), DESCRIPTION_MAX)


def canonical_url(page, request=None) -> str:
    return page.canonical_url or page.get_full_url(request)


def hashtag_names(page) -> list[str]:
    """Hashtag names, read through the prefetched `tagged_items__tag`."""
    return [item.tag.name for item in page.tagged_items.all()]


def social_image(page) -> dict[str, Any] | None:
    """The social image's 1200x630 rendition, or None without one."""
    image = page.social_image
    if image is None:
        return None
    rendition = image.get_renditions(SOCIAL_IMAGE_FILTER)[SOCIAL_IMAGE_FILTER]
    return {
        "url": media_url(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text,
    }


def iso_datetime(value: datetime | None) -> str | None:
    return value.replace(microsecond=0).isoformat() if value else None


def published_time(page) -> str | None:
    return iso_datetime(page.first_published_at)


def modified_time(page) -> str | None:
    """Last published, or for a draft being previewed its latest revision."""
    return iso_datetime(page.last_published_at or page.latest_revision_created_at)


def hreflang(page, translations: Iterable, request=None) -> list[dict[str, str]]:
    """Alternate language versions, the page itself included, and x-default
    (the version in the site's default language, else this page).

    `translations` are the page's live translations with `locale` selected;
    with none there is nothing to declare.
    """
    translations = list(translations)
    if not translations:
        return []
    versions = sorted(
        [page, *translations], key=lambda version: version.locale.language_code
    )
    default_language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    default = next(
        (v for v in versions if v.locale.language_code == default_language), page
    )
    return [
        *(
            {"lang": v.locale.language_code, "url": v.get_full_url(request)}
            for v in versions
        ),
        {"lang": "x-default", "url": default.get_full_url(request)},
    ]


def seo_meta(
    page,
    *,
    translations: Iterable = (),
    hashtags: Sequence[str] | None = None,
    request=None,
) -> dict[str, Any]:
    """Everything a page's <head> needs for search engines and social cards.
    With the request, page URLs share its one read of Wagtail's site root
    paths; `hashtags` spares reading them through the page's relation."""
    if hashtags is None:
        hashtags = hashtag_names(page)
    title = meta_title(page)
    description = meta_description(page)
    canonical = canonical_url(page, request)
    image = social_image(page)
    open_graph = {
        "type": "article",
        "title": title,
        "description": description,
        "url": canonical,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "image": image,
        "article": {
            "published_time": published_time(page),
            "modified_time": modified_time(page),
            "tags": list(hashtags),
        },
    }
    twitter = {
        "card": "summary_large_image" if image else "summary",
        "title": title,
        "description": description,
        "image": image["url"] if image else None,
        "image_alt": image["alt"] if image else None,
    }
    return {
        "title": title,
        "description": description,
        "canonical_url": canonical,
        "robots": "noindex, follow" if page.noindex else "index, follow",
        "open_graph": open_graph,
        "twitter": twitter,
        "hreflang": hreflang(page, translations, request),
    }
