"""Work queued with after_response() goes to the job queue once the request has committed, waits
there (across a restart) until a consumer runs it, and a failing job is retried, never raised."""
from pathlib import Path

import pytest
from sqlalchemy import text

from roadmap.core.deferred import after_response
from roadmap.core.queue import run_pending
from roadmap.extensions import db
from tests.conftest import make_queued_app


def touch(path, text="done"):
    Path(path).write_text(text)


def broken():
    raise RuntimeError("SMTP down")


def _pending(app):
    return app.extensions["huey"].pending_count()


def test_a_job_waits_for_the_end_of_the_request_then_for_the_consumer(queued_app, tmp_path):
    marker = tmp_path / "marker"
    with queued_app.test_request_context("/"):
        after_response(touch, str(marker))
        assert _pending(queued_app) == 0  # the request is not over: nothing enqueued yet
        queued_app.process_response(queued_app.make_response("answered"))
    assert _pending(queued_app) == 1 and not marker.exists()  # enqueued, not run by the web worker
    assert run_pending(queued_app) == 1
    assert marker.read_text() == "done"


def test_a_job_enqueued_survives_a_restart_of_the_web_workers(app, tmp_path):
    """Enqueued by one process with no consumer; that process is gone; a new one runs it."""
    jobs, marker = tmp_path / "jobs.sqlite3", tmp_path / "marker"
    first = make_queued_app(app, jobs, tmp_path / "outbox")
    with first.test_request_context("/"):
        after_response(touch, str(marker), "after the restart")
    first.extensions["huey"].storage.close()
    del first
    restarted = make_queued_app(app, jobs, tmp_path / "outbox")
    assert _pending(restarted) == 1 and not marker.exists()
    assert run_pending(restarted) == 1
    assert marker.read_text() == "after the restart"


def test_a_request_that_ends_in_an_error_page_enqueues_nothing(queued_app, tmp_path):
    from roadmap.core.errors import Conflict

    @queued_app.get("/test-conflict")
    def _conflict():
        after_response(touch, str(tmp_path / "never"))
        raise Conflict()

    response = queued_app.test_client().get("/test-conflict")
    assert response.status_code == 409
    assert _pending(queued_app) == 0


def test_outside_a_request_a_job_is_enqueued_at_the_commit_and_dropped_at_a_rollback(queued_app, tmp_path):
    with queued_app.app_context():
        db.session.execute(text("SELECT 1"))  # a transaction is under way, as in a command's work
        after_response(touch, str(tmp_path / "rolled-back"))
        db.session.rollback()
        assert _pending(queued_app) == 0
        after_response(touch, str(tmp_path / "committed"))
        assert _pending(queued_app) == 0
        db.session.commit()
        assert _pending(queued_app) == 1
        db.session.remove()
    run_pending(queued_app)
    assert (tmp_path / "committed").exists() and not (tmp_path / "rolled-back").exists()


def test_a_failing_job_is_retried_later_and_does_not_stop_the_next_one(queued_app, tmp_path):
    with queued_app.test_request_context("/"):
        after_response(broken)
        after_response(touch, str(tmp_path / "second"))
    huey = queued_app.extensions["huey"]
    assert run_pending(queued_app) == 2
    assert (tmp_path / "second").exists()
    [retry] = huey.scheduled()
    assert retry.retries == queued_app.config["JOB_RETRIES"] - 1  # waiting with its backoff


def test_inline_mode_runs_the_jobs_when_the_request_is_torn_down(app, tmp_path):
    ran = tmp_path / "ran"
    with app.app_context(), app.test_request_context("/"):
        after_response(broken)
        after_response(touch, str(ran))
        assert not ran.exists()  # the request is still running: nothing ran yet
    assert ran.exists()


def test_a_job_must_be_a_function_another_process_can_import(app):
    def local():
        pass

    with app.test_request_context("/"), pytest.raises(ValueError):
        after_response(local)
