"""HTML fragments that are the same for every reader, rendered once per process and shared.

The page cache (page_cache.py) keeps whole pages per person: sixty people reading the roadmap
cost sixty renders, and each render draws the same comment cards again. What a card shows —
its author, date, stance, status, text and answer — is the same for all who may see it; only
the buttons around it (reply, edit, report, answer, hide) depend on the reader. A template asks
for the shared part with `shared_fragment(kind, key, macro, *args)`: the key says everything
the fragment shows (the values themselves, or the row's version), so that a change of any of
them makes a new entry and an old one is never served; the reader's language and time zone are
part of every key. The reader's own buttons are drawn around it, outside the cache.

A fragment must not read `current_user` nor anything else that differs between two readers of
the same key: a test renders the same page as two people and compares (tests/core/test_fragments.py).

Bounded in bytes (FRAGMENT_CACHE_MB, 0: off), least recently used first out.
"""
import threading
from collections import OrderedDict

from flask import current_app
from flask_babel import get_locale, get_timezone
from markupsafe import Markup


class FragmentCache:
    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.entries = OrderedDict()
        self.size = 0
        self.hits = self.misses = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            html = self.entries.get(key)
            if html is None:
                self.misses += 1
                return None
            self.entries.move_to_end(key)
            self.hits += 1
            return html

    def put(self, key, html):
        if len(html) > self.max_bytes // 16:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old)
            self.entries[key] = html
            self.size += len(html)
            while self.size > self.max_bytes and self.entries:
                _key, evicted = self.entries.popitem(last=False)
                self.size -= len(evicted)


def shared_fragment(kind, key, render, *args):
    """The HTML `render(*args)` makes, from the process's cache when it already made it for
    (kind, key) in the reader's language and time zone."""
    cache = current_app.extensions.get("fragment_cache")
    if cache is None:
        return render(*args)
    full_key = (kind, str(get_locale()), str(get_timezone()), key)
    html = cache.get(full_key)
    if html is None:
        html = Markup(render(*args))
        cache.put(full_key, html)
    return html


def init_fragment_cache(app):
    megabytes = app.config.get("FRAGMENT_CACHE_MB", 16)
    if megabytes:
        app.extensions["fragment_cache"] = FragmentCache(int(megabytes * 1024 * 1024))
    app.jinja_env.globals["shared_fragment"] = shared_fragment
