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
