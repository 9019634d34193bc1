"""Bulk audit: 10,000 generated articles in PostgreSQL through seo_audit --jobs 2.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/bulk.py [--articles N] [--jobs N] [--keep]
                                       [--generate-only] [--search-index]
                                       [--audit-only] [--no-save] [--pages N]
                                       [--audit-only --by-check N]

DATABASE_URL names the PostgreSQL server (its database is only used to connect):
the script creates a fresh database cms_bench_<pid> there, migrates it, generates
the articles, checks that they are valid Wagtail pages, then runs

    manage.py seo_audit --all --jobs 2 --save --format json --output /dev/null

as a subprocess, timing its wall clock and sampling the memory of its whole
process tree, and drops the database at the end unless --keep is given.

The articles are recombined from the seeds' own blocks (sections under their
headings, paragraphs, lists and tables), with varied titles, keyphrases,
hashtags, meta descriptions (some missing), cornerstone flags, reviewers,
disclaimers and references, and internal page links between the generated
articles (rich text <a linktype="page" id="N">), so every check has work to do.

Creating pages one add_child(), save_revision() and publish() at a time takes
about 370 ms a page here (an hour for 10,000), so they are written in bulk, the
way Wagtail itself would write them: page and revision ids are reserved from
their sequences, treebeard paths follow the parent's last child, every block is
bound and given an id as an admin save does, and each batch inserts the Page and
ArticlePage rows (every value prepared by its field as save() prepares it), a
Revision holding the page's serializable_data() as save_revision() does, live
and latest revision pointing at it as publish() leaves them, the hashtag rows,
create and publish log entries, and the ReferenceIndex rows Wagtail's own
extractor finds in the page. A writer thread inserts one batch while the next
is built. The validation step then checks the result against Wagtail:
treebeard's find_problems() (as SQL), every page's url_path, depth, live state
and revision, full_clean() and block validation of sampled pages, their
revision round trip, ReferenceIndex.create_or_update_for_object() changing
nothing, the revision fields of a page made by the importer, and API v2.

Targets: the bulk audit under 60 s wall time and under 500 MB peak memory,
judged on the process tree's summed PSS (shared pages counted once), at 10,000
articles. `--articles 100000` shows how it scales: the wall time per article
should stay the same (the audit streams chunks through a bounded window), and
peak PSS grows only by the site index, which holds every article (about 8 kB
an article); the per-process figures at the PSS peak show where it sits.
`--pages N --no-save` audits the same N articles whatever the library's size,
without storing them: the audit's own cost per article at each size.
`--audit-only --by-check N` shows which checks that cost grows in.
"""

import argparse
import contextlib
import html
import os
import queue
import random
import re
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 60.0
TARGET_MB = 500.0
BATCH = 500

# --- what the articles are about ------------------------------------------

KEYPHRASES = (
    "massage for sciatica",
    "massage therapy for sciatica",
    "sciatica pain relief",
    "deep tissue massage",
    "trigger point therapy",
    "piriformis syndrome",
    "sciatica stretches",
    "sciatic nerve pain",
    "swedish massage",
    "myofascial release",
    "lower back pain",
    "self massage for sciatica",
    "foam rolling for sciatica",
    "hot stone massage",
    "sports massage",
    "prenatal massage",
    "herniated disc",
    "sciatica exercises",
    "acupressure for sciatica",
    "massage frequency",
)
TITLES = (
    "{K}: What You Need to Know",
    "How {k} Can Help{q}",
    "A Beginner's Guide to {k}{q}",
    "{K} Explained{q}",
    "Does {k} Really Work?",
    "{n} Things to Know About {k}",
    "Healing Hands: {K}{q}",
    "The Benefits of {k}{q}",
    "{K}: Myths and Facts",
    "What to Expect From {k}{q}",
    "When to Try {k}{q}",
    "{K} at Home: A Practical Guide",
)
QUALIFIERS = (
    "",
    " for Runners",
    " for Office Workers",
    " After Pregnancy",
    " for Older Adults",
    " in Your 30s",
    " for Beginners",
    " for Athletes",
    " During Flare-Ups",
    " for Chronic Pain",
    " After Surgery",
    " for Drivers",
    " for Gardeners",
    " for New Parents",
    " in Winter",
)
HEADING_TEMPLATES = (
    "How {k} works",
    "Why {k} matters",
    "{K}: what the evidence says",
    "Getting started with {k}",
    "Is {k} right for you",
)
INTRO_SENTENCES = (
    "If you are weighing up {k}, this guide sets out what helps and what to avoid. ",
    "Many readers ask us about {k}, so here is a plain answer. ",
    "{K} is one of the most asked-about topics in our clinic. ",
)
UNLINKED_SENTENCES = (
    " Check out our article on {k} for more detail.",
    " You can read more in our guide to {k}.",
    " See our post about {k} to learn more.",
)
LINK_SENTENCES = (
    ' Read more in <a linktype="page" id="{id}">{a}</a>.',
    ' Our guide to <a linktype="page" id="{id}">{a}</a> goes further.',
    ' See also <a linktype="page" id="{id}">{a}</a>.',
)
EXTERNAL_LINKS = (
    ("https://www.nhs.uk/conditions/sciatica/", "the NHS guide to sciatica"),
    (
        "https://www.ninds.nih.gov/health-information/disorders/sciatica",
        "the NIH overview of sciatica",
    ),
    (
        "https://www.mayoclinic.org/diseases-conditions/sciatica/symptoms-causes/syc-20377435",
        "Mayo Clinic's page on sciatica",
    ),
)
REFERENCES = (
    {
        "title": "Sciatica",
        "url": "https://www.nhs.uk/conditions/sciatica/",
        "publisher": "NHS",
        "date": "2023-01-10",
    },
    {
        "title": "Massage for low-back pain",
        "url": "https://www.cochranelibrary.com/cdsr/doi/10.1002/14651858.CD001929.pub3/full",
        "publisher": "Cochrane",
        "date": "2015-09-01",
    },
    {
        "title": "Sciatica: symptoms and causes",
        "url": "https://www.mayoclinic.org/diseases-conditions/sciatica/symptoms-causes/syc-20377435",
        "publisher": "Mayo Clinic",
        "date": "",
    },
)
DISCLAIMER = (
    "<p>This article is general information, not medical advice. See a doctor "
    "for sudden leg weakness or loss of bladder control.</p>"
)
# As writers type them: some CamelCase, some run together, some clashing in case
# (taggit stores those as one hashtag, as TAGGIT_CASE_INSENSITIVE asks).
HASHTAGS = (
    "Sciatica",
    "sciatica",
    "MassageTherapy",
    "massagetherapy",
    "massagetherapyforsciatica",
    "SciaticaRelief",
    "BackPain",
    "PainRelief",
    "DeepTissueMassage",
    "TriggerPoint",
    "Wellness",
    "SelfCare",
    "Stretching",
    "LowerBackPain",
    "nervepain",
    "Piriformis",
    "HealthyLiving",
    "Physio",
)
REVIEWERS = (
    ("Dr Ana Ruiz", "MD"),
    ("Sam Patel", "physiotherapist"),
    ("Jo Okafor", "licensed massage therapist"),
)


