"""Wagtail's limit/offset pagination, with the page of results found by id first."""

from django.db.models import QuerySet
from wagtail.api.v2.pagination import WagtailPagination


class IdsFirstPagination(WagtailPagination):
    """Sorting and skipping `offset` rows to find a page of results is done on
    ids alone, then only that page's rows are loaded.

    Ordering whole page rows (bodies and all) made PostgreSQL sort thousands
    of wide rows, on disk, to keep twenty; sorting ids and dates stays in
    memory. Search results are paged by the search backend and left alone.
    """

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        if not isinstance(page, QuerySet):
            return page
        ids = list(page.values_list("pk", flat=True))
        rows = page.model._default_manager.all()
        unused = view.unused_model_fields(page.model) if view is not None else []
        if unused:
            rows = rows.defer(*unused)
        found = rows.in_bulk(ids)
        # The ids were visible a moment ago; a row gone since is left out.
        return [found[pk] for pk in ids if pk in found]
