"""API load: our API v2 against stock Wagtail v2, gunicorn and wrk on 10,000 articles.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/api.py [--articles N] [--keep]
    .venv/bin/python bench/api.py --database-url postgres://.../cms_bench_NNNN
        [--runs 3] [--duration 10s] [--warmup 3s] [--threads 1]
        [--connections 4] [--latency-connections 2]
        [--workers 2] [--redis-url URL | --no-redis] [--settings MODULE] [--json FILE]

The database: with --database-url, an existing one (kept by `bench/bulk.py
--keep`), used read-only after `migrate --check` confirms its schema is current.
Otherwise DATABASE_URL names a PostgreSQL server and `bench/bulk.py --articles N
--generate-only --keep` generates a fresh cms_bench_<pid> there, which is dropped
at the end unless --keep.

The server: gunicorn with --workers sync workers on a free loopback port, settings
cms.settings.production (DEBUG off, as deployed; DJANGO_SECRET_KEY is a random
key per run and DJANGO_ALLOWED_HOSTS the loopback names), and bench/api_urls.py as
the URLconf: the project's cms.urls plus the peer, Wagtail's stock
PagesAPIViewSet on a plain WagtailAPIRouter, at /peer/api/v2/. Both serve the same
pages from the same workers. REDIS_URL (default: a private redis-server this
script starts on a spare port and stops, flushed before every uncached run;
--redis-url names another) is set for the server; the cache the settings
actually configure is printed, since only settings that read REDIS_URL use it.

The load: wrk with a Lua script (bench/api.lua is written to a temporary folder)
that walks a list of request paths, each wrk thread its own share, counts every
response other than 200 and prints latency percentiles as JSON from its done()
hook. Per scenario, one warm-up for each side, then --runs runs alternating
which side goes first; the median of the runs is printed. The uncached
scenarios, judged on latency, use as many connections as gunicorn has workers
(--latency-connections), so no request waits behind another in gunicorn's
backlog; the cached one, judged on throughput, twice as many (--connections),
to keep both workers busy while wrk reconnects (sync workers close every
connection after its response).

- detail, cached: --cached-ids pages (default 10) over and over, after the
  warm-up has requested them.
- detail, uncached: every request a different page id. A query-string cache
  buster would not do: a cache may key on it or strip it, and a real miss is a
  page not asked for recently. Before every uncached run the Redis cache
  database is flushed (when the settings use it); within a run no path repeats
  unless the run outlasts the ids, and then the repeats are counted and shown.
- listing of 20 without body: /api/v2/pages/?type=articles.ArticlePage&limit=20
  &offset=N with a different N for every request (any N from 0 to total-20, so
  there are as many distinct listings as articles), uncached like the detail.

Any response other than 200, or a socket error or timeout, fails the run.

Targets (issue 11), as ratios to the peer in the same run, since the machine's
speed moves both: cached detail at least 20 times the peer's requests/s, with
p99 under 20 ms; uncached detail and listing p50 at most 1.2 times the peer's.
The absolute figures are printed beside them.

The generated database needs no step by hand: bench/bulk.py migrates it,
loads the articles and runs VACUUM ANALYZE, and nothing else is precomputed
(related articles are computed when read).
"""

import argparse
import contextlib
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIDES = {"ours": "/api/v2", "peer": "/peer/api/v2"}
LISTING_LIMIT = 20
MIN_CACHED_RPS_OVER_PEER = 20.0  # cached detail: requests/s, ours / the peer's
TARGET_CACHED_P99_MS = 20.0
MAX_COST_OVER_PEER = 1.2  # uncached detail and listing: p50, ours / the peer's

# Thread i of n takes paths i, i+n, i+2n... of the file, so threads never share
# a path; "served" counts requests sent, so served - share are repeats.
WRK_SCRIPT = r"""
local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  local count = tonumber(args[2])
  paths = {}
  local n = 0
  for line in io.lines(args[1]) do
    if n % count == index then
      table.insert(paths, line)
    end
    n = n + 1
  end
  share, served, position, non200, bad_status = #paths, 0, 0, 0, 0
end

function request()
  position = position + 1
  if position > share then
    position = 1
  end
  served = served + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    bad_status = status
  end
end

function done(summary, latency, requests)
  local sent, repeats, non200_total, bad = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    local served, share = thread:get("served"), thread:get("share")
    sent = sent + served
    repeats = repeats + math.max(0, served - share)
    non200_total = non200_total + thread:get("non200")
    if thread:get("bad_status") ~= 0 then
      bad = thread:get("bad_status")
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "sent": %d, "repeats": %d, '
    .. '"non200": %d, "bad_status": %d, "errors": {"connect": %d, "read": %d, '
    .. '"write": %d, "status": %d, "timeout": %d}, "p50_us": %.1f, '
    .. '"p90_us": %.1f, "p99_us": %.1f, "mean_us": %.1f, "max_us": %.1f}\n',
    summary.requests, summary.duration, sent, repeats, non200_total, bad,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
"""


