"""Whole-page cache for read views: a page is rendered again only when a table it read changed.

A view opts in with `@cached_page`. Its response is kept per process, keyed by what else
shapes it: host, path and query, language, the user (pages show each person their own
buttons), and the htmx headers. An entry remembers the tables the request read (every SQL
statement of it, permission checks and the user's row included) and their tokens at the
start of the request (data_versions.py); it is served again while those tokens are the same,
for at most PAGE_CACHE_SECONDS (relative dates, "live now" badges) — so what a user sees is
never older than the data, and a role taken away changes the tokens of what granted it. Past its
age, an entry whose tables are unchanged is still served while one thread renders its successor.

Never cached: anything but a 200, a request with flash messages waiting (they are shown once),
responses that set a cookie or pass a file through. The CSRF token of the session that rendered
the page is swapped for the reader's own on the way out. `X-Page-Cache: hit|miss` says which it
was (the benchmark of real use counts them).
"""
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from flask import current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from roadmap.core.data_versions import end_autocommit, read_volatile, tables_read, tokens_outside_transaction

CSRF_PLACEHOLDER = b"\x00csrf-token\x00"
# How long a request waits for another thread of its process rendering the same page.
RENDER_WAIT_SECONDS = 10
KNOWN_SESSIONS_MAX = 10_000
KEPT_HEADERS_EXCLUDED = {"set-cookie", "content-length"}


@dataclass(frozen=True)
class Entry:
    tables: tuple
    tokens: tuple
    stored_at: float
    headers: tuple
    body: bytes
    has_csrf: bool
    max_age: float

    def unchanged(self, tokens):
        return tuple(tokens.get(t, 0) for t in self.tables) == self.tokens

    def fresh(self, tokens, now):
        return now - self.stored_at < self.max_age and self.unchanged(tokens)


class PageCache:
    """A per-process LRU of page responses, bounded in bytes."""

    def __init__(self, max_bytes, max_age):
        self.max_bytes = max_bytes
        self.max_age = max_age
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()
        self.rendering = {}  # key -> Event set when the thread rendering it is done
        # session's user id ("id:session token") -> (token of the user table, locale) when its user
        # was last loaded by this process
        self.known_sessions = {}

    def get(self, key, tokens):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None and entry.fresh(tokens, time.monotonic()):
                self.entries.move_to_end(key)
                return entry
            return None

    def unchanged(self, key, tokens):
        """The entry for key if no table it read has changed, however old: served while another
        thread renders its replacement, so that a page that only grew old does not make its readers
        wait for each new render."""
        with self.lock:
            entry = self.entries.get(key)
            return entry if entry is not None and entry.unchanged(tokens) else None

    def put(self, key, entry):
        if len(entry.body) > self.max_bytes // 8:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self.entries[key] = entry
            self.size += len(entry.body)
            while self.size > self.max_bytes and self.entries:
                _key, evicted = self.entries.popitem(last=False)
                self.size -= len(evicted.body)

    def known_session(self, session_user_id, user_token):
        """The locale of a session whose user this process loaded while the user table had this
        token: the same row, so the same person with the same rights and language; else None."""
        known = self.known_sessions.get(session_user_id)
        return known[1] if known is not None and known[0] == user_token else None

    def remember_session(self, session_user_id, user_token, locale):
        with self.lock:
            if len(self.known_sessions) >= KNOWN_SESSIONS_MAX:
                self.known_sessions.clear()
            self.known_sessions[session_user_id] = (user_token, locale)

    def claim(self, key):
        """None: the caller renders key, then calls release(key). Otherwise another thread is
        rendering it: an Event to wait on, so that many readers right after a change cost one render."""
        with self.lock:
            event = self.rendering.get(key)
            if event is None:
                self.rendering[key] = threading.Event()
            return event

    def release(self, key):
        with self.lock:
            event = self.rendering.pop(key, None)
        if event is not None:
            event.set()


