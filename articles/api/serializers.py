"""The pages endpoint's serializer: Wagtail's, with public parent URLs."""

from functools import cache

from django.urls import NoReverseMatch
from wagtail.api.v2.serializers import (
    PageHtmlUrlField,
    PageParentField,
    PageSerializer,
    get_serializer_class,
)


class RequestHtmlUrlField(PageHtmlUrlField):
    """`html_url` built with the request, so the pages of one response share
    one read of Wagtail's site root paths: Wagtail's version reads them from
    the cache (a Redis round trip) once per page, twenty times a listing."""

    def to_representation(self, page):
        try:
            return page.get_full_url(self.context.get("request"))
        except NoReverseMatch:
            return None


class PublicParentField(PageParentField):
    """The parent as its own page type (no query: deferred fields), so its
    `html_url` is built by our pages' get_url_parts(), on PUBLIC_SITE_URL,
    like every other page URL; a plain Page would use the Site's hostname.

    For articles the response's ArticleBatch has already loaded every
    ancestor, and whether readers may see it, with the breadcrumbs: Wagtail's
    version costs two queries per page (the parent, then its visibility).
    """

    def get_attribute(self, instance):
        articles = self.context.get("articles")
        if articles is not None and articles.covers(instance):
            return articles.parent(instance)
        parent = super().get_attribute(instance)
        return parent.specific_deferred if parent is not None else None

    def to_representation(self, value):
        serializer = parent_serializer_class(type(value))(context=self.context)
        return serializer.to_representation(value)


class ArticlesPageSerializer(PageSerializer):
    html_url = RequestHtmlUrlField(read_only=True)
    parent = PublicParentField(read_only=True)


@cache
def parent_serializer_class(model):
    """The fields Wagtail shows of a parent, with `html_url` as ours; built
    once per page type, where Wagtail builds a serializer class per response."""
    return get_serializer_class(
        model,
        ["id", "type", "detail_url", "html_url", "title"],
        meta_fields=["type", "detail_url", "html_url"],
        base=ArticlesPageSerializer,
    )
