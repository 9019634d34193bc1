"""The query shapes an anonymous request can choose stay bounded on 10,000 articles.

A guard, not a benchmark (figures belong in bench/): each of the worst shapes
of ?hashtag=, ?search=, ?offset=, ?order=, ?child_of= and ?descendant_of=, and
a detail with its related articles, must answer 200 on PostgreSQL under the
statement timeout production gives every web request (cms/db.py), where a
query that outlasts it is cancelled and the request answers 503. Before the
hashtag filter became one subquery, 25 tags took the planner tens of seconds,
and 50 outlasted gunicorn's timeout.

The articles are inserted in bulk, with the page tree's paths computed as
treebeard computes them (saving 10,000 pages one by one takes an hour), and
their search index rows in one statement.
"""

import random

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from articles.api.filters import MAX_HASHTAGS
from articles.api.parameters import MAX_SEARCH_WORDS
from articles.models import ArticleHashtag, ArticleIndexPage, ArticlePage, Hashtag
from cms.db import DEFAULT_WEB_STATEMENT_TIMEOUT_MS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the query plans that matter are PostgreSQL's (CI runs it there)",
    ),
]

ARTICLES = 10_000
WORDS = [
    "massage",
    "sciatica",
    "nerve",
    "pain",
    "stretch",
    "posture",
    "spine",
    "muscle",
    "heat",
    "ice",
]


def tree_step(number: int) -> str:
    """One step of a treebeard path, as Page numbers its children."""
    digits = ""
    while number:
        number, digit = divmod(number, len(Page.alphabet))
        digits = Page.alphabet[digit] + digits
    return digits.rjust(Page.steplen, Page.alphabet[0])


def insert_article_rows(pages: list[Page], rng: random.Random) -> None:
    """ArticlePage's own rows for `pages`, each value prepared by its field as
    save() prepares it (bulk_create refuses multi-table children)."""
    fields = ArticlePage._meta.local_concrete_fields
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(ArticlePage._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = []
    for page in pages:
        article = ArticlePage(
            page_ptr_id=page.pk,
            intro=" ".join(rng.choices(WORDS, k=12)),
            body=[
                {
                    "type": "paragraph",
                    "value": f"<p>{' '.join(rng.choices(WORDS, k=40))}</p>",
                }
            ],
        )
        rows.append(
            [f.get_db_prep_save(f.pre_save(article, True), connection) for f in fields]
        )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def index_for_search(content_type: ContentType) -> None:
    """The search index's rows, in one INSERT ... SELECT.

    Wagtail's `add_bulk` builds each row in Python and took 41 s per 1,000
    articles on a loaded machine (29 min for the fixture); the database
    computes the same vectors in seconds. Title and intro hold the words
    searched for. With no SEARCH_CONFIG Wagtail's vectors use the database's
    default configuration, as `to_tsvector(text)` does; autocomplete uses
    'simple', as Wagtail's does.
    """
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(IndexEntry._meta.db_table)} (content_type_id,"
            " object_id, title, autocomplete, body, title_norm, title_text,"
            " body_text)"
            " SELECT %s, page.id::text, setweight(to_tsvector(page.title), 'A'),"
            " to_tsvector('simple', page.title), to_tsvector(article.intro), 1.0,"
            " page.title, article.intro"
            f" FROM {quote(Page._meta.db_table)} page"
            f" JOIN {quote(ArticlePage._meta.db_table)} article"
            " ON article.page_ptr_id = page.id",
            [content_type.pk],
        )


@pytest.fixture
def library():
    rng = random.Random(11)
    index = ArticleIndexPage.objects.get()
    content_type = ContentType.objects.get_for_model(ArticlePage)
    now = timezone.now()
    pages = Page.objects.bulk_create(
        Page(
            path=index.path + tree_step(number),
            depth=index.depth + 1,
            numchild=0,
            title=f"Article {number} on {rng.choice(WORDS)}",
            draft_title=f"Article {number}",
            slug=f"article-{number}",
            url_path=f"{index.url_path}article-{number}/",
            content_type=content_type,
            locale_id=index.locale_id,
            live=True,
            first_published_at=now - timezone.timedelta(minutes=rng.randint(0, 10**6)),
        )
        for number in range(1, ARTICLES + 1)
    )
    Page.objects.filter(pk=index.pk).update(numchild=ARTICLES)
    insert_article_rows(pages, rng)
    tags = Hashtag.objects.bulk_create(
        Hashtag(name=f"Tag{number}", slug=f"tag{number}") for number in range(16)
    )
    ArticleHashtag.objects.bulk_create(
        ArticleHashtag(tag=tag, content_object_id=page.pk)
        for page in pages
        for tag in rng.sample(tags, rng.randint(0, 6))
    )
    index_for_search(content_type)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return index, pages


def test_the_worst_shapes_answer_within_the_statement_timeout(client, library):
    index, pages = library
    with connection.cursor() as cursor:
        # As cms/db.py sets it for the web process, for this test's transaction.
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, true)",
            [f"{DEFAULT_WEB_STATEMENT_TIMEOUT_MS}ms"],
        )
    ten_tags = ",".join(f"Tag{number}" for number in range(MAX_HASHTAGS))
    # The longest search allowed, every word a match.
    long_search = " ".join((WORDS * 2)[:MAX_SEARCH_WORDS])
    shapes = {
        "10 hashtags": {"hashtag": ten_tags},
        "10 hashtags, one type": {"type": "articles.ArticlePage", "hashtag": ten_tags},
        "10 hashtags and a search": {"hashtag": ten_tags, "search": "massage"},
        "a long search, or": {"search": long_search, "search_operator": "or"},
        "a long search, and": {"search": long_search, "search_operator": "and"},
        "a long search, deep": {"search": long_search, "offset": ARTICLES - 20},
        "deepest offset": {"type": "articles.ArticlePage", "offset": ARTICLES - 20},
        "deep offset, by title": {
            "type": "articles.ArticlePage",
            "order": "-title",
            "offset": ARTICLES // 2,
        },
        "deep offset, all fields": {
            "type": "articles.ArticlePage",
            "fields": "*",
            "limit": 100,
            "offset": ARTICLES - 100,
        },
        "random order": {"order": "random", "limit": 100},
        "child_of, deep": {"child_of": index.pk, "offset": ARTICLES - 20},
        "descendant_of, by slug": {
            "descendant_of": index.pk,
            "order": "slug",
            "offset": ARTICLES - 20,
        },
        "ancestor_of": {"ancestor_of": pages[-1].pk},
    }
    for name, params in shapes.items():
        response = client.get("/api/v2/pages/", params)
        assert response.status_code == 200, (name, response.content[:300])
        if name == "a long search, or":
            # The search index is really filled: every intro has a word of it.
            assert response.json()["meta"]["total_count"] == ARTICLES
    # A detail: its related articles are ranked among thousands sharing a tag.
    for page in (pages[0], pages[ARTICLES // 2], pages[-1]):
        response = client.get(f"/api/v2/pages/{page.pk}/")
        assert response.status_code == 200, (page.pk, response.content[:300])
        assert len(response.json()["related"]) == 5

    # And the guard can fail: a statement that outlasts the timeout is
    # cancelled, and the reader gets a JSON 503. In a savepoint rolled back
    # after, which undoes the 1 ms timeout too.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', '1ms', true)")
        response = client.get("/api/v2/pages/", {"search": long_search})
        transaction.set_rollback(True)
    assert response.status_code == 503
    assert response.json()["message"]
