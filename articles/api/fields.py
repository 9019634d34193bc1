"""Serializer fields whose values the response's ArticleBatch computes."""

from typing import Any

from rest_framework import serializers

from articles.models import ArticlePage


class BatchField(serializers.Field):
    """Reads the whole page and asks the batch (`context["articles"]`) for its
    value, so values for every article of a response are fetched together."""

    def __init__(self, method: str, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)
        self.method = method

    def to_representation(self, page: ArticlePage) -> Any:
        return getattr(self.context["articles"], self.method)(page)
