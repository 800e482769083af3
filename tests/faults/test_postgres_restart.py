"""PostgreSQL goes away and comes back: /healthz answers 503 meanwhile and the app recovers by
itself (pool_pre_ping). The machine's PostgreSQL is never touched: a TCP proxy between the app
and it is cut (listener and every connection closed), then restored."""
import os
import time
import urllib.parse

import psycopg
import pytest

from config import Config
from roadmap import create_app
from tests.faults.tcp_proxy import TcpProxy


def _postgres_url():
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        url = os.environ.get("FAULTS_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture
def proxied_app(tmp_path):
    url = _postgres_url()
    try:
        psycopg.connect(url, connect_timeout=2).close()
    except psycopg.Error:
        pytest.skip(f"no PostgreSQL at {url}")
    parts = urllib.parse.urlsplit(url)
    proxy = TcpProxy(parts.hostname, parts.port or 5432).start()
    proxied = parts._replace(netloc=f"{parts.username}@127.0.0.1:{proxy.port}").geturl()

    class ProxiedConfig(Config):
        SQLALCHEMY_DATABASE_URI = proxied.replace("postgresql://", "postgresql+psycopg://")
        SQLALCHEMY_ENGINE_OPTIONS = {**Config.SQLALCHEMY_ENGINE_OPTIONS, "connect_args": {"connect_timeout": 2}}
        INSTANCE_DIR = tmp_path
        OUTBOX_DIR = tmp_path / "outbox"
        REDIS_URL = ""
        TESTING = True

    app = create_app(ProxiedConfig)
    yield app, proxy
    proxy.cut()
    from roadmap.extensions import db

    with app.app_context():
        db.engine.dispose()


def _health(client):
    return client.get("/healthz").status_code


def test_healthz_answers_503_while_postgresql_is_away_and_the_app_recovers_by_itself(proxied_app):
    app, proxy = proxied_app
    client = app.test_client()
    assert _health(client) == 200  # the pool now holds a connection through the proxy
    proxy.cut()
    started = time.monotonic()
    assert [_health(client) for _ in range(3)] == [503, 503, 503]
    assert time.monotonic() - started < 10  # refused at once, not hanging
    proxy.restore()
    deadline = time.monotonic() + 10
    while _health(client) != 200:
        assert time.monotonic() < deadline, "the app did not recover"
        time.sleep(0.2)
    assert client.get("/ping").status_code == 200
