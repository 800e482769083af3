"""gunicorn's settings for `make serve` and production: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

One application, two processes (README, "Serving in production"; figures from bench/streams.py):

- ``SERVE_ROLE=all`` (the default): the pages. gthread workers, ``WORKERS`` x ``THREADS`` (4 x 32):
  a render is CPU work that holds a thread, and threads let a slow query or a write waiting for
  SQLite's lock give way to the other requests of the worker.
- ``SERVE_ROLE=streams``: the live room's event streams only (the application refuses anything else,
  roadmap/core/serving.py). gevent workers, ``STREAM_WORKERS`` (2) x ``STREAM_CONNECTIONS`` (1000): an
  idle stream costs a greenlet, not one of the page workers' threads. gunicorn's gevent worker
  monkey-patches the standard library (``gevent.monkey.patch_all()``) before it loads the application,
  so the Redis client, the broker's queues and threads, and psycopg 3 (which sees the patched
  ``select`` and waits cooperatively, psycopg/waiting.py) all yield to other greenlets.

Nothing here imports the application: this file is read by the master, before any patching. Do not
add ``preload_app``: the application must be imported after the patching, in each worker.
"""
import os

role = os.environ.get("SERVE_ROLE", "all")
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
timeout = 120
graceful_timeout = 10  # a stream still open then is cut; the browser reconnects to the new workers

if role == "streams":
    worker_class = "gevent"
    workers = int(os.environ.get("STREAM_WORKERS", "2"))
    worker_connections = int(os.environ.get("STREAM_CONNECTIONS", "1000"))
else:
    worker_class = "gthread"
    workers = int(os.environ.get("WORKERS", "4"))
    threads = int(os.environ.get("THREADS", "32"))
