"""The site index: built from the database or from ArticleData, and its lookups."""

import random

import numpy as np
import pytest
from datasketch import MinHash
from django.utils.text import slugify
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from articles.blocks import ArticleStreamBlock
from articles.importing.store import default_parent
from articles.models import ArticlePage
from seo.document import ArticleData, Document
from seo.site import (
    NUM_PERM,
    SCHEME,
    SEED,
    SiteIndex,
    build_site_index,
    index_articles,
    phrase_key,
    shingle_hashes,
    shingle_tokens,
    signature,
)
from seo.sources import article_from_page, article_from_revision, load_articles

from .factories import bullets, heading, paragraph

VOCABULARY = (  # noqa: SIM905 (a word list reads best as words)
    "sciatica nerve massage therapy pain relief muscle tension stretch spine disk "
    "hip leg buttock heat ice rest walk posture chair sleep mattress doctor "
    "physiotherapist exercise core strength inflammation swelling numbness "
    "tingling weakness session therapist pressure circulation recovery week month "
    "daily gentle deep tissue trigger point swedish technique routine habit "
    "patient symptom cause treatment option plan goal progress comfort support"
).split()


def prose(words: int, seed: int) -> str:
    """Text of `words` words that shares few shingles with another seed's."""
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCABULARY) for _ in range(words)) + "."


def edited(value: str, every: int) -> str:
    """The text with every n-th word replaced: a light rewrite."""
    words = value.split()
    return " ".join("changed" if n % every == 0 else w for n, w in enumerate(words))


def data(title: str, *body: dict, **fields) -> ArticleData:
    return ArticleData(title=title, body=list(body), **fields)


def page_link(page_id: int | str, anchor: str = "this page") -> str:
    return f'<a linktype="page" id="{page_id}">{anchor}</a>'


# --- signatures --------------------------------------------------------------


def test_shingle_tokens_skip_markup_ids_and_choices():
    body = [
        heading("Heat &amp; Ice"),
        paragraph("Rest—then <b>walk</b>, “gently”."),
        {"type": "image", "value": {"image": 3, "alt_text": "A chair"}},
        {"type": "callout", "value": {"kind": "warning", "title": "", "text": "Stop"}},
    ]
    assert shingle_tokens(body) == [
        b"heat",
        b"ice",
        b"rest",
        b"then",
        b"walk",
        b"gently",
        b"stop",
    ]


EVERY_TEXT_BLOCK = [
    heading("Heat or ice"),
    paragraph("Rest <b>first</b>, then walk."),
    bullets("Rest the back well", "Walk a little every day"),
    {
        "type": "table",
        "value": {
            "caption": "Weekly plan",
            "header": ["Day", "Session"],
            "rows": [["Monday", "Stretch"], ["Friday", ""]],
        },
    },
    {"type": "quote", "value": {"text": "It helped.", "attribution": "A patient"}},
    {
        "type": "callout",
        "value": {"kind": "warning", "title": "Stop", "text": "<p>If pain grows.</p>"},
    },
    {
        "type": "faq",
        "value": {"items": [{"question": "Does it hurt?", "answer": "<p>No.</p>"}]},
    },
    {
        "type": "steps",
        "value": {
            "name": "Stretch",
            "steps": [{"title": "Lie down", "text": "Relax."}],
        },
    },
    {"type": "disclaimer", "value": {"text": "<p>Not medical advice.</p>"}},
]


def test_stored_and_contract_data_give_the_same_signature():
    """Stored StreamField data (block ids, list items wrapped as "item" blocks)
    and contract data read the same words in the same order."""
    stream = ArticleStreamBlock()
    # As the admin saves it: clean() gives every list item a block id.
    stored = stream.get_prep_value(stream.clean(stream.to_python(EVERY_TEXT_BLOCK)))
    assert stored[2]["value"]["items"][0]["type"] == "item"
    assert stored[3]["value"]["rows"][0]["value"][0]["type"] == "item"
    words = b"heat or ice rest first then walk rest the back well walk a little"
    assert b" ".join(shingle_tokens(EVERY_TEXT_BLOCK)).startswith(words)
    assert shingle_tokens(stored) == shingle_tokens(EVERY_TEXT_BLOCK)
    assert np.array_equal(signature(stored), signature(EVERY_TEXT_BLOCK))


