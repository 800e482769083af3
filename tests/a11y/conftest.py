"""Accessibility sweeps: the demo data set served once per module, one browser for the session."""
import pytest

from tests.browser import _browser, browser_context, served  # noqa: F401
from tests.conftest import _empty_database


@pytest.fixture(scope="module")
def demo_server(_app):
    """The demo data set (roadmap.demo.seed, as `make run` shows it) served for the whole module."""
    from roadmap.demo import seed
    from roadmap.extensions import db

    timeout = _app.config["MARKDOWN_RENDER_TIMEOUT"]
    _app.config["MARKDOWN_RENDER_TIMEOUT"] = 60  # a busy shared machine is not a pathological text
    with _app.app_context():
        seed()
        db.session.commit()
        db.session.remove()
        try:
            with served(_app) as server:
                yield server.url
        finally:
            _empty_database()
            _app.config["MARKDOWN_RENDER_TIMEOUT"] = timeout
