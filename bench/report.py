"""SEO report: server time of its pages and a full CSV export, 10,000 articles.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/report.py [--runs 15] [--keep-db] [--articles N]
                                         [--database-name NAME] [--jobs 2]

The database: DATABASE_URL names a PostgreSQL server (SQLite is refused: the
figures are for the deployed database). bench/api.py's `generate_database`
(bench/bulk.py --generate-only --keep) makes a fresh database of --articles
generated articles there, and

    manage.py seo_audit --all --save --jobs 2 --format json --output /dev/null

stores an audit of every article, site-wide checks included (its exit status
is 1 when articles have errors, which generated articles do; the script checks
that every article has its latest audit instead). Then ANALYZE, as autovacuum
would after a bulk load. The database is dropped at the end, unless --keep-db:
then it is named cms_bench_report (or --database-name), kept, and reused by the
next --keep-db run (migrated first if the code has new migrations, and audited
again only if some article has no stored audit).

Everything else runs in this process (settings cms.settings.test: DEBUG off),
with Django's test Client logged in (force_login), so the time around
`client.get` is the whole server side of a request: middleware, the view, its
queries and the template.

It prints, for a superuser and for an editor whose permission is on the article
index (so rows go through the permission subquery), the median and p90 of
--runs requests (after two warm-ups) of: the first page, sorted by a score,
filtered by band, filtered by a failing check, and the per-check view (its
first page and its 20th); with each one's query count and row count. For
scale, the superuser's list ends with Wagtail's own Aging pages report (50
pages) on the same machine. Then the CSV export of the whole library
and of one check's failures: time to stream it all, rows, size, and the peak
memory while streaming (tracemalloc in a second run, since it slows what it
watches, and the growth of the process's RSS). Then a bulk fix of 20 articles
from the per-check view, in a transaction rolled back at the end (the stored
audits of the new revisions included), per article. The target: every page
under 300 ms median.

The machine's load average is printed at the start and the end: other work on
it moves every figure.
"""

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.panel import database_exists, migrate_if_needed, ms, p90  # noqa: E402

