from wagtail import hooks

from .rich_text import PublicPageLinkHandler

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