@dataclass
class Run:
    """One wrk run's figures, latencies in milliseconds."""

    requests: int
    seconds: float
    rps: float
    p50: float
    p90: float
    p99: float
    repeats: int


@dataclass
class Scenario:
    key: str
    label: str
    cached: bool
    paths: list[str]  # relative to a side's API prefix, in request order
    cursor: int = 0  # where the next uncached run starts in `paths`
    runs: dict[str, list[Run]] = field(default_factory=lambda: {s: [] for s in SIDES})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        help="an existing benchmark database (bench/bulk.py --keep); not modified",
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--database-name", help="name of the generated database (cms_bench_<pid>)"
    )
    parser.add_argument(
        "--seeds",
        default=os.environ.get("SEEDS_DIR", str(ROOT.parent / "shared" / "seeds")),
    )
    parser.add_argument("--settings", default="cms.settings.production")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument(
        "--connections",
        type=int,
        default=4,
        help="wrk connections for the cached (throughput) scenario",
    )
    parser.add_argument(
        "--latency-connections",
        type=int,
        help="wrk connections for the uncached scenarios (default: --workers)",
    )
    parser.add_argument("--duration", type=seconds, default=10, help="per run: 10s")
    parser.add_argument("--warmup", type=seconds, default=3, help="per side: 3s")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cached-ids", type=int, default=10)
    parser.add_argument(
        "--redis-url", help="a Redis to use and flush (default: a private one)"
    )
    parser.add_argument("--no-redis", action="store_true", help="leave REDIS_URL unset")
    parser.add_argument("--random-seed", type=int, default=4)
    parser.add_argument("--json", help="also write every figure to this file")
    args = parser.parse_args()
    if args.runs < 1 or args.workers < 1:
        parser.error("--runs and --workers must be at least 1")
    args.latency_connections = args.latency_connections or args.workers
    if min(args.connections, args.latency_connections, args.cached_ids) < args.threads:
        parser.error("connections and --cached-ids must be at least --threads")

    wrk = find_wrk()
    if args.database_url:
        database_url, created = args.database_url, False
        check_schema(database_url)
    else:
        database_url = generate_database(args.articles, args.seeds, args.database_name)
        created = True
    try:
        with cache_server(args):
            bench(args, wrk, database_url)
    finally:
        if created and not args.keep:
            from bench.bulk import drop_database

            name = urlsplit(database_url).path.lstrip("/")
            drop_database(os.environ["DATABASE_URL"], name)
            print(f"database {name} dropped")
        elif created:
            print(f"kept: DATABASE_URL={database_url}")


@contextlib.contextmanager
def cache_server(args) -> Iterator[None]:
    """A private Redis on a spare port for the server's cache (this script
    flushes it), unless --redis-url names one or --no-redis; stopped by its
    process id at the end, so the machine's own Redis is never touched."""
    if args.no_redis or args.redis_url:
        yield
        return
    from bench._services import PrivateRedis, spare_port

    with tempfile.TemporaryDirectory() as folder:
        redis = PrivateRedis(Path(folder), spare_port(6391))
        try:
            redis.start()
            args.redis_url = redis.url
            yield
        finally:
            redis.stop()


def seconds(text: str) -> int:
    """wrk's duration syntax: 10, 10s, 2m."""
    match = re.fullmatch(r"(\d+)([sm]?)", text.strip())
    if not match or int(match.group(1)) < 1:
        raise argparse.ArgumentTypeError(f"not a duration like 10s or 2m: {text!r}")
    return int(match.group(1)) * (60 if match.group(2) == "m" else 1)


# --- tools and the database -----------------------------------------------------


def find_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: installing the Debian package (apt-get install -y wrk)")
    apt = shutil.which("apt-get")
    if apt:
        subprocess.run([apt, "install", "-y", "-q", "wrk"], check=False)
    found = shutil.which("wrk")
    if not found:
        sys.exit(
            "wrk is not installed and apt-get could not install it; install it "
            "(Debian/Ubuntu: apt-get install wrk) and run again"
        )
    return found


