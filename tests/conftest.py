"""One schema per test session (built by the migrations), emptied after every test.

TEST_DATABASE_URL selects PostgreSQL; without it the suite runs on a SQLite file.
"""
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import event, text

from config import TestConfig, sqlalchemy_url
from roadmap import create_app
from roadmap.extensions import db

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return sqlalchemy_url(url)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as on a real server.

    Tests hold an app context to use the database; without this, requests would share its
    `g` (CSRF token, current user) and its session. Pending test data is committed first so
    that the request sees it and no test transaction holds SQLite's write lock.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def _app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    app = create_app(
        TestConfig,
        SQLALCHEMY_DATABASE_URI=_database_url(tmp_path_factory),
        INSTANCE_DIR=instance,
        OUTBOX_DIR=instance / "outbox",
        EXPORT_DIR=instance / "exports",
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()
        db.session.remove()
    return app


def _empty_database():
    db.session.rollback()
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        quoted = ", ".join(f'"{name}"' for name in tables)
        db.session.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    else:
        for name in tables:
            db.session.execute(text(f'DELETE FROM "{name}"'))
    db.session.commit()
    db.session.remove()


@pytest.fixture
def app(_app):
    outbox = Path(_app.config["OUTBOX_DIR"])
    saved_config = dict(_app.config)
    with _app.app_context():
        yield _app
        _empty_database()
    _app.extensions.pop("shared_text_docs", None)  # documents cached from the emptied tables
    _app.extensions.pop("shared_text_rate", None)  # ids are reused once the tables are emptied
    _app.config.clear()
    _app.config.update(saved_config)
    shutil.rmtree(outbox, ignore_errors=True)


@pytest.fixture
def no_page_cache(app):
    """Every page rendered again: for tests that count what a render costs."""
    cache = app.extensions.pop("page_cache", None)
    yield
    if cache is not None:
        app.extensions["page_cache"] = cache


@pytest.fixture
def client(app):
    return app.test_client()


@contextmanager
def counted_statements():
    """The SQL statements run meanwhile (transaction control left out), for query-count tests."""
    statements = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def csrf_token(client, path="/"):
    """The CSRF token of this client's session, read from a page as a browser would."""
    response = client.get(path)
    match = CSRF_RE.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post(client, url, data=None, **kwargs):
    """POST with the CSRF token, like a form of the site."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client))
    return client.post(url, data=data, **kwargs)


def outbox_messages(app):
    import email

    folder = Path(app.config["OUTBOX_DIR"])
    if not folder.exists():
        return []
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]


@pytest.fixture
def queued_app(app, tmp_path):
    """The same application and database with a real job queue (Huey on a SQLite file) and no
    consumer: jobs wait in the queue until the test runs them (roadmap.core.queue.run_pending)."""
    return make_queued_app(app, tmp_path / "jobs.sqlite3", tmp_path / "outbox")


def make_queued_app(app, jobs_path, outbox):
    """A new application process on the same database and queue file (a restarted worker)."""
    queued = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                        INSTANCE_DIR=app.config["INSTANCE_DIR"], OUTBOX_DIR=outbox,
                        EXPORT_DIR=app.config["EXPORT_DIR"], DEFERRED_WORK_INLINE=False,
                        JOBS_SQLITE_PATH=str(jobs_path), REDIS_URL="")
    queued.test_client_class = IsolatedClient
    return queued


def mail_text(message):
    """The plain text of an e-mail of the outbox, whether it has an HTML alternative or not."""
    from email import message_from_bytes, policy

    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    return parsed.get_body(("plain",)).get_content()
