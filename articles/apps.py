from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        # Before any app imports Wagtail's v3 routers, which build their request
        # schemas from the content type registry when they are imported.
        from .api_v3 import register_article_schemas, register_request_error_handlers

        register_article_schemas()

        from wagtail.api.v3.api import api

        register_request_error_handlers(api)
