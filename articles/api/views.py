"""The v2 pages endpoint, with what frontends need to render an article."""

from functools import lru_cache

from django.db.models import QuerySet, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from wagtail.api import APIField
from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    LocaleFilter,
    SearchFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page

from articles.models import ArticlePage
from cms.caching import per_generation

from .batch import ArticleBatch
from .errors import InvalidParameter
from .fields import BatchField
from .filters import (
    CheckedFieldsFilter,
    HashtagFilter,
    NewestFirstFilter,
    ReviewedSinceFilter,
    ScalarOrderingFilter,
    fits_column,
)
from .pagination import IdsFirstPagination
from .serializers import ArticlesPageSerializer
from .visibility import compiled_ids, exclude_scheduled, public_pages, request_site

# Computed for each article by ArticleBatch (see its methods).
ARTICLE_COMPUTED_FIELDS = [
    "toc",
    "word_count",
    "reading_time",
    "seo",
    "structured_data",
    "audit",
    "related",
]
# Model fields whose stored form is not what a frontend wants.
ARTICLE_FIELD_OVERRIDES = ["body", "hashtags"]
# Light enough for every listing row; body and the rest come with ?fields=.
ARTICLE_LISTING_FIELDS = ["intro", "hashtags", "last_reviewed"]
# Model fields that read the page's relations, which ArticleBatch loads for
# every article at once.
RELATION_FIELDS = frozenset(["reviewer", "social_image"])
# Fields that read the stored body, the bulk of an article's row.
BODY_READING_FIELDS = frozenset(["body", *ARTICLE_COMPUTED_FIELDS])
# Page columns a listing row reads whatever fields are shown: for its type
# (content_type), its URL (url_path) and its locale.
ALWAYS_READ_FIELDS = frozenset(["content_type", "url_path", "locale"])


PAGE_ID_TYPE = Page._meta.pk.get_internal_type()


class ArticlePagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint; for articles, typed body JSON with public links,
    a table of contents, reading time, SEO meta, JSON-LD, related articles and
    the public audit scores. Drafts, private and scheduled pages never show."""

    base_serializer_class = ArticlesPageSerializer
    pagination_class = IdsFirstPagination
    filter_backends = [
        CheckedFieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        HashtagFilter,
        ReviewedSinceFilter,
        NewestFirstFilter,
        ScalarOrderingFilter,
        TranslationOfFilter,
        LocaleFilter,
        SearchFilter,  # last: search results cannot be filtered further
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        [HashtagFilter.parameter, ReviewedSinceFilter.parameter]
    )
    find_query_parameters = PagesAPIViewSet.find_query_parameters.union(["slug"])
    # Related articles cost a search per article: detail only.
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "related"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._base_querysets: dict[type[Page], QuerySet] = {}

    @classmethod
    def get_body_fields(cls, model):
        fields = super().get_body_fields(model)
        if not issubclass(model, ArticlePage):
            return fields
        fields = [
            APIField(field.name, serializer=BatchField(field.name))
            if field.name in ARTICLE_FIELD_OVERRIDES
            else field
            for field in fields
        ]
        return fields + [
            APIField(name, serializer=BatchField(name))
            for name in ARTICLE_COMPUTED_FIELDS
        ]

    @classmethod
    def get_listing_default_fields(cls, model):
        fields = super().get_listing_default_fields(model)
        if issubclass(model, ArticlePage):
            fields += ARTICLE_LISTING_FIELDS
        return fields

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Before Wagtail looks it up (one query each time) for detail_url.
        request_site(request)

    def get_base_queryset(self, model: type[Page] = Page) -> QuerySet:
        """The pages anonymous readers may see, as `model` rows.

        Built once per request and model: Wagtail's version reads the site and
        every view restriction each time it is called.
        """
        if model not in self._base_querysets:
            try:
                queryset = public_pages(self.request, model=model)
            except ValueError as error:  # as Wagtail's version reports it
                raise BadRequestError(str(error)) from error
            self._base_querysets[model] = exclude_scheduled(queryset)
        return self._base_querysets[model]

    def get_queryset(self):
        # Once per request: Wagtail asks again for the serializer class.
        if not hasattr(self, "_queryset"):
            models = self.requested_models()
            if len(models) == 1 and models[0] is not Page:
                # One page type (?type=articles.ArticlePage): Wagtail selects
                # it by `pk__in` the visible Page rows, so the database scans
                # the page table twice for every count and listing; the same
                # conditions on the type's own rows scan it once.
                self._queryset = self.get_base_queryset(models[0])
            else:
                self._queryset = super().get_queryset()
        return self._queryset

    def requested_models(self) -> list[type[Page]]:
        """The page types named by `?type=`, read as Wagtail's get_queryset
        reads them."""
        names = self.request.GET.get("type")
        if not names:
            return []
        try:
            return list(page_models_from_string(names))
        except (LookupError, ValueError) as error:
            raise BadRequestError("type doesn't exist") from error

    def get_object(self):
        if not fits_column(PAGE_ID_TYPE, int(self.kwargs["pk"])):
            # No page can have it, and the database would refuse to look.
            raise Http404("No Page matches the given query.")
        # Nearly every detail request is for an article: load it as one row
        # of its own type. Wagtail's version loads the Page row, then the
        # specific row; other page types, and misses, still go its way.
        if not hasattr(self, "_article"):
            # By `pk__in` the visible Page rows, whose compiled subquery the
            # serializer's queries use too: for one id that is an index lookup.
            articles = self.filter_queryset(
                ArticlePage.objects.filter(pk__in=self.visible_page_ids())
            )
            self._article = (
                # The reviewer (seo and structured_data show it) and the locale
                # (Wagtail's meta field) in the same row.
                articles.filter(pk=self.kwargs["pk"])
                .select_related("reviewer", "locale")
                .first()
                if isinstance(articles, QuerySet)
                else None
            )
            if self._article is not None:
                self.check_object_permissions(self.request, self._article)
        return self._article or super().get_object()

    def visible_page_ids(self) -> RawSQL:
        """The ids of `get_base_queryset()` as a compiled subquery, for the
        several queries that check visibility. It depends on the site, the
        view restrictions and `?site=`, and reads the clock in the database,
        so it is compiled once per cache generation (see per_generation)."""
        if not hasattr(self, "_visible_page_ids"):
            request = self.request
            self._visible_page_ids = per_generation(
                request,
                (
                    "visible-page-ids",
                    request._get_raw_host(),
                    request.get_port(),
                    request.GET.get("site"),
                ),
                lambda: compiled_ids(self.get_base_queryset()),
            )
        return self._visible_page_ids

    def get_serializer_class(self):
        # Once per request: the pagination asks which fields are shown.
        if not hasattr(self, "_serializer_class"):
            self._serializer_class = super().get_serializer_class()
        return self._serializer_class

    @classmethod
    def _get_serializer_class(
        cls, router, model, fields_config, show_details=False, nested=False
    ):
        # Wagtail builds a serializer class for every response, from what
        # only the page type and `?fields=` decide.
        return _serializer_class(
            cls, router, model, _hashable(fields_config), show_details, nested
        )

    def loaded_model_fields(self, model: type[Page]) -> list[str] | None:
        """The model fields this response reads, for rows to load only those;
        None for all of them. A listing row of twenty columns loads in half
        the time of the whole page row."""
        if not issubclass(model, ArticlePage):
            return None
        shown = set(self.get_serializer_class().Meta.fields)
        if BODY_READING_FIELDS & shown:
            # The computed fields read the body and much of the rest.
            return None
        columns = {field.name for field in model._meta.concrete_fields}
        return sorted((shown & columns) | ALWAYS_READ_FIELDS)

    def get_renderer_context(self):
        # Wagtail indents every response by four spaces, which leaves Python's
        # json to its pure-Python encoder and adds a fifth to the bytes sent.
        # Frontends parse, not read: compact JSON, unless the client asks
        # (Accept: application/json; indent=4).
        context = super().get_renderer_context()
        context.pop("indent", None)
        return context

    def get_serializer_context(self):
        # Wagtail's version (PagesAPIViewSet) adds the visible pages, which
        # only its parent field reads; built lazily, since building them reads
        # the view restrictions and a listing of one page type has not needed
        # them.
        context = super(PagesAPIViewSet, self).get_serializer_context()
        context["base_queryset"] = SimpleLazyObject(self.get_base_queryset)
        return context

    def get_serializer(self, *args, **kwargs):
        many = kwargs.get("many", False)
        objects = list(args[0]) if many else [args[0]]
        # Wagtail's `locale` meta field reads each page's locale: one query for
        # all of them instead.
        prefetch_related_objects(objects, "locale")
        context = self.get_serializer_context()
        fields = set(self.get_serializer_class().Meta.fields)
        context["articles"] = ArticleBatch(
            objects,
            request=self.request,
            visible_pages=self.get_base_queryset,
            visible_ids=self.visible_page_ids,
            rich_text_format=context["_wagtail_rich_text_format"],
            fields=fields,
        )
        if RELATION_FIELDS & fields:
            context["articles"].load_relations()
        kwargs["context"] = context
        if many:
            args = (objects, *args[1:])
        return super().get_serializer(*args, **kwargs)

    def find_object(self, queryset, request):
        if "slug" in request.GET:
            matches = list(queryset.filter(slug=request.GET["slug"])[:2])
            if len(matches) > 1:
                raise InvalidParameter(
                    "slug",
                    "more than one page has this slug; add type= "
                    "(e.g. type=articles.ArticlePage) or use html_path",
                )
            return matches[0] if matches else None
        if "id" in request.GET:
            if not request.GET["id"].isdigit():
                raise InvalidParameter("id", "a page id is a whole number")
            if not fits_column(PAGE_ID_TYPE, int(request.GET["id"])):
                return None
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        if isinstance(exc, InvalidParameter):
            return Response(
                {"message": str(exc), "parameter": exc.parameter},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if isinstance(exc, APIException) and not isinstance(exc, Http404):
            # DRF's own errors (405, 406...) in the same shape as Wagtail's.
            response = super().handle_exception(exc)
            response.data = {"message": str(exc.detail)}
            return response
        return super().handle_exception(exc)


@lru_cache(maxsize=256)  # `?fields=` is the client's to vary
def _serializer_class(viewset, router, model, fields_config, show_details, nested):
    return super(ArticlePagesAPIViewSet, viewset)._get_serializer_class(
        router, model, fields_config, show_details=show_details, nested=nested
    )


def _hashable(fields_config):
    """Wagtail's parsed `?fields=` (lists of (name, negated, sub-fields)) as
    tuples, which it reads the same way."""
    return tuple(
        (name, negated, None if sub_fields is None else _hashable(sub_fields))
        for name, negated, sub_fields in fields_config
    )
