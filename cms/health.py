"""Health URLs for load balancers and orchestrators.

- `/healthz` (liveness): the process answers. Touches nothing else, so a
  database outage never gets healthy workers restarted.
- `/readyz` (readiness): the database answers and every migration on disk is
  applied (else 503), and the cache stores and returns a value. Each
  component's result is in the JSON. The cache is reported but not required:
  the site serves uncached while Redis is down (cms/caching.py), so a Redis
  outage answers 200 with status "degraded" rather than taking every instance
  out of the load balancer at once.

They are answered by a middleware placed right after the request log, before
SecurityMiddleware and CommonMiddleware: a probe comes over plain HTTP (no
HTTPS redirect) and names the instance by its IP address (no ALLOWED_HOSTS
check, which would answer 400), needs no session or login, and is never
cached (`Cache-Control: no-store`).
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

logger = logging.getLogger("cms.health")

# Migrations on disk do not change while a process runs, and applied ones are
# not unapplied, so once all are applied the (slow) check is not repeated.
_migrations_applied = False


class UnappliedMigrations(Exception):
    pass


def check_database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("the cache did not return the value just stored")
    finally:
        cache.delete(key)


def check_migrations() -> None:
    global _migrations_applied
    if _migrations_applied:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = [f"{m.app_label}.{m.name}" for m, _backwards in plan]
        shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
        raise UnappliedMigrations(f"{len(names)} unapplied: {shown}")
    _migrations_applied = True


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "migrations": check_migrations,
}
# Without these the instance cannot serve; without the others it serves slower.
REQUIRED = {"database", "migrations"}


def no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def healthz(request):
    return no_store(JsonResponse({"status": "ok"}))


def readyz(request):
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:  # any failure means "not ready"
            # The probe is public: it names the kind of failure, the log says
            # the rest (an error message may name internal hosts).
            logger.warning("Not ready: %s: %s: %s", name, type(exc).__name__, exc)
            results[name] = {"ok": False, "error": type(exc).__name__}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    if not all(results[name]["ok"] for name in REQUIRED):
        status, code = "unavailable", 503
    elif not all(result["ok"] for result in results.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return no_store(JsonResponse({"status": status, "checks": results}, status=code))


VIEWS = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = VIEWS.get(request.path_info.rstrip("/"))
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
