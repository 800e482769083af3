"""A burst of shared-text updates from one person is slowed down (429), nobody else is.

A fixed window of one second per person, counted in Redis when REDIS_URL is set (one count for
every worker), in this process otherwise. The room's script batches keystrokes (about 25
messages a second at most while typing fast), so the limit only meets a runaway client.
"""
import threading
import time

from flask import current_app

from roadmap.core.errors import DomainError

DEFAULT_PER_SECOND = 60


class TooFast(DomainError):
    status = 429

    def __init__(self):
        from flask_babel import gettext as _

        super().__init__(_("Too many changes at once: they are sent again in a moment."))


_lock = threading.Lock()


def _local_hit(counts, key, now):
    with _lock:
        window, n = counts.get(key, (now, 0))
        if window != now:
            window, n = now, 0
        counts[key] = (window, n + 1)
        if len(counts) > 10_000:
            for stale in [k for k, (w, _n) in counts.items() if w != now]:
                del counts[stale]
        return n + 1


def _redis(app):
    client = app.extensions.get("shared_text_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=2)
        app.extensions["shared_text_redis"] = client
    return client


def check(kind, user_id):
    """Count one message of ``kind`` from ``user_id``; raise TooFast past the limit."""
    app = current_app._get_current_object()
    limit = app.config.get("SHARED_TEXT_UPDATES_PER_SECOND", DEFAULT_PER_SECOND)
    now = int(time.time())
    key = f"{kind}:{user_id}:{now}"
    count = None
    if app.config.get("REDIS_URL"):
        try:
            client = _redis(app)
            pipe = client.pipeline()
            pipe.incr("roadmap:rate:" + key)
            pipe.expire("roadmap:rate:" + key, 3)
            count = pipe.execute()[0]
        except Exception:  # Redis away: count in this process rather than refuse everything
            count = None
    if count is None:
        count = _local_hit(app.extensions.setdefault("shared_text_rate", {}), key, now)
    if count > limit:
        raise TooFast()
