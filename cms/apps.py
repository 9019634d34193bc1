from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Project-wide wiring that belongs to no one app: API caching and CDN
    purging on content changes."""

    name = "cms"
    verbose_name = "CMS project"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
