"""Private services for the fault and load scripts (bench/faults.py, bench/load.py).

Everything here runs on 127.0.0.1, on spare ports, in one temporary folder:

- PostgreSQL: `initdb` into the folder, then the `postgres` binary itself (no
  pg_ctl), so its process id is the postmaster's and it can be stopped by that
  id. PostgreSQL refuses to run as root, so when the script runs as root the
  folder is handed to the `postgres` user and the server runs as that user.
  Durability is switched off (fsync, synchronous_commit): the data is thrown
  away at the end, and it makes migrating a fresh database several times faster.
- Redis: `redis-server` with persistence off, its own port.
- gunicorn: the project's WSGI application with the production settings, the
  environment pointing at the two private services.

The machine's own PostgreSQL (5432) and Redis (6379) are never touched: ports
are chosen among the free ones, and those two are refused outright.

Every process is started with subprocess.Popen and stopped by its own process
id; `Services.close()` stops whatever is still running and removes the folder.
"""

from __future__ import annotations

import contextlib
import glob
import http.client
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MACHINE_PORTS = {5432, 6379}  # the machine's own services: never ours
SEEDS = Path(os.environ.get("SEEDS_DIR", str(ROOT.parent / "shared" / "seeds")))
DEMO_CONTENT = ROOT / "articles" / "demo_content"
GUNICORN_CONF = ROOT / "cms" / "gunicorn.conf.py"
# The production settings redirect plain HTTP to HTTPS (SECURE_SSL_REDIRECT);
# behind the documented proxy every request arrives with this header.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# No setup step (migrate, import, generation) may run longer than this.
STEP_TIMEOUT_S = 900


def log(message: str) -> None:
    print(message, flush=True)


def spare_port(preferred: int) -> int:
    """`preferred` if nothing listens there, otherwise any free port."""
    for candidate in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            port = probe.getsockname()[1]
            if port not in MACHINE_PORTS:
                return port
    raise RuntimeError("no free port on 127.0.0.1")


def wait_until(check, timeout: float, what: str, interval: float = 0.1) -> float:
    """Call check() until it is true; the seconds it took. Raises after timeout."""
    start = time.monotonic()
    while True:
        with contextlib.suppress(Exception):
            if check():
                return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"{what}: not ready after {timeout:.0f} s")
        time.sleep(interval)


