"""SQLite tuned for several writers: WAL, a busy timeout, and write transactions
that take the write lock at BEGIN.

A deferred transaction that reads and then writes can fail at once with SQLITE_BUSY
when another connection wrote in between; BEGIN IMMEDIATE waits for the lock instead
(SQLAlchemy's documented recipe with isolation_level=None and a "begin" listener).
Reads of GET requests stay deferred so that pages never queue behind a writer.
"""
from contextlib import contextmanager

from flask import g, has_request_context, request
from sqlalchemy import event

READ_ONLY_METHODS = {"GET", "HEAD", "OPTIONS"}


def _begin_statement():
    if has_request_context() and (request.method in READ_ONLY_METHODS or g.get("reads_only")):
        return "BEGIN"
    return "BEGIN IMMEDIATE"


@contextmanager
def read_transaction(session):
    """Reads of a POST that must not hold the write lock (a log-in reading the user before a slow
    password check): the transaction begun inside begins deferred, and ends when the block does,
    so that what follows (argon2, then the writes) runs with no lock held. Objects read inside are
    expired on the way out: copy what you need before leaving."""
    if session().in_transaction():
        session.commit()  # nothing may be pending here: a read-then-write request starts with its reads
    g.reads_only = True
    try:
        yield
    finally:
        g.reads_only = False
        session.commit()


def configure_sqlite(engine):
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql(_begin_statement())
