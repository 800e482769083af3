"""End-to-end fixtures: the app served on a free local port, and Debian's Chromium via Playwright
(defined in tests/browser.py, shared with tests/a11y)."""
from tests.browser import (ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, _browser, browser_context, live_server,  # noqa: F401
                           page, screenshot)
