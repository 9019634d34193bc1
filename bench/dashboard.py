"""SEO dashboard: server time of the admin home and article listing, 10,000 articles.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/dashboard.py [--runs 20] [--keep-db] [--articles N]
                                            [--section N] [--database-name NAME]

The database: DATABASE_URL names a PostgreSQL server (SQLite is refused: the
figures are for the deployed database). bench/api.py's `generate_database`
makes a fresh database of --articles generated articles there, and

    manage.py seo_audit --all --save --jobs 2

stores an audit of every article (its exit status is 1, since generated
articles have error-level findings; the script checks the stored rows
instead). It is dropped at the end, unless --keep-db: then it is named
cms_bench_dashboard (or --database-name), kept, and reused by the next
--keep-db run (migrated first if the code has new migrations, audited again
only if some article has no stored audit).

Two things a fresh database lacks are added, and said so:

- history: one audit run records one SeoLibraryDay, so the 90-day line would
  have one point. Each missing day of the last 90 gets a row (an average
  drifting around today's), so the line is drawn from 90 rows.
- a section: every generated article sits under the one article index, so
  --section articles (default 1,000) are moved, with Wagtail's Page.move, to
  a second index, "Bench section", whose editor is the narrow scope.

Everything runs in this process (settings cms.settings.test: DEBUG off), with
Django's test Client (force_login), so the time around `client.get` is the
whole server side: middleware, Wagtail's home view with its own panels, and
the SEO panel. It prints, for --runs GETs of /admin/ after one warm-up, the
median and p90, and the queries of one request, for:

- a superuser (every figure over the whole library, the line from
  SeoLibraryDay);
- an editor with edit and publish permission on the home page (every article:
  the same figures, after one EXISTS query that says so);
- the article index's editor (the articles outside the section: every figure
  over them, the line replayed from their stored audits);
- the section's editor (the same over the section's articles);

then each figure alone for the superuser, the whole SEO panel alone
(`SeoDashboardPanel.render_html`) for each user, the replayed line alone for
the two narrower editors, and the
explorer listing of the article index: default order, sorted by score both
ways, and a far page (50 rows a page); then that listing's view called
directly, Wagtail's own ExplorableIndexView (default columns) against the
article viewset's, to show what the score column costs.

Planner statistics are refreshed (ANALYZE) before timing, as autovacuum keeps
them in a deployment; straight after a bulk load there are none.

The machine's load average is printed at the start and the end: other work on
it moves every figure.
"""

import argparse
import contextlib
import datetime
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KEPT_NAME = "cms_bench_dashboard"
SETTINGS = "cms.settings.test"
SECTION_SLUG = "bench-section"
TARGET_MS = 300.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed requests each")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument(
        "--section", type=int, default=1_000, help="articles in the narrow section"
    )
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help=f"keep the database, and reuse it if it exists ({KEPT_NAME})",
    )
    parser.add_argument("--database-name", help="the benchmark database's name")
    parser.add_argument(
        "--seeds",
        default=os.environ.get("SEEDS_DIR", str(ROOT.parent / "shared" / "seeds")),
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.section < 1:
        parser.error("--section must be at least 1")

    server = os.environ.get("DATABASE_URL", "")
    if urlsplit(server).scheme not in ("postgres", "postgresql"):
        sys.exit(
            "bench/dashboard.py needs PostgreSQL, not SQLite: set DATABASE_URL to a "
            "PostgreSQL server, for example "
            "postgres://postgres@127.0.0.1:5432/postgres"
        )

    from bench.bulk import _with_database, drop_database
    from bench.panel import database_exists, migrate_if_needed

    name = args.database_name or (
        KEPT_NAME if args.keep_db else f"cms_bench_dashboard_{os.getpid()}"
    )
    reused = args.keep_db and database_exists(server, name)
    created = False
    try:
        if reused:
            database_url = _with_database(server, name)
            print(f"reusing database {name} (--keep-db)")
            migrate_if_needed(database_url)
        else:
            from bench.api import generate_database

            database_url = generate_database(args.articles, args.seeds, name)
            created = True
        bench(args, database_url)
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if created and not args.keep_db:
            drop_database(server, name)
            print(f"database {name} dropped")
        elif created or reused:
            print(f"kept: DATABASE_URL={_with_database(server, name)}")


# --- the database -----------------------------------------------------------------


def audit_all(database_url: str) -> None:
    """Store an audit of every article, unless each has one already."""
    from articles.models import ArticlePage
    from seo.models import SeoAudit

    articles = ArticlePage.objects.count()
    audited = SeoAudit.objects.filter(is_latest=True).count()
    if audited >= articles:
        print(f"stored audits: {audited} articles have one")
        return
    command = ["seo_audit", "--all", "--save", "--jobs", "2"]
    start = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "manage.py", *command, "--format", "json"],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    took = time.perf_counter() - start
    audited = SeoAudit.objects.filter(is_latest=True).count()
    # Exit status 1 only says some article has error-level findings.
    if process.returncode not in (0, 1) or audited < articles:
        sys.exit(
            f"manage.py {' '.join(command)} failed (exit {process.returncode}, "
            f"{audited} of {articles} audited):\n{process.stderr[-2000:]}"
        )
    print(f"manage.py {' '.join(command)}: {took:.1f} s, {audited} articles audited")