def generate_database(articles: int, seeds: str, name: str | None = None) -> str:
    """A fresh database of `articles` generated articles, by bench/bulk.py."""
    server = os.environ.get("DATABASE_URL", "")
    if urlsplit(server).scheme not in ("postgres", "postgresql"):
        sys.exit(
            "Give --database-url of a kept benchmark database, or set DATABASE_URL "
            "to a PostgreSQL server to generate one, for example "
            "postgres://postgres@127.0.0.1:5432/postgres"
        )
    command = [
        sys.executable,
        str(ROOT / "bench" / "bulk.py"),
        *("--articles", str(articles), "--seeds", seeds),
        "--generate-only",
        "--keep",
        *(("--name", name) if name else ()),
    ]
    print(f"generating {articles} articles: bench/bulk.py {' '.join(command[2:])}")
    process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    kept = re.search(r"^kept: DATABASE_URL=(\S+)$", process.stdout, re.MULTILINE)
    for line in process.stdout.splitlines():
        if not line.startswith("kept:"):
            print(f"  {line}")
    if process.returncode != 0 or not kept:
        if kept:
            from bench.bulk import drop_database

            drop_database(server, urlsplit(kept.group(1)).path.lstrip("/"))
        tail = "\n".join(process.stderr.strip().splitlines()[-15:])
        sys.exit(f"bench/bulk.py failed (exit {process.returncode}):\n{tail}")
    return kept.group(1)


def check_schema(database_url: str) -> None:
    """A kept database is used as it is, so its schema must match the code."""
    process = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        },
        capture_output=True,
        text=True,
    )
    if process.returncode != 0:
        detail = (process.stdout + process.stderr).strip().splitlines()[-3:]
        sys.exit(
            f"{urlsplit(database_url).path.lstrip('/')} does not match the code's "
            f"migrations (migrate --check exit {process.returncode}); generate a new "
            "one (leave out --database-url) or migrate it first.\n  "
            + "\n  ".join(detail)
        )


def article_ids(database_url: str) -> list[int]:
    import psycopg

    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT p.id FROM wagtailcore_page p "
            "JOIN articles_articlepage a ON a.page_ptr_id = p.id "
            "WHERE p.live ORDER BY p.id"
        ).fetchall()
    return [row[0] for row in rows]


# --- the server -----------------------------------------------------------------


def bench_application():
    """gunicorn's entry point, `bench.api:bench_application()`: the project's
    WSGI application with bench/api_urls.py as its URLconf (settings read no
    URLconf from the environment, and the bench owns no settings module)."""
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    settings.ROOT_URLCONF = "bench.api_urls"
    return get_wsgi_application()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(args, database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": args.settings,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # wrk speaks plain HTTP on loopback; in production TLS ends at the proxy.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
    }
    env.pop("REDIS_URL", None)
    if not args.no_redis:
        env["REDIS_URL"] = args.redis_url
    return env


def configured_cache(env: dict[str, str]) -> dict:
    """The default cache as the server's settings build it from this env."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'debug': settings.DEBUG, "
        "'cache': settings.CACHES['default']}, default=str))"
    )
    process = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if process.returncode != 0:
        sys.exit(f"the settings do not load:\n{process.stderr.strip()[-2000:]}")
    return json.loads(process.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int, log: Path) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "bench.api:bench_application()",
        *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
        *("--chdir", str(ROOT), "--error-logfile", str(log), "--log-level", "warning"),
    ]
    # The server's own logs (a JSON line per request) go to the log file too,
    # not into the figures printed here.
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                sys.exit(f"gunicorn exited ({process.returncode}):\n{tail(log)}")
            with contextlib.suppress(OSError):
                if fetch(f"{base}/api/v2/pages/?limit=1")[0] == 200:
                    break
            if time.monotonic() > deadline:
                sys.exit(f"gunicorn did not answer within 60 s:\n{tail(log)}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def tail(log: Path, lines: int = 20) -> str:
    text = log.read_text() if log.exists() else ""
    return "\n".join(text.strip().splitlines()[-lines:])


def fetch(url: str, headers: dict[str, str] | None = None):
    """(status, headers, body) without raising on 3xx-5xx."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def flush_cache(redis_url: str) -> None:
    import redis  # present whenever the settings use a Redis cache

    redis.Redis.from_url(redis_url).flushdb()


# --- the load ---------------------------------------------------------------------


