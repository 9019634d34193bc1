from cms.request_logging import logging_config

from .base import *

DEBUG = True
# A development key only; production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = "dev-only-not-secret-8c1f0d5e2a"
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Readable lines on the console: one per request, with its request id.
LOGGING = logging_config(json=False, level="INFO")
