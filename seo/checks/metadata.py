"""Checks: the page's metadata, what search results and shared links show.

Title width and meta description length use Yoast's thresholds (yoastseo 3.6:
PageTitleWidth, MetaDescriptionLength). The rest (slug, canonical URL, noindex,
social image) are ours; their thresholds are in `defaults`.
"""

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from seo import pixels
from seo.checks.base import Category, Check
from seo.document import ArticleData, Document
from seo.findings import CheckResult, Fix, Level, Status
from seo.fixes import FixError, arg, attach, find_block, fixer
from seo.registry import register
from seo.text import STOP_WORDS, excerpt, sentence_prefix, squeeze, words

_validate_url = URLValidator(schemes=["http", "https"])


class MetadataCheck(Check):
    category = Category.SEO
    tags = frozenset({"metadata"})


@register
class SeoTitleWidth(MetadataCheck):
    id = "seo-title-width"
    title = "SEO title fits in search results (at most 600 px)"
    help_text = (
        "Search results show the SEO title (or the title, when none is set) in "
        "Arial at 20 px and cut it with an ellipsis at about 600 px, so a long "
        "title loses its end. Width, not character count, decides: 'W' is four "
        "times as wide as 'i'. The width is estimated from Arial's character "
        "widths (seo.pixels). Yoast's thresholds (PageTitleWidth): over 400 and "
        "up to 600 px is good; 400 px or less is ok but wastes space; over 600 "
        "px is bad. Fix: shorten the SEO title, keeping the keyphrase first."
    )
    defaults = {"min_width": 400, "max_width": 600}

    def run(self, document: Document) -> CheckResult:
        title = document.seo_title
        width = round(pixels.text_width(title))
        location = self.at_field("seo_title", title)
        if not title:
            return self.one(
                Status.BAD, "No SEO title or title; add one.", location, value=0
            )
        max_width = self.param(document, "max_width")
        min_width = self.param(document, "min_width")
        if width > max_width:
            shown = pixels.truncate(title, max_width)
            return self.one(
                Status.BAD,
                f"The SEO title is about {width} px wide; search results cut it "
                f"at {max_width} px, showing “{shown}”. Shorten it.",
                location,
                value=width,
                threshold=max_width,
            )
        if width <= min_width:
            return self.one(
                Status.OK,
                f"The SEO title is about {width} px wide; up to {max_width} px "
                "fit, so there is room to make it more descriptive.",
                location,
                value=width,
                threshold=min_width,
            )
        return self.good(f"The SEO title is about {width} px wide.", value=width)


@register
class MetaDescriptionLength(MetadataCheck):
    id = "meta-description-length"
    title = "Meta description set, 120-156 characters"
    help_text = (
        "Search results show the meta description under the title; without one "
        "they show whatever text they pick. Yoast's thresholds "
        "(MetaDescriptionLength): 120-156 characters is good; shorter wastes the "
        "space, longer is cut off; none at all is bad. Fix: write one or two "
        "sentences that say what the reader will learn, with the keyphrase."
    )
    defaults = {"min_length": 120, "max_length": 156}

    def run(self, document: Document) -> CheckResult:
        description = document.data.search_description.strip()
        length = len(description)
        location = self.at_field("search_description", excerpt(description) or None)
        low = self.param(document, "min_length")
        high = self.param(document, "max_length")
        if not length:
            return self._with_fix(
                self.one(
                    Status.BAD,
                    "No meta description; write one of 120-156 characters.",
                    location,
                    value=0,
                ),
                document,
                low,
                high,
            )
        if length < low:
            return self.one(
                Status.OK,
                f"The meta description has {length} characters; use {low}-{high} "
                "to fill the space search results give it.",
                location,
                value=length,
                threshold=low,
            )
        if length > high:
            return self._with_fix(
                self.one(
                    Status.OK,
                    f"The meta description has {length} characters; search results "
                    f"cut it after {high}. Shorten it.",
                    location,
                    value=length,
                    threshold=high,
                ),
                document,
                low,
                high,
            )
        return self.good(f"The meta description has {length} characters.", value=length)

    def _with_fix(
        self, result: CheckResult, document: Document, low: int, high: int
    ) -> CheckResult:
        """A missing or too long description gets a fix when the intro (or
        else the first paragraph) opens with whole sentences that fit."""
        proposal = _description_from(document, low, high)
        if proposal is None:
            return result
        text, source = proposal
        where = (
            "the intro" if source.get("source") == "intro" else "the first paragraph"
        )
        fix = Fix(
            self.id,
            f"Use the opening of {where} ({len(text)} characters)",
            {
                "current": document.data.search_description.strip(),
                "text": text,
                **source,
            },
        )
        findings = tuple(attach(finding, fix) for finding in result.findings)
        return replace(result, findings=findings)


