"""Load: wrk with 50 connections for 60 s over a mix of the public read paths.

    .venv/bin/python bench/load.py [--connections 50] [--duration 60]
        [--articles 1000 | --database-url URL] [--workers N] [--timeout 30]
        [--warmup 10]
        [--json FILE]

The services (bench/_services.py): a private PostgreSQL and Redis on spare
127.0.0.1 ports (never the machine's own), and gunicorn with the production
settings (cms.settings.production, cms/gunicorn.conf.py when it exists) pointed
at them. The database: by default a fresh one in the private PostgreSQL with
--articles generated articles (bench/bulk.py --generate-only --search-index,
so search has an index), thrown away at the end; or --database-url, an existing
database, only read. Requests carry `X-Forwarded-Proto: https`, as behind the
documented proxy.

The mix: one wrk process per kind of request, all at once, sharing the
--connections between them (40% cached detail, 22% uncached detail, 18%
listing, 18% search, 2% and at least one sitemap). Each connection is a client
asking for one kind of thing as fast as it is answered:

- detail, cached: API v2 detail of 10 articles, requested once before the load;
- detail, uncached: API v2 detail, a different article every request (the
  count of repeated paths is printed when a run outlasts the articles);
- listing: API v2 listing of 20, a different offset every request;
- search: API v2 search (`?search=` two words of the articles' vocabulary,
  combinations in a random order);
- sitemap: /sitemap.xml, built from the database on every request.

First --warmup seconds of the same kinds on paths the load then leaves out,
so every gunicorn worker is past its first requests; its figures are not kept.
Each wrk process runs a Lua script written by this bench: it walks its list of
paths, counts every response that is not 2xx or 3xx by status, and at the end
prints wrk's whole latency histogram, so percentiles are exact per kind and
over all requests. Socket errors (connect, read, write, timeout after
--timeout seconds) are wrk's own counts.

It prints, per kind and overall, requests, req/s, p50, p95, p99 and max
latency, the responses that were not 2xx/3xx and the socket errors. Expected:
zero errors, else the exit status is 1. Everything it starts is stopped by
process id at the end, and its temporary folder removed.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._services import Services, log, request, run_and_stop  # noqa: E402

LISTING = "/api/v2/pages/?type=articles.ArticlePage&limit=20&offset="
SEARCH = "/api/v2/pages/?type=articles.ArticlePage&limit=10&search="
# Words the seed articles (and so the generated ones) use.
VOCABULARY = " ".join(
    (
        "sciatica massage pain nerve back leg stretch heat ice therapy therapist",
        "muscle piriformis spine lumbar posture exercise relief flare sitting work",
        "pressure tissue session breathing sleep walking hip glute hamstring tension",
        "doctor symptoms numbness tingling treatment recovery gentle foam roller",
    )
).split()
UNCACHED = ("detail_uncached", "listing", "search")  # a new path every request
# (key, label, share of the connections)
MIXES = (
    ("detail_cached", "detail, cached", 0.40),
    ("detail_uncached", "detail, uncached", 0.22),
    ("listing", "listing 20", 0.18),
    ("search", "search", 0.18),
    # One client: the whole sitemap is built on every request (seconds with a
    # thousand articles), as crawlers ask for it now and then, not all at once.
    ("sitemap", "sitemap", 0.02),
)

WRK_SCRIPT = r"""
-- args: a file of request paths, one a line. done() runs in its own Lua state:
-- it reads the thread's counters through the thread object (wrk -t 1).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths, position, sent, bad = {}, 0, 0, {}
  for line in io.lines(args[1]) do
    table.insert(paths, line)
  end
end

function request()
  position = position + 1
  sent = sent + 1
  if position > #paths then
    position = 1
  end
  return wrk.format("GET", paths[position], {["X-Forwarded-Proto"] = "https"})
end

function response(status, headers, body)
  if status < 200 or status > 399 then
    bad[tostring(status)] = (bad[tostring(status)] or 0) + 1
  end
end

