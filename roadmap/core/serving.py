"""What this process serves: everything (the default), or only the live room's event streams.

`make serve` runs the same application twice (deploy/gunicorn.conf.py): gthread workers for the
pages, and a process of gevent workers with ``SERVE_ROLE=streams`` to which the reverse proxy sends
the stream route (README, "Serving in production"). That process holds hundreds of idle streams in
greenlets; a page rendered there would hold its one thread, and every stream of the worker, for the
whole render, so it refuses anything else than the streams and the health checks with a plain 404
(a proxy configured wrong shows at once instead of slowing the live room).
"""
from flask import Response, current_app, request

ROLES = ("all", "streams")
STREAM_ENDPOINTS = frozenset({"workshop_room.room_events", "health.healthz", "health.ping"})


def check_serve_role(role):
    if role not in ROLES:
        raise ValueError(f"SERVE_ROLE must be one of {', '.join(ROLES)}, not {role!r}")
    return role


def init_serve_role(app):
    role = check_serve_role(app.config.get("SERVE_ROLE", "all"))
    if role == "streams" and not app.config.get("REDIS_URL"):
        # The page workers record the events; an in-process broker would never hear them here.
        raise ValueError("SERVE_ROLE=streams needs REDIS_URL: the events of the pages' workers reach it through Redis")

    def _streams_only():
        if current_app.config.get("SERVE_ROLE", "all") == "streams" and request.endpoint not in STREAM_ENDPOINTS:
            return Response("This process serves the live room's event streams only.\n", 404,
                            {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"})
        return None

    # First of the app's hooks: a refused request loads no session and no user.
    app.before_request_funcs.setdefault(None, []).insert(0, _streams_only)
