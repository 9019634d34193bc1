"""Faults under load: Redis killed, then PostgreSQL restarted, with gunicorn serving.

    .venv/bin/python bench/faults.py [--concurrency 6] [--redis-down 15]
                                     [--pg-down 5] [--workers N] [--log FILE]

It starts its own PostgreSQL and Redis on spare 127.0.0.1 ports in a temporary
folder (bench/_services.py; never the machine's 5432 and 6379), migrates a fresh
database, imports and publishes the seed articles (../shared/seeds, or
articles/demo_content when absent), and starts gunicorn with the production
settings (cms.settings.production, REDIS_URL and DATABASE_URL at the private
services, cms/gunicorn.conf.py when it exists). Requests carry
`X-Forwarded-Proto: https`, as behind the documented proxy.

Load: --concurrency Python threads, each sending one request after another
(a new connection each time) over API v2 detail and listing (cached by the API
response cache), a rendered article page and the sitemap (both read the
database every time). Meanwhile:

1. baseline, 5 s;
2. Redis killed with SIGKILL, load kept for --redis-down seconds;
3. Redis started again (empty, like after a crash without persistence); load
   kept until an API response is stored in Redis again (the probe detail
   response's JSON found in a stored value), at most 30 s;
4. PostgreSQL stopped (fast shutdown, SIGINT to the postmaster), load kept for
   --pg-down seconds, PostgreSQL started again, load kept for 10 s.

A request is counted in the phase current when it ended, or in the outage
it was sent during: a fault hits the requests in flight as well. It prints,
per phase and kind of request, the status codes seen (0: no HTTP
answer) and how many 503s had a JSON body, the time until caching resumed after
Redis came back, and the time from PostgreSQL accepting connections again to the
first 200 from the database and to the last failure.

Expected, else the exit status is 1:
- baseline, Redis down and Redis back: only 200s;
- caching resumes by itself once Redis is back;
- PostgreSQL down: nothing but 200s (served from the cache) and 503s, those of
  the API with a JSON body (the rendered page's and the sitemap's JSON share
  is printed); no 500, no dropped connection; at least one 503;
- recovery within 5 s of PostgreSQL accepting connections (first 200 from the
  database, and no failure after), with the same gunicorn master and workers
  (no restart of the app: no worker killed or crashed; workers recycled after
  gunicorn's max_requests are counted apart).

Every process it starts is stopped by its process id at the end, whatever
happens, and the temporary folder is removed. Bounded: about 1.5 minutes.
"""

import argparse
import collections
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._services import Services, log, request, run_and_stop, tail  # noqa: E402

RECOVERY_TARGET_S = 5.0
CACHE_RESUME_MAX_S = 30.0
DB_KINDS = ("page", "sitemap")  # kinds the response cache does not serve
API_KINDS = ("detail", "listing")
OUTAGES = ("redis down", "pg stopping", "pg down", "pg starting")
PHASES = (
    "baseline",
    "redis down",
    "redis back",
    "pg stopping",
    "pg down",
    "pg starting",
    "pg back",
)


@dataclass
class Sample:
    phase: str
    kind: str
    started: float
    ended: float
    status: int
    is_json: bool
    seconds: float
    error: str


class Load:
    """Threads sending requests in a loop, each sample tagged with the phase
    current when its request started."""

    def __init__(self, port: int, targets: list[tuple[str, str]], concurrency: int):
        self.port = port
        self.targets = targets
        self.phase = "warm-up"
        self.samples: list[Sample] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self.run, args=(index,), daemon=True)
            for index in range(concurrency)
        ]

    def run(self, index: int) -> None:
        position = index
        while not self.stopping.is_set():
            kind, path = self.targets[position % len(self.targets)]
            position += 1
            phase, started = self.phase, time.monotonic()
            response = request(self.port, path, timeout=10)
            if phase not in OUTAGES:
                # A fault hits the requests in flight too: they count in its phase.
                phase = self.phase
            sample = Sample(
                phase,
                kind,
                started,
                time.monotonic(),
                response.status,
                response.status == 503 and response.is_json,
                response.seconds,
                response.error,
            )
            with self.lock:
                self.samples.append(sample)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=15)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=6)
    parser.add_argument(
        "--workers",
        type=int,
        help="gunicorn workers (default: cms/gunicorn.conf.py's, else 2)",
    )
    parser.add_argument("--baseline", type=float, default=5)
    parser.add_argument("--redis-down", type=float, default=15)
    parser.add_argument("--pg-down", type=float, default=5)
    parser.add_argument("--after", type=float, default=10, help="load after PG is back")
    parser.add_argument("--log", type=Path, help="copy gunicorn's log to this file")
    args = parser.parse_args()

    began = time.monotonic()
    services = Services()
    services.keep_log = args.log

    def work() -> list[str]:
        services.start_backends()
        services.seed_database()
        services.start_gunicorn(args.workers)
        failures = exercise(services, args)
        if failures:
            log(f"\ngunicorn log (last lines):\n{tail(services.gunicorn_log, 8)}")
        return failures

    return run_and_stop(services, work, began=began, passed="all expectations met")


