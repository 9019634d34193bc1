"""Everything one API response needs about its articles, fetched once for all.

A response serializes one article (detail) or a page of them (listing). Each
field asks the batch; the batch fetches what that field needs for every
article at once, on first use, so a listing without `body` never loads body
references and the query count does not grow with the number of articles.
"""

from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.http import HttpRequest
from wagtail.models import Page

from articles.models import ArticleAuthor, ArticleHashtag, ArticlePage
from articles.related import related_articles
from articles.seo_meta import seo_meta, social_image_prefetch
from articles.structured_data import structured_data

from . import reading
from .body import BodyRenderer, stream_references
from .references import References, linked_ids
from .scores import latest_score_summaries
from .toc import table_of_contents

STEPLEN = Page.steplen
# Fields that show the pages an article's body links to...
LINKING_FIELDS = frozenset(["body"])
# ...and its ancestors (the breadcrumbs of structured_data).
ANCESTOR_FIELDS = frozenset(["parent", "structured_data"])


class ArticleBatch:
    def __init__(
        self,
        objects: Iterable[Any],
        *,
        request: HttpRequest,
        visible_pages: Callable[[], QuerySet[Page]],
        rich_text_format: str,
        fields: Iterable[str],
    ):
        self.articles = [obj for obj in objects if isinstance(obj, ArticlePage)]
        self.fields = frozenset(fields)
        self.request = request
        self._visible_pages = visible_pages
        self.rich_text_format = rich_text_format
        self._word_counts: dict[int, int] = {}
        self._relations_loaded = False

    @cached_property
    def visible_pages(self) -> QuerySet[Page]:
        """The pages readers may see, asked for only by the fields that need
        them."""
        return self._visible_pages()

    # --- page fields and relations ------------------------------------

    def with_relations(self, page: ArticlePage) -> ArticlePage:
        """The page with its reviewer, authors and social image (and its
        renditions) loaded, for every article of the batch at once: what the seo and
        structured_data fields read."""
        self.load_relations()
        return page

    def load_relations(self) -> None:
        """Reviewers, authors and social images of every article, at once.
        The view calls it up front when the `reviewer`, `authors` or
        `social_image` fields are shown, which read the page's own relations."""
        if not self._relations_loaded:
            prefetch_related_objects(
                self.articles,
                "reviewer",
                Prefetch(
                    "article_authors",
                    queryset=ArticleAuthor.objects.select_related("author__image"),
                ),
                social_image_prefetch(),
            )
            self._relations_loaded = True

    def hashtags(self, page: ArticlePage) -> list[str]:
        return [name for _tag_id, name in self._hashtags.get(page.pk, [])]

    def hashtag_ids(self, page: ArticlePage) -> list[int]:
        return [tag_id for tag_id, _name in self._hashtags.get(page.pk, [])]

    @cached_property
    def _hashtags(self) -> dict[int, list[tuple[int, str]]]:
        """Every article's hashtags (id, name), as plain values: a third of
        the time of loading them as related objects."""
        found: dict[int, list[tuple[int, str]]] = {}
        rows = (
            ArticleHashtag.objects.filter(content_object__in=self.articles)
            # In the order the writer gave them.
            .order_by("pk")
            .values_list("content_object_id", "tag_id", "tag__name")
        )
        for page_id, tag_id, name in rows:
            found.setdefault(page_id, []).append((tag_id, name))
        return found

    # --- body -----------------------------------------------------------

    @cached_property
    def _body_references(self) -> tuple[list[str], list[Any]]:
        """Every rich-text value and image id in the articles' bodies."""
        rich_texts, image_ids = [], []
        for page in self.articles:
            for kind, value in stream_references(
                page.body.stream_block, page.body.raw_data
            ):
                (rich_texts if kind == "rich_text" else image_ids).append(value)
        return rich_texts, image_ids

    @cached_property
    def _links(self) -> tuple[set[int], set[int]]:
        """Ids of the pages and documents the bodies link to."""
        return linked_ids(self._body_references[0])

    @cached_property
    def references(self) -> References:
        page_ids, document_ids = self._links
        linked = self._surroundings[0]
        return References.fetch(
            request=self.request,
            pages={pk: page for pk, page in linked.items() if pk in page_ids},
            document_ids=document_ids,
            image_ids=self._body_references[1],
        )

    def body(self, page: ArticlePage) -> list[dict[str, Any]]:
        renderer = BodyRenderer(self.references, self.rich_text_format)
        return renderer.stream(page.body.stream_block, list(page.body.raw_data))

    def toc(self, page: ArticlePage) -> list[dict[str, Any]]:
        return table_of_contents(list(page.body.raw_data))

    def word_count(self, page: ArticlePage) -> int:
        if page.pk not in self._word_counts:
            self._word_counts[page.pk] = reading.word_count(list(page.body.raw_data))
        return self._word_counts[page.pk]

    def reading_time(self, page: ArticlePage) -> int:
        return reading.reading_time(self.word_count(page))

    # --- audit ------------------------------------------------------------

    @cached_property
    def _audits(self) -> dict[int, dict[str, Any]]:
        return latest_score_summaries(self.articles)

    def audit(self, page: ArticlePage) -> dict[str, Any] | None:
        return self._audits.get(page.pk)

    # --- place in the site ------------------------------------------------

    @cached_property
    def _surroundings(self) -> tuple[dict[int, Page], dict[str, Page]]:
        """The visible pages around the articles that the response shows: by
        id, those their bodies link to (`body`), and by path, their ancestors
        (`parent`, and the breadcrumbs of `structured_data`). One query for
        all; the planner checks the few pages against the visibility
        conditions by index."""
        ids: set[int] = set()
        if LINKING_FIELDS & self.fields:
            ids |= self._links[0]
        paths = set()
        if ANCESTOR_FIELDS & self.fields:
            paths = {
                page.path[: STEPLEN * depth]
                for page in self.articles
                # Depth 1 is Wagtail's tree root, which is no page of the site.
                for depth in range(2, page.depth)
            }
        if not ids and not paths:
            return {}, {}
        rows = Page.objects.filter(
            Q(pk__in=ids) | Q(path__in=paths), pk__in=self.visible_pages.values("pk")
        )
        # As their own classes, for public URLs (PublicUrlMixin), with no
        # query per class: links, breadcrumbs and a parent read only base
        # page fields.
        pages = [row.specific_deferred for row in rows]
        return {page.pk: page for page in pages}, {page.path: page for page in pages}

    @property
    def _ancestors(self) -> dict[str, Page]:
        return self._surroundings[1]

    def covers(self, page: Page) -> bool:
        return any(article is page for article in self.articles)

    def parent(self, page: ArticlePage) -> Page | None:
        """The parent as Wagtail's `parent` field shows it: only when readers
        may see it."""
        return self._ancestors.get(page.path[: STEPLEN * (page.depth - 1)])

    def breadcrumbs(self, page: ArticlePage) -> list[tuple[str, str]]:
        """(name, public URL) from the home page down to the article, leaving
        out ancestors readers cannot see: a breadcrumb must lead to a page."""
        trail = [
            ancestor
            for depth in range(2, page.depth)
            if (ancestor := self._ancestors.get(page.path[: STEPLEN * depth]))
            is not None
        ]
        crumbs = [
            (crumb.title, crumb.get_full_url(self.request)) for crumb in [*trail, page]
        ]
        return [(title, url) for title, url in crumbs if url]

    @cached_property
    def _translations(self) -> dict[Any, list[ArticlePage]]:
        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return {}
        keys = {page.translation_key for page in self.articles}
        found: dict[Any, list[ArticlePage]] = {}
        for other in ArticlePage.objects.filter(
            translation_key__in=keys,
            pk__in=self.visible_pages.values("pk"),
        ).select_related("locale"):
            found.setdefault(other.translation_key, []).append(other)
        return found

    def translations(self, page: ArticlePage) -> list[ArticlePage]:
        """Published translations of the page, itself excluded (for hreflang)."""
        return [
            other
            for other in self._translations.get(page.translation_key, [])
            if other.pk != page.pk
        ]

    # --- search and social -------------------------------------------------

    def seo(self, page: ArticlePage) -> dict[str, Any]:
        return seo_meta(
            self.with_relations(page),
            translations=self.translations(page),
            hashtags=self.hashtags(page),
            request=self.request,
        )

    def structured_data(self, page: ArticlePage) -> dict[str, Any]:
        return structured_data(
            self.with_relations(page),
            breadcrumbs=self.breadcrumbs(page),
            hashtags=self.hashtags(page),
            request=self.request,
        )

    # --- related ----------------------------------------------------------

    def related(self, page: ArticlePage) -> list[dict[str, Any]]:
        articles = related_articles(page, self.visible_pages, self.hashtag_ids(page))
        return [
            {
                "id": article.pk,
                "title": article.title,
                "url": article.get_full_url(self.request),
                "intro": article.intro,
            }
            for article in articles
        ]
