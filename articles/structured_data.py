"""An article's schema.org JSON-LD, ready to embed.

One `@graph` links the nodes by `@id`: the site's Organization and WebSite, the
MedicalWebPage (what it is about, who reviewed it and when), the Article, an
FAQPage from `faq` blocks, a HowTo per `steps` block and the BreadcrumbList.
Like `seo_meta`, it reads page fields and prefetched relations only (see
`articles.seo_meta.with_seo_data`); the caller supplies the breadcrumbs, so
there is no tree query here either.
"""

import re
from collections.abc import Sequence
from typing import Any

from django.conf import settings

from articles.api.visibility import exclude_scheduled
from articles.blocks import rich_text_plain
from articles.importing.cleanup import hashtag_words
from articles.importing.plaintext import shorten
from articles.seo_meta import (
    hashtag_names,
    meta_description,
    meta_title,
    modified_time,
    published_time,
    social_image,
)
from cms.public_urls import media_url, public_url

# Google truncates Article headlines beyond this many characters.
HEADLINE_MAX = 110

# Health search phrases name a treatment for a condition ("massage therapy for
# sciatica"): what follows the last "for" is the condition.
_FOR_CONDITION = re.compile(r"\bfor\s+(?P<condition>\w[\w\s'-]*)$", re.IGNORECASE)

Breadcrumbs = Sequence[tuple[str, str]]


def page_breadcrumbs(page) -> list[tuple[str, str]]:
    """(title, public URL) from the site's home page down to `page`, in one
    query. Ancestors readers cannot see (unpublished, private, scheduled) are
    left out: a breadcrumb must lead to a page."""
    ancestors = exclude_scheduled(
        page.get_ancestors().filter(depth__gt=1).live().public()
    )
    trail = []
    for ancestor in ancestors:
        parts = ancestor.get_url_parts()
        if parts is not None:
            trail.append((ancestor.title, public_url(parts[2])))
    return [*trail, (page.title, page.full_url)]


def condition_name(page, hashtags: Sequence[str]) -> str | None:
    """The condition the article is about, from the editor's topic signals.

    The focus keyphrase and then each hashtag (read as words, as the importer
    reads them): the first in the "<treatment> for <condition>" shape names the
    condition; otherwise a keyphrase is taken as the condition itself
    ("sciatica"). With neither, the article names no condition, rather than a
    guessed one.
    """
    keyphrase = " ".join(page.focus_keyphrase.split())
    phrases = [keyphrase, *(hashtag_words(name) for name in hashtags)]
    for phrase in phrases:
        if match := _FOR_CONDITION.search(phrase):
            return match["condition"].strip()
    return keyphrase or None


def _reviewer(page) -> dict[str, Any] | None:
    reviewer = page.reviewer
    if reviewer is None:
        return None
    person: dict[str, Any] = {"@type": "Person", "name": reviewer.name}
    if reviewer.credentials:
        person["honorificSuffix"] = reviewer.credentials
    if reviewer.profile_url:
        person["url"] = reviewer.profile_url
    return person


def _authors(page) -> list[dict[str, Any]]:
    """The article's authors as schema.org Persons, in byline order: health
    pages are judged by who wrote them (Google's E-E-A-T guidance)."""
    people = []
    for link in page.article_authors.all():
        author = link.author
        people.append(
            _without_empty(
                {
                    "@type": "Person",
                    "name": author.name,
                    "honorificSuffix": author.credentials,
                    "description": author.bio,
                    "url": author.profile_url,
                    "image": media_url(author.image.file.url) if author.image else None,
                }
            )
        )
    return people


def _image_urls(page) -> list[str]:
    """Google asks for image URLs; the 1200x630 rendition is the one to share."""
    image = social_image(page)
    return [image["url"]] if image else []


def _without_empty(node: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in node.items() if value not in (None, "", [])}


