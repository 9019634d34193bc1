"""The v2 pages endpoint, with what frontends need to render an article."""

from django.db.models import prefetch_related_objects
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
    OrderingFilter,
    SearchFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.views import PagesAPIViewSet

from articles.models import ArticlePage

from .batch import ArticleBatch
from .errors import InvalidParameter
from .fields import BatchField
from .filters import (
    CheckedFieldsFilter,
    HashtagFilter,
    NewestFirstFilter,
    ReviewedSinceFilter,
)
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


class ArticlePagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint; for articles, typed body JSON with public links,
    a table of contents, reading time, SEO meta, JSON-LD, related articles and
    the public audit scores. Drafts, private and scheduled pages never show."""

    base_serializer_class = ArticlesPageSerializer
    filter_backends = [
        CheckedFieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        HashtagFilter,
        ReviewedSinceFilter,
        NewestFirstFilter,
        OrderingFilter,
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

    def get_base_queryset(self):
        # Built once per request: Wagtail's version reads every view
        # restriction each time it is called.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = exclude_scheduled(super().get_base_queryset())
        return self._base_queryset

    def get_serializer(self, *args, **kwargs):
        many = kwargs.get("many", False)
        objects = list(args[0]) if many else [args[0]]
        # Wagtail's `locale` meta field reads each page's locale: one query for
        # all of them instead.
        prefetch_related_objects(objects, "locale")
        context = self.get_serializer_context()
        context["articles"] = ArticleBatch(
            objects,
            request=self.request,
            visible_pages=self.get_base_queryset(),
            rich_text_format=context["_wagtail_rich_text_format"],
        )
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
        if "id" in request.GET and not request.GET["id"].isdigit():
            raise InvalidParameter("id", "a page id is a whole number")
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
