"""Which tables a request read, and a token per table that changes with every commit writing it.

Every statement goes through one engine hook, so nothing escapes it: ORM flushes, bulk
INSERTs, raw text, DELETEs of the test suite's clean-up, TRUNCATE. A write also changes the
token of every table whose rows the database changes by itself (ON DELETE CASCADE / SET NULL).
The new tokens are written in the same transaction, just before COMMIT, so that a reader sees
new data and new tokens together or neither. Tokens are random, not counters: a database
rebuilt from scratch (tests, a restored backup) never hands out a token seen before.
"""
import re
import secrets
from contextlib import contextmanager

import sqlalchemy as sa
from flask import g, has_app_context
from sqlalchemy import event

from roadmap.extensions import db

TABLE = "cache_version"
# Set on a connection's info by the migrations: a data migration may run before the token table
# exists, and a migrated server restarts with empty caches anyway.
UNTRACKED = "data_versions_untracked"
READ_RE = re.compile(r"^\s*(?:SELECT|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA|SHOW|EXPLAIN)\b", re.I)
WRITE_RE = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+\"?(\w+)", re.I)


# Tables written many times a second while people work (the live room's shared text: a row or
# two per keystroke). A commit writes no token for them: every keystroke of every room would
# otherwise update the same token rows, and on PostgreSQL the commits of all rooms would queue on
# those row locks. A page that read one of them is not kept by the page cache (it would be stale
# at the next keystroke anyway). Features name theirs with volatile_tables().
VOLATILE = set()


def volatile_tables(*names):
    VOLATILE.update(names)


class CacheVersion(db.Model):
    __tablename__ = TABLE

    name = sa.Column(sa.String(64), primary_key=True)
    token = sa.Column(sa.BigInteger, nullable=False)


class _Tables:
    """Table names found in SQL text, memoised per statement (SQLAlchemy reuses its strings)."""

    def __init__(self, metadata):
        names = sorted((t.name for t in metadata.sorted_tables if t.name != TABLE), key=len, reverse=True)
        self.names = set(names)
        self.name_re = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
        self.closure = self._cascade_closure(metadata)
        self.memo = {}

    @staticmethod
    def _cascade_closure(metadata):
        """{table: tables the database itself may change when a row of table changes}."""
        children = {}
        for table in metadata.sorted_tables:
            for fk in table.foreign_keys:
                if (fk.ondelete or "").upper() in {"CASCADE", "SET NULL", "SET DEFAULT"}:
                    children.setdefault(fk.column.table.name, set()).add(table.name)
        closure = {}
        for name in (t.name for t in metadata.sorted_tables):
            seen, todo = {name}, [name]
            while todo:
                for child in children.get(todo.pop(), ()):
                    if child not in seen:
                        seen.add(child)
                        todo.append(child)
            closure[name] = frozenset(seen)
        return closure

    def of(self, statement):
        """(tables the statement mentions, tables it may change). A statement that is neither a
        plain read nor a plain INSERT/UPDATE/DELETE (a CTE, REPLACE, DDL) may change all it names."""
        found = self.memo.get(statement)
        if found is None:
            read = frozenset(self.name_re.findall(statement))
            match = WRITE_RE.match(statement)
            if match:
                verb = match.group(0).split(None, 1)[0].upper()
                targets = {match.group(1)} & self.names
                if verb == "TRUNCATE" or not targets:  # a list of tables, or a name we do not know
                    targets = read
                if verb in {"DELETE", "TRUNCATE"}:  # the database deletes or nulls the children
                    targets = set().union(*(self.closure[name] for name in targets))
                written = frozenset(targets)
            elif READ_RE.match(statement):
                written = frozenset()
            else:
                written = frozenset().union(*(self.closure[name] for name in read))
            found = (read, written)
            if len(self.memo) < 20000:
                self.memo[statement] = found
        return found


def track_tables(engine, metadata):
    tables = _Tables(metadata)

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.info["tables_written"] = set()

    @event.listens_for(engine, "before_cursor_execute")
    def _statement(connection, _cursor, statement, _parameters, _context, _executemany):
        read, written = tables.of(statement)
        if written:
            connection.info.setdefault("tables_written", set()).update(written)
        if read and has_app_context():
            g.setdefault("tables_read", set()).update(read)

    @event.listens_for(engine, "commit")
    def _commit(connection):
        written = connection.info.pop("tables_written", None)
        if written and not connection.info.get(UNTRACKED):
            written = written - VOLATILE
            if written:
                _write_tokens(connection, sorted(written))

    @event.listens_for(engine, "rollback")
    def _rollback(connection):
        connection.info.pop("tables_written", None)


def _write_tokens(connection, names):
    # On the DBAPI cursor: the commit is under way and must not re-enter SQLAlchemy's events.
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(
            f"INSERT INTO {TABLE} (name, token) VALUES ({mark}, {mark}) "
            "ON CONFLICT (name) DO UPDATE SET token = excluded.token",
            [(name, secrets.randbits(62)) for name in names])
    finally:
        cursor.close()


def current_tokens():
    """{table: token} as last committed; a table never written has no row (token 0)."""
    return dict(db.session.execute(sa.text(f"SELECT name, token FROM {TABLE}")).all())


def tokens_outside_transaction():
    """current_tokens(), read on PostgreSQL by the request's session in autocommit, so that a page
    served from the cache costs no BEGIN and no ROLLBACK (two round trips). The permission checks
    and the user's row that follow are read the same way, so the request must call end_autocommit()
    before anything else: a render, a write or a streamed cursor needs a transaction. What the
    request reads afterwards is at least as new as the tokens. SQLite has no round trips to save,
    and its connections begin their transactions themselves (core/sqlite.py)."""
    if db.engine.dialect.name != "sqlite":
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    return current_tokens()


def end_autocommit():
    """Hand the autocommit connection back: the next statement starts a real transaction. Only
    reads ran on it, so what the session holds (the current user) stays loaded."""
    commit_keeping_rows()


def commit_keeping_rows():
    """End the request's transaction, which has only read, without expiring what the session
    holds: its connection goes back to the pool, and the rows loaded stay usable."""
    session = db.session()
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire


def tables_read():
    return g.get("tables_read", set()) if has_app_context() else set()


@contextmanager
def reading():
    """The set of tables read inside the block (they still count for the request as well)."""
    outer = g.get("tables_read")
    g.tables_read = inner = set()
    try:
        yield inner
    finally:
        g.tables_read = (outer or set()) | inner


def read_volatile():
    """Whether the request read a table that changes at every keystroke (see VOLATILE)."""
    return not VOLATILE.isdisjoint(tables_read())