def fill_history() -> None:
    """A SeoLibraryDay for each of the last 90 days that has none."""
    from django.utils import timezone

    from seo.admin.dashboard import TREND_DAYS
    from seo.models import SeoLibraryDay

    today = timezone.localdate()
    latest = SeoLibraryDay.objects.order_by("-day").first()
    base = latest.average_score if latest and latest.average_score else 60.0
    articles = latest.articles if latest else 0
    days = [today - datetime.timedelta(days=n) for n in range(TREND_DAYS)]
    have = set(SeoLibraryDay.objects.filter(day__in=days).values_list("day", flat=True))
    missing = [
        SeoLibraryDay(
            day=day,
            average_score=round(base - 8 * math.cos((today - day).days / 9), 1),
            articles=articles,
        )
        for day in days
        if day not in have
    ]
    SeoLibraryDay.objects.bulk_create(missing)
    if missing:
        print(f"history: added {len(missing)} SeoLibraryDay rows (bench data)")


def section(size: int):
    """The narrow section: a second article index holding `size` articles."""
    from articles.models import ArticleIndexPage, ArticlePage
    from home.models import HomePage

    found = ArticleIndexPage.objects.filter(slug=SECTION_SLUG).first()
    if found is None:
        found = ArticleIndexPage(title="Bench section", slug=SECTION_SLUG)
        HomePage.objects.first().add_child(instance=found)
    have = ArticlePage.objects.child_of(found).count()
    if have < size:
        index = ArticleIndexPage.objects.exclude(pk=found.pk).order_by("pk").first()
        start = time.perf_counter()
        for page in ArticlePage.objects.child_of(index).order_by("pk")[: size - have]:
            page.move(found, pos="last-child")
        print(
            f"section: moved {size - have} articles to {found.title} with "
            f"Page.move: {time.perf_counter() - start:.1f} s"
        )
    return found


def analyze() -> None:
    """Fresh planner statistics, as autovacuum keeps them in a deployment: a
    bulk load leaves none, and the planner then spills the failing checks'
    GROUP BY to disk."""
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"ANALYZE: {time.perf_counter() - start:.1f} s")


def editor(username: str, page, *codenames: str):
    """A user of the admin with these permissions on `page` and below."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    group, _ = Group.objects.get_or_create(name=f"bench {username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.groups.add(group)
    return user


# --- figures ----------------------------------------------------------------------


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def timed_gets(client, url: str, runs: int, check=None) -> tuple[list[float], int]:
    """`runs` GETs after one warm-up; the timings and one request's queries."""
    from django.db import connection

    response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    if check:
        check(response)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    return times, len(queries)


def report(label: str, times: list[float], queries: int | None = None) -> None:
    line = f"  {label}: median {ms(statistics.median(times))}, p90 {ms(p90(times))}"
    if queries is not None:
        line += f", {queries} queries"
    print(line)