TARGET_MS = 300.0
KEPT_NAME = "cms_bench_report"
SETTINGS = "cms.settings.test"
FIX_ARTICLES = 20
FIX_CHECK = "medical-disclaimer"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed requests")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2, help="seo_audit --jobs")
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

    server = os.environ.get("DATABASE_URL", "")
    if urlsplit(server).scheme not in ("postgres", "postgresql"):
        sys.exit(
            "bench/report.py needs PostgreSQL, not SQLite: set DATABASE_URL to a "
            "PostgreSQL server, for example "
            "postgres://postgres@127.0.0.1:5432/postgres"
        )

    from bench.bulk import _with_database, drop_database

    name = args.database_name or (
        KEPT_NAME if args.keep_db else f"cms_bench_report_{os.getpid()}"
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
        store_audits(database_url, args.jobs)
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


def unaudited(database_url: str) -> tuple[int, int]:
    """How many articles there are, and how many have no latest audit."""
    import psycopg

    with psycopg.connect(database_url) as connection:
        articles = connection.execute(
            "SELECT count(*) FROM articles_articlepage"
        ).fetchone()[0]
        missing = connection.execute(
            "SELECT count(*) FROM articles_articlepage a WHERE NOT EXISTS "
            "(SELECT 1 FROM seo_seoaudit s WHERE s.page_id = a.page_ptr_id "
            "AND s.is_latest)"
        ).fetchone()[0]
    return articles, missing


def store_audits(database_url: str, jobs: int) -> None:
    articles, missing = unaudited(database_url)
    if missing:
        command = [
            *("manage.py", "seo_audit", "--all", "--save", "--jobs", str(jobs)),
            *("--format", "json", "--output", os.devnull),
        ]
        print(f"storing audits of {articles} articles: {' '.join(command[1:])}")
        start = time.perf_counter()
        process = subprocess.run(
            [sys.executable, *command],
            cwd=ROOT,
            env={
                **os.environ,
                "DATABASE_URL": database_url,
                "DJANGO_SETTINGS_MODULE": SETTINGS,
            },
            capture_output=True,
            text=True,
        )
        print(f"  {time.perf_counter() - start:.0f} s, exit {process.returncode}")
        output = (process.stdout + process.stderr).splitlines()
        for line in output:
            if line.startswith("Audited "):
                print(f"  {line}")
        articles, missing = unaudited(database_url)
        if missing:
            tail = "\n".join(process.stderr.strip().splitlines()[-10:])
            sys.exit(f"{missing} of {articles} articles have no stored audit:\n{tail}")
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("ANALYZE")
    print(f"{articles} articles, each with its latest stored audit (ANALYZEd)")


def rss_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def bench(args, database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from wagtail.models import GroupPagePermission

    from articles.models import ArticleIndexPage
    from seo.models import SeoAudit, SeoAuditCheck

    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    users = get_user_model()
    admin, _ = users.objects.get_or_create(
        username="bench-report-admin",
        defaults={"is_superuser": True, "is_staff": True, "email": "a@x.org"},
    )
    editor, created = users.objects.get_or_create(username="bench-report-editor")
    if created:
        group = Group.objects.create(name="bench-report-editors")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        GroupPagePermission.objects.create(
            group=group,
            page=ArticleIndexPage.objects.order_by("pk").first(),
            permission=Permission.objects.get(codename="change_page"),
        )
        editor.groups.add(group)

    index = reverse("seo_report:index")
    check = reverse("seo_report:check", args=[FIX_CHECK])
    cases = [
        ("first page", index, {}),
        ("sorted by SEO score, descending", index, {"ordering": "-seo_score"}),
        ("filtered: band bad", index, {"band": "bad"}),
        ("filtered: failing orphan-article", index, {"failing": "orphan-article"}),
        (f"per-check view: {FIX_CHECK}", check, {}),
        ("per-check view, page 20", check, {"p": "20"}),
    ]
    # For scale: Wagtail's own report of 50 pages, on the same machine.
    aging = (
        "(Wagtail's Aging pages report)",
        reverse("wagtailadmin_reports:aging_pages"),
        {},
    )
    failing = SeoAuditCheck.objects.filter(audit__is_latest=True)
    print(
        f"stored: {SeoAudit.objects.filter(is_latest=True).count()} latest audits; "
        f"failing {FIX_CHECK}: {failing.filter(check_id=FIX_CHECK).count()}, "
        f"orphan-article: {failing.filter(check_id='orphan-article').count()}"
    )

    worst = 0.0
    for label, user, timed in (
        ("superuser", admin, [*cases, aging]),
        ("editor (change permission on the article index)", editor, cases),
    ):
        client = Client()
        client.force_login(user)
        print(f"\n{label}: median / p90 of {args.runs} requests (server side)")
        for name, url, query in timed:
            for _ in range(2):
                client.get(url, query)
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                response = client.get(url, query)
                times.append(time.perf_counter() - start)
            if response.status_code != 200:
                sys.exit(f"{url} {query}: HTTP {response.status_code}")
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, query)
            # Outside the test runner a response has no context: count the
            # rows' title cells.
            rows = response.content.count(b'<td class="title"')
            median = statistics.median(times)
            if name != aging[0]:
                worst = max(worst, median)
            print(
                f"  {name:36} {ms(median):>10} / {ms(p90(times)):>10}   "
                f"{len(queries)} queries, {rows} rows"
            )

    client = Client()
    client.force_login(admin)
    print("\nCSV export (streamed; every row consumed, nothing kept)")
    for name, url, query in (
        ("whole library", index, {}),
        ("failing orphan-article", index, {"failing": "orphan-article"}),
        (f"per-check view: {FIX_CHECK}", check, {}),
    ):
        query = {**query, "export": "csv"}
        start = time.perf_counter()
        size, lines = consume(client.get(url, query))
        seconds = time.perf_counter() - start
        # Again with tracemalloc, and the RSS sampled as it streams.
        baseline = rss_kb()
        tracemalloc.start()
        peak_rss = baseline
        response = client.get(url, query)
        for number, _ in enumerate(response.streaming_content):
            if number % 500 == 0:
                peak_rss = max(peak_rss, rss_kb())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"  {name:28} {seconds:6.2f} s, {lines - 1} rows, {size / 2**20:.1f} MB; "
            f"peak Python memory {peak / 2**20:.1f} MB (tracemalloc), "
            f"RSS +{(peak_rss - baseline) / 1024:.0f} MB"
        )

    bulk_fix(client, check)
    print(
        f"\ntarget: every report page under {TARGET_MS:.0f} ms median: "
        f"{'met' if worst * 1000 < TARGET_MS else 'MISSED'} (slowest {ms(worst)})"
    )
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def consume(response) -> tuple[int, int]:
    if response.status_code != 200 or not response.streaming:
        sys.exit(f"export: HTTP {response.status_code}, streaming={response.streaming}")
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    return size, lines


def bulk_fix(client, check_url: str) -> None:
    """Apply the fix to FIX_ARTICLES articles through the view, stored audits
    of the new revisions included, then roll it all back."""
    from django.db import transaction
    from django.test import TestCase

    from seo.models import SeoAudit

    page_ids = list(
        SeoAudit.objects.filter(is_latest=True, checks__check_id=FIX_CHECK)
        .order_by("page_id")
        .values_list("page_id", flat=True)[:FIX_ARTICLES]
    )
    with transaction.atomic():
        start = time.perf_counter()
        # The audits on commit run here, inside the transaction.
        with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
            response = client.post(check_url, {"scope": "selected", "page": page_ids})
        seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    if response.status_code != 302:
        sys.exit(f"bulk fix: HTTP {response.status_code}")
    print(
        f"\nbulk fix of {len(page_ids)} articles ({FIX_CHECK}), the new revisions' "
        f"audits stored ({len(callbacks)} on-commit callbacks run): "
        f"{seconds:.2f} s, {ms(seconds / max(1, len(page_ids)))} per article "
        "(rolled back)"
    )


if __name__ == "__main__":
    main()