def stored_in_redis(services: Services, needle: bytes) -> bool:
    """Whether any value in the private Redis holds `needle` (a response body):
    what tells, from outside, that the response cache stores responses again."""
    client = services.redis.client()
    for key in client.scan_iter(count=1000):
        value = client.get(key)
        if value and needle in value:
            return True
    return False


def exercise(services: Services, args) -> list[str]:
    articles = services.articles()
    if not articles:
        return ["no published article to request"]
    first = articles[0]
    targets = []
    for article in articles:
        targets += [
            ("detail", f"/api/v2/pages/{article['id']}/"),
            ("listing", "/api/v2/pages/?type=articles.ArticlePage&limit=2"),
            ("page", article["path"]),
            ("sitemap", "/sitemap.xml"),
        ]
    probe = f"/api/v2/pages/{first['id']}/"
    for _, path in targets:  # the API responses are cached from here on
        request(services.port, path)
    probe_body = request(services.port, probe).body
    needle = probe_body[:200]
    cache_visible = stored_in_redis(services, needle)
    log(
        f"{len(articles)} articles; load: {args.concurrency} threads over "
        f"{len(targets)} URLs ({', '.join(sorted({k for k, _ in targets}))}); "
        f"probe {probe} "
        + (
            "found in Redis after warm-up"
            if cache_visible
            else "NOT found in Redis after warm-up (cannot time the cache's return)"
        )
    )
    workers_before = services.worker_pids()
    log_start = services.gunicorn_log.stat().st_size
    marks: dict[str, float] = {}
    with Load(services.port, targets, args.concurrency) as load:

        def enter(phase: str) -> None:
            load.phase = phase
            marks[phase] = time.monotonic()
            log(f"  {time.monotonic() - marks['baseline']:5.1f} s  {phase}")

        enter("baseline")
        time.sleep(args.baseline)

        enter("redis down")
        services.redis.kill()
        time.sleep(args.redis_down)

        services.redis.start()
        enter("redis back")
        resumed = None
        deadline = time.monotonic() + CACHE_RESUME_MAX_S
        while cache_visible and time.monotonic() < deadline:
            if stored_in_redis(services, needle):
                resumed = time.monotonic() - marks["redis back"]
                break
            time.sleep(0.1)
        time.sleep(3)  # load on the returned cache

        enter("pg stopping")
        services.pg.stop("fast")
        enter("pg down")
        time.sleep(args.pg_down)
        enter("pg starting")
        services.pg.start()
        enter("pg back")
        time.sleep(args.after)
        load.phase = "done"
    samples = load.samples
    with open(services.gunicorn_log, "rb") as file:
        file.seek(log_start)
        server_log = file.read().decode(errors="replace")
    workers = {
        "before": workers_before,
        "after": services.worker_pids(),
        "master alive": services.gunicorn.poll() is None,
        # gunicorn's words for a worker that died or was killed, not recycled.
        "killed": sum(
            server_log.count(words)
            for words in ("WORKER TIMEOUT", "exited with code", ") was sent ")
        ),
        "recycled": server_log.count("Autorestarting worker"),  # max_requests
    }
    report(samples)
    return judge(samples, marks, resumed, cache_visible, workers)


