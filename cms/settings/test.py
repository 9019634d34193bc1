from .base import *

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "media" / "test"
# Tests share one process (and its local-memory cache) but not one database, so
# an API response cached by one test must not answer the next. The caching tests
# turn it on for themselves (tests/api/test_caching.py).
API_CACHE_TIMEOUT = 0
# Failed logins and bearer tokens would otherwise pile up for 127.0.0.1 in the
# shared local-memory cache across tests; tests/cms/test_ratelimit.py turns it
# on for itself.
AXES_ENABLED = False
