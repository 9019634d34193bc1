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
