"""The public read API (v2) and the token-authenticated v3 API."""

from django.http import JsonResponse
from django.urls import re_path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v3.urls import api as api_v3
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from articles.api.views import ArticlePagesAPIViewSet


def not_found(request, *args, **kwargs):
    return JsonResponse({"message": "No API endpoint at this address."}, status=404)


class JSONRouter(WagtailAPIRouter):
    """Wagtail's router, answering unknown addresses under it with a JSON 404
    rather than the site's HTML error page. Only addresses ending in "/": the
    others must reach CommonMiddleware's APPEND_SLASH redirect
    (/api/v2/pages/5 -> /api/v2/pages/5/)."""

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), re_path(r"^.*/$", not_found)]


api_v2 = JSONRouter("wagtailapi")
api_v2.register_endpoint("pages", ArticlePagesAPIViewSet)
api_v2.register_endpoint("images", ImagesAPIViewSet)
api_v2.register_endpoint("documents", DocumentsAPIViewSet)

__all__ = ["api_v2", "api_v3"]
