"""Where pages live for readers: one base URL, set once in configuration.

The CMS is headless: readers see articles on a frontend at PUBLIC_SITE_URL, not
on the host that serves the admin and the API. Wagtail builds every absolute
page URL (the API's `html_url`, sitemap `<loc>`, `page.full_url`) from
`get_url_parts()`, so pages override only that, and the sitemap, the API and
the JSON-LD all name the same address. In the demo, where Wagtail itself serves
the reference frontend, PUBLIC_SITE_URL is the server's own address.
"""

from urllib.parse import urljoin

from django.conf import settings


def public_url(path: str = "/") -> str:
    """An absolute URL on the public site for a path ("/articles/x/")."""
    return settings.PUBLIC_SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def media_url(url: str) -> str:
    """A media file's absolute URL. Media is served where the CMS runs (the
    API's base URL), not by the frontend at PUBLIC_SITE_URL; storage that
    returns absolute URLs already (S3, a CDN) is kept as it is."""
    base = getattr(settings, "WAGTAILAPI_BASE_URL", "") or (
        settings.WAGTAILADMIN_BASE_URL
    )
    return urljoin(base.rstrip("/") + "/", url)


class PublicUrlMixin:
    """Page URLs on PUBLIC_SITE_URL rather than the Site record's hostname."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, _site_root_url, page_path = parts
        return site_id, settings.PUBLIC_SITE_URL.rstrip("/"), page_path


def page_public_url(url_path: str) -> str | None:
    """The public URL of a page from its Wagtail `url_path`
    ("/home/articles/x/"), as `page.full_url` gives it, without loading the
    page; None when it lies under no site's root."""
    from wagtail.models import Site

    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return public_url(url_path[len(root.root_path) - 1 :])
    return None


def admin_edit_url(page_id: int) -> str:
    """The absolute address of a page's editor in the admin."""
    from django.urls import reverse

    return urljoin(
        settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/",
        reverse("wagtailadmin_pages:edit", args=[page_id]).lstrip("/"),
    )
