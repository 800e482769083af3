"""The live room under load on gunicorn, its server restarted in the middle (bench/faults.py):
no 5xx, no "database is locked", every client gets every event. On SQLite, and on PostgreSQL in
the suite's PostgreSQL pass (a database of its own next to TEST_DATABASE_URL's, emptied first).

The quick version runs in the default suite; the full one (50 participants for 60 seconds) is
behind the `faults` marker: `.venv/bin/python -m pytest -m faults tests/faults`."""
import os
import shutil

from sqlalchemy.engine import make_url

import pytest

from bench import faults


def _check(report):
    assert report["server_errors"] == [], report
    assert report["database_is_locked"] == 0 and report["tracebacks"] == 0, report
    assert report["clients_missing_events"] == {} and report["events"] > 0, report
    assert report["ok"], report


def _redis_url():
    import redis

    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379 (the two gunicorn workers share events through it)")
    return url


@pytest.fixture(autouse=True)
def _needs_gunicorn():
    if not shutil.which("gunicorn") and not faults.ROOT.joinpath(".venv/bin/gunicorn").exists():
        pytest.skip("gunicorn is missing")


def _database_url():
    url = os.environ.get("TEST_DATABASE_URL")
    return make_url(url).set(database="roadmap_faults").render_as_string(hide_password=False) if url else None


def test_a_restarted_server_loses_no_event_of_a_busy_room():
    report = faults.run(clients=10, seconds=10, restart=True, redis_url=_redis_url(), threads=40, quiet=True,
                        database_url=_database_url())
    _check(report)
    assert report["reconnections"] >= 10  # every stream was cut by the restart and came back


@pytest.mark.faults
def test_fifty_participants_for_a_minute_with_a_restart():
    _check(faults.run(clients=50, seconds=60, restart=True, redis_url=_redis_url(), quiet=True,
                      database_url=_database_url()))