def test_text_off_the_contract_is_still_read():
    odd = [
        {"type": "table", "value": {"header": ["Day"], "rows": [[None, "Rest"]]}},
        {"type": "callout", "value": "<p>Plain text where a mapping belongs.</p>"},
        {"type": "quote", "value": {"text": None, "attribution": "Someone"}},
    ]
    assert shingle_tokens(odd) == [
        *(b"day rest plain text where a mapping belongs someone".split()),
    ]


def test_signature_is_datasketchs_minhash_of_the_shingles():
    body = [paragraph(prose(200, 1))]
    reference = MinHash(
        num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=lambda value: value
    )
    reference.update_batch(shingle_hashes(shingle_tokens(body)).tolist())
    assert np.array_equal(signature(body), reference.hashvalues)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", None), ("Two words.", None), ("Three words here.", NUM_PERM)],
)
def test_a_signature_needs_one_shingle(text, expected):
    result = signature([paragraph(text)])
    assert (None if result is None else len(result)) == expected


# --- an index of ArticleData -----------------------------------------------------


@pytest.fixture
def library() -> SiteIndex:
    return SiteIndex.from_articles(
        [
            data(
                "Types of Massage Therapy",
                paragraph(prose(300, 1)),
                page_id=1,
                focus_keyphrase="types of massage therapy",
                search_description="Swedish, deep tissue and trigger point massage.",
            ),
            data(
                "Deep Tissue Massage for Sciatica",
                paragraph(prose(300, 2)),
                paragraph(f"See {page_link(1, 'the types')}."),
                page_id=2,
                focus_keyphrase="Massages for sciatica",
            ),
            data(
                "Trigger Point Therapy",
                paragraph(edited(prose(300, 2), 40)),
                paragraph(f"See {page_link(1)} and {page_link(2)}."),
                page_id=3,
                seo_title="Trigger point therapy | Clinic",
                focus_keyphrase="trigger point therapy",
            ),
            data(
                "Heat or Ice?",
                paragraph(f"A draft linking to {page_link(3)}."),
                page_id=4,
                search_description="swedish, DEEP tissue and trigger point  massage.",
            ),
            data("From a file", paragraph(prose(50, 9)), source="drafts/a.txt"),
        ],
        live={4: False},
    )


def test_lookups_by_page(library):
    assert len(library) == 5
    assert library.page(2).title == "Deep Tissue Massage for Sciatica"
    assert library.page(99) is None
    assert (library.page_live(3), library.page_live(4), library.page_live(99)) == (
        True,
        False,
        None,
    )
    assert library.knows_all_pages is False
    # Live pages' links count; the draft's link to page 3 does not.
    assert [library.inbound_links(n) for n in (1, 2, 3, 4, 99)] == [2, 1, 0, 0, None]


@pytest.mark.parametrize(
    ("title", "exclude", "expected"),
    [
        ("types of massage   THERAPY", None, [1]),
        ("Types of Massage Therapy", data("x", page_id=1), []),
        ("Trigger point therapy | clinic", None, [3]),  # an SEO title
        ("Trigger Point Therapy", data("x", page_id=3), []),
        ("Types of massage", None, []),
        ("From a file", data("x", source="drafts/../drafts/a.txt"), []),
        ("From a file", data("x", source="drafts/b.txt"), [None]),
    ],
)
def test_same_title(library, title, exclude, expected):
    assert [a.page_id for a in library.same_title(title, exclude)] == expected


