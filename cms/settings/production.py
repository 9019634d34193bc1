import os

from django.core.exceptions import ImproperlyConfigured

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
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Set REDIS_URL (read in base.py) whenever more than one process serves the site:
# without it every worker keeps its own cache, and a publish reaches the other
# workers' stored API responses only when they expire (API_CACHE_TIMEOUT, 60 s).