def _faq_page(page, url: str, webpage_id: str) -> dict[str, Any] | None:
    questions = [
        {
            "@type": "Question",
            "name": item["question"],
            "acceptedAnswer": {
                "@type": "Answer",
                "text": rich_text_plain(item["answer"].source),
            },
        }
        for block in page.body.blocks_by_name("faq")
        for item in block.value["items"]
    ]
    if not questions:
        return None
    return {
        "@type": "FAQPage",
        "@id": f"{url}#faq",
        "url": url,
        "isPartOf": {"@id": webpage_id},
        "mainEntity": questions,
    }


def _how_tos(page, url: str, webpage_id: str) -> list[dict[str, Any]]:
    return [
        {
            "@type": "HowTo",
            "@id": f"{url}#{block.id}",
            "name": block.value["name"],
            "url": f"{url}#{block.id}",
            "isPartOf": {"@id": webpage_id},
            "step": [
                _without_empty(
                    {
                        "@type": "HowToStep",
                        "position": position,
                        "name": step["title"],
                        "text": step["text"],
                    }
                )
                for position, step in enumerate(block.value["steps"], start=1)
            ],
        }
        for block in page.body.blocks_by_name("steps")
    ]


def _breadcrumb_list(breadcrumbs: Breadcrumbs, url: str) -> dict[str, Any]:
    return {
        "@type": "BreadcrumbList",
        "@id": f"{url}#breadcrumb",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                # A WebPage node, not a bare URL: ListItem.item's range is Thing.
                "item": {"@type": "WebPage", "@id": item_url},
            }
            for position, (name, item_url) in enumerate(breadcrumbs, start=1)
        ],
    }


def structured_data(
    page,
    *,
    breadcrumbs: Breadcrumbs,
    hashtags: Sequence[str] | None = None,
    request=None,
) -> dict[str, Any]:
    """The article's JSON-LD document (schema.org, one @graph). With the
    request, the page URL shares its one read of Wagtail's site root paths;
    `hashtags` spares reading them through the page's relation."""
    if hashtags is None:
        hashtags = hashtag_names(page)
    url = page.get_full_url(request)
    site_url = public_url()
    organization_id = f"{site_url}#organization"
    website_id = f"{site_url}#website"
    webpage_id = f"{url}#webpage"
    description = meta_description(page)
    condition = condition_name(page, hashtags)

    graph: list[dict[str, Any]] = [
        {
            "@type": "Organization",
            "@id": organization_id,
            "name": settings.WAGTAIL_SITE_NAME,
            "url": site_url,
        },
        {
            "@type": "WebSite",
            "@id": website_id,
            "name": settings.WAGTAIL_SITE_NAME,
            "url": site_url,
            "publisher": {"@id": organization_id},
        },
        _without_empty(
            {
                "@type": "MedicalWebPage",
                "@id": webpage_id,
                "url": url,
                "name": meta_title(page),
                "description": description,
                "isPartOf": {"@id": website_id},
                "breadcrumb": {"@id": f"{url}#breadcrumb"},
                "about": (
                    {"@type": "MedicalCondition", "name": condition}
                    if condition
                    else None
                ),
                "lastReviewed": (
                    page.last_reviewed.isoformat() if page.last_reviewed else None
                ),
                "reviewedBy": _reviewer(page),
            }
        ),
        _without_empty(
            {
                "@type": "Article",
                "@id": f"{url}#article",
                "headline": shorten(page.title, HEADLINE_MAX),
                "description": description,
                # The site stands as author only where no person is named.
                "author": _authors(page) or {"@id": organization_id},
                "publisher": {"@id": organization_id},
                "datePublished": published_time(page),
                "dateModified": modified_time(page),
                "image": _image_urls(page),
                "keywords": list(hashtags),
                "mainEntityOfPage": {"@id": webpage_id},
            }
        ),
    ]
    if faq := _faq_page(page, url, webpage_id):
        graph.append(faq)
    graph.extend(_how_tos(page, url, webpage_id))
    graph.append(_breadcrumb_list(breadcrumbs, url))
    return {"@context": "https://schema.org", "@graph": graph}