def scenarios(ids: list[int], cached_ids: int, rng: random.Random) -> list[Scenario]:
    shuffled = rng.sample(ids, len(ids))
    last = len(ids) - LISTING_LIMIT  # the last offset that still fills a page
    offsets = rng.sample(range(last + 1), last + 1)
    listing = f"/pages/?type=articles.ArticlePage&limit={LISTING_LIMIT}&offset="
    return [
        Scenario(
            "detail_cached",
            "detail, cached",
            True,
            [f"/pages/{pk}/" for pk in shuffled[:cached_ids]],
        ),
        Scenario(
            "detail_uncached",
            "detail, uncached",
            False,
            # The cached scenario's pages last, so no uncached run starts warm.
            [f"/pages/{pk}/" for pk in shuffled[cached_ids:] + shuffled[:cached_ids]],
        ),
        Scenario(
            "listing", "listing 20, no body", False, [listing + str(o) for o in offsets]
        ),
    ]


def preflight(base: str, scenario: Scenario, total: int) -> None:
    """One request per side, checked and described, before any load: for the
    scenario's last path, which uncached runs reach last."""
    for side, prefix in SIDES.items():
        path = prefix + scenario.paths[-1]
        status, headers, body = fetch(base + path)
        if status != 200:
            sys.exit(f"{side} {path} answers {status}: {body[:300]!r}")
        data = json.loads(body)
        if scenario.key == "listing":
            items = data.get("items", [])
            if len(items) != LISTING_LIMIT or data["meta"]["total_count"] < total:
                sys.exit(f"{side} {path}: {len(items)} items, meta {data['meta']}")
            if any("body" in item for item in items):
                sys.exit(f"{side} {path}: the listing carries body")
        elif f"/pages/{data.get('id')}/" != scenario.paths[-1]:
            sys.exit(f"{side} {path} answers page {data.get('id')}")
        etag, control = headers.get("ETag"), headers.get("Cache-Control")
        conditional = ""
        if etag:
            conditional = (
                f", If-None-Match -> {fetch(base + path, {'If-None-Match': etag})[0]}"
            )
        print(
            f"  {side} {path}: 200, {len(body) / 1024:.1f} kB, "
            f"ETag {'yes' if etag else 'no'}, Cache-Control {control or 'none'}"
            f"{conditional}"
        )


def run_wrk(
    wrk: str,
    script: Path,
    base: str,
    paths: list[str],
    args,
    duration: int,
    connections: int,
) -> Run:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    command = [
        wrk,
        *("-t", str(args.threads), "-c", str(connections)),
        *("-d", f"{duration}s", "--timeout", "10s", "-s", str(script)),
        base,
        *("--", listing.name, str(args.threads)),
    ]
    try:
        process = subprocess.run(command, capture_output=True, text=True)
    finally:
        os.unlink(listing.name)
    found = re.search(r"^BENCH_JSON (.*)$", process.stdout, re.MULTILINE)
    if process.returncode != 0 or not found:
        sys.exit(
            f"wrk failed ({process.returncode}):\n{process.stdout}{process.stderr}"
        )
    figures = json.loads(found.group(1))
    errors = {name: count for name, count in figures["errors"].items() if count}
    if figures["non200"] or errors:
        sys.exit(
            f"FAILED: {figures['non200']} of {figures['requests']} responses were "
            f"not 200 (last: {figures['bad_status']}), socket errors {errors}, "
            f"on {base}{paths[0]} and the like"
        )
    elapsed = figures["duration_us"] / 1e6
    return Run(
        requests=figures["requests"],
        seconds=elapsed,
        rps=figures["requests"] / elapsed,
        p50=figures["p50_us"] / 1000,
        p90=figures["p90_us"] / 1000,
        p99=figures["p99_us"] / 1000,
        repeats=figures["repeats"],
    )


def load(
    wrk: str, script: Path, base: str, scenario: Scenario, side: str, args, duration
) -> Run:
    paths = scenario.paths
    if not scenario.cached:
        # Start where the last run stopped, so consecutive runs ask for other pages.
        paths = paths[scenario.cursor :] + paths[: scenario.cursor]
        if args.flush:
            flush_cache(args.redis_url)
    prefix = SIDES[side]
    connections = args.connections if scenario.cached else args.latency_connections
    result = run_wrk(
        wrk, script, base, [prefix + p for p in paths], args, duration, connections
    )
    if not scenario.cached:
        scenario.cursor = (scenario.cursor + result.requests) % len(scenario.paths)
    return result


