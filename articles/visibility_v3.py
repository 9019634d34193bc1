"""Anonymous v3 reads follow the same visibility rule as everything else.

Wagtail's v3 API gives anonymous readers `get_public_pages_queryset` (live,
public, on the request's site), which keeps a page that is scheduled for later
or expired, or sits in such a section, until `publish_scheduled` runs. v3 has
no documented way to change that queryset: no hook or setting, and Wagtail's
docs say "there is no documented v3 equivalent of the v2 project-created
router" (the routers call `get_pages_queryset` from their own module).

So the two anonymous page reads, `GET pages/` and `GET pages/<id>/`, are
answered here by the same code as Wagtail's (its schemas, filters, ordering,
search, pagination and authentication, all public names of wagtail.api.v3),
with `articles.visibility.exclude_scheduled` added for anonymous readers.
`VisibleReadsMiddleware` hands those two GETs, once Django has resolved them to
Wagtail's views, to these; every other method and path stays Wagtail's, and
so does the OpenAPI document (the responses keep the same shape). `find`
redirects to the detail, which is answered here.

An authenticated request (a valid API token) gets exactly what Wagtail gives
it: the pages its user may edit, drafts included.
"""

from typing import Literal, cast

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Router
from ninja.pagination import paginate
from wagtail.api.rich_text import RichTextOutputFormat
from wagtail.api.v3.api import api as wagtail_api
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.errors import as_validation_error
from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
from wagtail.api.v3.querysets import get_pages_queryset
from wagtail.api.v3.routers.pages import PageDetailSchema, PageFilterSchema
from wagtail.api.v3.schemas import BasePageSchema
from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS
from wagtail.api.v3.schemas.params import (
    APIFieldFilterSchema,
    OrderingSchema,
    SearchSchema,
)
from wagtail.models import Page

from .api_v3 import register_request_error_handlers
from .visibility import exclude_scheduled


def pages_queryset(request: HttpRequest, model: type[Model] = Page):
    """Wagtail's v3 queryset for the request's tier; for anonymous readers
    without the pages that are scheduled, expired, or in such a section."""
    queryset = get_pages_queryset(request, model)
    if not request.user.is_authenticated:
        queryset = exclude_scheduled(queryset)
    return queryset


class VisiblePageFilterSchema(PageFilterSchema):
    """Wagtail's filters, whose page references (`child_of`, `ancestor_of`...)
    must name a page the reader may see, so that they cannot be used to find
    out that a hidden page exists."""

    @staticmethod
    def get_public_page(request: HttpRequest, page_id: int, loc: str) -> Page:
        try:
            return pages_queryset(request).get(pk=page_id)
        except Page.DoesNotExist as error:
            message = f"No {Page._meta.object_name} matches the given {loc} value."
            raise as_validation_error(error, message, loc=(loc,)) from error


router = Router(tags=["pages"])
AUTH = [BearerTokenAuth(), AllowAnonymous()]


@router.get("/", response=list[BasePageSchema], url_name="list_pages", auth=AUTH)
@paginate(WagtailLimitOffsetPagination, pass_parameter="pagination_info")
def list_pages(
    request: HttpRequest,
    filters: Query[VisiblePageFilterSchema],
    ordering: Query[OrderingSchema],
    search: Query[SearchSchema],
    **kwargs,
):
    # As wagtail.api.v3.routers.pages.list_pages, but for pages_queryset.
    pagination_info = cast(
        WagtailLimitOffsetPagination.Input, kwargs.get("pagination_info")
    )
    models = cast(list[type[Model]], filters.type)
    model = models[0] if len(models) == 1 else Page
    field_filter = APIFieldFilterSchema.with_exclude_schemas(
        raw_params=request.GET,
        schemas=(VisiblePageFilterSchema, OrderingSchema, SearchSchema),
        base_fields=BASE_PAGE_READ_FIELDS,
    )
    queryset = pages_queryset(request, model)
    queryset = filters.filter(queryset, request)
    queryset = field_filter.filter_queryset(queryset)
    queryset = ordering.order_queryset(
        queryset, pagination_info, base_fields=BASE_PAGE_READ_FIELDS
    )
    return search.search_queryset(request, queryset)


@router.get("/{page_id}/", response=PageDetailSchema, url_name="detail_page", auth=AUTH)
def get_page(
    request: HttpRequest,
    page_id: int,
    version: Literal["live", "draft"] | None = "live",
    rich_text_format: RichTextOutputFormat | None = None,
):
    # As wagtail.api.v3.routers.pages.get_page, but for pages_queryset.
    page = get_object_or_404(pages_queryset(request), pk=page_id)
    if version == "draft" and request.user.is_authenticated:
        return page.get_latest_revision_as_object()
    return page.specific


class ReadsAPI(NinjaAPI):
    """Errors go to Wagtail's v3 API's handlers (with any the project adds to
    it), so that these reads fail exactly as Wagtail's own would."""

    def on_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        return wagtail_api.on_exception(request, exc)


# Never mounted at a URL of its own: its views are called by the middleware.
reads_api = ReadsAPI(
    title="Visible page reads",
    urls_namespace="articles_v3_reads",
    docs_url=None,
    openapi_url=None,
)
# The checks the project adds to Wagtail's v3 API (hostile query strings and
# bodies refused with a 422 before the view runs) apply here too.
register_request_error_handlers(reads_api)
reads_api.add_router("/pages/", router)


def _views():
    patterns, _app_name, _namespace = reads_api.urls
    views = {pattern.name: pattern.callback for pattern in patterns}
    return {
        f"wagtailapi_v3:{name}": views[name] for name in ("list_pages", "detail_page")
    }


READ_VIEWS = _views()


class VisibleReadsMiddleware:
    """Answers Wagtail's v3 page list and detail GETs with the views above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "GET" or match is None:
            return None
        view = READ_VIEWS.get(match.view_name)
        if view is None:
            return None
        return view(request, *view_args, **view_kwargs)