def stop_pid(process: subprocess.Popen | None, sig: int, timeout: float) -> None:
    """Signal one process by its id, wait, and SIGKILL it if it outlives timeout."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(process.pid, sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def tail(path: Path, lines: int = 15) -> str:
    if not path.exists():
        return ""
    text = path.read_text(errors="replace").strip().splitlines()
    return "\n".join(text[-lines:])


# --- PostgreSQL -------------------------------------------------------------------


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]  # the newest major version installed
    on_path = shutil.which(name)
    if on_path:
        return on_path
    raise RuntimeError(f"PostgreSQL's {name} is not installed (/usr/lib/postgresql)")


class PrivatePostgres:
    def __init__(self, folder: Path, port: int):
        self.data = folder / "pgdata"
        self.sockets = folder / "pgsock"
        self.log_path = folder / "postgres.log"
        self.port = port
        self.process: subprocess.Popen | None = None
        # PostgreSQL will not run as root: run it as the postgres user then.
        self.user = "postgres" if os.geteuid() == 0 else None
        self.sockets.mkdir()
        if self.user:
            entry = pwd.getpwnam(self.user)
            for path in (folder, self.sockets):
                os.chown(path, entry.pw_uid, entry.pw_gid)

    def _run_as(self) -> dict:
        return {"user": self.user} if self.user else {}

    def init(self) -> None:
        process = subprocess.run(
            [
                _pg_bin("initdb"),
                *("-D", str(self.data), "-U", "postgres"),
                *("--auth", "trust", "--encoding", "UTF8", "--no-sync"),
            ],
            capture_output=True,
            text=True,
            cwd="/",
            timeout=120,
            **self._run_as(),
        )
        if process.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{process.stdout}{process.stderr}")

    def start(self, timeout: float = 60) -> float:
        """Start the postmaster; the seconds until it accepts connections."""
        with open(self.log_path, "a") as out:
            self.process = subprocess.Popen(
                [
                    _pg_bin("postgres"),
                    *("-D", str(self.data), "-p", str(self.port)),
                    *("-h", "127.0.0.1", "-k", str(self.sockets)),
                    *("-c", "fsync=off", "-c", "synchronous_commit=off"),
                    *("-c", "full_page_writes=off", "-c", "max_connections=100"),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd="/",
                **self._run_as(),
            )
        return wait_until(self.accepts, timeout, "private PostgreSQL", 0.05)

    def accepts(self) -> bool:
        if self.process is None or self.process.poll() is not None:
            if self.process is not None:
                raise RuntimeError(
                    f"PostgreSQL exited ({self.process.returncode}):\n"
                    + tail(self.log_path)
                )
            return False
        import psycopg

        with psycopg.connect(self.url("postgres"), connect_timeout=2) as connection:
            # Ours, not another script's that took the port first.
            (folder,) = connection.execute("SHOW data_directory").fetchone()
            return Path(folder).resolve() == self.data.resolve()

    def stop(self, mode: str = "fast", timeout: float = 30) -> None:
        """PostgreSQL's shutdown modes, signalled to the postmaster's id:
        smart SIGTERM, fast SIGINT, immediate SIGQUIT."""
        sig = {"smart": signal.SIGTERM, "fast": signal.SIGINT}.get(mode, signal.SIGQUIT)
        stop_pid(self.process, sig, timeout)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


# --- Redis ------------------------------------------------------------------------


class PrivateRedis:
    def __init__(self, folder: Path, port: int):
        self.folder = folder / "redis"
        self.folder.mkdir()
        self.log_path = folder / "redis.log"
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 15) -> float:
        redis_server = shutil.which("redis-server")
        if not redis_server:
            raise RuntimeError("redis-server is not installed (Debian: redis-server)")
        self.process = subprocess.Popen(
            [
                redis_server,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.folder)),
                *("--logfile", str(self.log_path), "--daemonize", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return wait_until(self.ping, timeout, "private Redis", 0.05)

    def client(self):
        import redis

        return redis.Redis(
            host="127.0.0.1", port=self.port, socket_timeout=2, socket_connect_timeout=2
        )

    def ping(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise RuntimeError(f"Redis exited ({self.process.returncode})")
        # Ours, not another script's that took the port first: then ours exits.
        return self.client().info("server")["process_id"] == self.process.pid

    def kill(self) -> None:
        """SIGKILL by process id: a crash, not a shutdown."""
        stop_pid(self.process, signal.SIGKILL, 10)

    def stop(self) -> None:
        stop_pid(self.process, signal.SIGTERM, 10)


# --- the application --------------------------------------------------------------


@dataclass
class Response:
    status: int  # 0 when no HTTP answer came (refused, reset, timeout)
    headers: dict[str, str]
    body: bytes
    seconds: float
    error: str = ""

    @property
    def is_json(self) -> bool:
        if "json" not in self.headers.get("content-type", ""):
            return False
        try:
            json.loads(self.body)
        except ValueError:
            return False
        return True


def request(port: int, path: str, headers: dict | None = None, timeout=15.0):
    """One GET on a new connection (gunicorn's sync workers close each one)."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={**PROXY_HEADERS, **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        found = {name.lower(): value for name, value in response.getheaders()}
        return Response(response.status, found, body, time.perf_counter() - start)
    except (OSError, http.client.HTTPException) as error:
        return Response(0, {}, b"", time.perf_counter() - start, type(error).__name__)
    finally:
        connection.close()


class Services:
    """A temporary folder holding a private PostgreSQL, Redis and gunicorn."""

    def __init__(self, pg_port: int = 55432, redis_port: int = 6390):
        self.folder = Path(tempfile.mkdtemp(prefix="cms-bench-"))
        self.pg = PrivatePostgres(self.folder, spare_port(pg_port))
        self.redis = PrivateRedis(self.folder, spare_port(redis_port))
        self.gunicorn: subprocess.Popen | None = None
        self.gunicorn_log = self.folder / "gunicorn.log"
        self.port = 0
        self.database_url = ""
        self.media = self.folder / "media"
        self.media.mkdir()
        self.secret = secrets.token_urlsafe(40)
        self.keep_log: Path | None = None  # where to copy gunicorn's log at the end
        self.extra_env: dict[str, str] = {}  # for the server only

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start_backends(self) -> None:
        start = time.monotonic()
        self.pg.init()
        self.pg.start()
        self.redis.start()
        log(
            f"private PostgreSQL on 127.0.0.1:{self.pg.port} "
            f"(pid {self.pg.process.pid}), Redis on 127.0.0.1:{self.redis.port} "
            f"(pid {self.redis.process.pid}), in {self.folder}: "
            f"{time.monotonic() - start:.1f} s"
        )

    def env(self, settings: str = "cms.settings.production", redis: bool = True):
        """The environment the documented deployment sets, pointed at the
        private services (nothing inherited names the machine's own)."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CACHE_"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": settings,
                "DJANGO_SECRET_KEY": self.secret,
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DATABASE_URL": self.database_url,
                "MEDIA_ROOT": str(self.media),
                "PYTHONUNBUFFERED": "1",
            }
        )
        if redis:
            env["REDIS_URL"] = self.redis.url
        return env

    def manage(self, *args: str, settings="cms.settings.production") -> str:
        process = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(settings),
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT_S,
        )
        if process.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed ({process.returncode}):\n"
                + "\n".join((process.stdout + process.stderr).splitlines()[-20:])
            )
        return process.stdout

    def seed_database(self, name: str = "cms_faults") -> None:
        """A fresh database, migrated, with the seed articles (or the demo
        content when the seeds are absent) imported and published."""
        start = time.monotonic()
        self.database_url = self.pg.create_database(name)
        self.manage("migrate", "--noinput")
        migrated = time.monotonic()
        source = SEEDS if SEEDS.is_dir() else DEMO_CONTENT
        self.manage("import_articles", str(source), "--publish")
        log(
            f"database {name}: migrate {migrated - start:.1f} s, import of "
            f"{source} {time.monotonic() - migrated:.1f} s"
        )

    def generated_database(self, articles: int, name: str = "cms_load") -> None:
        """A fresh database of generated articles, by bench/bulk.py."""
        start = time.monotonic()
        env = {**self.env("cms.settings.test"), "DATABASE_URL": self.pg.url("postgres")}
        process = subprocess.run(
            [
                PYTHON,
                str(ROOT / "bench" / "bulk.py"),
                *("--articles", str(articles), "--name", name),
                *("--generate-only", "--keep", "--search-index"),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT_S,
        )
        if process.returncode != 0:
            raise RuntimeError(
                f"bench/bulk.py failed ({process.returncode}):\n"
                + "\n".join((process.stdout + process.stderr).splitlines()[-20:])
            )
        self.database_url = self.pg.url(name)
        log(
            f"database {name}: {articles} generated articles (bench/bulk.py, "
            f"migrate and search index included): {time.monotonic() - start:.1f} s"
        )

    def start_gunicorn(self, workers: int | None = None, timeout: float = 300) -> None:
        """gunicorn on a spare port; `workers` None: the config file's number,
        or 2 without one."""
        self.port = spare_port(18000)
        command = [PYTHON, "-m", "gunicorn"]
        if GUNICORN_CONF.exists():
            command += ["--config", str(GUNICORN_CONF)]
        elif workers is None:
            workers = 2
        if workers is not None:
            command += ["--workers", str(workers)]
        command += [
            *("--bind", f"127.0.0.1:{self.port}"),
            *("--chdir", str(ROOT), "--error-logfile", str(self.gunicorn_log)),
            # Its default control socket is one path per user, shared with any
            # other gunicorn on the machine.
            "--no-control-socket",
            "cms.wsgi:application",
        ]
        with open(self.gunicorn_log, "a") as out:
            self.gunicorn = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**self.env(), **self.extra_env},
                stdout=out,
                stderr=out,
            )

        def answers() -> bool:
            if self.gunicorn.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited ({self.gunicorn.returncode}):\n"
                    + tail(self.gunicorn_log)
                )
            return request(self.port, "/api/v2/pages/?limit=1").status == 200

        took = wait_until(answers, timeout, "gunicorn", 0.2)
        log(
            f"gunicorn (pid {self.gunicorn.pid}, {len(self.worker_pids())} workers, "
            f"{'cms/gunicorn.conf.py' if GUNICORN_CONF.exists() else 'no config file'}"
            f", cms.settings.production) on 127.0.0.1:{self.port}: {took:.1f} s"
        )

    def worker_pids(self) -> set[int]:
        """gunicorn's workers: the master's children (from /proc)."""
        if self.gunicorn is None:
            return set()
        found = set()
        for status in glob.glob("/proc/[0-9]*/status"):
            with contextlib.suppress(OSError):
                text = Path(status).read_text()
                for line in text.splitlines():
                    if line.startswith("PPid:"):
                        if int(line.split()[1]) == self.gunicorn.pid:
                            found.add(int(status.split("/")[2]))
                        break
        return found

    def articles(self, limit: int = 100) -> list[dict]:
        """Live articles as API v2 lists them: id and rendered-page path."""
        from urllib.parse import urlsplit

        response = request(
            self.port,
            f"/api/v2/pages/?type=articles.ArticlePage&limit={limit}",
        )
        if response.status != 200:
            raise RuntimeError(f"API v2 listing answered {response.status}")
        return [
            {"id": item["id"], "path": urlsplit(item["meta"]["html_url"]).path}
            for item in json.loads(response.body)["items"]
        ]

    def close(self) -> None:
        workers = self.worker_pids()
        stop_pid(self.gunicorn, signal.SIGTERM, 20)
        for pid in workers:  # still there only if the master had to be killed
            with contextlib.suppress(OSError):
                if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    os.kill(pid, signal.SIGKILL)
        self.redis.stop()
        self.pg.stop("fast")
        if self.keep_log and self.gunicorn_log.exists():
            shutil.copyfile(self.gunicorn_log, self.keep_log)
            log(f"gunicorn log copied to {self.keep_log}")
        shutil.rmtree(self.folder, ignore_errors=True)


def run_and_stop(services: Services, work, *, began: float, passed: str) -> int:
    """Run `work()` (the set-up steps, then the checks; it returns the
    failures), stop every process whatever happens, print the verdict, and
    return the exit status: 0 when nothing failed."""
    failures: list[str] = []
    try:
        failures = work()
    except Exception as error:  # a setup step failed: say which, still clean up
        failures = [f"{type(error).__name__}: {error}"]
        log(f"\nFAILED to run: {failures[0]}")
        if services.gunicorn_log.exists():
            log(f"gunicorn log (last lines):\n{tail(services.gunicorn_log)}")
    finally:
        services.close()
    log(f"\ntotal {time.monotonic() - began:.0f} s; every process stopped by pid")
    if failures:
        log("FAILED:\n- " + "\n- ".join(failures))
        return 1
    log(passed)
    return 0


# --- a command line: services around one command ------------------------------------


def main() -> int:
    """`bench/_services.py [--token] -- COMMAND...`: the private services and
    gunicorn (a fresh database with the seed articles), COMMAND run with
    BASE_URL (and, with --token, API_TOKEN: a superuser's bearer token made by
    `manage.py api_tokens create`) in its environment, then everything stopped.
    Its exit status is COMMAND's."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("--token", action="store_true", help="set API_TOKEN too")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--log", type=Path, help="copy gunicorn's log to this file")
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra environment for gunicorn (repeatable)",
    )
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command after --")
    services = Services()
    services.keep_log = args.log
    services.extra_env = dict(item.split("=", 1) for item in args.env)
    try:
        services.start_backends()
        services.seed_database()
        env = {**os.environ, "BASE_URL": ""}
        if args.token:
            services.manage(
                "shell",
                "-c",
                "from django.contrib.auth import get_user_model; "
                "get_user_model().objects.create_superuser("
                "'bench', 'bench@example.org', None)",
            )
            token = services.manage(
                "api_tokens", "create", "--user", "bench", "--name", "bench"
            )
            env["API_TOKEN"] = token.strip()
        services.start_gunicorn(args.workers)
        env["BASE_URL"] = f"http://127.0.0.1:{services.port}"
        log(f"running: {' '.join(command)}")
        return subprocess.run(command, env=env).returncode
    finally:
        services.close()


if __name__ == "__main__":
    sys.exit(main())
