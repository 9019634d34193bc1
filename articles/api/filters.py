"""Listing filters for articles, and a stricter version of Wagtail's field filter.

Each filter narrows the queryset with `pk__in` a subquery, the one kind of
filter every Wagtail search backend accepts, so they combine with `?search=`.
"""

import re
from datetime import date

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection
from django.db.models import QuerySet
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.fields import StreamField

from articles.models import ArticlePage, clean_hashtag

from .errors import InvalidParameter

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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
    "#" optional). Several, comma-separated, narrow to articles with all."""

    parameter = "hashtag"

    def filter_queryset(self, request, queryset, view):
        if self.parameter not in request.GET:
            return queryset
        raw = request.GET[self.parameter]
        names = [name for name in raw.split(",") if name.strip()]
        if not names:
            raise InvalidParameter(self.parameter, "give a hashtag, e.g. Sciatica")
        for name in names:
            try:
                hashtag = clean_hashtag(name)
            except ValidationError as error:
                raise InvalidParameter(self.parameter, error.messages[0]) from None
            queryset = _articles_matching(
                queryset,
                ArticlePage.objects.filter(tagged_items__tag__name__iexact=hashtag),
            )
        return queryset


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


def fits_column(internal_type: str, value) -> bool:
    """Whether the database can compare a column of this type with `value`:
    a whole number out of its range is a database error (PostgreSQL: integer
    out of range; SQLite: overflow), not merely no match."""
    if not isinstance(value, int):
        return True
    low, high = connection.ops.integer_field_range(internal_type)
    return (low is None or value >= low) and (high is None or value <= high)


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