@dataclass
class Pools:
    """The seeds cut into reusable parts."""

    intros: list[dict] = field(default_factory=list)
    paragraphs: list[dict] = field(default_factory=list)
    sections: list[list[dict]] = field(default_factory=list)
    lists: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)


@dataclass
class Plan:
    """What is decided for every article before any body is built, so links
    can point at articles of later batches."""

    index: int
    page_id: int
    revision_id: int
    keyphrase: str
    title: str
    slug: str
    cornerstone: bool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--seeds",
        default=os.environ.get("SEEDS_DIR", str(ROOT.parent / "shared" / "seeds")),
    )
    parser.add_argument("--random-seed", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--name", help="the database to create (default cms_bench_<pid>)"
    )
    parser.add_argument(
        "--generate-only", action="store_true", help="skip the seo_audit run"
    )
    parser.add_argument(
        "--audit-only",
        action="store_true",
        help="audit the database DATABASE_URL names (one kept by --keep)",
    )
    parser.add_argument(
        "--no-save",
        dest="save",
        action="store_false",
        help="audit without --save (the audit alone, without the store's work)",
    )
    parser.add_argument(
        "--pages",
        type=int,
        metavar="N",
        help="audit only the first N articles (by id) of the library, with the "
        "whole library indexed: the same work at any library size",
    )
    parser.add_argument(
        "--by-check",
        type=int,
        metavar="N",
        help="with --audit-only: time each check over the first N articles in "
        "this process, the whole library indexed, instead of running seo_audit",
    )
    parser.add_argument(
        "--search-index",
        action="store_true",
        help="also build Wagtail's search index (update_index), timed apart",
    )
    args = parser.parse_args()

    server = os.environ.get("DATABASE_URL", "")
    if urlsplit(server).scheme not in ("postgres", "postgresql"):
        sys.exit(
            "DATABASE_URL must name a PostgreSQL server, for example "
            "postgres://postgres@127.0.0.1:5432/postgres"
        )
    if args.audit_only and args.by_check:
        bench_by_check(server, args.by_check)
        return
    if args.audit_only:
        # The kept library's size, whatever --articles says.
        articles = len(_first_articles(server, sys.maxsize))
        bench_audit(server, args.jobs, articles, args.save, args.pages)
        return
    name = args.name or f"cms_bench_{os.getpid()}"
    database_url = create_database(server, name)
    print(f"database {name} created on {urlsplit(server).hostname}")
    os.environ["DATABASE_URL"] = database_url
    # DEBUG off: with it on, Django keeps every query in memory.
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    try:
        import django

        django.setup()
        from django.core.management import call_command

        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrate: {time.perf_counter() - start:.1f} s")
        generate(args)
        validate(Path(args.seeds))
        if args.search_index:
            start = time.perf_counter()
            call_command("update_index", verbosity=0)
            print(f"search index (update_index): {time.perf_counter() - start:.1f} s")
        from django.db import connections

        connections.close_all()
        if not args.generate_only:
            bench_audit(database_url, args.jobs, args.articles, args.save, args.pages)
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if args.keep:
            print(f"kept: DATABASE_URL={database_url}")
        else:
            drop_database(server, name)
            print(f"database {name} dropped")