def test_same_description_ignores_case_and_spacing(library):
    found = library.same_description("Swedish, deep tissue and trigger point massage.")
    assert sorted(a.page_id for a in found) == [1, 4]
    assert library.same_description("") == []


@pytest.mark.parametrize(
    ("keyphrase", "expected"),
    [
        ("sciatica massage", [2]),
        ("massaging for the sciatica", [2]),
        ("massage", []),
        ("Types of massage therapy", [1]),
    ],
)
def test_same_keyphrase_matches_stems_in_any_order(library, keyphrase, expected):
    assert [a.page_id for a in library.same_keyphrase(keyphrase)] == expected


def test_phrase_key():
    assert phrase_key("Massages for Sciatica") == ("massag", "sciatica")
    assert phrase_key("  ") is None


@pytest.mark.parametrize(
    ("text", "exclude", "expected"),
    [
        ("types of massage therapy", None, 1),
        ("massage therapy types", None, 1),
        ("trigger point massage therapy", None, 3),
        ("deep tissue massage therapy", None, 2),
        ("trigger point therapy", data("x", page_id=3), None),
        ("hot stone massage", None, None),
        ("", None, None),
    ],
)
def test_best_match(library, text, exclude, expected):
    found = library.best_match(text, exclude)
    assert (found.page_id if found else None) == expected


def test_phrase_targets_need_every_topic_stem(library):
    stems = Document.stem_set("Trigger points ease therapy; deep tissue works")
    # The title and keyphrase of page 3 are one phrase: the same stems.
    assert [t.text for t in library.phrase_targets(stems)] == ["trigger point therapy"]
    assert [a.page_id for a in library.phrase_targets(stems)[0].articles] == [3]


def test_near_duplicates_estimate_shingle_jaccard(library):
    rewrite = Document(data("Copy", paragraph(edited(prose(300, 2), 40))))
    found = library.near_duplicates(rewrite, 0.7)
    assert [a.page_id for a, _ in found] == [3, 2]
    assert found[0][1] > 0.95  # page 3: the same text and one more sentence
    tokens = shingle_tokens(rewrite.data.body)
    other = shingle_tokens(library_body(2))
    mine = {tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2)}
    theirs = {tuple(other[i : i + 3]) for i in range(len(other) - 2)}
    exact = len(mine & theirs) / len(mine | theirs)
    assert 0.8 < exact < 0.9
    assert abs(found[1][1] - exact) < 0.1
    assert library.near_duplicates(rewrite, 0.95) == found[:1]


def library_body(n: int) -> list[dict]:
    return [paragraph(prose(300, n)), paragraph(f"See {page_link(1, 'the types')}.")]


def test_near_duplicates_leave_out_the_article_itself(library):
    itself = Document(data("Anything", *library_body(2), page_id=2))
    assert [a.page_id for a, _ in library.near_duplicates(itself, 0.7)] == [3]
    assert library.near_duplicates(Document(data("Short", paragraph("Hi."))), 0.5) == []


def test_the_lsh_bands_find_nearly_every_pair_at_the_threshold():
    index = SiteIndex.from_articles([data("A", paragraph(prose(50, 1)))])
    bands, rows = index._lsh.b, index._lsh.r
    assert (bands, rows) == (21, 6)

    def found(similarity: float) -> float:
        return 1 - (1 - similarity**rows) ** bands

    assert found(0.8) > 0.998
    assert found(0.85) > 0.9999
    assert found(0.7) > 0.92
    assert found(0.3) < 0.02  # few false candidates to verify


def test_an_empty_index():
    index = SiteIndex.from_articles([])
    document = Document(data("A", paragraph(prose(50, 1))))
    assert len(index) == 0
    assert index.near_duplicates(document) == []
    assert index.best_match("massage") is None


# --- an index of the database ------------------------------------------------------


def make_page(title: str, *body: dict, publish: bool = True, **fields) -> ArticlePage:
    page = ArticlePage(
        title=title, slug=slugify(title), body=list(body), live=False, **fields
    )
    default_parent().add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


