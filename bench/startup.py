"""Startup time of management commands against a bare `wagtail start` project.

    .venv/bin/python bench/startup.py [--runs N] [--importtime]

Creates a bare project with `wagtail start` (this virtualenv's) in a temporary
folder, then times, in alternating rounds so that machine load hits all three
alike, the wall time of:

- `manage.py check` here (cms.settings.dev, the default of manage.py),
- `manage.py seo_audit --list-checks` here,
- `manage.py check` in the bare project,
- `manage.py check` in the bare project with this project's one change to
  manage.py's exit (it freezes the garbage collector, so the interpreter's
  final collections skip the objects Django loaded): the like-for-like peer,

and prints each one's median wall time and CPU time (user + system) and their
ratios to the bare project's as `wagtail start` makes it, then the same ratios
against the like-for-like peer, which show what this project's own modules
cost. Every command must succeed; the target is a wall time ratio of at most
1.2 against the bare project. On a busy machine the CPU ratio is the steadier
one: other processes stretch wall time but not CPU time. `--importtime`
adds the modules that this project loads on `check` and the bare project does
not, by their own import time (python -X importtime), heaviest first.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
WAGTAIL = ROOT / ".venv" / "bin" / "wagtail"
TARGET = 1.2
# The bare project's manage.py run with this project's exit handler.
FROZEN_AT_EXIT = (
    "import atexit, gc, runpy, sys; atexit.register(gc.freeze); "
    "sys.argv = ['manage.py', 'check']; "
    "runpy.run_path('manage.py', run_name='__main__')"
)


def bare_project(folder: Path) -> Path:
    subprocess.run(
        [str(WAGTAIL), "start", "bare", str(folder)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return folder


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall time, and CPU time (user + system), of one run of the command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=None
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def imports(cwd: Path, env: dict[str, str]) -> dict[str, int]:
    """Each module's own import time (microseconds) during `manage.py check`."""
    done = subprocess.run(
        [str(PYTHON), "-X", "importtime", "manage.py", "check"],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    found = {}
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "[us]" not in line:
            own, _, name = line.removeprefix("import time:").split("|")
            found[name.strip()] = int(own)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()

    # The bare project must not inherit this project's settings or database.
    # Both write and then use bytecode, as on any machine where the code has
    # run once: with PYTHONDONTWRITEBYTECODE set, every run would compile this
    # project's few hundred modules from source, and the bare project's ten.
    unset = {"DJANGO_SETTINGS_MODULE", "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    bare_env = {k: v for k, v in env.items() if k != "DATABASE_URL"}
    folder = Path(tempfile.mkdtemp(prefix="bare-wagtail-"))
    try:
        bare = bare_project(folder)
        commands = {
            "check (this project)": ([str(PYTHON), "manage.py", "check"], ROOT, env),
            "seo_audit --list-checks": (
                [str(PYTHON), "manage.py", "seo_audit", "--list-checks"],
                ROOT,
                env,
            ),
            "check (bare wagtail start)": (
                [str(PYTHON), "manage.py", "check"],
                bare,
                bare_env,
            ),
            "check (bare, frozen at exit)": (
                [str(PYTHON), "-c", FROZEN_AT_EXIT],
                bare,
                bare_env,
            ),
        }
        # One untimed round: the first run after a change compiles bytecode.
        for command, cwd, command_env in commands.values():
            timed(command, cwd, command_env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (command, cwd, command_env) in commands.items():
                wall, used = timed(command, cwd, command_env)
                times[name].append(wall)
                cpu[name].append(used)
        if args.importtime:
            ours, theirs = imports(ROOT, env), imports(bare, bare_env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    bare, peer = "check (bare wagtail start)", "check (bare, frozen at exit)"
    ours = ("check (this project)", "seo_audit --list-checks")
    median = {name: statistics.median(values) for name, values in times.items()}
    cpu_median = {name: statistics.median(values) for name, values in cpu.items()}
    print(f"median of {args.runs} alternating runs (load after: {load()}):")
    print(
        f"  {'':28} {'wall':>7} {'(min-max)':>11} {'ratio':>6} {'CPU':>7} {'ratio':>6}"
    )
    for name, values in times.items():
        spread = f"{min(values):.2f}-{max(values):.2f}"
        print(
            f"  {name:28} {median[name]:6.2f}s {spread:>11}"
            f" {median[name] / median[bare]:6.2f}"
            f" {cpu_median[name]:6.2f}s {cpu_median[name] / cpu_median[bare]:6.2f}"
        )
    print("  like for like, against the bare project frozen at exit:")
    for name in ours:
        print(
            f"  {name:28} {'':19} {median[name] / median[peer]:6.2f}"
            f" {'':7} {cpu_median[name] / cpu_median[peer]:6.2f}"
        )
    worst = max(median[name] for name in ours) / median[bare]
    verdict = "met" if worst <= TARGET else "NOT met"
    print(f"target: wall time at most {TARGET}x the bare project's: {verdict}")
    print(
        "  (CPU time is the steadier figure on a busy machine: other processes "
        "stretch wall time, not CPU time)"
    )
    if args.importtime:
        extra = Counter()
        for name, own in ours.items():
            if name not in theirs:
                extra[name.split(".")[0]] += own
        print("imported here but not in the bare project (own import time, ms):")
        for package, own in extra.most_common(15):
            print(f"  {package:28} {own / 1000:7.1f}")


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
