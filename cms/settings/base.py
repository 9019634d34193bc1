"""Settings shared by every environment.

Everything that differs between one laptop and a production cluster is read from
the environment (see README, "Configuration"), so the code never changes.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "cms",
    "home",
    "articles",
    "seo",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "django_tasks",
    # Its tables exist whichever backend runs, so TASKS_BACKEND needs no migrate.
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "ninja",
    "rest_framework",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Login and API-token rate limits (cms/ratelimit.py).
    "axes",
]

MIDDLEWARE = [
    # First: it times the whole stack and tags every log line with a request id.
    "cms.request_logging.RequestLogMiddleware",
    # Before the HTTPS redirect and the host check: probes come over plain HTTP.
    "cms.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (CONTENT_SECURITY_POLICY below); before the cache
    # and every middleware that may answer early, so no page leaves without it.
    "csp.middleware.CSPMiddleware",
    "cms.site_endpoints.ApiNoIndexMiddleware",
    # Before sessions and authentication, so a cached API response costs no SQL.
    "cms.caching.ApiCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # v3 page list and detail GETs: Wagtail's, minus scheduled and expired pages.
    "articles.visibility_v3.VisibleReadsMiddleware",
    # A database outage answers 503 (process_exception, cms/middleware.py).
    "cms.middleware.DatabaseUnavailableMiddleware",
    "cms.ratelimit.ApiTokenThrottleMiddleware",
    # Last, as django-axes requires: turns its lockouts into 429 responses.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, as django-axes requires: refuses a locked-out address's logins.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "wagtail.contrib.settings.context_processors.settings",
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite by default so one machine needs no services; DATABASE_URL switches to
# PostgreSQL (postgres://user@host:5432/name) without a code change.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        # A persistent connection is tested before a request reuses it, so the
        # first request after a database restart gets a fresh connection.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable database fails fast (a 503) rather than holding a worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Content-Security-Policy (django-csp) on the pages readers see and on the admin's
# previews and draft views of them: Wagtail renders those through the whole
# middleware stack at the page's own path. No inline script runs there, so a
# `javascript:` link or an event handler that slipped into content does nothing.
# The rest of the admin is left out (its date pickers and inline panels use
# inline scripts), and so is the API, which answers JSON.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/", "/api/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # base.html's stylesheet is inline, and so are the Wagtail userbar's styles.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# Complex StreamField pages exceed Django's default of 1000 form fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# The largest article file import_articles reads (articles/limits.py).
IMPORT_MAX_FILE_BYTES = int(os.environ.get("IMPORT_MAX_FILE_BYTES", 5 * 1024 * 1024))

WAGTAIL_SITE_NAME = "Sciatica Massage Library"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Where readers see the pages (the frontend); see cms/public_urls.py. The demo
# serves its reference frontend itself, so it defaults to the admin's address.
PUBLIC_SITE_URL = os.environ.get("PUBLIC_SITE_URL", WAGTAILADMIN_BASE_URL).rstrip("/")
# The address the API is reached at (a CDN in front of it, in production). Wagtail
# builds the API's `detail_url` from it; without it, from the Site record.
if os.environ.get("WAGTAILAPI_BASE_URL"):
    WAGTAILAPI_BASE_URL = os.environ["WAGTAILAPI_BASE_URL"].rstrip("/")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]

# Background tasks (django-tasks): audits on save (seo/tasks.py) and Wagtail's
# own (reference index, image focal points, CDN purges). Without TASKS_BACKEND
# they run inline in the process that asks for them, as with no TASKS setting
# at all; TASKS_BACKEND=database queues them in the database for
# `manage.py db_worker` processes (README, "Audits on save").
_TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate")
if _tasks_backend not in _TASKS_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={_tasks_backend!r} is not one of: " + ", ".join(_TASKS_BACKENDS)
    )
TASKS = {"default": {"BACKEND": _TASKS_BACKENDS[_tasks_backend]}}

# Hashtags keep the case a writer typed, but "Sciatica" and "sciatica" are one tag.
TAGGIT_CASE_INSENSITIVE = True

# Rich text reaches API clients as HTML with internal links already resolved.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100

REST_FRAMEWORK = {
    # The v2 API is read-only JSON; the browsable HTML renderer is not a public surface.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# The SEO audit (seo/conf.py documents the shape; README lists every check).
# Thresholds default to each check's own (Yoast's, where Yoast has the check).
SEO_AUDIT = {
    "CATEGORY_WEIGHTS": {
        "seo": 3,
        "readability": 2,
        "health": 2,
        "headings": 1,
        "hashtags": 1,
    },
    "CHECKS": {},
}
SEO_SILENCED_CHECKS: list[str] = []

# Login and API-token rate limits (django-axes; cms/ratelimit.py): after
# AXES_FAILURE_LIMIT failed logins or bearer tokens from one address, that
# address gets 429s for AXES_COOLOFF_TIME. Counted in the Django cache (Redis
# with REDIS_URL; the local-memory cache counts per process).
AXES_HANDLER = "cms.ratelimit.FailOpenAxesCacheHandler"
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cms.ratelimit.client_ip"
# No "AXES: BEGIN" banner on every process start and manage.py command.
AXES_VERBOSE = False

# One machine needs no services: a local-memory cache. REDIS_URL
# (redis://host:6379/0) shares one cache between every worker and server.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis: with IGNORE_EXCEPTIONS, a call Redis cannot answer
            # is a miss or a no-op, so while Redis is down every page and API
            # response is served uncached (Wagtail's own cache use included),
            # writes succeed, and caching resumes when it is back.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cms"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                # A healthy Redis answers in well under a millisecond; one that
                # hangs (or a network dropping packets) must not hold readers.
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How long API v2 responses stay in that cache (cms/caching.py). Publishing
# invalidates them at once, but only in a cache every process shares: with the
# per-process local-memory cache, a publish in one process (or in a management
# command) cannot reach the others, so their entries must expire soon.
API_CACHE_TIMEOUT = 24 * 60 * 60 if REDIS_URL else 60
# Each cache call django-redis could not make is logged there; cms/caching.py
# lets one warning a minute through per process.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "cms.caching.unreachable"

# CDN purging (Wagtail's frontend cache backends), off unless configured:
# FRONTEND_CACHE_BACKEND=http with FRONTEND_CACHE_LOCATION (Varnish, nginx...), or
# FRONTEND_CACHE_BACKEND=cloudflare with FRONTEND_CACHE_CLOUDFLARE_ZONEID and
# FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN. FRONTEND_CACHE_HOSTNAMES (comma-separated)
# limits purging to those hosts. cms/cdn.py decides which URLs to purge.
_FRONTEND_CACHE_BACKENDS = {
    "http": (
        "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        {"LOCATION": "LOCATION"},
    ),
    "cloudflare": (
        "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        {"ZONEID": "CLOUDFLARE_ZONEID", "BEARER_TOKEN": "CLOUDFLARE_BEARER_TOKEN"},
    ),
}
_frontend_cache_backend = os.environ.get("FRONTEND_CACHE_BACKEND", "")
if _frontend_cache_backend:
    try:
        _backend_path, _backend_params = _FRONTEND_CACHE_BACKENDS[
            _frontend_cache_backend
        ]
    except KeyError as exc:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND={_frontend_cache_backend!r} is not one of: "
            + ", ".join(_FRONTEND_CACHE_BACKENDS)
        ) from exc
    _missing = [
        f"FRONTEND_CACHE_{name}"
        for name in _backend_params.values()
        if not os.environ.get(f"FRONTEND_CACHE_{name}")
    ]
    if _missing:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND={_frontend_cache_backend} needs "
            + ", ".join(_missing)
        )
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": _backend_path,
            **{
                param: os.environ[f"FRONTEND_CACHE_{name}"]
                for param, name in _backend_params.items()
            },
        }
    }
    if os.environ.get("FRONTEND_CACHE_HOSTNAMES"):
        WAGTAILFRONTENDCACHE["default"]["HOSTNAMES"] = [
            host for host in os.environ["FRONTEND_CACHE_HOSTNAMES"].split(",") if host
        ]