@pytest.mark.django_db
def test_the_index_holds_live_and_draft_articles():
    live = make_page(
        "Massage for Sciatica",
        paragraph(prose(100, 1)),
        seo_title="Massage for sciatica | Clinic",
        search_description="How massage eases sciatica.",
        focus_keyphrase="massage for sciatica",
        keyphrase_synonyms="sciatica massage, massage therapy",
    )
    live.hashtags.set(["SciaticaRelief"])
    live.save_revision().publish()
    draft = make_page("Heat or Ice", paragraph(prose(100, 2)), publish=False)
    draft.title = "Heat or Ice for Sciatica"
    draft.focus_keyphrase = "heat for sciatica"
    draft.hashtags.set(["HeatTherapy"])
    revision = draft.save_revision()

    index = build_site_index()

    assert {a.page_id for a in index.articles} == {live.pk, draft.pk}
    indexed = index.page(live.pk)
    assert (indexed.title, indexed.seo_title, indexed.search_description) == (
        "Massage for Sciatica",
        "Massage for sciatica | Clinic",
        "How massage eases sciatica.",
    )
    assert indexed.synonyms == ("sciatica massage", "massage therapy")
    assert indexed.hashtags == ("SciaticaRelief",)
    assert (indexed.slug, indexed.url_path, indexed.live) == (
        "massage-for-sciatica",
        "/home/articles/massage-for-sciatica/",
        True,
    )
    # A page never published is indexed as its latest revision.
    unpublished = index.page(draft.pk)
    assert (unpublished.title, unpublished.focus_keyphrase, unpublished.live) == (
        "Heat or Ice for Sciatica",
        "heat for sciatica",
        False,
    )
    assert unpublished.hashtags == ("HeatTherapy",)
    assert unpublished.revision_id == revision.pk
    assert index.signatures.shape == (2, NUM_PERM)


@pytest.mark.django_db
def test_aliases_are_pages_but_not_articles():
    original = make_page("Massage for Sciatica", paragraph(prose(100, 1)))
    alias = original.create_alias(update_slug="massage-for-sciatica-copy")
    index = build_site_index()
    assert [a.page_id for a in index.articles] == [original.pk]
    assert index.page_live(alias.pk) is True
    assert index.same_title("Massage for Sciatica", article_from_page(original)) == []


@pytest.mark.django_db
def test_inbound_links_come_from_wagtails_reference_index():
    target = make_page("Target", paragraph("Nothing links out."))
    make_page(
        "One", paragraph(f"Read {page_link(target.pk)} and {page_link(target.pk)}.")
    )
    make_page("Two", paragraph(f"Read {page_link(target.pk)}."))
    make_page("Draft", paragraph(f"Read {page_link(target.pk)}."), publish=False)
    make_page("Self", paragraph("Itself."))
    itself = ArticlePage.objects.get(title="Self")
    itself.body = [paragraph(f"Read {page_link(itself.pk)}.")]
    itself.save_revision().publish()

    # Saving a page fills the ReferenceIndex (Wagtail's post_save signal runs its
    # task at once with the default immediate backend): no manual call needed.
    assert ReferenceIndex.objects.filter(to_object_id=str(target.pk)).count() == 3

    index = build_site_index()
    assert index.inbound_links(target.pk) == 2  # the draft's link is not followed
    assert index.inbound_links(itself.pk) == 0
    assert index.inbound_links(ArticlePage.objects.get(title="One").pk) == 0


@pytest.mark.django_db
def test_pages_that_are_not_articles_and_deleted_pages():
    home = Page.objects.get(slug="home")
    gone = make_page("Gone", paragraph("Soon deleted."))
    gone_id = gone.pk
    gone.delete()
    draft = make_page("Draft", paragraph("Not yet live."), publish=False)

    index = build_site_index()

    assert index.knows_all_pages
    assert index.page(home.pk) is None
    assert index.page_live(home.pk) is True
    assert index.page_live(draft.pk) is False
    assert index.page_live(gone_id) is None


