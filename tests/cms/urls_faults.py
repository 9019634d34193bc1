"""The project's URLs plus views that fail on purpose, for tests/cms."""

from django.db import OperationalError, connection
from django.http import JsonResponse
from django.urls import path

from cms.urls import handler500
from cms.urls import urlpatterns as cms_urlpatterns


def boom(request):
    raise RuntimeError("boom for the log test")


def db_down(request):
    raise OperationalError("connection to server failed: Connection refused")


def sleep(request):
    """A query that takes `s` seconds on PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [float(request.GET.get("s", "0"))])
    return JsonResponse({"slept": True})


def count_pages(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM wagtailcore_page")
        (count,) = cursor.fetchone()
    return JsonResponse({"pages": count})


urlpatterns = [
    path("api/test-faults/boom/", boom),
    path("test-faults/boom/", boom),
    path("api/test-faults/db-down/", db_down),
    path("test-faults/db-down/", db_down),
    path("api/test-faults/sleep/", sleep),
    path("api/test-faults/count/", count_pages),
    *cms_urlpatterns,
]

__all__ = ["handler500", "urlpatterns"]
