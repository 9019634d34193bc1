from wagtail import hooks

IMPORT_ACTION = "articles.import"


@hooks.register("register_log_actions")
def register_import_action(actions):
    # Import revisions get their own history entry, which is also how a re-import
    # tells whether an editor has changed the page since (articles.importing.store).
    actions.register_action(IMPORT_ACTION, "Import", "Imported from source file")