function done(summary, latency, requests)
  local statuses, sent = {}, 0
  for _, thread in ipairs(threads) do
    sent = sent + thread:get("sent")
    for status, count in pairs(thread:get("bad")) do
      table.insert(statuses, string.format('"%s": %d', status, count))
    end
  end
  -- The latency at every 0.1th percentile, every 0.01th above the 99th: enough
  -- to merge the kinds into overall percentiles (wrk's Lua API gives no
  -- histogram). This kind's own p50, p95, p99 and max are exact.
  local quantiles = {}
  local function add(p)
    table.insert(quantiles, string.format("[%.2f,%d]", p, latency:percentile(p)))
  end
  if summary.requests > 0 then
    for i = 1, 990 do add(i / 10) end
    for i = 9901, 10000 do add(i / 100) end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "sent": %d, '
    .. '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
    .. '"bad_statuses": {%s}, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
    .. '"max_us": %d, "quantiles": [%s]}\n',
    summary.requests, summary.duration, sent,
    e.connect, e.read, e.write, e.timeout, table.concat(statuses, ", "),
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, table.concat(quantiles, ",")))
end
"""


@dataclass
class Mix:
    key: str
    label: str
    connections: int
    paths: list[str]
    requests: int = 0
    seconds: float = 0.0
    repeats: int = 0
    errors: dict = field(default_factory=dict)
    bad_statuses: dict = field(default_factory=dict)
    latency_ms: dict = field(default_factory=dict)  # p50, p95, p99, max: wrk's
    quantiles: list = field(default_factory=list)  # [(percentile, microseconds)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--database-url", help="an existing database, only read")
    parser.add_argument(
        "--workers",
        type=int,
        help="gunicorn workers (default: cms/gunicorn.conf.py's, else 2)",
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=30,
        help="wrk's per-request timeout, s (default: gunicorn's own, 30)",
    )
    parser.add_argument(
        "--warmup", type=int, default=10, help="seconds of warm-up load first"
    )
    parser.add_argument("--random-seed", type=int, default=11)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--log", type=Path, help="copy gunicorn's log to this file")
    args = parser.parse_args()
    if args.connections < len(MIXES):
        parser.error(f"--connections must be at least {len(MIXES)}, one per kind")
    if args.duration < 1:
        parser.error("--duration must be at least 1 second")

    wrk = find_wrk()
    began = time.monotonic()
    services = Services()
    services.keep_log = args.log

    def work() -> list[str]:
        services.start_backends()
        if args.database_url:
            services.database_url = args.database_url
            log(f"database: {args.database_url} (read only)")
        else:
            services.generated_database(args.articles)
        services.start_gunicorn(args.workers)
        return bench(services, wrk, args)

    return run_and_stop(services, work, began=began, passed="zero errors")


def find_wrk() -> str:
    """wrk, installed from Debian when missing (apt may be busy: retried)."""
    for attempt in range(6):
        found = shutil.which("wrk")
        if found:
            return found
        if not shutil.which("apt-get"):
            break
        log("wrk is missing: apt-get install -y wrk")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False)
        time.sleep(10 * attempt)
    sys.exit("wrk is not installed (Debian/Ubuntu: apt-get install wrk)")


def split(total: int) -> list[int]:
    """The connections per mix by share, at least one each (largest remainder)."""
    raw = [share * total for _, _, share in MIXES]
    counts = [max(1, int(r)) for r in raw]
    order = sorted(range(len(MIXES)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for index in order:
        if sum(counts) >= total:
            break
        counts[index] += 1
    while sum(counts) > total:  # the minimum of one each overshot
        counts[counts.index(max(counts))] -= 1
    return counts


def article_ids(services: Services) -> list[int]:
    import psycopg

    with psycopg.connect(services.database_url) as connection:
        rows = connection.execute(
            "SELECT p.id FROM wagtailcore_page p "
            "JOIN articles_articlepage a ON a.page_ptr_id = p.id "
            "WHERE p.live ORDER BY p.id"
        ).fetchall()
    return [row[0] for row in rows]


def mixes(ids: list[int], connections: list[int], rng: random.Random) -> list[Mix]:
    shuffled = rng.sample(ids, len(ids))
    cached, uncached = shuffled[:10], shuffled[10:] or shuffled
    offsets = list(range(max(1, len(ids) - 19)))
    rng.shuffle(offsets)
    pairs = [f"{a}+{b}" for a in VOCABULARY for b in VOCABULARY if a != b]
    rng.shuffle(pairs)
    paths = {
        "detail_cached": [f"/api/v2/pages/{pk}/" for pk in cached],
        "detail_uncached": [f"/api/v2/pages/{pk}/" for pk in uncached],
        "listing": [f"{LISTING}{offset}" for offset in offsets],
        "search": [f"{SEARCH}{pair}" for pair in pairs],
        "sitemap": ["/sitemap.xml"],
    }
    return [
        Mix(key, label, count, paths[key])
        for (key, label, _), count in zip(MIXES, connections, strict=True)
    ]


def preflight(services: Services, chosen: list[Mix]) -> list[str]:
    """One request of each kind, before the load (and the cached ones warmed)."""
    problems = []
    for mix in chosen:
        for path in mix.paths if mix.key == "detail_cached" else mix.paths[-1:]:
            response = request(services.port, path, timeout=60)
            if response.status != 200:
                problems.append(
                    f"{mix.label}: {path} answered {response.status} "
                    f"{response.body[:200]!r}"
                )
                break
        else:
            size, took = len(response.body) / 1024, response.seconds * 1000
            log(
                f"  {mix.label:17} {len(mix.paths):6} paths, e.g. {path}: 200, "
                f"{size:.1f} kB in {took:.0f} ms"
            )
    return problems


def bench(services: Services, wrk: str, args) -> list[str]:
    ids = article_ids(services)
    if len(ids) < 20:
        return [f"{len(ids)} live articles: too few for the mix"]
    chosen = mixes(ids, split(args.connections), random.Random(args.random_seed))
    log(
        f"{len(ids)} articles; gunicorn workers {len(services.worker_pids())}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    problems = preflight(services, chosen)
    if problems:
        return problems
    folder = Path(tempfile.mkdtemp(prefix="cms-load-", dir=services.folder))
    script = folder / "mix.lua"
    script.write_text(WRK_SCRIPT)
    if args.warmup:
        warm_up(services, wrk, script, folder, chosen, args)
    log(
        f"wrk: {args.connections} connections ("
        + ", ".join(f"{m.label} {m.connections}" for m in chosen)
        + f") for {args.duration} s, timeout {args.timeout} s"
    )
    running = []
    for mix in chosen:
        listing = folder / f"{mix.key}.txt"
        listing.write_text("\n".join(mix.paths) + "\n")
        command = [
            wrk,
            *("-t", "1", "-c", str(mix.connections), "-d", f"{args.duration}s"),
            *("--timeout", f"{args.timeout}s", "-s", str(script)),
            f"http://127.0.0.1:{services.port}",
            *("--", str(listing)),
        ]
        running.append(
            (mix, subprocess.Popen(command, stdout=subprocess.PIPE, text=True))
        )
    failures = []
    for mix, process in running:
        try:
            output, _ = process.communicate(timeout=args.duration + args.timeout + 60)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        line = next(
            (x for x in output.splitlines() if x.startswith("BENCH_JSON ")), None
        )
        if process.returncode != 0 or line is None:
            failures.append(f"{mix.label}: wrk failed ({process.returncode}) {output}")
            continue
        figures = json.loads(line.removeprefix("BENCH_JSON "))
        mix.requests = figures["requests"]
        mix.seconds = figures["duration_us"] / 1e6
        if mix.key in UNCACHED:
            mix.repeats = max(0, figures["sent"] - len(mix.paths))
        mix.errors = {k: v for k, v in figures["errors"].items() if v}
        mix.bad_statuses = figures["bad_statuses"]
        mix.latency_ms = {
            name: figures[f"{name}_us"] / 1000 for name in ("p50", "p95", "p99", "max")
        }
        mix.quantiles = figures["quantiles"]
    report(chosen, args)
    server_side(services, chosen)
    for mix in chosen:
        if mix.bad_statuses or mix.errors:
            failures.append(
                f"{mix.label}: responses not 2xx/3xx {mix.bad_statuses or 0}, "
                f"socket errors {mix.errors or 0}"
            )
    return failures


def warm_up(services: Services, wrk: str, script: Path, folder: Path, chosen, args):
    """Every worker past its first requests of each kind before the figures are
    taken: --warmup seconds of the mix's own kinds on paths the load then leaves
    out (the sitemap apart: one request takes seconds)."""
    paths = []
    for mix in chosen:
        if mix.key == "sitemap":
            continue
        if mix.key in UNCACHED:
            count = min(50, len(mix.paths) // 20)
            paths += mix.paths[-count:]
            mix.paths = mix.paths[:-count]
        else:
            paths += mix.paths
    random.Random(args.random_seed).shuffle(paths)
    listing = folder / "warm-up.txt"
    listing.write_text("\n".join(paths) + "\n")
    process = subprocess.run(
        [
            wrk,
            *("-t", "1", "-c", str(args.connections), "-d", f"{args.warmup}s"),
            *("--timeout", f"{args.timeout}s", "-s", str(script)),
            f"http://127.0.0.1:{services.port}",
            *("--", str(listing)),
        ],
        capture_output=True,
        text=True,
        timeout=args.warmup + args.timeout + 60,
    )
    line = next(
        (x for x in process.stdout.splitlines() if x.startswith("BENCH_JSON ")), "{}"
    )
    figures = json.loads(line.removeprefix("BENCH_JSON "))
    log(
        f"warm-up: {args.warmup} s, {figures.get('requests', 0)} requests on "
        f"{len(paths)} paths, not 2xx/3xx {figures.get('bad_statuses') or 0}, "
        f"socket errors {sum((figures.get('errors') or {}).values())} (not counted)"
    )


def server_side(services: Services, chosen: list[Mix]) -> None:
    """The time inside the application per kind, from its JSON request log
    (cms.request lines, when the settings write them): the rest of wrk's
    latency is the wait in gunicorn's backlog. Listing and search share a path."""
    kinds = {}
    for mix in chosen:
        for path in mix.paths:
            key = "listing and search" if "?" in path else mix.label
            kinds[path.split("?")[0]] = key
    found: dict[str, list[float]] = {}
    for line in services.gunicorn_log.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("name") == "cms.request" and "duration_ms" in entry:
            kind = kinds.get(entry.get("path"))
            if kind:
                found.setdefault(kind, []).append(float(entry["duration_ms"]))
    if not found:
        return
    log("time inside the application (request log), ms:")
    for kind, times in found.items():
        times.sort()
        at = [
            times[min(len(times) - 1, int(f * len(times)))] for f in (0.5, 0.95, 0.99)
        ]
        log(
            f"  {kind:19} {len(times):6} requests  p50 {at[0]:8.1f}  "
            f"p95 {at[1]:8.1f}  p99 {at[2]:8.1f}"
        )


