from wagtail.admin.viewsets.pages import PageViewSet

from articles.models import ArticlePage

from .views import SeoCreateView, SeoEditView


class ArticlePageViewSet(PageViewSet):
    """Wagtail's page views for articles, whose editor has an SEO panel."""

    model = ArticlePage
    add_view_class = SeoCreateView
    edit_view_class = SeoEditView
