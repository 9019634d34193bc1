"""What changes the public API: page lifecycle, and the records its JSON shows.

Each change makes the stored API responses stale (cms/caching.py) and, when a
CDN is configured, purges the URLs of the pages concerned (cms/cdn.py).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from articles.models import MedicalReviewer
from seo.models import SeoAudit
from seo.signals import audits_saved

from .caching import invalidate_api_cache, schedule_changed
from .cdn import frontend_cache_enabled, page_urls, purge_on_commit, subtree_before_move


def page_published_or_unpublished(instance: Page, **kwargs) -> None:
    invalidate_api_cache()
    if frontend_cache_enabled():
        purge_on_commit(page_urls([instance]))


def page_moved(instance: Page, url_path_before: str, **kwargs) -> None:
    invalidate_api_cache()
    if frontend_cache_enabled():
        before = subtree_before_move(instance, url_path_before)
        after = instance.get_descendants(inclusive=True).live().specific()
        purge_on_commit(page_urls(before) | page_urls(after))


def page_deleted(instance: Page, **kwargs) -> None:
    # Deleting an ArticlePage also deletes its base Page row: act once, on the
    # row of the page's own class.
    if instance.specific_class not in (None, type(instance)):
        return
    invalidate_api_cache()
    if frontend_cache_enabled() and instance.live:
        purge_on_commit(page_urls([instance]))


def page_saved(**kwargs) -> None:
    """Any save may set a go-live or expiry date, and scheduling a draft
    publishes nothing."""
    schedule_changed()


def shown_record_changed(**kwargs) -> None:
    """A record the API's JSON includes (a reviewer, an image, an audit's
    score, the site's root) changed: every response may show it."""
    invalidate_api_cache()


def view_restriction_changed(instance: PageViewRestriction, **kwargs) -> None:
    """A page was made private or public again. The admin's privacy dialog
    publishes nothing, so no page signal fires: without this, stored
    responses would keep showing a page that became private."""
    invalidate_api_cache()
    if frontend_cache_enabled():
        page = Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            purge_on_commit(
                page_urls(page.get_descendants(inclusive=True).live().specific())
            )


def register_signal_handlers() -> None:
    for model in get_page_models():
        page_published.connect(page_published_or_unpublished, sender=model)
        page_unpublished.connect(page_published_or_unpublished, sender=model)
        post_page_move.connect(page_moved, sender=model)
        post_delete.connect(page_deleted, sender=model)
        post_save.connect(page_saved, sender=model)
    for model in (MedicalReviewer, SeoAudit, get_image_model(), Site):
        post_save.connect(shown_record_changed, sender=model)
        post_delete.connect(shown_record_changed, sender=model)
    # seo_audit --save writes audits in bulk, without post_save.
    audits_saved.connect(shown_record_changed)
    post_save.connect(view_restriction_changed, sender=PageViewRestriction)
    post_delete.connect(view_restriction_changed, sender=PageViewRestriction)
