"""Management commands start without the audit's heavy libraries, and `check`
without the check modules.

numpy, scipy (through datasketch) and datasketch itself cost about a second of
startup in every process; only a bulk audit's site index needs them. A fresh
interpreter sets Django up with the project's settings, loads the URLconf,
runs `check` and `seo_audit --list-checks`, and reports what it imported.
bench/startup.py measures the time itself.
"""

import itertools
import json
import os
import subprocess
import sys

from django.conf import settings

HEAVY = ("numpy", "scipy", "datasketch", "wordninja")

SCRIPT = """
import json, sys
from io import StringIO

import django
from django.core.management import call_command
from django.urls import get_resolver

django.setup()
get_resolver().url_patterns
loaded = {}
call_command("check", stdout=StringIO())
loaded["check"] = sorted(sys.modules)
# A check module imported by other code before the registry is first read
# registers its checks early; they must still run in the named order.
import seo.checks.health
from seo.checks import registry
loaded["modules"] = [check.__module__ for check in registry.all()]
listing = StringIO()
call_command("seo_audit", "--list-checks", stdout=listing)
loaded["list-checks"] = sorted(sys.modules)
loaded["listed"] = listing.getvalue()
print(json.dumps(loaded))
"""


def test_commands_start_without_numpy_scipy_or_datasketch():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.splitlines()[-1])
    # The site-wide checks were registered and listed, without their index.
    assert "near-duplicate" in loaded["listed"]
    assert "seo.checks.site" in loaded["list-checks"]
    for step in ("check", "list-checks"):
        modules = set(loaded[step])
        heavy = sorted(name for name in modules if name.split(".")[0] in HEAVY)
        assert heavy == [], f"{step} imported {heavy[:5]}"
    # Each area's checks together, in the order seo.checks names the areas
    # (alphabetical), although seo.checks.health was imported first.
    areas = [module for module, _ in itertools.groupby(loaded["modules"])]
    assert len(areas) == len(set(areas)) == 8
    assert areas == sorted(areas)
    # The registry imports the check modules when it is first read, which
    # `check` never does.
    check_modules = [m for m in loaded["check"] if m.startswith("seo.checks.")]
    assert set(check_modules) <= {"seo.checks.base"}, check_modules
