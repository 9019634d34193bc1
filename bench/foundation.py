"""Import and API v2 figures for the foundation, on a throwaway SQLite database.

    .venv/bin/python bench/foundation.py [--seeds DIR] [--runs N] [--requests N]

Prints the median wall time to import the seed articles (parse and store, five
runs), then API v2 detail and listing latency (median and p95 over N requests
with Django's test client) and the SQL queries per request.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()

    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    bench_import(Path(args.seeds), args.runs)
    bench_api(args.requests)


def bench_import(seeds: Path, runs: int) -> None:
    from articles.importing import find_sources, parse_file
    from articles.importing.store import default_parent, store
    from articles.models import ArticlePage

    sources, _ = find_sources([seeds])
    parse_times, total_times = [], []
    for _ in range(runs):
        ArticlePage.objects.all().delete()
        start = time.perf_counter()
        articles = [parse_file(source) for source in sources]
        parsed = time.perf_counter()
        for article in articles:
            store(article, default_parent(), publish=True)
        done = time.perf_counter()
        parse_times.append(parsed - start)
        total_times.append(done - start)
    print(f"import of {len(sources)} seeds ({runs} runs, median):")
    print(f"  parse only          {statistics.median(parse_times) * 1000:8.1f} ms")
    print(f"  parse + store + pub {statistics.median(total_times) * 1000:8.1f} ms")


def bench_api(requests: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import ArticlePage

    client = Client()
    longest = max(ArticlePage.objects.live(), key=lambda p: len(p.body.raw_data))
    urls = {
        f"detail (page {longest.pk}, {len(longest.body.raw_data)} blocks)": (
            f"/api/v2/pages/{longest.pk}/"
        ),
        "listing, fields=*": "/api/v2/pages/?type=articles.ArticlePage&fields=*",
        "listing, no body": "/api/v2/pages/?type=articles.ArticlePage&fields=-body",
    }
    print(f"API v2 via Django's test client ({requests} requests each):")
    for label, url in urls.items():
        assert client.get(url).status_code == 200  # warm-up, and a sanity check
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(
            f"  {label:32} median {statistics.median(times) * 1000:6.2f} ms"
            f"  p95 {p95 * 1000:6.2f} ms  {len(queries)} SQL queries"
        )


if __name__ == "__main__":
    main()
