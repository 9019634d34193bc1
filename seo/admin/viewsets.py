from wagtail.admin.viewsets.pages import PageViewSet

from articles.models import ArticlePage

from .listing import ArticleExplorerView, ArticleTypeUseView
from .views import SeoCreateView, SeoEditView


class ArticlePageViewSet(PageViewSet):
    """Wagtail's page views for articles, whose editor has an SEO panel and
    whose listings show each article's SEO score."""

    model = ArticlePage
    add_view_class = SeoCreateView
    edit_view_class = SeoEditView
    index_view_class = ArticleExplorerView
    content_type_use_view_class = ArticleTypeUseView
