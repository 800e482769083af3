"""Work queued with after_response() runs once the answer has been sent."""
import threading

from roadmap.core.deferred import after_response


def test_deferred_work_runs_after_the_answer_in_production(app):
    """Outside the tests' inline mode, the queued work waits for the answer to be sent."""
    app.config["DEFERRED_WORK_INLINE"] = False
    started, release, done = threading.Event(), threading.Event(), threading.Event()

    def slow_job():
        started.set()
        release.wait(5)
        done.set()

    with app.test_request_context("/"):
        after_response(slow_job)
        response = app.process_response(app.make_response("answered"))
    assert not started.is_set()  # nothing ran before the answer was sent
    response.close()  # what the WSGI server does once it has sent the answer
    assert started.wait(5)
    release.set()
    assert done.wait(5)


def test_a_failing_job_does_not_stop_the_next_one(app):
    ran = []

    def broken():
        raise RuntimeError("SMTP down")

    with app.app_context(), app.test_request_context("/"):
        after_response(broken)
        after_response(ran.append, "second")
        assert ran == []  # the request is still running: nothing ran yet
    # Inline mode (the tests): the queue ran when the request's context was torn down.
    assert ran == ["second"]