def _description_from(
    document: Document, low: int, high: int
) -> tuple[str, dict[str, Any]] | None:
    intro = squeeze(document.data.intro)
    if intro and (text := sentence_prefix(intro, low, high)):
        return text, {"source": "intro"}
    if document.paragraphs:
        block = document.paragraphs[0]
        if text := sentence_prefix(block.text, low, high):
            source = {"source": "paragraph", "block_id": block.id, "block": block.index}
            return text, source
    return None


@fixer("meta-description-length")
def fix_meta_description(article: ArticleData, args: Mapping[str, Any]) -> ArticleData:
    """The meta description written from the opening sentences of the intro
    or the first paragraph (the text is in the args, checked against them)."""
    from articles.blocks import rich_text_plain

    current, text = arg(args, "current"), squeeze(arg(args, "text"))
    if article.search_description.strip() != current.strip():
        raise FixError(
            "The search_description field has changed since the audit.",
            ("args", "current"),
        )
    if not text:
        raise FixError("The proposed description is empty.", ("args", "text"))
    source = arg(args, "source")
    if source == "intro":
        origin, name = article.intro, "The intro"
    elif source == "paragraph":
        index = find_block(article, args, "paragraph")
        origin = rich_text_plain(article.body[index]["value"])
        name = f"Block {args.get('block_id') or index!r}"
    else:
        raise FixError(
            f"fix.args.source must be intro or paragraph, not {source!r}.",
            ("args", "source"),
        )
    if not squeeze(origin).startswith(text):
        raise FixError(
            f"{name} no longer begins with the proposed description.", ("args", "text")
        )
    return replace(article, search_description=text)


@register
class SlugLength(MetadataCheck):
    id = "slug-length"
    title = "Slug short and readable"
    help_text = (
        "The slug is the readable part of the URL, shown in results and shared "
        "links; short slugs are easier to read, share and remember. Good is at "
        "most 6 words and 60 characters; up to 10 words and 100 characters is "
        "ok; longer is bad. Fix: keep the keyphrase's words and drop the rest "
        "(once a page is published, a changed slug needs a redirect from the "
        "old address)."
    )
    defaults = {"good_words": 6, "good_chars": 60, "max_words": 10, "max_chars": 100}

    def run(self, document: Document) -> CheckResult:
        slug = document.data.slug.strip()
        location = self.at_field("slug", slug or None)
        if not slug:
            return self.one(Status.BAD, "No slug set; add a short one.", location)
        count, length = len(words(slug)), len(slug)
        size = f"{count} words, {length} characters"
        if count <= self.param(document, "good_words") and length <= self.param(
            document, "good_chars"
        ):
            return self.good(f"The slug is short ({size}).", value=count)
        over = count > self.param(document, "max_words") or length > self.param(
            document, "max_chars"
        )
        limit = (
            f"{self.param(document, 'good_words')} words and "
            f"{self.param(document, 'good_chars')} characters"
        )
        return self.one(
            Status.BAD if over else Status.OK,
            f"The slug is {'far ' if over else ''}too long ({size}); keep it to "
            f"{limit}.",
            location,
            value=count,
            threshold=self.param(document, "good_words"),
        )


