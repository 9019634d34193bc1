"""The benchmark's URLconf: the project's own URLs, plus the stock API as a peer.

bench/api.py serves this with gunicorn. `/peer/api/v2/pages/` is Wagtail's
PagesAPIViewSet on a plain WagtailAPIRouter, with none of the project's view,
serializer or caching additions, so both APIs serve the same pages from the
same process and the difference between them is what our additions cost.
"""

from django.urls import include, path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

peer_api = WagtailAPIRouter("peerapi")
peer_api.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    # Before cms.urls, whose last pattern hands every other path to Wagtail.
    path("peer/api/v2/", peer_api.urls),
    path("", include("cms.urls")),
]