@pytest.mark.django_db
def test_the_build_takes_the_same_few_queries_for_any_number_of_pages(
    django_assert_num_queries,
):
    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            page = make_page(
                f"Article {n}", paragraph(prose(60, n)), publish=n % 2 == 0
            )
            page.hashtags.set([f"Tag{n}"])
            page.save()

    add(2, 0)
    with django_assert_num_queries(7) as few:
        build_site_index()
    add(6, 2)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(build_site_index()) == 8


@pytest.mark.django_db
def test_an_index_built_in_chunks_elsewhere_is_the_same_index():
    """seo_audit --jobs builds chunks in worker processes (`map_chunks`): the
    articles, their order and their signature rows do not depend on it."""
    for n in range(5):
        make_page(f"Article {n}", paragraph(prose(60, n)), publish=n != 2)
    short = make_page("Too short", paragraph("Two words."))
    whole = build_site_index()
    mapped = []

    def map_chunks(inbound, chunks):
        mapped.extend(chunks)
        return [index_articles(chunk, inbound) for chunk in reversed(chunks)][::-1]

    chunked = build_site_index(map_chunks, chunk_size=2)

    assert [len(chunk) for chunk in mapped] == [2, 2, 2]
    assert [(a.page_id, a.row, a.live) for a in chunked.articles] == [
        (a.page_id, a.row, a.live) for a in whole.articles
    ]
    assert whole.articles[-1].title == "Article 2"  # the draft comes last
    assert chunked.page(short.pk).row == -1  # no signature
    assert np.array_equal(chunked.signatures, whole.signatures)


@pytest.mark.django_db
def test_an_audit_of_the_indexed_revision_reuses_its_signature():
    page = make_page("Massage", paragraph(prose(100, 1)))
    index = build_site_index()
    document = Document(article_from_page(page, import_notes=[]), site=index)
    stored = index.signatures[index.page(page.pk).row]
    assert np.shares_memory(index.signature_of(document), stored)

    page.body = [paragraph(prose(100, 1)), paragraph("And one more sentence here.")]
    page.save_revision()  # a draft the index has not seen: computed afresh
    page.refresh_from_db()
    draft = Document(
        article_from_page(page.get_latest_revision_as_object(), import_notes=[]),
        site=index,
    )
    fresh = index.signature_of(draft)
    assert not np.shares_memory(fresh, stored)
    assert 0.9 < np.count_nonzero(fresh == stored) / NUM_PERM < 1


@pytest.mark.django_db
def test_near_duplicates_across_stored_pages():
    original = make_page("Original", paragraph(prose(300, 5)))
    copy = make_page("Copy", paragraph(edited(prose(300, 5), 50)))
    make_page("Different", paragraph(prose(300, 6)))
    index = build_site_index()
    document = Document(article_from_page(copy, import_notes=[]), site=index)
    found = index.near_duplicates(document, 0.8)
    assert [a.page_id for a, _ in found] == [original.pk]


# --- the one loader, shared with the audits ------------------------------------


