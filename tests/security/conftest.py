# The browser tests here use the e2e suite's Chromium and live server fixtures.
from tests.e2e.conftest import (  # noqa: F401
    browser,
    live_server,
    page_tree,
    server_lock,
    tab,
)