def bench(args, database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from articles.models import ArticleIndexPage, ArticlePage
    from home.models import HomePage
    from seo.admin.dashboard import LibraryFigures, SeoDashboardPanel
    from seo.models import SeoAudit, SeoAuditCheck

    audit_all(database_url)
    fill_history()
    narrow = section(args.section)
    index = ArticleIndexPage.objects.exclude(pk=narrow.pk).order_by("pk").first()
    analyze()

    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(
        f"library: {ArticlePage.objects.count()} articles, "
        f"{SeoAudit.objects.count()} stored audits "
        f"({SeoAudit.objects.filter(is_latest=True).count()} latest), "
        f"{SeoAuditCheck.objects.count()} failing-check rows; section "
        f"{ArticlePage.objects.child_of(narrow).count()} articles"
    )

    superuser, _ = get_user_model().objects.get_or_create(
        username="bench_dashboard",
        defaults={"is_superuser": True, "is_staff": True},
    )
    home = HomePage.objects.first()
    in_index = ArticlePage.objects.child_of(index).count()
    in_section = ArticlePage.objects.child_of(narrow).count()
    users = [
        ("superuser", superuser),
        (
            "editor of the home page (every article: the library's figures)",
            editor("bench_home_editor", home, "change_page", "publish_page"),
        ),
        (
            f"editor of the article index ({in_index} articles, line replayed)",
            editor("bench_index_editor", index, "change_page", "publish_page"),
        ),
        (
            f"editor of the section ({in_section} articles, line replayed)",
            editor("bench_section_editor", narrow, "change_page", "publish_page"),
        ),
    ]

    def has_panel(response):
        if b'id="seo-dashboard-section"' not in response.content:
            sys.exit("the admin home has no SEO panel")

    print(f"\nadmin home GET /admin/, {args.runs} runs after one warm-up:")
    home_medians = []
    for label, user in users:
        client = Client()
        client.force_login(user)
        times, queries = timed_gets(client, "/admin/", args.runs, has_panel)
        home_medians.append(statistics.median(times))
        report(label, times, queries)

    print("\nthe panel's figures alone (superuser), median of the runs:")
    for figure in ("histogram", "lowest", "failing", "trend"):
        times = []
        for _ in range(args.runs):
            figures = LibraryFigures(superuser)
            start = time.perf_counter()
            getattr(figures, figure)
            times.append(time.perf_counter() - start)
        report(figure, times)
    for label, user in users:
        times = []
        for _ in range(args.runs):
            fresh = get_user_model().objects.get(pk=user.pk)  # no cached perms
            start = time.perf_counter()
            SeoDashboardPanel(fresh).render_html({})
            times.append(time.perf_counter() - start)
        report(f"whole SEO panel (render_html), {label}", times)
    for label, user in users[2:]:
        times = []
        for _ in range(args.runs):
            figures = LibraryFigures(get_user_model().objects.get(pk=user.pk))
            start = time.perf_counter()
            _ = figures.trend
            times.append(time.perf_counter() - start)
        report(f"trend, {label}", times)

    client = Client()
    client.force_login(superuser)
    url = f"/admin/pages/{index.pk}/"
    print(f"\nexplorer listing of the article index, {url} (superuser):")
    for label, query in (
        ("default order", ""),
        ("by score", "?ordering=seo_score"),
        ("by score, descending", "?ordering=-seo_score"),
        ("by score, page 100", "?ordering=seo_score&p=100"),
    ):
        times, queries = timed_gets(client, url + query, args.runs)
        report(label, times, queries)
    listing_against_stock(superuser, index, args.runs)

    print("\nload average now: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    verdict = "met" if max(home_medians) < TARGET_MS / 1000 else "MISSED"
    print(f"target: every admin home median under {TARGET_MS:.0f} ms: {verdict}")


def listing_against_stock(user, index, runs: int) -> None:
    """The listing view called directly, without middleware: Wagtail's own
    ExplorableIndexView with its default columns, then the article viewset's
    view with the score column, alternating request by request so load on
    the machine falls on both alike."""
    from django.contrib.messages.middleware import MessageMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.test import RequestFactory
    from wagtail.admin.views.pages.listing import ExplorableIndexView
    from wagtail.admin.viewsets.pages import page_viewset_registry

    from articles.models import ArticlePage

    viewset = page_viewset_registry.get_by_type(ArticlePage)
    stock = viewset.construct_view(
        ExplorableIndexView,
        **viewset.get_index_view_kwargs(columns=ExplorableIndexView.base_columns),
    )
    views = {"Wagtail's own": stock, "with the SEO column": viewset.index_view}
    factory = RequestFactory()

    def once(view, query: str) -> float:
        request = factory.get(f"/admin/pages/{index.pk}/{query}")
        request.user = user
        SessionMiddleware(lambda r: None).process_request(request)
        MessageMiddleware(lambda r: None).process_request(request)
        start = time.perf_counter()
        response = view(request, parent_page_id=index.pk)
        response.render()
        took = time.perf_counter() - start
        if response.status_code != 200:
            sys.exit(f"the listing view answered {response.status_code}")
        return took

    print("\nthe listing view alone, Wagtail's own columns against ours:")
    for label, query in (("default order", ""), ("page 100", "?p=100")):
        times = {name: [] for name in views}
        for view in views.values():
            once(view, query)  # warm-up
        for _ in range(runs):
            for name, view in views.items():
                times[name].append(once(view, query))
        for name, found in times.items():
            report(f"{label}, {name}", found)


if __name__ == "__main__":
    main()
