"""`/sitemap.xml` and `/robots.txt` for the public site, and keeping the API out
of search results.

Both endpoints name pages at their public URLs (PUBLIC_SITE_URL, the same
addresses as the API's `html_url` and the JSON-LD), so a frontend serves them
by proxying these two paths to the CMS; in the demo the CMS is the public site.
"""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import PageQuerySet, get_page_models

from articles.api.visibility import exclude_scheduled
from articles.models import SeoFieldsMixin

from .public_urls import public_url

API_PATH_PREFIX = "/api/"


def is_indexable(page: SeoFieldsMixin) -> bool:
    """Whether search engines should find this page at its public URL: not
    marked noindex, and not declaring another address as its canonical copy
    (a sitemap lists canonical URLs only)."""
    if page.noindex:
        return False
    return not page.canonical_url or page.canonical_url == page.full_url


class PublicSitemap(Sitemap):
    """Wagtail's sitemap (live pages without view restrictions, at their
    public URLs), less pages that are scheduled (not yet live, or expired),
    noindex or canonical elsewhere."""

    def items(self) -> PageQuerySet:
        # By the API's own schedule rule, so both list the same pages.
        pages = exclude_scheduled(super().items())
        return pages.exclude(pk__in=self._not_indexable_ids())

    @staticmethod
    def _not_indexable_ids() -> list[int]:
        # Only the few pages that set either field need a look in Python (a
        # canonical URL equal to the page's own address is fine).
        candidates = (
            page
            for model in get_page_models()
            if issubclass(model, SeoFieldsMixin)
            for page in model.objects.filter(
                Q(noindex=True) | ~Q(canonical_url="")
            ).defer_streamfields()
        )
        return [page.pk for page in candidates if not is_indexable(page)]


# The admin and its login pages have nothing for searchers. The API is not
# disallowed: a frontend that renders in the browser needs crawlers to fetch
# the JSON (robots.txt would stop Google rendering its pages), and a disallowed
# URL can still be indexed, bare, from links. The API instead says
# `X-Robots-Tag: noindex` on every response (ApiNoIndexMiddleware).
DISALLOWED_PATHS = ("/admin/", "/django-admin/")


@require_GET
@cache_control(public=True, max_age=60 * 60)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in DISALLOWED_PATHS),
        "Allow: /",
        "",
        f"Sitemap: {public_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


class ApiNoIndexMiddleware:
    """API responses are data for frontends, not pages for search results."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PATH_PREFIX):
            response.setdefault("X-Robots-Tag", "noindex")
        return response
