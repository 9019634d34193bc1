"""The pages endpoint's serializer: Wagtail's, with public parent URLs."""

from wagtail.api.v2.serializers import PageParentField, PageSerializer


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


class ArticlesPageSerializer(PageSerializer):
    parent = PublicParentField(read_only=True)
