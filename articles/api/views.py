"""The v2 pages endpoint, with what frontends need to render an article."""

from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404
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
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page

from articles.models import ArticlePage

from .batch import ArticleBatch
from .errors import InvalidParameter
from .fields import BatchField
from .filters import (
    CheckedFieldsFilter,
    HashtagFilter,
    NewestFirstFilter,
    ReviewedSinceFilter,
    ScalarOrderingFilter,
)
from .pagination import IdsFirstPagination
from .parameters import PAGE_ID_TYPE, check_query_parameters, fits_column
from .serializers import ArticlesPageSerializer
from .visibility import exclude_scheduled

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
RELATION_FIELDS = frozenset(["reviewer", "authors", "social_image"])
# Fields that read the stored body, the bulk of an article's row.
BODY_READING_FIELDS = frozenset(["body", *ARTICLE_COMPUTED_FIELDS])
# Page columns a listing row reads whatever fields are shown: for its type
# (content_type), its URL (url_path) and its locale.
ALWAYS_READ_FIELDS = frozenset(["content_type", "url_path", "locale"])


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
    # Related articles cost a query per article: detail only.
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "related"]

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
        check_query_parameters(request.GET)

    def get_base_queryset(self) -> QuerySet:
        """The pages anonymous readers may see: Wagtail's rule (live, public,
        on the request's site) less pages scheduled for later or expired.

        Kept for the request: Wagtail's version reads the site and every view
        restriction each time it is called, and the serializer context, the
        queryset and the batch all ask for it.
        """
        if not hasattr(self, "visible_pages"):
            self.visible_pages = exclude_scheduled(super().get_base_queryset())
        return self.visible_pages

    def get_object(self):
        if not fits_column(PAGE_ID_TYPE, int(self.kwargs["pk"])):
            # No page can have it, and the database would refuse to look.
            raise Http404("No Page matches the given query.")
        # Nearly every detail request is for an article: load it as one row
        # of its own type, with the reviewer (seo and structured_data show it)
        # and the locale (Wagtail's meta field). Wagtail's version loads the
        # Page row, then the specific row; other page types, and misses,
        # still go its way.
        if not hasattr(self, "article"):
            articles = self.filter_queryset(
                ArticlePage.objects.filter(pk__in=self.get_base_queryset().values("pk"))
            )
            self.article = (
                articles.filter(pk=self.kwargs["pk"])
                .select_related("reviewer", "locale")
                .first()
                if isinstance(articles, QuerySet)
                else None
            )
            if self.article is not None:
                self.check_object_permissions(self.request, self.article)
        return self.article or super().get_object()

    def get_serializer_class(self):
        # Kept for the request: the pagination and the batch ask which fields
        # are shown, and Wagtail builds the class anew at every call.
        if not hasattr(self, "serializer_class_for_request"):
            self.serializer_class_for_request = super().get_serializer_class()
        return self.serializer_class_for_request

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
