"""Wagtail's limit/offset pagination, with the page of results found by id first."""

from django.conf import settings
from django.db.models import Count, QuerySet, Window
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.models import Page

from .parameters import check_window


class IdsFirstPagination(WagtailPagination):
    """Finds a page of results by ids alone, counting the total in the same
    query, then loads only that page's rows.

    Wagtail's version counts in one query and then orders whole page rows
    (bodies and all) to skip `offset` of them: PostgreSQL read the page table
    twice and sorted thousands of wide rows, on disk, to keep twenty. Search
    results are paged by the search backend and keep Wagtail's way.
    """

    def paginate_queryset(self, queryset, request, view=None):
        # Wagtail's checks of `limit` and `offset`, run on an empty queryset,
        # whose count costs no query; then whether the database can take them.
        super().paginate_queryset(Page.objects.none(), request, view)
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
        offset = int(request.GET.get("offset", 0))
        stop = offset + int(request.GET.get("limit", min(20, limit_max or 20)))
        check_window(offset, stop)
        if not isinstance(queryset, QuerySet):
            return super().paginate_queryset(queryset, request, view)
        found = list(
            queryset.annotate(total=Window(Count("pk"))).values_list("pk", "total")[
                offset:stop
            ]
        )
        # Past the last result no row carries the total.
        self.total_count = found[0][1] if found else queryset.count()
        ids = [pk for pk, _ in found]
        rows = queryset.model._default_manager.all()
        fields = view.loaded_model_fields(queryset.model) if view is not None else None
        if fields is not None:
            rows = rows.only(*fields)
        loaded = rows.in_bulk(ids)
        # The ids were visible a moment ago; a row gone since is left out.
        return [loaded[pk] for pk in ids if pk in loaded]
