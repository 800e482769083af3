"""SQLite's one write lock: taken at a transaction's first write, held until its commit; a GET
never writes; a database still busy after the timeout answers 503, never 500."""
import sqlite3
import threading

import pytest
from sqlalchemy import select

from roadmap.extensions import db
from roadmap.process.models import Process
from roadmap.territories.models import Territory
from tests.conftest import counted_statements, csrf_token
from tests.factories import login, make_editor, make_lead, make_member, make_territory

WRITE_PREFIXES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def sqlite_file(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    return db.engine.url.database


def _lock_is_free(path):
    """Whether another connection could take the write lock right now."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


def test_reads_take_no_lock_and_the_first_write_takes_it_until_the_commit(app, sqlite_file):
    make_territory(name="Lyon")
    db.session.commit()
    db.session.scalar(select(Territory).where(Territory.name == "Lyon"))  # a read, as login_required does
    assert _lock_is_free(sqlite_file)
    db.session.add(Territory(name="Nantes", slug="nantes", country="FR", kind="city"))
    db.session.flush()
    assert not _lock_is_free(sqlite_file)
    db.session.commit()
    assert _lock_is_free(sqlite_file)


def test_a_locking_read_takes_the_write_lock_as_on_postgresql(app, sqlite_file):
    make_territory(name="Lyon")
    db.session.commit()
    db.session.scalar(select(Territory).with_for_update())
    assert not _lock_is_free(sqlite_file)
    db.session.rollback()
    assert _lock_is_free(sqlite_file)


def test_a_savepoint_is_taken_inside_the_write_lock(app, sqlite_file):
    with db.session.begin_nested():
        db.session.add(Territory(name="Rennes", slug="rennes", country="FR", kind="city"))
    assert not _lock_is_free(sqlite_file)
    db.session.commit()
    assert db.session.scalar(select(Territory.name)) == "Rennes"


def test_a_database_still_busy_after_the_timeout_answers_503_and_saves_nothing(app, sqlite_file):
    editor = make_editor()
    db.session.commit()
    client = app.test_client()
    login(client, editor)
    token = csrf_token(client)
    blocker = sqlite3.connect(sqlite_file, isolation_level=None)
    blocker.execute("PRAGMA busy_timeout=0")
    blocker.execute("BEGIN IMMEDIATE")
    try:
        _short_busy_timeout(50)  # every connection waits 50 ms for the lock, not 5 s
        response = client.post("/territories/new", data={
            "csrf_token": token, "name": "Ville bloquée", "country": "FR", "kind": "city"})
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        _short_busy_timeout(5000)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert "Nothing has been saved" in response.get_data(as_text=True) or "Rien n" in response.get_data(as_text=True)
    assert db.session.scalar(select(Territory).where(Territory.name == "Ville bloquée")) is None


def _short_busy_timeout(milliseconds):
    """Set the busy timeout of every connection the pool will hand out."""
    db.engine.dispose()
    from sqlalchemy import event

    def _set(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA busy_timeout={milliseconds}")

    if getattr(_short_busy_timeout, "listener", None):
        event.remove(db.engine, "connect", _short_busy_timeout.listener)
    _short_busy_timeout.listener = _set
    event.listen(db.engine, "connect", _set)


def test_many_people_posting_at_once_never_get_a_500(app, sqlite_file):
    editor = make_editor()
    db.session.commit()
    clients = []
    for _ in range(12):
        client = app.test_client()
        login(client, editor)
        clients.append((client, csrf_token(client)))
    statuses = []

    def create(n, client, token):
        with app.app_context():
            for k in range(5):
                client.get("/territories")  # reads between the writes, as people browse
                response = client.post("/territories/new", data={
                    "csrf_token": token, "name": f"Ville {n}-{k}", "country": "FR", "kind": "city"})
                statuses.append(response.status_code)

    threads = [threading.Thread(target=create, args=(n, *pair)) for n, pair in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 60
    assert db.session.query(Territory).count() == 60


def _main_pages(territory):
    return ["/", "/process", "/territories", f"/territories/{territory.id}", f"/territories/{territory.id}/swot",
            "/roadmap", "/workshops", "/use-cases", "/account", "/login", "/exports", "/api/v1/territories",
            "/swot/synthesis"]


def test_a_get_never_writes_even_on_an_empty_database(app):
    lyon = make_territory(name="Lyon")
    people = [None, make_editor(), make_lead(lyon), make_member(lyon)]
    db.session.commit()
    assert db.session.scalar(select(Process.id)) is None  # not even the default process
    for person in people:
        client = app.test_client()
        if person is not None:
            login(client, person)
        for path in _main_pages(lyon):
            with counted_statements() as statements:
                response = client.get(path)
            assert response.status_code < 500, path
            writes = [s for s in statements if s.lstrip().upper().startswith(WRITE_PREFIXES)]
            assert writes == [], f"GET {path} as {person and person.email}: {writes}"
    assert db.session.scalar(select(Process.id)) is None


def test_init_db_creates_the_process_before_any_page(app):
    from roadmap.cli import init_db

    result = app.test_cli_runner().invoke(init_db, ["--no-demo"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Process.id)) is not None
