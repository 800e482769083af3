"""Work done after the answer has been sent: e-mails whose sending must neither make the reader
wait nor change how long the answer takes (a "forgot password" for an existing account must take
as long as one for an unknown address).

`after_response(func, ...)` during a request queues the call; once the server has sent the answer
(WSGI close) a thread runs the queue in an application context of its own, with a request
context on PUBLIC_URL so that url_for() and force_locale() work. With DEFERRED_WORK_INLINE (the
tests) the queue runs in the same thread as soon as the request's context is torn down, i.e.
after the request's database session has been removed, so that tests see its effects at once.
"""
import threading
from functools import partial

from flask import g, has_request_context


def after_response(func, *args, **kwargs):
    """Call func(*args, **kwargs) once this request has been answered (at once outside a request)."""
    job = partial(func, *args, **kwargs)
    if not has_request_context():
        job()
        return
    g.setdefault("deferred_work", []).append(job)


def run_jobs(app, jobs):
    from roadmap.extensions import db

    with app.app_context(), app.test_request_context("/", base_url=app.config["PUBLIC_URL"]):
        for job in jobs:
            try:
                job()
            except Exception:  # one failed e-mail must not drop the others
                db.session.rollback()
                app.logger.exception("Deferred work failed: %r", job)


def init_deferred_work(app):
    """Call before db.init_app(): teardown functions run in reverse order, so ours then runs after
    Flask-SQLAlchemy has removed the request's session (no transaction of the request is open)."""

    @app.after_request
    def _hand_over(response):
        if not app.config.get("DEFERRED_WORK_INLINE"):
            jobs = g.pop("deferred_work", None)
            if jobs:
                thread = threading.Thread(target=run_jobs, args=(app, jobs), name="after-response", daemon=True)
                response.call_on_close(thread.start)
        return response

    @app.teardown_appcontext
    def _run_inline(_error):
        jobs = g.pop("deferred_work", None)
        if jobs and app.config.get("DEFERRED_WORK_INLINE"):
            run_jobs(app, jobs)
