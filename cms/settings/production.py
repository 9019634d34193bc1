import os

from django.core.exceptions import ImproperlyConfigured

from cms.request_logging import logging_config

from .base import *

DEBUG = False

try:
    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
except KeyError as exc:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY for production.") from exc

ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use true or false.")


# Served behind a proxy or load balancer that terminates HTTPS and says so in
# X-Forwarded-Proto (it must overwrite a client's own header of that name).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# HTTPS only, by default: plain HTTP is redirected, and browsers are told to
# use HTTPS for a year. /healthz and /readyz answer over plain HTTP anyway
# (cms/health.py runs before SecurityMiddleware). DJANGO_SECURE_SSL_REDIRECT=false
# where the proxy already redirects; DJANGO_HSTS_SECONDS=0 turns HSTS off.
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Only allows submitting the domain to browsers' preload lists (a separate,
# deliberate step); it does not submit it.
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", True)

# One JSON line per request and per error on stderr, each with the request id
# (cms/request_logging.py); DJANGO_LOG_LEVEL=WARNING drops the request lines.
LOGGING = logging_config(json=True, level=os.environ.get("DJANGO_LOG_LEVEL", "INFO"))

# Set REDIS_URL (read in base.py) whenever more than one process serves the site:
# without it every worker keeps its own cache, and a publish reaches the other
# workers' stored API responses only when they expire (API_CACHE_TIMEOUT, 60 s).
