"""The public read API (v2) and the token-authenticated v3 API."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.v3.urls import api as api_v3
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

api_v2 = WagtailAPIRouter("wagtailapi")
api_v2.register_endpoint("pages", PagesAPIViewSet)
api_v2.register_endpoint("images", ImagesAPIViewSet)
api_v2.register_endpoint("documents", DocumentsAPIViewSet)

__all__ = ["api_v2", "api_v3"]
