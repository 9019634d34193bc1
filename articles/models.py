import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from taggit.models import ItemBase, TagBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cms.public_urls import PublicUrlMixin

from .blocks import ArticleStreamBlock
from .url_safety import validate_safe_url
from .visibility import exclude_hidden

HASHTAG_PATTERN = re.compile(r"[A-Za-z0-9_]+")


def clean_hashtag(value: str) -> str:
    """Return a hashtag as stored (without '#', case kept) or raise ValidationError."""
    name = value.strip().removeprefix("#")
    if not HASHTAG_PATTERN.fullmatch(name):
        raise ValidationError(
            f"“{value}” is not a valid hashtag: use letters, digits and underscores "
            "only, with no spaces (for example MassageTherapy)."
        )
    return name


class Hashtag(TagBase):
    """A hashtag, kept apart from any other tagging on the site."""

    class Meta:
        verbose_name = "hashtag"
        verbose_name_plural = "hashtags"


class ArticleHashtag(ItemBase):
    tag = models.ForeignKey(
        Hashtag, related_name="tagged_articles", on_delete=models.CASCADE
    )
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


@register_snippet
class MedicalReviewer(models.Model):
    """A clinician who reviews articles; named in the page and its structured data."""

    name = models.CharField(max_length=255)
    credentials = models.CharField(
        max_length=255, blank=True, help_text="For example: MD, physiotherapist"
    )
    profile_url = models.URLField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("credentials"), FieldPanel("profile_url")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class ReviewerSerializer(serializers.Field):
    def to_representation(self, value: MedicalReviewer) -> dict[str, str]:
        return {
            "name": value.name,
            "credentials": value.credentials,
            "profile_url": value.profile_url,
        }


@register_snippet
class Author(models.Model):
    """A person who writes articles; named on the page and in its structured data."""

    name = models.CharField(max_length=255)
    credentials = models.CharField(
        max_length=255,
        blank=True,
        help_text="Qualifications shown after the name, for example: MSc, RMT",
    )
    bio = models.TextField(
        blank=True,
        max_length=1000,
        help_text="Two or three sentences on who the author is and why readers "
        "can trust them.",
    )
    profile_url = models.URLField(
        blank=True, help_text="A page about the author: their profile or practice."
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A portrait, shown with the author's name.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("bio"),
        FieldPanel("profile_url"),
        FieldPanel("image"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def clean(self):
        validate_safe_url(self.profile_url)


class ArticleAuthor(Orderable):
    """One of an article's authors, in the order the byline names them."""

    page = ParentalKey(
        "articles.ArticlePage", related_name="article_authors", on_delete=models.CASCADE
    )
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = "author"


class AuthorsSerializer(serializers.Field):
    """An article's authors, in byline order."""

    def to_representation(self, value) -> list[dict[str, object]]:
        return [author_json(link.author) for link in value.all()]


def author_json(author: Author) -> dict[str, object]:
    image = author.image
    return {
        "id": author.pk,
        "name": author.name,
        "credentials": author.credentials,
        "bio": author.bio,
        "profile_url": author.profile_url,
        "image": SocialImageSerializer().to_representation(image) if image else None,
    }


class CommaListSerializer(serializers.Field):
    """Serializes a comma-separated text field as a list of its trimmed parts."""

    def to_representation(self, value: str) -> list[str]:
        return [part.strip() for part in value.split(",") if part.strip()]


class SocialImageSerializer(serializers.Field):
    def to_representation(self, value) -> dict[str, object]:
        return {
            "id": value.pk,
            "title": value.title,
            "alt": value.default_alt_text,
            "width": value.width,
            "height": value.height,
            "url": value.file.url,
        }


class SeoFieldsMixin(models.Model):
    """SEO fields beyond Wagtail's own seo_title and search_description."""

    focus_keyphrase = models.CharField(
        max_length=100,
        blank=True,
        help_text="The search phrase this article should rank for.",
    )
    keyphrase_synonyms = models.CharField(
        max_length=255,
        blank=True,
        help_text="Other phrasings of the keyphrase, separated by commas.",
    )
    canonical_url = models.URLField(
        blank=True,
        help_text="Only if this article's main copy lives at another address.",
    )
    noindex = models.BooleanField(
        default=False, help_text="Ask search engines not to index this article."
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the article is shared; at least 1200×630.",
    )
    cornerstone = models.BooleanField(
        default=False,
        help_text="A key article the rest of the library supports and links to. "
        "The SEO audit holds it to stricter thresholds.",
    )
    target_grade = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(18)],
        help_text="Reading grade the audit aims for; empty means the site default "
        "(grade 8, the ceiling US health agencies advise for patient information).",
    )

    seo_panels = [
        FieldPanel("focus_keyphrase"),
        FieldPanel("keyphrase_synonyms"),
        FieldPanel("canonical_url"),
        FieldPanel("noindex"),
        FieldPanel("social_image"),
        FieldPanel("cornerstone"),
        FieldPanel("target_grade"),
    ]

    seo_api_fields = [
        APIField("focus_keyphrase"),
        APIField("keyphrase_synonyms", serializer=CommaListSerializer()),
        APIField("canonical_url"),
        APIField("noindex"),
        APIField("social_image", serializer=SocialImageSerializer()),
        APIField("cornerstone"),
        APIField("target_grade"),
    ]

    class Meta:
        abstract = True


