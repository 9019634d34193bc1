"""Wagtail's limit/offset pagination, with the page of results found by id first."""

from django.db.models import Count, QuerySet, Window
from django.db.models.expressions import Col
from django.db.models.sql.where import AND
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.models import Page

PAGE_TABLE = Page._meta.db_table


class IdsFirstPagination(WagtailPagination):
    """Finds a page of results by ids alone, counting the total in the same
    query, then loads only that page's rows.

    Wagtail's version counts in one query and then orders whole page rows
    (bodies and all) to skip `offset` of them: PostgreSQL read the page table
    twice and sorted thousands of wide rows, on disk, to keep twenty. Search
    results are paged by the search backend and keep Wagtail's way.
    """

    def paginate_queryset(self, queryset, request, view=None):
        if not isinstance(queryset, QuerySet):
            return super().paginate_queryset(queryset, request, view)
        # Wagtail's checks of `limit` and `offset`, run on an empty queryset,
        # whose count costs no query.
        bounds = super().paginate_queryset(queryset.none(), request, view).query
        ids_source = on_page_table(queryset)
        if ids_source is None:
            ids_source = queryset
        found = list(
            ids_source.annotate(total=Window(Count("pk"))).values_list("pk", "total")[
                bounds.low_mark : bounds.high_mark
            ]
        )
        # Past the last result no row carries the total.
        self.total_count = found[0][1] if found else ids_source.count()
        ids = [pk for pk, _ in found]
        rows = queryset.model._default_manager.all()
        fields = view.loaded_model_fields(queryset.model) if view is not None else None
        if fields is not None:
            rows = rows.only(*fields)
        loaded = rows.in_bulk(ids)
        # The ids were visible a moment ago; a row gone since is left out.
        return [loaded[pk] for pk in ids if pk in loaded]


def on_page_table(queryset: QuerySet) -> QuerySet[Page] | None:
    """The queryset's pages, in its order, selected from Wagtail's page table
    alone, when it is of one page type and filters and orders on page columns
    only; None otherwise.

    A page type's rows join its own table to the page table. To list them
    newest first with their total, PostgreSQL joined every one of them (by
    hash, so unordered) and sorted the result; on the page table, the
    content type stands for the join and migration 0007's index for the sort.
    """
    model = queryset.model
    query = queryset.query
    if model is Page or not issubclass(model, Page):
        return None
    # Only the link to the page table joined: another join filters or orders
    # on another table.
    if set(query.alias_map) != {model._meta.db_table, PAGE_TABLE}:
        return None
    if query.is_empty() or query.distinct or query.annotations or query.extra:
        return None
    conditions = query.where.get_group_by_cols()
    if not all(isinstance(c, Col) and c.alias == PAGE_TABLE for c in conditions):
        return None
    # In an order of its own: a model's default ordering is its own.
    if not query.order_by or not all(
        isinstance(name, str) and is_page_column(name.removeprefix("-"))
        for name in query.order_by
    ):
        return None
    pages = Page.objects.type(model).order_by(*query.order_by)
    pages.query.where.add(query.where.clone(), AND)
    return pages


def is_page_column(name: str) -> bool:
    return name == "pk" or any(
        name in (field.name, field.attname) for field in Page._meta.concrete_fields
    )
