"""SQLite tuned for several writers: WAL, a busy timeout, and the write lock taken at the
first write of a transaction and held only until its commit.

A deferred transaction that reads and then writes can fail at once with SQLITE_BUSY when
another connection wrote since its snapshot: waiting does not help, the snapshot is stale.
Every transaction therefore starts deferred (reads, such as the user's row loaded by
``login_required``, never queue behind a writer), and just before its first write — or a
SAVEPOINT, or a ``SELECT … FOR UPDATE``, which PostgreSQL would lock — the read snapshot,
which has written nothing, is ended and ``BEGIN IMMEDIATE`` waits for the write lock. Objects
read before stay in the session as on PostgreSQL's READ COMMITTED: checks that must see the
latest row re-read it with ``with_for_update()``, and lost updates are refused by the version
columns. The lock is released by the commit, before the page is rendered.
"""
import re
from contextlib import contextmanager

from sqlalchemy import event

READ_STATEMENT = re.compile(r"^\s*(?:SELECT|PRAGMA|EXPLAIN)\b", re.I)  # anything else may write
TRANSACTION_STATE = "sqlite_transaction"  # key in Connection.info: "deferred" or "immediate"
BUSY_TIMEOUT_MS = 5000


def _locks_rows(context):
    """A SELECT … FOR UPDATE, which SQLite compiles without the clause."""
    compiled = getattr(context, "compiled", None)
    statement = getattr(compiled, "statement", None)
    return getattr(statement, "_for_update_arg", None) is not None


def _needs_write_lock(statement, context):
    return not READ_STATEMENT.match(statement) or _locks_rows(context)


def configure_sqlite(engine, busy_timeout_ms=BUSY_TIMEOUT_MS):
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")
        connection.info[TRANSACTION_STATE] = "deferred"

    @event.listens_for(engine, "before_cursor_execute")
    def _take_write_lock(connection, cursor, statement, _parameters, context, _executemany):
        if connection.info.get(TRANSACTION_STATE) != "deferred" or not _needs_write_lock(statement, context):
            return
        connection.info[TRANSACTION_STATE] = "immediate"
        cursor.execute("COMMIT")  # the read snapshot wrote nothing: ending it loses nothing
        cursor.execute("BEGIN IMMEDIATE")

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _ended(connection):
        connection.info.pop(TRANSACTION_STATE, None)


def is_busy_error(error):
    """SQLite's "database is locked" once the busy timeout ran out."""
    text = str(getattr(error, "orig", error)).lower()
    return "database is locked" in text or "database is busy" in text


@contextmanager
def read_transaction(session):
    """Reads that must end before something slow (a log-in reads the user, then checks the password
    with argon2): no transaction stays open, on SQLite or PostgreSQL, while the slow step runs, and
    the writes after it begin a new one. Objects read inside are expired on the way out: copy what
    you need before leaving."""
    if session().in_transaction():
        session.commit()  # nothing may be pending here: a read-then-write request starts with its reads
    try:
        yield
    finally:
        session.commit()
