"""The two processes of `make serve`: the pages (gthread) and the live room's streams (gevent),
one application selected by SERVE_ROLE (roadmap/core/serving.py, deploy/gunicorn.conf.py)."""
import runpy
from pathlib import Path

import pytest

from config import TestConfig
from roadmap import create_app
from tests.conftest import csrf_token
from tests.factories import login
from tests.workshops.helpers import json_post, live_room, second_client

CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_an_unknown_role_stops_the_application_at_start(tmp_path):
    with pytest.raises(ValueError, match="SERVE_ROLE"):
        create_app(TestConfig, SERVE_ROLE="pages-and-more", INSTANCE_DIR=tmp_path)


def test_a_stream_process_without_redis_stops_at_start(tmp_path):
    with pytest.raises(ValueError, match="REDIS_URL"):
        create_app(TestConfig, SERVE_ROLE="streams", REDIS_URL="", INSTANCE_DIR=tmp_path)
    app = create_app(TestConfig, SERVE_ROLE="streams", REDIS_URL="redis://127.0.0.1:6379/15", INSTANCE_DIR=tmp_path)
    assert app.config["SERVE_ROLE"] == "streams"  # Redis is reached only when a stream subscribes


@pytest.fixture
def streams_only(app):
    # The shared test app, its role switched per request (the in-process broker: the test's one process).
    app.config["REDIS_URL"] = ""
    app.extensions.pop("live_broker", None)
    yield live_room()
    app.extensions.pop("live_broker", None)


def _signed_in(app, user):
    """A browser that logged in on the page process, then asks the stream process."""
    client = second_client(app)
    login(client, user)
    app.config["SERVE_ROLE"] = "streams"
    return client


def test_the_stream_process_serves_the_stream_and_the_health_checks(app, streams_only):
    alice = _signed_in(app, streams_only["a"])
    response = alice.get(f"/workshops/{streams_only['workshop'].id}/live/stream?lifetime=0.2")
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    assert "event: hello" in response.get_data(as_text=True)
    assert alice.get("/healthz").status_code == 200
    assert alice.get("/ping").status_code == 200


def test_the_stream_process_refuses_pages_and_writes(app, streams_only):
    alice = second_client(app)
    login(alice, streams_only["a"])
    token = csrf_token(alice)
    app.config["SERVE_ROLE"] = "streams"
    w = streams_only["workshop"].id
    for path in ("/", f"/workshops/{w}", f"/workshops/{w}/live/state", "/no-such-page"):
        response = alice.get(path)
        assert response.status_code == 404, path
        assert "event streams only" in response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-store"
    response = json_post(alice, f"/workshops/{w}/live/cards",
                         {"use_case_id": streams_only["use_case"].id, "kind": "idea", "text": "Ailleurs"}, token=token)
    assert response.status_code == 404
    app.config["SERVE_ROLE"] = "all"
    assert alice.get(f"/workshops/{w}").status_code == 200  # the default serves everything


def test_the_stream_process_does_not_open_the_stream_of_someone_not_registered(app, streams_only):
    url = f"/workshops/{streams_only['workshop'].id}/live/stream?lifetime=0.2"
    for person in ("c", "d"):  # invited but not registered; a lead of another territory
        client = _signed_in(app, streams_only[person])
        response = client.get(url)
        assert response.status_code in (403, 404), person
        assert "event streams only" not in response.get_data(as_text=True)  # the room's own rule said no
        app.config["SERVE_ROLE"] = "all"


def _settings(monkeypatch, **env):
    for name in ("SERVE_ROLE", "WORKERS", "THREADS", "STREAM_WORKERS", "STREAM_CONNECTIONS", "HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_gunicorn_settings_of_the_page_workers(monkeypatch):
    settings = _settings(monkeypatch)
    assert (settings["worker_class"], settings["workers"], settings["threads"]) == ("gthread", 4, 32)
    assert settings["bind"] == "127.0.0.1:5000"
    settings = _settings(monkeypatch, WORKERS="2", THREADS="8", PORT="5110")
    assert (settings["workers"], settings["threads"], settings["bind"]) == (2, 8, "127.0.0.1:5110")


def test_gunicorn_settings_of_the_stream_process(monkeypatch):
    settings = _settings(monkeypatch, SERVE_ROLE="streams", PORT="5001")
    assert (settings["worker_class"], settings["workers"], settings["worker_connections"]) == ("gevent", 2, 1000)
    assert settings["bind"] == "127.0.0.1:5001"
    assert "preload_app" not in settings  # the app is imported after gevent's patching, in each worker
