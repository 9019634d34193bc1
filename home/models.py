from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page

from articles.visibility import exclude_hidden
from cms.public_urls import PublicUrlMixin


class HomePage(PublicUrlMixin, Page):
    """The site root."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    api_fields = [APIField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.ArticleIndexPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        """Each section the reader may open, with the articles it lists (the
        same rule as the section's own page: articles.visibility)."""
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = [
            (section, exclude_hidden(section.get_children(), request).specific())
            for section in exclude_hidden(self.get_children(), request).specific()
        ]
        return context
