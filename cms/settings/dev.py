from .base import *

DEBUG = True
# A development key only; production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = "dev-only-not-secret-8c1f0d5e2a"
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
