"""SEO side panel: server time of a live refresh for the longest seed, 10,000 articles.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/panel.py [--runs 20] [--keep-db] [--articles N]
                                        [--database-name NAME] [--profile]

The database: DATABASE_URL names a PostgreSQL server (SQLite is refused: the
figures are for the deployed database). `bench/bulk.py --generate-only --keep`
(through bench/api.py's `generate_database`) makes a fresh database of
--articles generated articles there, and `manage.py import_articles --publish`
adds the longest seed, the largest .txt in ../shared/seeds (SEEDS_DIR or
--seeds). It is dropped at the end, unless --keep-db: then it is named
cms_bench_panel (or --database-name), kept, and reused by the next --keep-db run
(migrated first if the code has new migrations, the seed imported if missing).

Everything runs in this process (settings cms.settings.test: DEBUG off), with
Django's test Client logged in as a superuser (force_login), so the time
around `client.post` is the whole server side of the panel's refresh:
middleware, Wagtail's form binding, the audit and the panel's template. The
form is posted URL-encoded, as the panel's script posts it, and encoded
before the clock starts.

The form is what the editor posts: the edit page's form fields
(`querydict_from_html`) and the body StreamField's fields as the editor's
block widgets write them (built here from each block's own widget; the script
checks they read back as the stored body before timing anything).

It prints:

- the site index (`seo.site.build_site_index`, the one the panel keeps per
  process in `seo.site_cache`): build time, the process's RSS growth over that
  first build, and with tracemalloc its peak and what it keeps;
- cold: the first POST to /admin/seo/panel/<id>/ after `site_cache.forget()`,
  which builds the site index (its build time inside the request is shown);
- warm: median and p90 of --runs POSTs, each with one more word appended to a
  paragraph (so nothing can be answered from a cache keyed on content), and how
  many times the site index was rebuilt during them (should be 0); then the
  median per request of its phases, timed by wrapping the functions in place
  (form parsing, form construction and validation, `PanelAudit()` and
  the library stamp query inside it, the panel template, the rest), and the
  garbage collector's pauses during the runs;
- the audit apart: medians of `PanelAudit(page)` plus `.groups` alone (the
  stored page, its body changed the same way), and of the panel template
  rendered from such an audit;
- the target: warm median under 150 ms; when missed (or with --profile), the
  five slowest SQL queries of one more warm request and a cProfile of another,
  top 25 by cumulative time below the view's post(), and top 15 by own time.

The machine's load average is printed at the start and the end: other work on
it moves every figure.
"""

