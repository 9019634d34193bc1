"""The reference frontend: articles rendered through their real URLs.

The head must carry the same SEO data as the API (seo_meta and
structured_data), the body must be semantic HTML with one h1 and every block
anchored by its id, so the API's table of contents links land on the page.
"""

import json
from datetime import date
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles.models import ArticleIndexPage, ArticlePage, MedicalReviewer
from articles.seo_meta import seo_meta, with_seo_data
from articles.structured_data import page_breadcrumbs, structured_data

pytestmark = pytest.mark.django_db

PUBLIC = "https://www.example.org"


class Outline(HTMLParser):
    """What a crawler reads: head meta, links, JSON-LD, headings and ids."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, dict[str, str]]] = []
        self.headings: list[tuple[str, str]] = []
        self.json_ld: list[str] = []
        self.title = ""
        self._open: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append(tag)
        self.attributes.append((tag, attributes))
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6", "title"} or (
            tag == "script" and attributes.get("type") == "application/ld+json"
        ):
            self._open, self._text = tag, ""

    def handle_data(self, data):
        if self._open:
            self._text += data

    def handle_endtag(self, tag):
        if tag != self._open:
            return
        if tag == "title":
            self.title = self._text
        elif tag == "script":
            self.json_ld.append(self._text)
        else:
            self.headings.append((tag, " ".join(self._text.split())))
        self._open = None

    def meta(self, key: str, value: str) -> list[str]:
        return [
            attributes["content"]
            for tag, attributes in self.attributes
            if tag == "meta" and attributes.get(key) == value
        ]

    def links(self, rel: str) -> list[dict[str, str]]:
        return [
            a for tag, a in self.attributes if tag == "link" and a.get("rel") == rel
        ]

    def ids(self) -> set[str]:
        return {a["id"] for _tag, a in self.attributes if "id" in a}


def outline(response) -> Outline:
    assert response.status_code == 200
    parser = Outline()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture(autouse=True)
def public_site():
    with override_settings(PUBLIC_SITE_URL=PUBLIC):
        yield


@pytest.fixture
def seed_pages(seeds_dir):
    call_command("import_articles", str(seeds_dir), "--publish", verbosity=0)
    return list(with_seo_data(ArticlePage.objects.live()).order_by("pk"))


def test_seed_articles_render_their_seo_head(client, seed_pages):
    assert len(seed_pages) == 5
    for page in seed_pages:
        html = outline(client.get(page.url))
        meta = seo_meta(page)
        assert html.title == meta["title"]
        assert html.meta("name", "description") == [meta["description"]]
        assert html.meta("name", "robots") == ["index, follow"]
        assert [link["href"] for link in html.links("canonical")] == [page.full_url]
        assert page.full_url.startswith(f"{PUBLIC}/articles/")
        assert html.meta("property", "og:type") == ["article"]
        assert html.meta("property", "og:url") == [page.full_url]
        assert html.meta("property", "og:title") == [meta["title"]]
        assert html.meta("property", "og:site_name") == ["Sciatica Massage Library"]
        assert html.meta("name", "twitter:card") == ["summary"]
        (document,) = html.json_ld
        expected = structured_data(page, breadcrumbs=page_breadcrumbs(page))
        assert json.loads(document) == expected


def test_seed_articles_are_semantic_html(client, seed_pages):
    for page in seed_pages:
        html = outline(client.get(page.url))
        assert html.tags[0] == "html"
        assert html.attributes[0][1]["lang"] == "en"
        for landmark in ("header", "nav", "main", "article", "footer"):
            assert landmark in html.tags, (page.title, landmark)
        assert [text for tag, text in html.headings if tag == "h1"] == [page.title]
        levels = [int(tag[1]) for tag, _text in html.headings]
        assert all(b - a <= 1 for a, b in pairwise(levels)), page.title
        # The skip link is the first link and lands on <main>.
        first_link = next(a for tag, a in html.attributes if tag == "a")
        assert first_link["href"] == "#main"
        assert ("main", {"id": "main", "class": "wrap", "tabindex": "-1"}) in (
            html.attributes
        )
        # Every block is anchored by its stable id; headings carry theirs.
        block_ids = {block.id for block in page.body}
        assert block_ids <= html.ids()
        headings = [b for b in page.body if b.block_type == "heading"]
        anchored = [
            (tag, a["id"])
            for tag, a in html.attributes
            if tag in {"h2", "h3", "h4"} and a.get("id") in block_ids
        ]
        assert anchored == [(f"h{b.value['level']}", b.id) for b in headings]


def test_tables_are_accessible(client, seed_pages):
    page = next(p for p in seed_pages if any(b.block_type == "table" for b in p.body))
    html = outline(client.get(page.url))
    column_headers = [a for tag, a in html.attributes if tag == "th"]
    assert column_headers
    assert {a.get("scope") for a in column_headers} == {"col", "row"}
    tables = [b for b in page.body if b.block_type == "table"]
    regions = {a["id"]: a for tag, a in html.attributes if tag == "div" and "id" in a}
    for table in tables:
        region = regions[table.id]
        assert region["role"] == "region"
        assert region["tabindex"] == "0"
        assert region.get("aria-label") or region.get("aria-labelledby")


def test_an_article_with_every_kind_of_block(client):
    reviewer = MedicalReviewer.objects.create(name="Dr Ana Ruiz", credentials="MD")
    page = ArticlePage(
        title="Massage Therapy for Sciatica",
        slug="massage-therapy-for-sciatica",
        search_description="What massage can do for sciatica </script> & when.",
        noindex=True,
        reviewer=reviewer,
        last_reviewed=date(2025, 3, 1),
        body=[
            ("paragraph", "<p>Massage eases the muscles around the nerve.</p>"),
            ("heading", {"text": "What to expect", "level": 2}),
            ("quote", {"text": "It gave me my evenings back.", "attribution": "A"}),
            (
                "callout",
                {"kind": "warning", "title": "See a doctor", "text": "<p>Now.</p>"},
            ),
            (
                "faq",
                {"items": [{"question": "Does it hurt?", "answer": "<p>No.</p>"}]},
            ),
            (
                "steps",
                {
                    "name": "Piriformis stretch",
                    "steps": [{"title": "", "text": "Sit."}],
                },
            ),
            (
                "references",
                {
                    "items": [
                        {
                            "title": "Sciatica",
                            "url": "https://www.nhs.uk/conditions/sciatica/",
                            "publisher": "NHS",
                            "date": date(2023, 1, 1),
                        }
                    ]
                },
            ),
            ("disclaimer", {"text": "<p>General information only.</p>"}),
        ],
    )
    ArticleIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    response = client.get(page.url)
    html = outline(response)
    assert html.meta("name", "robots") == ["noindex, follow"]
    assert html.meta("name", "description") == [
        "What massage can do for sciatica </script> & when."
    ]
    # The JSON-LD survives a "</script>" in the data, parsed as a browser would.
    (document,) = html.json_ld
    assert "</script>" not in document
    page = with_seo_data(ArticlePage.objects.filter(pk=page.pk)).get()
    assert json.loads(document) == structured_data(
        page, breadcrumbs=page_breadcrumbs(page)
    )
    types = [node["@type"] for node in json.loads(document)["@graph"]]
    assert {"FAQPage", "HowTo", "MedicalWebPage"} <= set(types)
    assert {block.id for block in page.body} <= html.ids()
    assert [text for tag, text in html.headings if tag == "h1"] == [page.title]
    content = response.content.decode()
    assert "Medically reviewed by Dr Ana Ruiz, MD" in content
    assert "<summary>Does it hurt?</summary>" in content
    assert "<figcaption>A</figcaption>" in content


def test_article_index_and_home_render(client, seed_pages):
    index = ArticleIndexPage.objects.get()
    html = outline(client.get(index.url))
    assert [text for tag, text in html.headings if tag == "h1"] == [index.title]
    assert [link["href"] for link in html.links("canonical")] == [index.full_url]
    home = outline(client.get("/"))
    assert len([tag for tag, _ in home.headings if tag == "h1"]) == 1


def test_preview_of_an_unpublished_draft():
    """Wagtail's preview renders a draft that was never published: no dates."""
    page = ArticlePage(
        title="A Draft About Sciatica",
        slug="a-draft-about-sciatica",
        live=False,
        body=[("heading", {"text": "First steps", "level": 2})],
    )
    ArticleIndexPage.objects.get().add_child(instance=page)
    page.title = "A Draft About Sciatica, Edited"
    response = page.make_preview_request()
    html = outline(response)
    assert [text for tag, text in html.headings if tag == "h1"] == [page.title]
    (document,) = html.json_ld
    (article,) = [n for n in json.loads(document)["@graph"] if n["@type"] == "Article"]
    assert "datePublished" not in article
    assert [link["href"] for link in html.links("canonical")] == [page.full_url]


