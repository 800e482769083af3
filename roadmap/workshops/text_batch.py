"""The keystrokes of one field that arrive together are written in one transaction.

Every keystroke is a POST, and the writers of a field take turns anyway: its working-copy row is
locked from the first statement to the commit. Measured with 50 people typing in 10 fields on
PostgreSQL, each request queued behind that lock paid a transaction and a commit of its own while
holding a pooled connection, and the pool ran dry (a fifth of the workers' time was spent waiting
for a connection; a keystroke took 0.9 s to reach the others at p95). Here the request that finds
its field free writes every update queued for the field meanwhile, in order, in one transaction,
and answers for each; the others wait on a lock of this process, without a database connection
(alone, a keystroke is still one transaction). An answer, and the event to the others, still come
only after the commit: what is acknowledged is stored.
"""
import threading
from collections import namedtuple
from contextlib import contextmanager

from flask import current_app

from roadmap.core.data_versions import commit_keeping_rows
from roadmap.extensions import db
from roadmap.workshops import shared_text, working_copy

# Who wrote an update, as the batch needs it: no ORM row of another request's session.
Writer = namedtuple("Writer", "id display_name")


class _Write:
    __slots__ = ("writer", "update", "client", "done", "result")

    def __init__(self, writer, update, client):
        self.writer, self.update, self.client = writer, update, client
        self.done, self.result = False, None


class _Field:
    def __init__(self):
        self.turn = threading.Lock()  # held by the request writing the field's batch
        self.queue_lock = threading.Lock()
        self.queue = []


_registry_lock = threading.Lock()
_sqlite_writer = threading.Lock()


def _field(key):
    fields = current_app.extensions.setdefault("shared_text_writers", {})
    entry = fields.get(key)
    if entry is None:
        with _registry_lock:
            entry = fields.setdefault(key, _Field())
    return entry


def write(workshop_id, use_case_id, field, writer, update, client=""):
    """Apply ``update`` (checked by the caller: the room open, the size) and return the field's
    version once it is committed, with whatever other updates of the field were waiting."""
    key = (workshop_id, use_case_id, field)
    entry = _field(key)
    mine = _Write(writer, update, client)
    with entry.queue_lock:
        entry.queue.append(mine)
    if not entry.turn.acquire(blocking=False):
        commit_keeping_rows()  # the field is being written: wait without holding a connection
        entry.turn.acquire()
    try:
        if not mine.done:  # else the request before us wrote it with its own
            with entry.queue_lock:
                batch, entry.queue = entry.queue, []
            _write_batch(key, batch)
    finally:
        entry.turn.release()
    if isinstance(mine.result, Exception):
        raise _again(mine.result)
    return mine.result


def _write_batch(key, batch):
    try:
        with _one_writer_at_a_time():
            results = working_copy.edit_texts(*key, [(w.writer, w.update, w.client) for w in batch])
            db.session.commit()
    except Exception as error:
        # The cached document ran ahead of the table: forgotten before the rollback releases the
        # row lock, so that a writer in another process cannot build on it.
        shared_text.forget(*key)
        db.session.rollback()
        results = [error] * len(batch)
    for item, result in zip(batch, results):
        item.result, item.done = result, True


def _again(error):
    """The refusal, in the language of the person who sent the update (a batch is written by
    whoever's request came first)."""
    if isinstance(error, shared_text.TooLong):
        return shared_text.TooLong(error.field)
    if isinstance(error, (shared_text.Malformed, shared_text.TooLarge)):
        return type(error)()
    return error


@contextmanager
def _one_writer_at_a_time():
    """On SQLite (one writer at a time anyway), the threads of a process queue here, woken at once,
    rather than in SQLite's busy handler, which polls with sleeps of up to 100 ms."""
    if db.engine.dialect.name != "sqlite":
        yield
        return
    with _sqlite_writer:
        yield