import argparse
import contextlib
import copy
import cProfile
import gc
import json
import math
import os
import pstats
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 150.0
KEPT_NAME = "cms_bench_panel"
SETTINGS = "cms.settings.test"
BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')
# Appended one at a time to the same paragraph, as a writer types.
WORDS = (
    *("gently", "often", "warmth", "muscles", "relief", "stretching", "posture"),
    *("nerve", "comfort", "walking", "sleep", "therapist", "session", "pressure"),
    *("circulation", "recovery", "daily", "tension", "spine", "balance"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="warm requests")
    parser.add_argument("--articles", type=int, default=10_000)
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
    parser.add_argument(
        "--profile", action="store_true", help="profile one warm request anyway"
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    server = os.environ.get("DATABASE_URL", "")
    if urlsplit(server).scheme not in ("postgres", "postgresql"):
        sys.exit(
            "bench/panel.py needs PostgreSQL, not SQLite: set DATABASE_URL to a "
            "PostgreSQL server, for example "
            "postgres://postgres@127.0.0.1:5432/postgres"
        )
    seeds = sorted(Path(args.seeds).glob("*.txt"), key=lambda p: p.stat().st_size)
    if not seeds:
        # The generator recombines the seeds too: nothing to build or time.
        print(f"no seed articles (.txt) in {args.seeds}: skipped (set SEEDS_DIR)")
        return
    seed = seeds[-1]

    from bench.bulk import _with_database, drop_database

    name = args.database_name or (
        KEPT_NAME if args.keep_db else f"cms_bench_panel_{os.getpid()}"
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
        bench(args, database_url, seed)
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


def database_exists(server: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(server) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
    return found is not None


def manage(database_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
        },
        capture_output=True,
        text=True,
    )


def migrate_if_needed(database_url: str) -> None:
    """A kept database follows the code's migrations (it is ours to change)."""
    if manage(database_url, "migrate", "--check").returncode == 0:
        return
    start = time.perf_counter()
    process = manage(database_url, "migrate", "--noinput")
    if process.returncode != 0:
        sys.exit(f"migrate failed on the kept database:\n{process.stderr[-2000:]}")
    print(f"  migrated to the code's schema: {time.perf_counter() - start:.1f} s")


def seed_page(database_url: str, seed: Path):
    """The seed's article, imported and published by import_articles if absent."""
    from articles.models import ArticlePage

    source = str(seed.resolve())
    page = ArticlePage.objects.filter(source_file=source).first()
    if page is None:
        start = time.perf_counter()
        process = manage(database_url, "import_articles", source, "--publish")
        if process.returncode != 0:
            sys.exit(f"import_articles failed:\n{process.stderr[-2000:]}")
        print(
            f"manage.py import_articles {seed.name} --publish: "
            f"{time.perf_counter() - start:.1f} s"
        )
        page = ArticlePage.objects.get(source_file=source)
    return page


# --- the editor's form ------------------------------------------------------------


def block_fields(block, raw, prefix: str, data) -> None:
    """`raw` (a block's stored JSON value) as the editor's block widgets post it
    under `prefix`, into the QueryDict `data`: streams and lists with their
    count, type, id, order and deleted fields, structs by child name, and
    every field block through its own form widget (rich text as Draftail's
    contentstate, dates in the admin's format, checkboxes "on" or absent)."""
    from wagtail import blocks

    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = str(len(raw))
        for index, child in enumerate(raw):
            item = f"{prefix}-{index}"
            data[f"{item}-type"] = child["type"]
            data[f"{item}-id"] = child.get("id") or ""
            data[f"{item}-order"] = str(index)
            data[f"{item}-deleted"] = ""
            child_block = block.child_blocks[child["type"]]
            block_fields(child_block, child["value"], f"{item}-value", data)
    elif isinstance(block, blocks.ListBlock):
        data[f"{prefix}-count"] = str(len(raw))
        for index, child in enumerate(raw):
            item = f"{prefix}-{index}"
            is_item = isinstance(child, dict) and child.get("type") == "item"
            data[f"{item}-id"] = (child.get("id") or "") if is_item else ""
            data[f"{item}-order"] = str(index)
            data[f"{item}-deleted"] = ""
            value = child["value"] if is_item else child
            block_fields(block.child_block, value, f"{item}-value", data)
    elif isinstance(block, blocks.StructBlock):
        if not isinstance(raw, dict):  # a legacy form, e.g. an image id
            raw = block.get_prep_value(block.to_python(raw))
        for name, child_block in block.child_blocks.items():
            block_fields(child_block, raw.get(name), f"{prefix}-{name}", data)
    else:
        from django.forms import CheckboxInput

        value = block.value_for_form(block.to_python(raw))
        widget = block.field.widget
        if isinstance(widget, CheckboxInput):
            if value:
                data[prefix] = "on"
            return
        shown = widget.format_value(value)
        if isinstance(shown, list):  # Select
            data.setlist(prefix, shown)
        else:
            data[prefix] = "" if shown is None else str(shown)


def edit_form(client, page):
    """The edit page's form as the editor posts it, timed (the view audits the
    page for its side panel, so it also builds the site index if absent)."""
    from wagtail.test.utils.form_data import querydict_from_html

    start = time.perf_counter()
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    took = time.perf_counter() - start
    if response.status_code != 200:
        sys.exit(f"the edit view answered {response.status_code}")
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data = data.copy()
    raw = list(page.body.raw_data)
    block_fields(page.body.stream_block, raw, "body", data)
    check_round_trip(page, data)
    return data, raw, took


def check_round_trip(page, data) -> None:
    """The posted body must read back as the stored body, or the timings
    would be of some other article."""
    stream_block = page.body.stream_block
    posted = stream_block.get_prep_value(
        stream_block.clean(stream_block.value_from_datadict(data, {}, "body"))
    )
    stored = stream_block.get_prep_value(page.body)
    posted, stored = comparable(posted), comparable(stored)
    if posted != stored:
        for index, (a, b) in enumerate(zip(posted, stored, strict=False)):
            if a != b:
                sys.exit(
                    f"the form's body differs from the stored one at block {index}:"
                    f"\n  posted {json.dumps(a)[:400]}\n  stored {json.dumps(b)[:400]}"
                )
        sys.exit(f"the form has {len(posted)} blocks, the page {len(stored)}")


def comparable(value):
    """A stored body without what the editor's round trip adds: Draftail's
    data-block-key on each rich text block, and ids on the items of lists
    stored in the older plain form. Everything else must be the same."""
    if isinstance(value, str):
        return BLOCK_KEY.sub("", value)
    if isinstance(value, dict):
        if value.keys() == {"type", "value", "id"} and value["type"] == "item":
            return comparable(value["value"])
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [comparable(item) for item in value]
    return value


def typed(raw: list[dict], paragraph: int, words: int) -> list[dict]:
    """The body with `words` words appended to the paragraph at `paragraph`."""
    changed = copy.deepcopy(raw)
    html = changed[paragraph]["value"]
    addition = " " + " ".join(WORDS[i % len(WORDS)] for i in range(words))
    cut = html.rfind("</p>")
    if cut < 0:
        changed[paragraph]["value"] = html + addition
    else:
        changed[paragraph]["value"] = html[:cut].rstrip(".") + addition + html[cut:]
    return changed


# --- figures ----------------------------------------------------------------------


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


class Phases:
    """Time spent in a few functions, per request, summed over their calls.
    `labels` in the order of a request; those marked nested run inside an
    earlier one (the library stamp inside the audit)."""

    SPOTS = (
        ("django.http.request", "HttpRequest", "_load_post_and_files", "form parsing"),
        ("seo.admin.views", "LiveAuditOnEdit", "get_form", "form construction"),
        ("seo.admin.views", "LiveAuditOnEdit", "validate_form", "form validation"),
        ("seo.admin.panel", "PanelAudit", "__init__", "PanelAudit()"),
        ("seo.site_cache", None, "library_stamp", "(of which library stamp query)"),
        ("seo.admin.views", None, "render_to_string", "panel template"),
    )

    def __init__(self):
        self.labels = [label for *_, label in self.SPOTS]
        self.runs: list[dict[str, float]] = []

    @contextlib.contextmanager
    def installed(self):
        import importlib

        restore = []
        for module_name, class_name, attr, label in self.SPOTS:
            module = importlib.import_module(module_name)
            owner = getattr(module, class_name) if class_name else module
            original = getattr(owner, attr)
            restore.append((owner, attr, owner.__dict__.get(attr)))
            setattr(owner, attr, self._timed(original, label))
        try:
            yield
        finally:
            for owner, attr, original in reversed(restore):
                if original is None:
                    delattr(owner, attr)
                else:
                    setattr(owner, attr, original)

    def _timed(self, original, label):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                if self.runs:
                    self.runs[-1][label] += time.perf_counter() - start

        return timed

    @contextlib.contextmanager
    def request(self):
        self.runs.append(dict.fromkeys(self.labels, 0.0))
        yield

    def medians(self) -> dict[str, float]:
        return {
            label: statistics.median(run[label] for run in self.runs)
            for label in self.labels
        }

    def top_level(self) -> list[list[float]]:
        """Per request, the times of the phases that are not nested."""
        return [
            [run[label] for label in self.labels if not label.startswith("(")]
            for run in self.runs
        ]


@contextlib.contextmanager
def gc_pauses():
    """{generation: [collections, seconds]} of the collector while inside."""
    found = {gen: [0, 0.0] for gen in range(3)}
    started = [0.0]

    def callback(phase, info):
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            found[info["generation"]][0] += 1
            found[info["generation"]][1] += time.perf_counter() - started[0]

    gc.callbacks.append(callback)
    try:
        yield found
    finally:
        gc.callbacks.remove(callback)


def bench(args, database_url: str, seed: Path) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.template.loader import render_to_string
    from django.test import Client

    from articles.models import ArticlePage
    from seo import site_cache
    from seo.admin.panel import PanelAudit
    from seo.admin.views import PANEL_BODY
    from seo.site import build_site_index

    page = seed_page(database_url, seed)
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    articles = ArticlePage.objects.count()
    live = ArticlePage.objects.filter(live=True).count()
    words = sum(len(str(b.get("value")).split()) for b in page.body.raw_data)
    print(
        f"library: {articles} articles ({live} live); seed {seed.name}: page "
        f"{page.pk}, {len(page.body.raw_data)} blocks, about {words} words"
    )
    paragraphs = [
        i for i, block in enumerate(page.body.raw_data) if block["type"] == "paragraph"
    ]
    if not paragraphs:
        sys.exit("the seed article has no paragraph to type into")
    paragraph = paragraphs[len(paragraphs) // 2]

    # The site index on its own: time and RSS of the process's first build,
    # then tracemalloc over a second one (tracemalloc slows what it watches).
    gc.collect()
    before = rss_kb()
    start = time.perf_counter()
    index = build_site_index()
    build_s = time.perf_counter() - start
    rss_growth_mb = (rss_kb() - before) / 1024
    del index
    gc.collect()
    tracemalloc.start()
    index = build_site_index()
    kept_mb, peak_mb = (n / 2**20 for n in tracemalloc.get_traced_memory())
    tracemalloc.stop()
    del index
    gc.collect()
    print(
        f"site index: build {ms(build_s)}; RSS +{rss_growth_mb:.0f} MB over the "
        f"first build; tracemalloc peak {peak_mb:.0f} MB, kept {kept_mb:.0f} MB"
    )

    # Count and time every site index build the panel makes from here on.
    builds: list[float] = []
    original_build = site_cache.build_site_index

    def timed_build():
        start = time.perf_counter()
        try:
            return original_build()
        finally:
            builds.append(time.perf_counter() - start)

    site_cache.build_site_index = timed_build

    user, _ = get_user_model().objects.get_or_create(
        username="bench_panel",
        defaults={"email": "bench@example.org", "is_superuser": True, "is_staff": True},
    )
    client = Client()
    client.force_login(user)
    url = f"/admin/seo/panel/{page.pk}/"

    data, raw, edit_s = edit_form(client, page)
    print(
        f"edit view GET (first request of the process, {len(builds)} index "
        f"build): {ms(edit_s)}"
    )

    def form_for(words: int):
        """The form with `words` words typed at the end of the paragraph."""
        form = data.copy()
        block_fields(page.body.stream_block, typed(raw, paragraph, words), "body", form)
        return form

    def post(form, around=contextlib.nullcontext):
        body = urlencode(form, doseq=True)  # as the panel's script posts it
        with around():
            start = time.perf_counter()
            response = client.post(
                url, body, content_type="application/x-www-form-urlencoded"
            )
            took = time.perf_counter() - start
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}: {response.content[:500]}")
        return took, response.json()

    site_cache.forget()
    builds.clear()
    cold_s, answer = post(form_for(0))
    print(
        f"cold POST {url}: {ms(cold_s)} (of which site index build "
        f"{ms(sum(builds))}); score {answer['score']}, problems {answer['problems']}"
    )

    builds.clear()
    warm = []
    phases = Phases()
    with gc_pauses() as pauses, phases.installed():
        for run in range(1, args.runs + 1):
            form = form_for(run)
            with phases.request():
                took, _ = post(form)
            warm.append(took)
    median = statistics.median(warm)
    print(
        f"warm POST, {args.runs} runs, one word more each: median {ms(median)}, "
        f"p90 {ms(p90(warm))}, min {ms(min(warm))}, max {ms(max(warm))}; site index "
        f"rebuilt {len(builds)} times"
    )
    found = phases.medians()
    rest = [t - sum(p) for t, p in zip(warm, phases.top_level(), strict=True)]
    print(
        "  medians per warm request: "
        + "; ".join(f"{label} {ms(found[label])}" for label in phases.labels)
        + "; the rest (middleware, session, page lookup, JSON) "
        + ms(statistics.median(rest))
    )

    stored = ArticlePage.objects.get(pk=page.pk)
    audits, renders = [], []
    for run in range(1, args.runs + 1):
        stored.body = json.dumps(typed(raw, paragraph, run))
        start = time.perf_counter()
        audit = PanelAudit(stored)
        _ = audit.groups
        audits.append(time.perf_counter() - start)
        start = time.perf_counter()
        render_to_string(PANEL_BODY, {"audit": audit})
        renders.append(time.perf_counter() - start)
    print(
        f"audit alone, PanelAudit(page).groups: median {ms(statistics.median(audits))}"
        f", p90 {ms(p90(audits))}; panel template alone: median "
        f"{ms(statistics.median(renders))}"
    )

    print(
        "garbage collector during the warm requests: "
        + ", ".join(
            f"generation {gen} {count}x {ms(spent)}"
            for gen, (count, spent) in sorted(pauses.items())
        )
    )

    print("load average now: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    verdict = "met" if median < TARGET_MS / 1000 else "MISSED"
    print(f"target: warm median under {TARGET_MS:.0f} ms: {verdict}")
    if median >= TARGET_MS / 1000 or args.profile:
        slowest_queries(post, form_for(args.runs + 1))
        profile_request(post, form_for(args.runs + 2))


def slowest_queries(post, form, top: int = 5) -> None:
    """The SQL of one more warm request, slowest first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    context = CaptureQueriesContext(connection)
    took, _ = post(form, lambda: context)
    queries = sorted(context.captured_queries, key=lambda q: -float(q["time"]))
    total = sum(float(q["time"]) for q in queries)
    print(
        f"\nSQL of one warm POST ({ms(took)}): {len(queries)} queries, "
        f"{ms(total)}; slowest {top}:"
    )
    for query in queries[:top]:
        sql = " ".join(query["sql"].split())
        print(f"  {float(query['time']) * 1000:6.1f} ms  {sql[:160]}")


def profile_request(post, form) -> None:
    """cProfile of one more warm request: the top 25 by cumulative time below
    the view's post() (the frames above it, the test client, middleware and
    decorators, each hold nearly the whole request), then the top 15 by own
    time."""
    profiler = cProfile.Profile()

    @contextlib.contextmanager
    def profiling():
        profiler.enable()
        try:
            yield
        finally:
            profiler.disable()

    took, _ = post(form, profiling)
    stats = pstats.Stats(profiler).stats
    rows = [
        (cumulative, own, calls, where(function))
        for function, (_, calls, own, cumulative, _) in stats.items()
    ]
    # The frames above the view's post() (test client, middleware,
    # decorators) each hold nearly the whole request: left out.
    view = [
        row[0]
        for function, row in zip(stats, rows, strict=True)
        if function[0].endswith("seo/admin/views.py") and function[2] == "post"
    ]
    limit = max(view) if view else 0.95 * max(row[0] for row in rows)
    below = [row for row in rows if row[0] <= limit]
    print(
        f"\nprofile of one warm POST: {ms(took)} under cProfile, of which the "
        f"view's post() {ms(limit)}; the {len(rows) - len(below)} frames above "
        "it (client, middleware, decorators) left out"
    )
    print("top 25 by cumulative time:  cumulative ms, own ms, calls, function")
    for cumulative, own, calls, name in sorted(below, reverse=True)[:25]:
        print(f"  {cumulative * 1000:8.1f} {own * 1000:8.1f} {calls:7d}  {name}")
    print("top 15 by own time:  own ms, cumulative ms, calls, function")
    for cumulative, own, calls, name in sorted(rows, key=lambda r: -r[1])[:15]:
        print(f"  {own * 1000:8.1f} {cumulative * 1000:8.1f} {calls:7d}  {name}")


def where(function: tuple) -> str:
    filename, line, name = function
    for prefix in (str(ROOT / ".venv" / "lib") + "/", str(ROOT) + "/"):
        if filename.startswith(prefix):
            filename = filename[len(prefix) :]
    filename = re.sub(r"^python3\.\d+/site-packages/", "", filename)
    return f"{filename}:{line}({name})" if line else name


if __name__ == "__main__":
    main()
