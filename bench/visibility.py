"""What the visibility rule (articles.visibility) costs on a generated database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db kept by bench/bulk.py --keep> \\
        .venv/bin/python bench/visibility.py [--runs N]

Prints p50 / p95 in ms of:
- the visible pages' count: Wagtail's live-and-public queryset alone, then with
  `exclude_scheduled` (the page or an ancestor scheduled or expired);
- anonymous `GET /api/v3/pages/?type=articles.ArticlePage` (limit 20, newest
  first) and its detail: Wagtail's own views, then with VisibleReadsMiddleware;
- the rendered page of one article (the before_serve_page check included).

Each is measured with no page waiting and again with 100 articles scheduled
for later (in a transaction rolled back at the end), so the subquery has rows
to match. Nothing is written that outlives the run.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(call, runs: int) -> str:
    call()  # warm: connection, caches, compiled templates
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return f"p50 {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database made by bench/bulk.py")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.db import transaction
    from django.test import Client, override_settings
    from django.utils import timezone
    from wagtail.models import Page

    from articles.models import ArticlePage
    from articles.visibility import exclude_scheduled

    client = Client()
    article = ArticlePage.objects.live().order_by("-pk").first()
    if article is None:
        sys.exit("no live article: generate some with bench/bulk.py --keep")
    print(f"{ArticlePage.objects.count()} articles; {args.runs} runs each")
    url = article.get_url()
    without = [
        name
        for name in settings.MIDDLEWARE
        if name != "articles.visibility_v3.VisibleReadsMiddleware"
    ]
    listing = {"type": "articles.ArticlePage", "limit": 20, "order": "-id"}

    def report(label: str) -> None:
        public = Page.objects.live().public()
        print(f"--- {label}")
        print("count, live and public   ", timed(lambda: public.count(), args.runs))
        print(
            "count, + exclude_scheduled",
            timed(lambda: exclude_scheduled(public).count(), args.runs),
        )
        for name, path, params in (
            ("v3 list  ", "/api/v3/pages/", listing),
            ("v3 detail", f"/api/v3/pages/{article.pk}/", {}),
        ):
            with override_settings(MIDDLEWARE=without):
                print(
                    f"{name}, Wagtail's  ",
                    timed(lambda p=path, q=params: client.get(p, q), args.runs),
                )
            print(
                f"{name}, visible    ",
                timed(lambda p=path, q=params: client.get(p, q), args.runs),
            )
        print("rendered article          ", timed(lambda: client.get(url), args.runs))

    report("no page waiting")
    with transaction.atomic():
        later = timezone.now() + timedelta(days=2)
        ids = list(
            ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True)[:100]
        )
        Page.objects.filter(pk__in=ids).update(go_live_at=later)
        report("100 articles scheduled for later")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
