from django.http import Http404
from wagtail import hooks

from .rich_text import PublicPageLinkHandler
from .visibility import is_scheduled_or_expired

IMPORT_ACTION = "articles.import"


@hooks.register("register_log_actions")
def register_import_action(actions):
    # Import revisions get their own history entry, which is also how a re-import
    # tells whether an editor has changed the page since (articles.importing.store).
    actions.register_action(IMPORT_ACTION, "Import", "Imported from source file")


# After Wagtail's own registration (order 0), which this replaces.
@hooks.register("register_rich_text_features", order=1)
def link_only_to_visible_pages(features):
    features.register_link_type(PublicPageLinkHandler)


@hooks.register("before_serve_page")
def hide_scheduled_and_expired(page, request, serve_args, serve_kwargs):
    # Wagtail routes to any live page, and `live` is only switched off when
    # `publish_scheduled` runs: until then an expired page, or one in a
    # scheduled or expired section, would be served. Not for editors either:
    # they see such pages through the admin's preview, which is not served here.
    # Runs before Wagtail's view-restriction check (an on_serve_page hook), so
    # a hidden page answers 404 rather than a password or login form.
    if is_scheduled_or_expired(page):
        raise Http404


# The editor's SEO panel lives in the seo app, which imports this module's
# IMPORT_ACTION: imported when Wagtail asks, not at module load.
@hooks.register("register_admin_viewset")
def register_article_viewset():
    from seo.admin.viewsets import ArticlePageViewSet

    return ArticlePageViewSet("article_pages")


@hooks.register("register_admin_urls")
def register_seo_panel_urls():
    from django.urls import include, path

    return [path("seo/panel/", include("seo.admin.urls", namespace="seo_panel"))]
