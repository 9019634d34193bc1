import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

application = get_wsgi_application()

# Only the web process gets a statement timeout (management commands never
# import this module); see cms/db.py.
from cms.db import install_statement_timeout, web_statement_timeout_ms  # noqa: E402

install_statement_timeout(web_statement_timeout_ms())
