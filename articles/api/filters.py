"""Listing filters for articles, and a stricter version of Wagtail's field filter.

Each filter narrows the queryset with `pk__in` a subquery, the one kind of
filter every Wagtail search backend accepts, so they combine with `?search=`.
"""

import re
from datetime import date

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.fields import StreamField

from articles.models import ArticleHashtag, ArticlePage, clean_hashtag

from .errors import InvalidParameter
from .parameters import fits_column

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# ?hashtag= takes at most this many (README, "API"): each adds to the work of
# the one query that matches them.
MAX_HASHTAGS = 10


def parse_iso_date(parameter: str, value: str) -> date:
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidParameter(
            parameter, f"“{value}” is not a date; use YYYY-MM-DD, e.g. 2025-01-31"
        ) from None


def _articles_matching(queryset: QuerySet, articles: QuerySet) -> QuerySet:
    return queryset.filter(pk__in=articles.values("pk"))


class HashtagFilter(BaseFilterBackend):
    """?hashtag=SciaticaRelief: articles with that hashtag (case-insensitive,
    "#" optional). Several, comma-separated (at most MAX_HASHTAGS), narrow to
    articles with all of them.

    One subquery whatever the number of tags: the articles whose tag rows
    match as many distinct names as were asked for. (A subquery per tag,
    nested, took PostgreSQL tens of seconds to plan at 25 tags.)
    """

    parameter = "hashtag"

    def filter_queryset(self, request, queryset, view):
        if self.parameter not in request.GET:
            return queryset
        raw = request.GET[self.parameter]
        names = [name for name in raw.split(",") if name.strip()]
        if not names:
            raise InvalidParameter(self.parameter, "give a hashtag, e.g. Sciatica")
        if len(names) > MAX_HASHTAGS:
            raise InvalidParameter(
                self.parameter, f"at most {MAX_HASHTAGS} hashtags, comma-separated"
            )
        hashtags = set()
        for name in names:
            try:
                hashtags.add(clean_hashtag(name).lower())
            except ValidationError as error:
                raise InvalidParameter(self.parameter, error.messages[0]) from None
        matching = Q()
        for hashtag in hashtags:
            matching |= Q(tag__name__iexact=hashtag)
        tagged = (
            ArticleHashtag.objects.filter(matching)
            .values("content_object_id")
            # Distinct names, ignoring case as the match does.
            .annotate(matched=Count(Lower("tag__name"), distinct=True))
            .filter(matched=len(hashtags))
            .values("content_object_id")
        )
        return queryset.filter(pk__in=tagged)


class ReviewedSinceFilter(BaseFilterBackend):
    """?reviewed_since=YYYY-MM-DD: articles medically reviewed on or after it."""

    parameter = "reviewed_since"

    def filter_queryset(self, request, queryset, view):
        if self.parameter not in request.GET:
            return queryset
        since = parse_iso_date(self.parameter, request.GET[self.parameter])
        return _articles_matching(
            queryset, ArticlePage.objects.filter(last_reviewed__gte=since)
        )


class NewestFirstFilter(BaseFilterBackend):
    """Listings are newest first (by first publication) unless `order` is given;
    with `search` and no `order`, the search backend orders by relevance."""

    def filter_queryset(self, request, queryset, view):
        if "order" in request.GET or "search" in request.GET:
            return queryset
        return queryset.order_by("-first_published_at", "-pk")


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's ?<field>=value filter, with values checked first: a value its
    field cannot hold (?last_reviewed=soon) is a 400 naming the field, not a
    database error."""

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        for name, value in request.GET.items():
            if name not in fields:
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except LookupError:
                continue
            if field.is_relation or not field.concrete:
                continue
            try:
                python_value = field.to_python(value)
            except ValidationError as error:
                raise InvalidParameter(name, " ".join(error.messages)) from None
            check_integer_range(name, field.get_internal_type(), python_value)
        return super().filter_queryset(request, queryset, view)


def check_integer_range(parameter: str, internal_type: str, value) -> None:
    if not fits_column(internal_type, value):
        raise InvalidParameter(parameter, f"{value} is out of range")


class ScalarOrderingFilter(OrderingFilter):
    """Wagtail's ?order=, refusing fields that have no single value per page:
    ordering by a many-to-many relation (hashtags) repeats pages, and by a
    StreamField (body) compares JSON documents."""

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order")
        for name in order.split(",") if order else ():
            name = name.lstrip("-")
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue  # "random", or unknown: Wagtail's own message
            if (
                field.many_to_many
                or field.one_to_many
                or isinstance(field, StreamField)
            ):
                raise InvalidParameter("order", f"cannot order by {name!r}")
        return super().filter_queryset(request, queryset, view)
