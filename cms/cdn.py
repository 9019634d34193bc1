"""Purging a CDN in front of the frontend and the API, through Wagtail's frontend
cache backends (configured from the environment in settings; off by default).

Wagtail's own frontend_cache app purges only a page's public URL, on publish
and unpublish. A headless site is also cached at its API URLs, and a move or a
delete changes what they return too, so this module names them all and the
signal handlers purge them in one batch after the transaction commits.
"""

from collections.abc import Iterable
from copy import copy
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site

# Listings have open-ended query strings; these are the canonical ones purged
# for every page (README's examples). Other variants expire by max-age.
LISTING_QUERIES: tuple[dict[str, str], ...] = (
    {},
    {"type": "{type}"},
    {"type": "{type}", "fields": "*"},
)


def frontend_cache_enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def api_base_url() -> str:
    """Where API clients (and so the CDN) reach the API, as Wagtail builds the
    API's own `detail_url`: WAGTAILAPI_BASE_URL, else the default Site's
    address; scheme and host only."""
    base = getattr(settings, "WAGTAILAPI_BASE_URL", None)
    if not base:
        site = Site.objects.filter(is_default_site=True).first()
        base = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}"


def _with_query(path: str, query: dict[str, str]) -> str:
    return f"{path}?{urlencode(query, safe='*/.')}" if query else path


def api_urls(page: Page) -> list[str]:
    """The API URLs that show this page at its current path: detail, find by
    path, and the canonical listings of its type."""
    base = api_base_url()
    page_type = f"{page._meta.app_label}.{type(page).__name__}"
    listing = reverse("wagtailapi:pages:listing")
    urls = [base + reverse("wagtailapi:pages:detail", args=[page.pk])]
    url_parts = page.get_url_parts()
    if url_parts is not None:
        html_path = url_parts[2]
        urls.append(
            base
            + _with_query(reverse("wagtailapi:pages:find"), {"html_path": html_path})
        )
    for query in LISTING_QUERIES:
        filled = {name: value.format(type=page_type) for name, value in query.items()}
        urls.append(base + _with_query(listing, filled))
    return urls


def page_urls(pages: Iterable[Page]) -> set[str]:
    """Every URL a CDN may hold for these pages: public pages and API."""
    batch = PurgeBatch()
    for page in pages:
        batch.add_page(page)  # the public URL and the page's cached paths
        batch.add_urls(api_urls(page))
    return batch.urls


def purge_on_commit(urls: Iterable[str]) -> None:
    """Purge once the change is visible, or a CDN could refetch the old copy."""
    batch = PurgeBatch(urls)
    if batch.urls:
        transaction.on_commit(batch.purge)


def subtree_before_move(page: Page, url_path_before: str) -> list[Page]:
    """The live pages of a moved subtree as they were addressed before the move
    (copies with their old url_path), so their old URLs can be purged."""
    url_path_after = page.url_path
    moved = []
    for descendant in page.get_descendants(inclusive=True).live().specific():
        old = copy(descendant)
        old.url_path = url_path_before + descendant.url_path[len(url_path_after) :]
        moved.append(old)
    return moved