class ArticlePageForm(WagtailAdminPageForm):
    def clean_hashtags(self):
        return [clean_hashtag(name) for name in self.cleaned_data["hashtags"]]

    # Django's URLField also takes ftp addresses; links here keep to the schemes
    # articles.url_safety allows (the admin and API v3 both save through here).
    def clean_canonical_url(self):
        validate_safe_url(self.cleaned_data["canonical_url"])
        return self.cleaned_data["canonical_url"]

    def clean_source_url(self):
        validate_safe_url(self.cleaned_data["source_url"])
        return self.cleaned_data["source_url"]


class ArticleIndexPage(PublicUrlMixin, Page):
    """The library: the parent of every article."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    def visible_articles(self, request=None):
        """The articles listed here: those the reader may open (see
        articles.visibility), not every live child."""
        return exclude_hidden(self.get_children(), request).specific()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = self.visible_articles(request)
        return context


class ArticlePage(PublicUrlMixin, SeoFieldsMixin, Page):  # noqa: DJ008 (Page.__str__ applies)
    """A health article whose body is structured blocks."""

    intro = models.TextField(
        blank=True, help_text="A short summary shown above the article and in lists."
    )
    body = StreamField(ArticleStreamBlock(), blank=True)
    hashtags = ClusterTaggableManager(
        through=ArticleHashtag,
        blank=True,
        help_text="Without “#”: letters, digits and underscores, e.g. SciaticaRelief.",
    )
    reviewer = models.ForeignKey(
        MedicalReviewer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name="medical reviewer",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    source_url = models.URLField(
        blank=True, help_text="Where imported content was first published."
    )
    source_file = models.CharField(
        max_length=500,
        blank=True,
        # Every import looks its page up by it.
        db_index=True,
        help_text="The file this article was imported from; re-imports update it.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("article_authors", heading="Authors", label="Author"),
        MultiFieldPanel(
            [FieldPanel("reviewer"), FieldPanel("last_reviewed")],
            heading="Medical review",
        ),
    ]
    promote_panels = Page.promote_panels + [
        FieldPanel("hashtags", heading="Hashtags"),
        MultiFieldPanel(SeoFieldsMixin.seo_panels, heading="Search and social"),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("source_url"), FieldPanel("source_file")],
            heading="Import source",
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("last_reviewed"),
        index.RelatedFields("hashtags", [index.SearchField("name")]),
    ]

    api_fields = [
        APIField("intro"),
        APIField("body"),
        APIField("hashtags"),
        APIField("authors", serializer=AuthorsSerializer(source="article_authors")),
        *SeoFieldsMixin.seo_api_fields,
        APIField("reviewer", serializer=ReviewerSerializer()),
        APIField("last_reviewed"),
        APIField("source_url"),
        # Not source_file: it holds the server's absolute path (the importer's
        # key for re-imports), which is no reader's business. Left out of
        # api_fields, it can be neither read nor filtered or ordered by, in v2
        # or v3 (both filter on any database field in api_fields).
    ]

    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []

    base_form_class = ArticlePageForm
