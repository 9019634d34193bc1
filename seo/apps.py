from django.apps import AppConfig


class SeoConfig(AppConfig):
    name = "seo"
    verbose_name = "SEO audit"

    def ready(self):
        from wagtail.api.v3.api import api

        from . import signals
        from .api import router

        api.add_router("/seo/", router)
        signals.connect()