def init_page_cache(app):
    """PAGE_CACHE_MB (0: off) and PAGE_CACHE_SECONDS from the config."""
    megabytes = app.config.get("PAGE_CACHE_MB", 64)
    if not megabytes:
        return

    app.extensions["page_cache"] = PageCache(int(megabytes * 1024 * 1024), app.config.get("PAGE_CACHE_SECONDS", 30))

    # The tokens must be read before any other statement of the request (the user's row
    # included): data read afterwards is then at least as new as the tokens say.
    @app.before_request
    def _read_tokens_first():
        view = app.view_functions.get(request.endpoint)
        if (getattr(view, "page_cached", False) and request.method == "GET"
                and "page_cache" in app.extensions):
            g.page_tokens = tokens_outside_transaction()

    app.before_request_funcs.setdefault(None, []).insert(0, app.before_request_funcs[None].pop())


def _identity(cache, tokens):
    """(the user's id, the locale) for the key. A session this process already checked is not
    loaded again while the user table is unchanged (a password change, a log-out everywhere, a
    deactivation or a new language all write it): one query less for every page served from the
    cache. Any other session goes through Flask-Login's loader, as on every other page."""
    session_user_id = session.get("_user_id")
    user_token = tokens.get("user", 0)
    protection = current_app.login_manager.session_protection
    if session_user_id and protection != "strong":
        locale = cache.known_session(session_user_id, user_token)
        if locale is not None:
            return session_user_id, locale
    user_id = current_user.get_id() if current_user.is_authenticated else None
    locale = str(get_locale())
    if user_id is not None and user_id == session_user_id and locale == current_user.language:
        cache.remember_session(user_id, user_token, locale)
    return user_id, locale


def _key(cache, tokens):
    user_id, locale = _identity(cache, tokens)
    return (request.host, request.full_path, locale, user_id,
            request.headers.get("HX-Request"), request.headers.get("HX-Target"))


def _serve(entry):
    body = entry.body
    if entry.has_csrf:
        body = body.replace(CSRF_PLACEHOLDER, generate_csrf().encode())
    response = Response(body, 200, list(entry.headers))
    response.headers["X-Page-Cache"] = "hit"  # read by bench/mix.py for the cache's hit rate
    return response


def _store(cache, key, tokens, response, max_age):
    if (response.status_code != 200 or response.direct_passthrough or "Set-Cookie" in response.headers
            or session.get("_flashes") or read_volatile()):
        return
    body = response.get_data()
    csrf = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    has_csrf = bool(csrf) and csrf.encode() in body
    if has_csrf:
        body = body.replace(csrf.encode(), CSRF_PLACEHOLDER)
    tables = tuple(sorted(tables_read()))
    headers = tuple((k, v) for k, v in response.headers.items() if k.lower() not in KEPT_HEADERS_EXCLUDED)
    cache.put(key, Entry(tables, tuple(tokens.get(t, 0) for t in tables), time.monotonic(), headers, body,
                         has_csrf, min(max_age or cache.max_age, cache.max_age)))


def cached_page(view=None, *, max_age=None):
    """`@cached_page`, or `@cached_page(max_age=5)` for a page that also shows what time
    changes without a write (who is still connected)."""
    if view is None:
        return lambda v: cached_page(v, max_age=max_age)

    @wraps(view)
    def wrapper(*args, **kwargs):
        cache = current_app.extensions.get("page_cache")
        tokens = g.pop("page_tokens", None)
        if cache is None or tokens is None or session.get("_flashes"):
            if tokens is not None:
                end_autocommit()
            return view(*args, **kwargs)
        key = _key(cache, tokens)
        entry = cache.get(key, tokens)
        rendering = None
        if entry is None:
            rendering = cache.claim(key)
            if rendering is not None:
                entry = cache.unchanged(key, tokens)
                if entry is None and rendering.wait(RENDER_WAIT_SECONDS):
                    entry = cache.get(key, tokens)  # None if that render could not be kept
        if entry is not None:
            return _serve(entry)
        try:
            end_autocommit()
            response = current_app.make_response(view(*args, **kwargs))
            _store(cache, key, tokens, response, max_age)
            response.headers["X-Page-Cache"] = "miss"
        finally:
            if rendering is None:
                cache.release(key)
        return response

    wrapper.page_cached = True
    return wrapper