def merged_percentiles(chosen: list[Mix]) -> dict[str, float]:
    """Percentiles over every request of every kind, from each kind's quantiles:
    the latency at each of its quantiles stands for the requests between it and
    the one before (0.1% of that kind's requests, 0.01% above the 99th)."""
    points = []  # (milliseconds, requests it stands for)
    for mix in chosen:
        previous = 0.0
        for percent, micros in mix.quantiles:
            points.append((micros / 1000, mix.requests * (percent - previous) / 100))
            previous = percent
    points.sort()
    total = sum(weight for _, weight in points)
    found = {}
    for name, fraction in (("p50", 0.50), ("p95", 0.95), ("p99", 0.99)):
        seen = 0.0
        for value, weight in points:
            seen += weight
            if seen >= fraction * total - 1e-9:
                found[name] = value
                break
        else:
            found[name] = float("nan")
    found["max"] = max((m.latency_ms.get("max", 0) for m in chosen), default=0)
    return found


def report(chosen: list[Mix], args) -> None:
    seconds = max((m.seconds for m in chosen), default=0) or 1
    rows = [
        (m.label, m.connections, m.requests, m.requests / (m.seconds or 1),
         m.latency_ms, m.bad_statuses, m.errors, m.repeats)
        for m in chosen
    ]  # fmt: skip
    bad: dict[str, int] = {}
    errors: dict[str, int] = {}
    for mix in chosen:
        for name, count in mix.bad_statuses.items():
            bad[name] = bad.get(name, 0) + count
        for name, count in mix.errors.items():
            errors[name] = errors.get(name, 0) + count
    requests = sum(m.requests for m in chosen)
    rows.append(
        (
            "overall",
            sum(m.connections for m in chosen),
            requests,
            requests / seconds,
            merged_percentiles(chosen) if requests else {},
            bad,
            errors,
            0,
        )
    )
    header = (
        f"{'mix':17} {'conns':>5} {'requests':>8} {'req/s':>7} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  errors"
    )
    log("\n" + header + "\n" + "-" * len(header))
    figures = {}
    nan = float("nan")
    for label, conns, count, rps, latency, bad, errors, repeats in rows:
        p50, p95, p99, top = (latency.get(k, nan) for k in ("p50", "p95", "p99", "max"))
        problems = ", ".join(
            [f"status {k} x{v}" for k, v in bad.items()]
            + [f"{k} x{v}" for k, v in errors.items()]
        )
        log(
            f"{label:17} {conns:5} {count:8} {rps:7.1f} {p50:8.1f} {p95:8.1f} "
            f"{p99:8.1f} {top:8.1f}  {problems or 'none'}"
            + (f" ({repeats} repeated paths)" if repeats else "")
        )
        figures[label] = {
            "connections": conns,
            "requests": count,
            "rps": rps,
            **{f"{k}_ms": v for k, v in latency.items()},
            "bad_statuses": bad,
            "socket_errors": errors,
        }
    log(
        "(p50, p95, p99, max per kind: wrk's own; overall: merged from each kind's "
        "latency at every 0.1th percentile)"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
        log(f"figures written to {args.json}")


if __name__ == "__main__":
    sys.exit(main())
