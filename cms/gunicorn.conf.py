"""gunicorn settings for production: `gunicorn -c cms/gunicorn.conf.py`.

Every value can be changed from the environment (README, "Deploying").
"""

import multiprocessing
import os

from cms.request_logging import logging_config

wsgi_app = "cms.wsgi:application"
# Read in the master before the workers start, so they inherit it.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Sync workers: one request each. Two per core plus one, unless told.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))

# No request may hold a worker longer than this: the worker is killed and
# replaced. PostgreSQL's statement timeout for the web process (5 s, cms/db.py)
# ends a slow query well before.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On a restart or deploy (SIGTERM), requests in flight get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Behind a load balancer that keeps connections open.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle each worker after about this many requests (jittered so workers do
# not all restart at once), bounding any slow growth in memory.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# No access log: the application logs one JSON line per request, with its
# status, duration and request id (cms/request_logging.py). gunicorn's own
# messages (worker boots, a killed worker's timeout) are JSON lines on stderr
# too, through the same configuration.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = logging_config(json=True, level=loglevel.upper())
logconfig_dict["loggers"]["gunicorn.error"] = {
    "handlers": [],
    "level": loglevel.upper(),
    "propagate": True,
}

# No control socket (gunicornc is not used): two instances on one host, or a
# read-only home directory, would otherwise contend for its default path.
control_socket_disable = True

# The worker heartbeat file lives in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