@register
class SlugStopWords(MetadataCheck):
    id = "slug-stop-words"
    title = "No stop words in the slug"
    help_text = (
        "Words such as 'the', 'of' and 'for' lengthen a slug without telling "
        "readers or search engines anything (Yoast's former UrlStopWords check "
        "rated them ok, not good). Stop words that are part of the focus "
        "keyphrase are allowed. Fix: remove them, e.g. 'the-power-of-massage' "
        "becomes 'power-massage'."
    )

    def run(self, document: Document) -> CheckResult:
        slug = document.data.slug.strip()
        if not slug:
            return self.not_applicable("No slug set")
        allowed = set(document.keyphrase.tokens) if document.keyphrase else set()
        tokens = words(slug)
        found = list(
            dict.fromkeys(t for t in tokens if t in STOP_WORDS and t not in allowed)
        )
        if not found:
            return self.good("The slug has no stop words.")
        kept = "-".join(t for t in tokens if t not in found)
        listed = ", ".join(f"“{word}”" for word in found)
        return self.one(
            Status.OK,
            f"The slug has stop words ({listed}); consider “{kept}”.",
            self.at_field("slug", slug),
            value=found,
        )


@register
class CanonicalUrl(MetadataCheck):
    id = "canonical-url"
    title = "Canonical URL valid"
    help_text = (
        "A canonical URL tells search engines which address holds the original "
        "of this article; an invalid one is ignored or, worse, points rankings "
        "at a broken address. It must be an absolute http(s) URL (Django's "
        "URLValidator). Empty is fine: the page is then its own canonical. Fix: "
        "paste the full address, including https://, or clear the field."
    )
    level = Level.ERROR

    def run(self, document: Document) -> CheckResult:
        url = document.data.canonical_url.strip()
        if not url:
            return self.good("No canonical URL set; the page is its own canonical.")
        try:
            _validate_url(url)
        except ValidationError:
            return self.one(
                Status.BAD,
                f"The canonical URL “{url}” is not an absolute http(s) URL; use "
                "the full address, including https://, or clear it.",
                self.at_field("canonical_url", url),
            )
        return self.good("The canonical URL is valid.")


@register
class Noindex(MetadataCheck):
    id = "noindex"
    title = "Indexable by search engines"
    help_text = (
        "A page marked noindex is left out of search results entirely, so none "
        "of its SEO work counts. That is right for drafts, thank-you pages and "
        "duplicates, rarely for an article. Fix: untick noindex if the article "
        "should be found in search."
    )

    def run(self, document: Document) -> CheckResult:
        if document.data.noindex:
            return self.one(
                Status.BAD,
                "The article is set to noindex: search engines will not list it. "
                "Untick noindex if it should be found.",
                self.at_field("noindex"),
            )
        return self.good("Search engines may index the article.")


@register
class SocialImage(MetadataCheck):
    id = "social-image"
    title = "Social image at least 1200x630, with alt text"
    help_text = (
        "Shared links show the social image (og:image) as their card; without "
        "one they show none or a random picture. Facebook, LinkedIn and X "
        "recommend at least 1200x630 px (1.91:1) for the large card; smaller "
        "images show as a small thumbnail or blurred. Alt text describes it to "
        "screen-reader users. Missing is bad; too small or without alt text is "
        "ok. Fix: choose an image of at least 1200x630 and give it alt text."
    )
    defaults = {"min_width": 1200, "min_height": 630}

    def run(self, document: Document) -> CheckResult:
        image = document.data.social_image
        location = self.at_field("social_image")
        if image is None:
            return self.one(
                Status.BAD,
                "No social image; shared links will show no picture. Choose one of "
                "at least 1200x630 px.",
                location,
            )
        min_width = self.param(document, "min_width")
        min_height = self.param(document, "min_height")
        findings = []
        if (image.width is not None and image.width < min_width) or (
            image.height is not None and image.height < min_height
        ):
            size = f"{image.width or '?'}x{image.height or '?'}"
            findings.append(
                self.finding(
                    f"The social image is {size} px; use at least "
                    f"{min_width}x{min_height}.",
                    location=location,
                    value=size,
                    threshold=f"{min_width}x{min_height}",
                )
            )
        if not image.alt.strip():
            findings.append(
                self.finding(
                    "The social image has no alt text; describe what it shows.",
                    location=location,
                )
            )
        if not findings:
            return self.good("The social image is large enough and has alt text.")
        message = " ".join(finding.message for finding in findings)
        return self.result(Status.OK, message, findings)
