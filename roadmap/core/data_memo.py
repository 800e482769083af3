"""Values computed from the database that are the same for every reader, shared by the process
and kept while the tables they read are unchanged.

The page cache keeps pages per person, and any write to a table a page read makes it render
again; most of a render is often a part that changed far less (the home page's progress table:
two thirds of its render, the same for everybody, and it reads none of the comments or
notifications that change the page). `memo(kind, key, compute)` keeps what `compute()` returns
together with the tokens (data_versions) of the tables it read, read before it ran, and returns
it again while those tokens are unchanged: a write to one of them computes it again at the next
read. The reader's language and time zone are part of every key; `compute` must not read
`current_user` nor anything else that differs between two readers of the same key.

Bounded in entries (DATA_MEMO_ENTRIES, 0: off), least recently used first out.
"""
import threading
from collections import OrderedDict

from flask import current_app
from flask_babel import get_locale, get_timezone

from roadmap.core.data_versions import VOLATILE, current_tokens, reading
from roadmap.extensions import db


class DataMemo:
    def __init__(self, max_entries):
        self.max_entries = max_entries
        self.entries = OrderedDict()  # key -> (((table, token), ...), value)
        self.hits = self.misses = 0
        self.lock = threading.Lock()

    def get(self, key, tokens):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None and all(tokens.get(t, 0) == v for t, v in entry[0]):
                self.entries.move_to_end(key)
                self.hits += 1
                return entry
            self.misses += 1
            return None

    def put(self, key, read_tokens, value):
        with self.lock:
            self.entries.pop(key, None)
            self.entries[key] = (read_tokens, value)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)


def _wrote_in_this_transaction():
    """Whether the request's transaction has written (not committed yet): what it reads then may
    differ from what everybody else sees, and may still be rolled back."""
    session = db.session()
    if not session.in_transaction():
        return bool(session.new or session.dirty or session.deleted)
    return bool(session.new or session.dirty or session.deleted
                or session.connection().info.get("tables_written"))


def memo(kind, key, compute):
    cache = current_app.extensions.get("data_memo")
    if cache is None or _wrote_in_this_transaction():
        return compute()
    tokens = current_tokens()  # before the data: what compute() reads is at least as new
    full_key = (kind, str(get_locale()), str(get_timezone()), key)
    entry = cache.get(full_key, tokens)
    if entry is not None:
        return entry[1]
    with reading() as tables:
        value = compute()
    if VOLATILE.isdisjoint(tables):
        cache.put(full_key, tuple((t, tokens.get(t, 0)) for t in sorted(tables)), value)
    return value


def init_data_memo(app):
    entries = app.config.get("DATA_MEMO_ENTRIES", 512)
    if entries:
        app.extensions["data_memo"] = DataMemo(int(entries))