def add_article(title: str, body, *, publish: bool = True) -> ArticlePage:
    page = ArticlePage(
        title=title, slug=title.lower().replace(" ", "-"), body=body, live=publish
    )
    ArticleIndexPage.objects.get().add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


def test_links_to_pages_readers_cannot_see_keep_their_text_only(client):
    draft = add_article("Secret Draft Plan", [], publish=False)
    public = add_article("Open Article", [])
    body = [
        (
            "paragraph",
            f'<p>See <a linktype="page" id="{draft.pk}">the plan</a> and '
            f'<a linktype="page" id="{public.pk}">the open one</a>.</p>',
        )
    ]
    content = client.get(add_article("Linking Article", body).url).content.decode()
    assert "secret-draft-plan" not in content
    assert "<a>the plan</a>" in content
    assert f'<a href="{public.url}">the open one</a>' in content


def test_breadcrumbs_leave_out_ancestors_readers_cannot_see(client):
    page = add_article("Orphaned Article", [])
    index = ArticleIndexPage.objects.get()
    assert [name for name, _ in page_breadcrumbs(page)] == [
        "Sciatica Massage Library",
        index.title,
        page.title,
    ]
    index.unpublish()
    assert [name for name, _ in page_breadcrumbs(page)] == [
        "Sciatica Massage Library",
        page.title,
    ]
