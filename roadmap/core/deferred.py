"""Work handed to the job queue (roadmap/core/queue.py) once the request's work is committed:
e-mails whose sending must neither make the reader wait nor change how long the answer takes (a
"forgot password" for an existing account must take as long as one for an unknown address), and
exports.

`after_response(func, ...)` during a request keeps the call; when the request ends (after the
view's one commit) it is enqueued, so a job never reads a row its request did not commit. A
request that ends in an error page (its transaction rolled back) enqueues nothing. Outside a
request (a command), the call is enqueued at the session's next commit. With DEFERRED_WORK_INLINE
(the tests) Huey runs each job as soon as it is enqueued, i.e. when the request's context is torn
down, after the request's database session has been removed, so that tests see its effects at
once; outside a request, it runs at once in the caller's context (and session).
"""
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar

from flask import current_app, g, has_request_context
from sqlalchemy import event

from roadmap.core.queue import enqueue_now, job_name

_SESSION_KEY = "roadmap_pending_jobs"
_suppressed = ContextVar("background_work_suppressed", default=False)


@contextmanager
def no_background_work():
    """Nothing asked meanwhile is queued (the demo's data must not e-mail its made-up people)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def after_response(func, *args, retries=None, **kwargs):
    """Run func(*args, **kwargs) in the job queue once this request (or this session's
    transaction, outside a request) has committed."""
    job_name(func)  # refuse a local function now, in the caller, not in the consumer
    if _suppressed.get():
        return
    app = current_app._get_current_object()
    job = (func, args, kwargs, retries)
    if has_request_context() and not g.get("inline_job_depth"):
        g.setdefault("deferred_work", []).append(job)
        return
    if app.config.get("DEFERRED_WORK_INLINE"):
        _run_here(app, job)
        return
    from roadmap.extensions import db

    db.session.info.setdefault(_SESSION_KEY, []).append(job)


def discard_pending_jobs():
    """The request's changes were rolled back: what it asked to send must not go."""
    if has_request_context():
        g.pop("deferred_work", None)


def flush_request_jobs():
    """Enqueue what this request has kept so far, now (tests that hold one request context)."""
    jobs = g.pop("deferred_work", None)
    if jobs:
        _enqueue_all(current_app._get_current_object(), jobs)


def _run_here(app, job):
    func, args, kwargs, _retries = job
    context = nullcontext() if has_request_context() else app.test_request_context(
        "/", base_url=app.config["PUBLIC_URL"])
    with context:
        g.inline_job_depth = g.get("inline_job_depth", 0) + 1  # what the job defers runs here too
        try:
            func(*args, **kwargs)
        except Exception:  # as in the queue: logged, never raised to the person who acted
            app.logger.exception("Job %s failed", job_name(func))
        finally:
            g.inline_job_depth -= 1


def _enqueue_all(app, jobs):
    for func, args, kwargs, retries in jobs:
        try:
            enqueue_now(app, func, *args, retries=retries, **kwargs)
        except Exception:  # the queue's storage is down: the request's work is saved all the same
            app.logger.exception("Job %s could not be enqueued", job_name(func))


def init_deferred_work(app):
    """Call before db.init_app(): teardown functions run in reverse order, so ours then runs after
    Flask-SQLAlchemy has removed the request's session (no transaction of the request is open)."""
    from roadmap.core.queue import init_queue
    from roadmap.extensions import db

    init_queue(app)

    @app.teardown_appcontext
    def _enqueue_request_jobs(error):
        jobs = g.pop("deferred_work", None)
        if jobs and error is None:
            _enqueue_all(app, jobs)

    if not event.contains(db.session, "after_commit", _enqueue_session_jobs):
        event.listen(db.session, "after_commit", _enqueue_session_jobs)
        event.listen(db.session, "after_soft_rollback", _drop_session_jobs)


def _enqueue_session_jobs(session):
    jobs = session.info.pop(_SESSION_KEY, None)
    if jobs:
        _enqueue_all(current_app._get_current_object(), jobs)


def _drop_session_jobs(session, previous_transaction):
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(_SESSION_KEY, None)