def bench(args, wrk: str, database_url: str) -> None:
    ids = article_ids(database_url)
    if len(ids) <= LISTING_LIMIT:
        sys.exit(f"{len(ids)} live articles: too few to benchmark")
    name = urlsplit(database_url).path.lstrip("/")
    print(f"database {name}: {len(ids)} live articles")
    print(f"load average at start: {load_average()}")
    env = server_env(args, database_url)
    settings = configured_cache(env)
    cache = settings["cache"]
    args.flush = not args.no_redis and args.redis_url in json.dumps(cache)
    print(
        f"settings {args.settings} (DEBUG {settings['debug']}), cache "
        f"{cache.get('BACKEND')} at {cache.get('LOCATION') or '-'}"
        + (", flushed before every uncached run" if args.flush else "")
    )
    if not args.flush:
        print(
            "  (the settings do not use REDIS_URL: uncached runs rely on distinct "
            "ids only, and a per-process cache is not shared by the workers)"
        )
    chosen = scenarios(ids, args.cached_ids, random.Random(args.random_seed))
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "api.lua"
        script.write_text(WRK_SCRIPT)
        log = Path(folder) / "gunicorn.log"
        with gunicorn(env, args.workers, log) as base:
            print(
                f"gunicorn: {args.workers} sync workers on {base}; wrk: "
                f"{args.threads} thread(s), {args.connections} connections cached, "
                f"{args.latency_connections} uncached, "
                f"{args.warmup} s warm-up per side, {args.runs} x {args.duration} s"
            )
            for scenario in chosen:
                print(f"{scenario.label}:")
                preflight(base, scenario, len(ids))
                for side in SIDES:
                    load(wrk, script, base, scenario, side, args, args.warmup)
                for run in range(args.runs):
                    order = list(SIDES) if run % 2 == 0 else list(SIDES)[::-1]
                    for side in order:
                        result = load(
                            wrk, script, base, scenario, side, args, args.duration
                        )
                        scenario.runs[side].append(result)
                        print(
                            f"  run {run + 1} {side}: {result.rps:6.0f} req/s, "
                            f"p50 {result.p50:6.2f} ms, p90 {result.p90:6.2f} ms, "
                            f"p99 {result.p99:6.2f} ms ({result.requests} requests"
                            + (
                                f", {result.repeats} repeated paths"
                                if result.repeats and not scenario.cached
                                else ""
                            )
                            + ")"
                        )
            errors = tail(log)
    if errors:
        print(f"gunicorn log (last lines):\n{errors}")
    print(f"load average at the end: {load_average()}")
    report(chosen, args)


def load_average() -> str:
    # Other work on the machine shares the CPU with gunicorn and wrk.
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


# --- the figures --------------------------------------------------------------------


def medians(runs: list[Run]) -> dict[str, float]:
    return {
        name: statistics.median(getattr(run, name) for run in runs)
        for name in ("p50", "p90", "p99", "rps")
    }


def verdicts(key: str, ours: dict, peer: dict) -> tuple[str, list[str]]:
    """The scenario's target, and the parts of it that were missed."""
    if key == "detail_cached":
        checks = {
            f"req/s >= {MIN_CACHED_RPS_OVER_PEER:.0f}x peer": ours["rps"]
            >= MIN_CACHED_RPS_OVER_PEER * peer["rps"],
            f"p99 < {TARGET_CACHED_P99_MS:.0f} ms": ours["p99"] < TARGET_CACHED_P99_MS,
        }
    else:
        checks = {
            f"p50 <= {MAX_COST_OVER_PEER:.1f}x peer": ours["p50"]
            <= MAX_COST_OVER_PEER * peer["p50"],
        }
    return ", ".join(checks), [name for name, ok in checks.items() if not ok]


def report(chosen: list[Scenario], args) -> None:
    print(
        f"\nmedian of {args.runs} runs of {args.duration} s; latency in ms; "
        "ours/peer is p50 and req/s"
    )
    header = (
        f"{'scenario':20} {'ours p50':>8} {'p99':>6} {'req/s':>6}"
        f"  {'peer p50':>8} {'p99':>6} {'req/s':>6}  {'ours/peer':>13}"
        f"  {'target':38} verdict"
    )
    print(header)
    print("-" * len(header))
    figures = {}
    for scenario in chosen:
        ours, peer = medians(scenario.runs["ours"]), medians(scenario.runs["peer"])
        target, missed = verdicts(scenario.key, ours, peer)
        figures[scenario.key] = {
            "ours": ours,
            "peer": peer,
            "runs": {s: [asdict(r) for r in runs] for s, runs in scenario.runs.items()},
            "target": target,
            "missed": missed,
        }
        ratio = f"{ours['p50'] / peer['p50']:.2f}x {ours['rps'] / peer['rps']:.2f}x"
        print(
            f"{scenario.label:20} {ours['p50']:8.2f} {ours['p99']:6.2f} "
            f"{ours['rps']:6.0f}  {peer['p50']:8.2f} {peer['p99']:6.2f} "
            f"{peer['rps']:6.0f}  {ratio:>13}  {target:38} "
            + ("met" if not missed else "MISSED: " + ", ".join(missed))
        )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