@pytest.mark.django_db
def test_the_loader_reads_the_latest_revision_or_what_readers_see():
    page = make_page("Massage for Sciatica", paragraph(prose(60, 1)))
    page.hashtags.set(["Live"])
    page.save_revision().publish()
    page.refresh_from_db()
    page.title, page.slug = "Massage for Sciatica, revised", "massage-revised"
    page.hashtags.set(["Draft"])
    revision = page.save_revision()
    never = make_page("Heat or Ice", paragraph(prose(60, 2)), publish=False)

    latest = list(load_articles([never.pk, 424242, page.pk]))
    assert [a.page_id for a in latest] == [never.pk, page.pk]  # as asked, if found
    draft = latest[1]
    assert (draft.title, draft.revision_id, draft.hashtags, draft.live) == (
        "Massage for Sciatica, revised",
        revision.pk,
        ("Draft",),
        True,
    )
    assert draft.url_path == "/home/articles/massage-revised/"
    # The same article as the page's latest revision read one page at a time.
    assert draft == article_from_page(
        ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    )

    published = {
        a.page_id: a
        for a in load_articles(ArticlePage.objects.order_by("pk"), published=True)
    }
    live = ArticlePage.objects.get(pk=page.pk)
    assert (published[page.pk].title, published[page.pk].revision_id) == (
        "Massage for Sciatica",
        live.live_revision_id,
    )
    assert published[page.pk].hashtags == ("Live",)
    assert published[page.pk].url_path == "/home/articles/massage-for-sciatica/"
    # A page never published: its latest revision, whichever is asked for.
    assert published[never.pk] == latest[0]
    assert published[never.pk].live is False


@pytest.mark.django_db
def test_a_page_stored_broken_raises_or_is_reported_and_left_out():
    good = make_page("Good", paragraph(prose(60, 1)), publish=False)
    broken = make_page("Broken", paragraph(prose(60, 2)), publish=False)
    Revision.objects.filter(pk=broken.latest_revision_id).update(
        content={**broken.get_latest_revision().content, "body": 12345}
    )
    with pytest.raises(TypeError):
        list(load_articles([good.pk, broken.pk]))
    failed = []
    loaded = load_articles(
        [good.pk, broken.pk], on_error=lambda pk, error: failed.append(pk)
    )
    assert [a.page_id for a in loaded] == [good.pk]
    assert failed == [broken.pk]
    # The index leaves it out and holds the rest.
    assert [a.page_id for a in build_site_index().articles] == [good.pk]


@pytest.mark.django_db
def test_an_unsaved_page_from_the_editor_form_is_audited_against_the_index(
    admin_user,
):
    """What the editor's SEO panel does: article_from_page() of the page the
    admin form builds, never saved (no id, hashtags held in memory)."""
    original = make_page("Original", paragraph(prose(300, 5)))
    index = build_site_index()
    form_class = ArticlePage.get_edit_handler().get_form_class()
    form = form_class(
        nested_form_data(
            {
                "title": "A copy",
                "slug": "a-copy",
                "hashtags": "SciaticaRelief",
                "body": streamfield(
                    [("paragraph", rich_text(f"<p>{edited(prose(300, 5), 50)}</p>"))]
                ),
                "article_authors": inline_formset([]),
            }
        ),
        instance=ArticlePage(owner=admin_user),
        for_user=admin_user,
        parent_page=default_parent(),
    )
    assert form.is_valid(), form.errors
    page = form.save(commit=False)

    data = article_from_page(page)

    assert (data.page_id, data.revision_id, data.live) == (None, None, False)
    assert (data.title, data.hashtags, data.import_notes) == (
        "A copy",
        ("SciaticaRelief",),
        (),
    )
    assert data.body[0]["id"]  # the form's block ids, where findings point
    found = index.near_duplicates(Document(data, site=index), 0.8)
    assert [a.page_id for a, _ in found] == [original.pk]


@pytest.mark.django_db
def test_one_revision_is_read_as_the_loader_reads_a_draft():
    """An older revision (a scheduled publish audits the one it publishes)."""
    page = make_page("Massage", paragraph(prose(60, 1)), publish=False)
    first = page.get_latest_revision()
    page.title, page.slug = "Massage, again", "massage-again"
    page.save_revision()

    data = article_from_revision(first)

    assert (data.title, data.revision_id, data.url_path) == (
        "Massage",
        first.pk,
        "/home/articles/massage/",
    )
    as_object = page.with_content_json(first.content)
    as_object.latest_revision_id = first.pk
    assert data == article_from_page(as_object)
    assert [a.title for a in load_articles([page.pk])] == ["Massage, again"]
