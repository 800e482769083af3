"""The shared text's rate limit is one count per person for every worker when REDIS_URL is set.

Two workers are two sets of what a process keeps for the limit (its Redis client, its own counts);
the Redis tests use TEST_REDIS_URL (default redis://127.0.0.1:6379/9) and are skipped without it.
"""
import os
import random
from types import SimpleNamespace

import pytest

from roadmap.workshops import text_rate

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
PER_PROCESS = ("shared_text_rate", "shared_text_redis")


def _redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    return client


@pytest.fixture
def workers(app, monkeypatch):
    """Two workers of one server, in one second (the limit's window) that no other test used."""
    second = random.randrange(10**9, 2 * 10**9)
    monkeypatch.setattr(text_rate, "time", SimpleNamespace(time=lambda: second))
    app.config["SHARED_TEXT_UPDATES_PER_SECOND"] = 5
    kept = [{}, {}]

    def on(index):
        for name in PER_PROCESS:  # what the other worker kept goes back to it
            app.extensions.pop(name, None)
        app.extensions.update(kept[index])

    def check(index, user_id=1):
        on(index)
        try:
            text_rate.check("text", user_id)
        finally:
            kept[index] = {name: app.extensions[name] for name in PER_PROCESS if name in app.extensions}

    yield SimpleNamespace(check=check, second=second)
    for name in PER_PROCESS:
        app.extensions.pop(name, None)


def _burst(workers, user_id=1):
    """Three messages on each worker in turn; how many were refused."""
    refused = 0
    for i in range(6):
        try:
            workers.check(i % 2, user_id)
        except text_rate.TooFast:
            refused += 1
    return refused


def test_with_redis_the_workers_share_one_count(app, workers):
    client = _redis_or_skip()
    app.config["REDIS_URL"] = REDIS_URL
    client.delete(f"roadmap:rate:text:1:{workers.second}", f"roadmap:rate:text:2:{workers.second}")
    assert _burst(workers) == 1  # six messages in one second, at most five
    workers.check(0, user_id=2)  # somebody else is not slowed down
    assert int(client.get(f"roadmap:rate:text:1:{workers.second}")) == 6
    assert 0 < client.ttl(f"roadmap:rate:text:1:{workers.second}") <= 3  # the counts do not pile up


def test_without_redis_each_worker_counts_alone(app, workers):
    app.config.pop("REDIS_URL", None)
    assert _burst(workers) == 0  # three per worker: the embedded default is per process
    for _ in range(2):
        workers.check(0)
    with pytest.raises(text_rate.TooFast):
        workers.check(0)


def test_redis_away_falls_back_to_the_workers_own_count(app, workers):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/9"  # nothing listens there
    for _ in range(5):
        workers.check(0)
    with pytest.raises(text_rate.TooFast):
        workers.check(0)