def counts(samples: list[Sample]) -> str:
    statuses = collections.Counter(s.status for s in samples)
    text = " ".join(f"{status}x{n}" for status, n in sorted(statuses.items()))
    if statuses.get(503):
        text += f" (503 JSON {sum(s.is_json for s in samples)}/{statuses[503]})"
    errors = collections.Counter(s.error for s in samples if s.error)
    if errors:
        text += " [" + ", ".join(f"{e}x{n}" for e, n in errors.items()) + "]"
    return text


def report(samples: list[Sample]) -> None:
    kinds = sorted({s.kind for s in samples})
    log("\nstatus codes per phase (0 = no HTTP answer), p50 latency in ms:")
    for phase in PHASES:
        here = [s for s in samples if s.phase == phase]
        if not here:
            continue
        p50 = statistics.median(s.seconds for s in here) * 1000
        log(f"  {phase:12} {len(here):5} requests, p50 {p50:6.1f}: {counts(here)}")
        for kind in kinds:
            of_kind = [s for s in here if s.kind == kind]
            if of_kind:
                p50 = statistics.median(s.seconds for s in of_kind) * 1000
                log(f"    {kind:10} p50 {p50:6.1f}  {counts(of_kind)}")


def judge(samples, marks, resumed, cache_visible, workers) -> list[str]:
    failures = []
    log("")
    for phase in ("baseline", "redis down", "redis back"):
        bad = [s for s in samples if s.phase == phase and s.status != 200]
        if bad:
            failures.append(f"{phase}: {len(bad)} answers not 200: {counts(bad)}")
    if not cache_visible:
        failures.append("the response cache stored nothing in Redis after warm-up")
    elif resumed is None:
        failures.append(
            f"caching did not resume within {CACHE_RESUME_MAX_S:.0f} s of Redis "
            "returning"
        )
    else:
        log(f"Redis back: an API response stored in Redis again after {resumed:.2f} s")

    outage = [s for s in samples if s.phase in ("pg stopping", "pg down")]
    wrong = [s for s in outage if s.status not in (200, 503)]
    if wrong:
        failures.append(
            f"PostgreSQL down: {len(wrong)} answers neither 200 nor 503: "
            f"{counts(wrong)}"
        )
    not_json = [
        s for s in outage if s.status == 503 and s.kind in API_KINDS and not s.is_json
    ]
    if not_json:
        failures.append(
            f"PostgreSQL down: {len(not_json)} API 503s without a JSON body"
        )
    if not any(s.status == 503 for s in outage):
        failures.append("PostgreSQL down: no 503 at all (was the database reached?)")

    # From the moment PostgreSQL accepts connections again ("pg back").
    back = marks["pg back"]
    started = back - marks["pg starting"]
    after = sorted((s for s in samples if s.phase == "pg back"), key=lambda s: s.ended)
    first_db_200 = next(
        (s.ended - back for s in after if s.kind in DB_KINDS and s.status == 200), None
    )
    failed = [s for s in after if s.status != 200]
    last_failure = max((s.ended - back for s in failed), default=0.0)
    log(
        f"PostgreSQL back (accepting connections {started:.2f} s after its start): "
        + (
            f"first 200 from the database after {first_db_200:.2f} s"
            if first_db_200 is not None
            else "NO 200 from the database"
        )
        + (
            f", last failure after {last_failure:.2f} s ({counts(failed)})"
            if failed
            else ", no failure after it"
        )
    )
    if first_db_200 is None or first_db_200 > RECOVERY_TARGET_S:
        failures.append(
            f"no 200 from the database within {RECOVERY_TARGET_S:.0f} s of "
            "PostgreSQL returning"
        )
    if last_failure > RECOVERY_TARGET_S:
        failures.append(
            f"failures until {last_failure:.1f} s after PostgreSQL returned: "
            f"{counts(failed)}"
        )
    log(
        f"gunicorn: master {'still running' if workers['master alive'] else 'GONE'}"
        f"; workers {sorted(workers['before'])} -> {sorted(workers['after'])}, "
        f"{workers['killed']} killed or crashed, {workers['recycled']} recycled "
        "after their max_requests"
    )
    if not workers["master alive"]:
        failures.append("the gunicorn master exited")
    if workers["killed"]:
        failures.append(f"{workers['killed']} gunicorn workers killed or crashed")
    return failures


if __name__ == "__main__":
    sys.exit(main())