# --- the database -----------------------------------------------------------


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin_connection(server: str):
    import psycopg

    return psycopg.connect(server, autocommit=True)


def create_database(server: str, name: str) -> str:
    with _admin_connection(server) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return _with_database(server, name)


def drop_database(server: str, name: str) -> None:
    with _admin_connection(server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reserve_ids(model, count: int) -> list[int]:
    """Ids from the table's own sequence, so later inserts never collide."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_rows(model, objects: list) -> None:
    """INSERT the objects' rows of the model's own table, each value prepared by
    its field exactly as save() prepares it (pre_save, get_db_prep_save).

    Not bulk_create(): it refuses multi-table children such as ArticlePage, and
    on PostgreSQL it sends columns as arrays (INSERT ... UNNEST), which psycopg
    escapes character by character in Python, minutes for 10,000 JSON bodies.
    psycopg's executemany() pipelines plain parameter rows instead."""
    from django.db import connection

    fields = model._meta.local_concrete_fields
    if all(obj.pk is None for obj in objects):  # let the table number them
        fields = [f for f in fields if f is not model._meta.pk]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = [
        [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# --- the articles -----------------------------------------------------------


def load_pools(folder: Path) -> Pools:
    from articles.importing import find_sources, parse_file

    sources, errors = find_sources([folder])
    if errors or not sources:
        sys.exit(f"no seed articles in {folder} (set SEEDS_DIR or --seeds)")
    pools = Pools()
    for source in sources:
        body = parse_file(source).body
        first_heading = next(
            (i for i, block in enumerate(body) if block["type"] == "heading"),
            len(body),
        )
        pools.intros.extend(b for b in body[:first_heading] if b["type"] == "paragraph")
        section: list[dict] = []
        for block in body[first_heading:]:
            if block["type"] == "heading" and block["value"]["level"] == 2:
                if section:
                    pools.sections.append(section)
                section = [block]
            else:
                section.append(block)
        if section:
            pools.sections.append(section)
        for block in body:
            kind = block["type"]
            if kind == "paragraph" and len(block["value"].split()) > 12:
                pools.paragraphs.append(block)
            elif kind == "list":
                pools.lists.append(block)
            elif kind == "table":
                pools.tables.append(block)
    pools.intros = pools.intros or pools.paragraphs[:5]
    return pools


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


SMALL_WORDS = frozenset({"a", "an", "and", "at", "for", "in", "of", "on", "the", "to"})


def _title_case(text: str) -> str:
    return " ".join(
        word if word in SMALL_WORDS else _cap(word) for word in text.split()
    )


@dataclass
class Library:
    """Every planned article, and the ids links are made of."""

    plans: list[Plan]
    cornerstones: list[Plan]
    deleted_page_id: int  # reserved and never written: a page since deleted


def plan_articles(count: int, rng: random.Random) -> Library:
    from django.utils.text import slugify
    from wagtail.models import Revision

    from articles.models import ArticlePage

    page_ids = reserve_ids(ArticlePage._meta.get_parent_list()[-1], count + 1)
    revision_ids = reserve_ids(Revision, count)
    plans, slugs = [], set()
    for index in range(count):
        keyphrase = rng.choice(KEYPHRASES)
        title = rng.choice(TITLES).format(
            k=_title_case(keyphrase),
            K=_cap(_title_case(keyphrase)),
            q=rng.choice(QUALIFIERS),
            n=rng.choice((3, 5, 7, 10)),
        )
        slug = base = slugify(title)[:70].strip("-")
        number = 2
        while slug in slugs:
            slug, number = f"{base}-{number}", number + 1
        slugs.add(slug)
        plans.append(
            Plan(
                index,
                page_ids[index],
                revision_ids[index],
                keyphrase,
                title,
                slug,
                cornerstone=rng.random() < 0.05,
            )
        )
    return Library(
        plans,
        [plan for plan in plans if plan.cornerstone],
        deleted_page_id=page_ids[-1],
    )


def _append_to_paragraph(block: dict, addition: str) -> dict:
    head, _, tail = block["value"].rpartition("</p>")
    return {**block, "value": f"{head}{addition}</p>{tail}"}


def build_body(
    plan: Plan, library: "Library", pools: Pools, rng: random.Random
) -> list[dict]:
    keyphrase = plan.keyphrase
    fill = {"k": keyphrase, "K": _cap(keyphrase)}
    intro = [dict(b) for b in rng.sample(pools.intros, rng.choice((1, 1, 2)))]
    if rng.random() < 0.6:
        sentence = rng.choice(INTRO_SENTENCES).format(**fill)
        intro[0] = {
            **intro[0],
            "value": intro[0]["value"].replace("<p>", f"<p>{sentence}", 1),
        }
    body = intro
    if rng.random() < 0.05:
        # A long text with no headings at all, as one seed is.
        body += rng.sample(pools.paragraphs, min(len(pools.paragraphs), 12))
    else:
        count = min(len(pools.sections), rng.randint(2, 8))
        for section in rng.sample(pools.sections, count):
            heading, rest = dict(section[0]), list(section[1:])
            if rng.random() < 0.35:
                text = rng.choice(HEADING_TEMPLATES).format(**fill)
                heading = {**heading, "value": {**heading["value"], "text": text}}
            paragraphs = [i for i, b in enumerate(rest) if b["type"] == "paragraph"]
            if len(paragraphs) > 1 and rng.random() < 0.3:
                order = rng.sample(paragraphs, len(paragraphs))
                shuffled = list(rest)
                for target, source in zip(paragraphs, order, strict=True):
                    shuffled[target] = rest[source]
                rest = shuffled
            if len(rest) > 2 and rng.random() < 0.25:
                del rest[rng.randrange(len(rest))]
            if rng.random() < 0.2:
                rest.append(rng.choice(pools.paragraphs))
            if rng.random() < 0.1:
                rest.append(rng.choice(pools.tables + pools.lists))
            body += [heading, *rest]
    paragraph_at = [i for i, b in enumerate(body) if b["type"] == "paragraph"]

    def add_to_some_paragraph(addition: str) -> None:
        at = rng.choice(paragraph_at)
        body[at] = _append_to_paragraph(body[at], addition)

    links = rng.choices((0, 1, 2, 3, 5), weights=(25, 30, 25, 15, 5))[0]
    for _ in range(links):
        # Cornerstone articles draw more links, as editors point readers there.
        pick_from = library.cornerstones if rng.random() < 0.3 else library.plans
        target = rng.choice(pick_from or library.plans)
        if target.page_id == plan.page_id:
            continue
        anchor = html.escape(target.keyphrase if rng.random() < 0.7 else target.title)
        page_id = library.deleted_page_id if rng.random() < 0.01 else target.page_id
        add_to_some_paragraph(rng.choice(LINK_SENTENCES).format(id=page_id, a=anchor))
    if rng.random() < 0.4:
        url, anchor = rng.choice(EXTERNAL_LINKS)
        add_to_some_paragraph(f' Read <a href="{url}">{anchor}</a>.')
    if rng.random() < 0.15:
        other = rng.choice(KEYPHRASES)
        add_to_some_paragraph(rng.choice(UNLINKED_SENTENCES).format(k=other))
    if rng.random() < 0.05:
        add_to_some_paragraph(" #SciaticaRelief #MassageTherapy")
    if rng.random() < 0.3:
        items = rng.sample(REFERENCES, rng.randint(1, len(REFERENCES)))
        body.append({"type": "references", "value": {"items": items}})
    if rng.random() < 0.5:
        body.append({"type": "disclaimer", "value": {"text": DISCLAIMER}})
    # Every stored block has an id; give them now so the ReferenceIndex content
    # paths written below are the ones the stored body will have.
    return [{**block, "id": str(uuid.uuid4())} for block in body]


def _meta_description(body: list[dict], keyphrase: str, rng: random.Random) -> str:
    from articles.blocks import rich_text_plain

    roll = rng.random()
    if roll < 0.15:
        return ""
    first = next(rich_text_plain(b["value"]) for b in body if b["type"] == "paragraph")
    text = f"{_cap(keyphrase)}: {first}" if roll < 0.6 else first
    if roll > 0.9:
        return text[:300]  # too long, as pasted descriptions often are
    return text if len(text) <= 155 else text[:154].rsplit(" ", 1)[0] + "…"


# --- writing them -----------------------------------------------------------


class Writer(threading.Thread):
    """Inserts batches on its own database connection, in one transaction,
    while the main thread builds the next batch: PostgreSQL works in parallel
    with Python instead of after it."""

    def __init__(self):
        super().__init__(daemon=True)
        self.batches: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.busy = 0.0
        self.counts = dict.fromkeys(("pages", "revisions", "hashtags", "references"), 0)

    def run(self) -> None:
        from django.db import connection, transaction
        from wagtail.models import PageLogEntry, ReferenceIndex, Revision

        from articles.models import ArticleHashtag, ArticlePage

        page_type = ArticlePage._meta.get_parent_list()[-1]
        try:
            with transaction.atomic():
                while (batch := self.batches.get()) is not None:
                    start = time.perf_counter()
                    pages, revisions, tagged, logs, references = batch
                    insert_rows(Revision, revisions)
                    # Page then ArticlePage rows, as Model.save() writes a
                    # multi-table child (which bulk_create() refuses).
                    insert_rows(page_type, pages)
                    insert_rows(ArticlePage, pages)
                    insert_rows(ArticleHashtag, tagged)
                    insert_rows(PageLogEntry, logs)
                    insert_rows(ReferenceIndex, references)
                    self.counts["pages"] += len(pages)
                    self.counts["revisions"] += len(revisions)
                    self.counts["hashtags"] += len(tagged)
                    self.counts["references"] += len(references)
                    self.busy += time.perf_counter() - start
                start = time.perf_counter()
            self.busy += time.perf_counter() - start  # the commit
        except BaseException as error:  # reported by the main thread
            self.error = error
        finally:
            connection.close()

    def put(self, batch) -> None:
        while self.is_alive():
            try:
                self.batches.put(batch, timeout=0.5)
                return
            except queue.Full:
                continue
        raise RuntimeError("the writer thread stopped") from self.error


class Builder:
    """Turns a Plan into the rows Wagtail would write for a new, published page."""

    def __init__(self, library: Library, pools: Pools, rng: random.Random):
        from django.contrib.contenttypes.models import ContentType
        from django.db import transaction
        from django.utils import timezone
        from django.utils.text import slugify

        from articles.models import (
            ArticleHashtag,
            ArticleIndexPage,
            ArticlePage,
            Hashtag,
            MedicalReviewer,
        )

        self.library, self.pools, self.rng = library, pools, rng
        self.page_type = ArticlePage._meta.get_parent_list()[-1]
        self.article_ct = ContentType.objects.get_for_model(ArticlePage)
        self.page_ct = ContentType.objects.get_for_model(self.page_type)
        self.parent = ArticleIndexPage.objects.get()
        last_child = self.parent.get_last_child()
        steplen = self.page_type.steplen
        self.first_step = int(last_child.path[-steplen:], 36) + 1 if last_child else 1
        with transaction.atomic():
            by_lower: dict[str, Hashtag] = {}
            for name in HASHTAGS:
                by_lower.setdefault(
                    name.lower(), Hashtag(name=name, slug=slugify(name))
                )
            self.tags = Hashtag.objects.bulk_create(list(by_lower.values()))
            self.reviewers = MedicalReviewer.objects.bulk_create(
                [MedicalReviewer(name=n, credentials=c) for n, c in REVIEWERS]
            )
            self.tagged_ids = iter(reserve_ids(ArticleHashtag, len(library.plans) * 6))
        self.now = timezone.now()
        self.today = date.today()

    def batch(self, plans: list[Plan]) -> tuple[list, ...]:
        rows: tuple[list, ...] = ([], [], [], [], [])
        for plan in plans:
            for kept, new in zip(rows, self.rows(plan), strict=True):
                kept.extend(new)
        return rows

    def rows(self, plan: Plan) -> tuple[list, ...]:
        from wagtail.models import PageLogEntry, ReferenceIndex, Revision

        from articles.models import ArticleHashtag, ArticlePage

        rng, parent = self.rng, self.parent
        body = build_body(plan, self.library, self.pools, rng)
        published = self.now - timedelta(days=rng.randint(0, 1100), minutes=plan.index)
        reviewed = rng.random() < 0.4
        page = ArticlePage(
            id=plan.page_id,
            page_ptr_id=plan.page_id,
            path=self.page_type._get_path(
                parent.path, parent.depth + 1, self.first_step + plan.index
            ),
            depth=parent.depth + 1,
            numchild=0,
            title=plan.title,
            draft_title=plan.title,
            slug=plan.slug,
            url_path=f"{parent.url_path}{plan.slug}/",
            content_type=self.article_ct,
            locale_id=parent.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
            latest_revision_id=plan.revision_id,
            live_revision_id=plan.revision_id,
            seo_title=(
                f"{_cap(plan.keyphrase)} | Sciatica Massage Library"
                if rng.random() < 0.4
                else ""
            ),
            search_description=_meta_description(body, plan.keyphrase, rng),
            focus_keyphrase=plan.keyphrase if rng.random() < 0.9 else "",
            cornerstone=plan.cornerstone,
            target_grade=rng.choice((6, 10)) if rng.random() < 0.05 else None,
            noindex=rng.random() < 0.01,
            body=body,
            reviewer=rng.choice(self.reviewers) if reviewed else None,
            last_reviewed=(
                self.today - timedelta(days=rng.randint(0, 800)) if reviewed else None
            ),
        )
        # Bind every block, as saving through the admin does, so the revision,
        # the stored body and the reference paths below all see the same
        # normalized data (list items with ids and the like).
        for _child in page.body:
            pass
        page.wagtail_admin_comments = []
        page.tagged_items = [
            ArticleHashtag(
                id=next(self.tagged_ids), tag=tag, content_object_id=plan.page_id
            )
            for tag in rng.sample(self.tags, rng.choice((0, 1, 2, 3, 3, 4, 5, 6)))
        ]
        revision = Revision(
            id=plan.revision_id,
            content_type=self.article_ct,
            base_content_type=self.page_ct,
            object_id=str(plan.page_id),
            created_at=published,
            content=page.serializable_data(),
            object_str=plan.title,
        )
        logs = [
            PageLogEntry(
                content_type=self.article_ct,
                label=plan.title,
                action=action,
                data={},
                timestamp=published,
                uuid=uuid.uuid4(),
                revision_id=revision_id,
                content_changed=True,
                page_id=plan.page_id,
            )
            for action, revision_id in (
                ("wagtail.create", None),
                ("wagtail.publish", plan.revision_id),
            )
        ]
        # Exactly what ReferenceIndex.create_or_update_for_object() writes for a
        # new page, without its per-page lookup of existing rows.
        references = [
            ReferenceIndex(
                content_type=self.article_ct,
                base_content_type=self.page_ct,
                object_id=str(plan.page_id),
                to_content_type_id=to_ct,
                to_object_id=to_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_ct, to_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)
            )
        ]
        return [page], [revision], list(page.tagged_items.all()), logs, references


def generate(args) -> None:
    from django.db import connection
    from django.db.models import F

    from articles.models import ArticlePage

    rng = random.Random(args.random_seed)
    started = time.perf_counter()
    pools = load_pools(Path(args.seeds))
    library = plan_articles(args.articles, rng)
    plans = library.plans
    builder = Builder(library, pools, rng)
    planned = time.perf_counter()
    writer = Writer()
    writer.start()
    building = 0.0
    try:
        for start in range(0, len(plans), BATCH):
            clock = time.perf_counter()
            batch = builder.batch(plans[start : start + BATCH])
            building += time.perf_counter() - clock
            writer.put(batch)
    finally:
        with contextlib.suppress(RuntimeError):
            writer.put(None)
        writer.join()
    if writer.error:
        raise writer.error
    page_type = ArticlePage._meta.get_parent_list()[-1]
    page_type.objects.filter(pk=builder.parent.pk).update(
        numchild=F("numchild") + len(plans)
    )
    with connection.cursor() as cursor:
        # As after any bulk load: statistics for the planner and, on
        # PostgreSQL, the visibility map its index-only scans need.
        cursor.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )
    total = time.perf_counter() - started
    counts = writer.counts
    print(
        f"generation of {counts['pages']} articles: {total:.1f} s wall (plan "
        f"{planned - started:.1f} s; then, overlapped: build rows {building:.1f} s, "
        f"insert rows {writer.busy:.1f} s)"
    )
    print(
        f"  rows: {counts['pages']} pages, {counts['revisions']} revisions, "
        f"{counts['hashtags']} hashtag links, {counts['references']} reference index"
    )


# --- are they real pages? ---------------------------------------------------


def tree_problems(page_model) -> dict[str, int]:
    """treebeard's MP_Node.find_problems() as four queries over the whole tree
    (it makes two queries a node: over two minutes for 10,000 pages), plus
    Wagtail's rule that siblings have distinct slugs."""
    from django.db import connection

    table = connection.ops.quote_name(page_model._meta.db_table)
    step = page_model.steplen
    queries = {
        "evil chars or bad steplen": f"""
            SELECT count(*) FROM {table}
            WHERE path !~ '^[{page_model.alphabet}]+$' OR length(path) % {step} <> 0
        """,
        "wrong depth": f"""
            SELECT count(*) FROM {table} WHERE depth <> length(path) / {step}
        """,
        "orphans": f"""
            SELECT count(*) FROM {table} AS child WHERE depth > 1 AND NOT EXISTS (
                SELECT 1 FROM {table} AS parent
                WHERE parent.path = substr(child.path, 1, length(child.path) - {step})
            )
        """,
        "wrong numchild": f"""
            SELECT count(*) FROM {table} AS node LEFT JOIN (
                SELECT substr(path, 1, length(path) - {step}) AS parent, count(*) AS n
                FROM {table} WHERE depth > 1 GROUP BY 1
            ) AS children ON children.parent = node.path
            WHERE node.numchild <> coalesce(children.n, 0)
        """,
        "duplicate sibling slugs": f"""
            SELECT count(*) FROM (
                SELECT 1 FROM {table}
                GROUP BY substr(path, 1, length(path) - {step}), slug
                HAVING count(*) > 1
            ) AS clashes
        """,
    }
    with connection.cursor() as cursor:
        found = {}
        for label, sql in queries.items():
            cursor.execute(sql)
            found[label] = cursor.fetchone()[0]
    return found


class _Rollback(Exception):
    pass


def require(condition: object, problem: str) -> None:
    if not condition:
        raise SystemExit(f"generated pages are not valid: {problem}")


def validate(seeds: Path, sample: int = 40) -> None:
    from django.db import transaction
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Cast, Concat
    from django.test import Client
    from wagtail.models import Page, ReferenceIndex

    from articles.importing import find_sources, parse_file
    from articles.importing.store import store
    from articles.models import ArticleIndexPage, ArticlePage

    start = time.perf_counter()
    problems = {label: count for label, count in tree_problems(Page).items() if count}
    require(not problems, f"tree problems: {problems}")

    # Every page, in SQL: its url_path, and a live, latest revision that exists.
    index = ArticleIndexPage.objects.get()
    articles = ArticlePage.objects.all()
    total = articles.count()
    require(
        articles.filter(
            url_path=Concat(Value(index.url_path), "slug", Value("/")),
            depth=index.depth + 1,
            live=True,
            has_unpublished_changes=False,
            live_revision_id=F("latest_revision_id"),
            latest_revision__object_id=Cast("pk", CharField()),
        ).count()
        == total,
        "some pages lack a url_path, depth, live state or revision",
    )

    pages = list(articles.order_by("?")[:sample])
    for page in pages:
        page.full_clean()
        page.body.stream_block.clean(page.body)
        revision = page.get_latest_revision().as_object()
        require(
            list(revision.body.raw_data) == list(page.body.raw_data),
            f"page {page.pk}: its revision holds another body",
        )
        require(
            sorted(revision.hashtags.names()) == sorted(page.hashtags.names()),
            f"page {page.pk}: its revision holds other hashtags",
        )
        fields = ("to_content_type", "to_object_id", "model_path", "content_path")
        before = set(
            ReferenceIndex.get_references_for_object(page).values_list(*fields)
        )
        with transaction.atomic():
            ReferenceIndex.create_or_update_for_object(page)
            after = set(
                ReferenceIndex.get_references_for_object(page).values_list(*fields)
            )
        require(
            before == after, f"page {page.pk}: ReferenceIndex differs from Wagtail's"
        )

    # Compare with a page made the slow, ordinary way (the importer: add_child,
    # save_revision, publish), then roll that page back.
    sources, _ = find_sources([seeds])
    generated = pages[0]
    try:
        with transaction.atomic():
            real = store(parse_file(sources[0]), index, publish=True).page
            keys = set(real.get_latest_revision().content) ^ set(
                generated.get_latest_revision().content
            )
            require(not keys, f"revision content keys differ: {keys}")
            for name in ("live", "has_unpublished_changes", "expired", "locked"):
                require(
                    getattr(real, name) == getattr(generated, name),
                    f"{name} differs from an imported page's",
                )
            raise _Rollback
    except _Rollback:
        pass

    client = Client()
    response = client.get(f"/api/v2/pages/{generated.pk}/")
    require(response.status_code == 200, f"API v2 answers {response.status_code}")
    data = response.json()
    require(data["meta"]["type"] == "articles.ArticlePage", "API v2 type")
    require(len(data["body"]) == len(generated.body.raw_data), "API v2 body")
    listing = client.get("/api/v2/pages/?type=articles.ArticlePage&limit=1").json()
    require(listing["meta"]["total_count"] == total, "API v2 listing count")
    print(
        f"valid ({time.perf_counter() - start:.1f} s): no tree problems (treebeard's "
        f"find_problems() in SQL, sibling slugs); all {total} pages have their "
        f"url_path, depth, live state and a live latest revision; {len(pages)} "
        f"sampled pages pass full_clean(), block validation, the revision round "
        f"trip, and Wagtail's own ReferenceIndex update changes nothing; revision "
        f"fields match an imported page's; API v2 /api/v2/pages/{generated.pk}/ 200 "
        f"({len(data['body'])} blocks), listing total_count {total}"
    )


# --- the audit run ----------------------------------------------------------


class TreeMemory(threading.Thread):
    """Samples the memory of a process and all its descendants from /proc.

    RSS counts pages shared between a parent and its forked workers in each of
    them, so the summed RSS overstates the tree's real use; PSS (proportional
    set size, from smaps_rollup) shares them out and is reported beside it."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0  # kB, summed over the tree at one instant
        # pid -> (PSS, private) kB of each process at the tree's PSS peak
        self.at_peak: dict[int, tuple[int, int]] = {}
        self.peak_single: dict[int, int] = {}  # pid -> VmHWM kB
        self.names: dict[int, str] = {}
        self.processes = 0
        self._done = threading.Event()

    def stop(self) -> None:
        self._done.set()
        self.join()

    def run(self) -> None:
        while not self._done.is_set():
            self.sample()
            self._done.wait(self.interval)

    def tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    with open(f"/proc/{entry.name}/stat") as stat:
                        ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry.name))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, ()))
        return found

    @staticmethod
    def _field(text: str, name: str) -> int:
        match = re.search(rf"^{name}:\s+(\d+)", text, re.MULTILINE)
        return int(match.group(1)) if match else 0

    def sample(self) -> None:
        rss = pss = 0
        each: dict[int, tuple[int, int]] = {}
        for pid in self.tree():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            rss += self._field(status, "VmRSS")
            pss += self._field(rollup, "Pss")
            private = self._field(rollup, "Private_Clean") + self._field(
                rollup, "Private_Dirty"
            )
            each[pid] = (self._field(rollup, "Pss"), private)
            self.peak_single[pid] = max(
                self.peak_single.get(pid, 0), self._field(status, "VmHWM")
            )
            self.names.setdefault(pid, self._field_text(status, "Name"))
        self.processes = max(self.processes, len(self.peak_single))
        if pss > self.peak_pss:
            self.at_peak = each
        self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)

    @staticmethod
    def _field_text(text: str, name: str) -> str:
        match = re.search(rf"^{name}:\s+(.*)$", text, re.MULTILINE)
        return match.group(1) if match else "?"


def bench_audit(
    database_url: str,
    jobs: int,
    articles: int,
    save: bool = True,
    pages: int | None = None,
) -> None:
    import resource

    selection = ["--all"]
    if pages:
        selection = [
            option
            for page_id in _first_articles(database_url, pages)
            for option in ("--page", str(page_id))
        ]
        articles = len(selection) // 2
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "seo_audit",
        *selection,
        "--jobs",
        str(jobs),
        *(["--save"] if save else []),
        "--format",
        "json",
        "--output",
        "/dev/null",
    ]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }
    shown = " ".join(
        ["--page ..." if pages else "--all", *command[3 + len(selection) :]]
    )
    print(f"running: manage.py seo_audit {shown}", flush=True)
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    monitor = TreeMemory(process.pid)
    monitor.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - start
    monitor.stop()
    # The kernel's own figure: the largest RSS any waited-for descendant reached.
    kernel_max = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # Exit 1 with a summary is the command's verdict on the articles (findings at
    # the fail level), not a failure of the run.
    finished = process.returncode == 0 or (
        process.returncode == 1 and "Audited" in stderr + stdout
    )
    if not finished:
        tail = "\n".join((stderr or stdout).strip().splitlines()[-15:])
        print(f"seo_audit failed (exit {process.returncode}):\n{tail}")
        return
    if stderr.strip():
        print("seo_audit stderr (last lines):")
        print("\n".join("  " + line for line in stderr.strip().splitlines()[-5:]))
    saved = _saved_audits(database_url)
    largest = max(monitor.peak_single.values(), default=0)
    print(
        f"\nseo_audit {shown} on {articles} articles "
        f"(exit {process.returncode}, {saved} audits stored):"
    )
    print(
        f"  wall time            {wall:7.1f} s   target < {TARGET_SECONDS:.0f} s: "
        f"{'met' if wall < TARGET_SECONDS else 'MISSED'}"
    )
    # The target is judged on PSS: the memory the run takes from the machine.
    # Summed RSS counts every page the forked worker shares with its parent
    # once per process, so it is printed beside it, not judged.
    peak_mb = monitor.peak_pss / 1024
    print(
        f"  peak PSS, tree total {peak_mb:7.0f} MB  target < {TARGET_MB:.0f} MB: "
        f"{'met' if peak_mb < TARGET_MB else 'MISSED'}"
        f"  ({monitor.processes} processes sampled every 50 ms)"
    )
    print(
        "  at that peak, per process: "
        + ", ".join(
            f"{monitor.names.get(pid, '?')} {pid} PSS {pss / 1024:.0f} MB "
            f"(private {private / 1024:.0f} MB)"
            for pid, (pss, private) in sorted(monitor.at_peak.items())
        )
    )
    print(
        f"  peak RSS, tree total {monitor.peak_rss / 1024:7.0f} MB"
        "  (pages shared between processes counted in each)"
    )
    print(
        f"  largest process      {largest / 1024:7.0f} MB  (VmHWM; kernel max RSS of "
        f"any child {kernel_max / 1024:.0f} MB)"
    )
    print(
        f"  throughput           {articles / wall:7.0f} articles/s"
        f"  ({wall / articles * 1000:.2f} ms per article, wall)"
    )


def bench_by_check(database_url: str, count: int, top: int = 10) -> None:
    """Where an article's audit time goes at this library's size: the site
    index's build (in one process), then per article the Document's shared
    views and each check, timed one by one as bench/audit.py --by-check does,
    over the first `count` articles (the same ones at any size)."""
    from audit import SHARED_VIEWS

    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    import django

    django.setup()
    from seo import runner
    from seo.audit import Auditor
    from seo.document import Document
    from seo.sources import Disclaimers, load_articles

    auditor = Auditor()
    start = time.perf_counter()
    site = runner.site_index_for(auditor)
    print(f"site index of {len(site)} articles: {time.perf_counter() - start:.1f} s")
    views = 0.0
    times = {check.id: 0.0 for check in auditor.checks}
    articles = load_articles(
        _first_articles(database_url, count), disclaimers=Disclaimers.load()
    )
    audited = 0
    for data in articles:
        document = Document(data, site)
        start = time.perf_counter()
        for name in SHARED_VIEWS:
            getattr(document, name)
        views += time.perf_counter() - start
        for check in auditor.checks:
            start = time.perf_counter()
            auditor._run(check, document)
            times[check.id] += time.perf_counter() - start
        audited += 1
    mean = {check_id: total * 1000 / audited for check_id, total in times.items()}
    shared = views * 1000 / audited
    print(
        f"mean ms per article over {audited}: shared views {shared:.2f}, "
        f"checks {sum(mean.values()):.2f} in all; the {top} slowest checks:"
    )
    for check_id, ms in sorted(mean.items(), key=lambda item: -item[1])[:top]:
        print(f"  {ms:6.2f}  {check_id}")


def _first_articles(database_url: str, count: int) -> list[int]:
    import psycopg

    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT page_ptr_id FROM articles_articlepage"
            " ORDER BY page_ptr_id LIMIT %s",
            (count,),
        ).fetchall()
    return [row[0] for row in rows]


def _saved_audits(database_url: str) -> int | str:
    try:
        import psycopg

        with psycopg.connect(database_url) as connection:
            row = connection.execute("SELECT count(*) FROM seo_seoaudit").fetchone()
            return row[0]
    except Exception as error:  # the figure is a cross-check, not the benchmark
        return f"unknown ({type(error).__name__})"


if __name__ == "__main__":
    main()
