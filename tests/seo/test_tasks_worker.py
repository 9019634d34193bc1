"""The database queue end to end: a publish in this process is audited by a
real `manage.py db_worker` process (TASKS_BACKEND=database).

The worker is another process, so it needs a database it can reach and data
that is committed: PostgreSQL (DATABASE_URL) and a transactional test. CI runs
it in `make test` on PostgreSQL (.ci/run); on SQLite it skips.
"""

import os
import signal
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from articles.models import ArticleIndexPage, ArticlePage
from seo.models import SeoAudit
from seo.storage import content_hash
from tests.e2e.conftest import page_tree  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL): the worker is another process, "
        "and the SQLite test database is in this process's memory",
    ),
    pytest.mark.django_db(transaction=True),
]

WAIT_SECONDS = 30


def database_url() -> str:
    """This test database, for the worker."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        user += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{user}@{db['HOST'] or ''}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    """A `manage.py db_worker` on this test database, stopped by its PID."""
    log = (tmp_path / "worker.log").open("w+")
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": database_url(),
            "TASKS_BACKEND": "database",
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def output() -> str:
        log.seek(0)
        return log.read()

    process.output = output
    try:
        yield process
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)  # a graceful stop
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=15)
        log.close()


def test_a_worker_stores_the_audit_of_a_publish(page_tree, settings, worker):  # noqa: F811
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page = ArticlePage(
        title="Massage for sciatica",
        slug="massage-for-sciatica-worker",
        body=[{"type": "paragraph", "value": "<p>Massage eases tight muscles.</p>"}],
    )
    ArticleIndexPage.objects.order_by("pk").first().add_child(instance=page)
    # No transaction is open: the commit is now, and so is the enqueue.
    revision = page.save_revision()
    revision.publish()

    queued = DBTaskResult.objects.get(task_path="seo.tasks.audit_revision")
    assert queued.args_kwargs == {"args": [revision.pk], "kwargs": {}}

    deadline = time.monotonic() + WAIT_SECONDS
    audit = None
    while audit is None:
        audit = SeoAudit.objects.filter(page=page, revision=revision).first()
        if audit is not None:
            break
        assert worker.poll() is None, f"the worker stopped:\n{worker.output()}"
        assert time.monotonic() < deadline, (
            f"no audit stored after {WAIT_SECONDS} s; worker output:\n{worker.output()}"
        )
        time.sleep(0.2)

    assert audit.content_hash == content_hash(revision.content)
    queued.refresh_from_db()
    assert (queued.status, queued.return_value) == ("SUCCESSFUL", "stored")
    assert queued.worker_ids  # claimed by the worker, not run here
