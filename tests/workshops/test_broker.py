"""The broker interface, in process and over Redis (two brokers stand for two gunicorn workers)."""
import os
import socket
import threading
import uuid

import pytest

from roadmap.core.live import InProcessBroker, RedisBroker, create_broker, sse_message

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_url():
    if not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail("Redis must be reachable in CI")
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    return REDIS_URL


def test_in_process_broker_delivers_to_every_subscriber_of_the_channel():
    broker = InProcessBroker()
    with broker.subscribe("room:1") as one, broker.subscribe("room:1") as two, broker.subscribe("room:2") as other:
        broker.publish("room:1", {"seq": 1})
        assert one.get(1) == {"seq": 1} and two.get(1) == {"seq": 1}
        assert other.get(0.05) is None
    assert broker.subscriber_count() == 0


def test_a_full_subscription_drops_and_says_so():
    broker = InProcessBroker()
    with broker.subscribe("room") as subscription:
        for n in range(1100):
            broker.publish("room", {"seq": n})
        assert subscription.overflowed


def test_the_embedded_default_is_in_process_and_redis_url_selects_redis(redis_url):
    assert isinstance(create_broker(""), InProcessBroker)
    broker = create_broker(redis_url)
    assert isinstance(broker, RedisBroker)
    broker.close()


def test_redis_broker_carries_messages_between_two_workers(redis_url):
    prefix = f"test:{uuid.uuid4().hex}:"
    worker_a, worker_b = RedisBroker(redis_url, prefix=prefix), RedisBroker(redis_url, prefix=prefix)
    try:
        with worker_b.subscribe("workshop:7") as subscription, worker_a.subscribe("workshop:8") as elsewhere:
            for seq in range(1, 6):
                worker_a.publish("workshop:7", {"seq": seq, "kind": "card", "data": {"text": "é"}})
            received = [subscription.get(2) for _ in range(5)]
            assert [m["seq"] for m in received] == [1, 2, 3, 4, 5]
            assert received[0]["data"]["text"] == "é"
            assert elsewhere.get(0.2) is None
    finally:
        worker_a.close()
        worker_b.close()


def test_redis_broker_fans_out_to_many_local_streams_with_one_connection(redis_url):
    prefix = f"test:{uuid.uuid4().hex}:"
    publisher, worker = RedisBroker(redis_url, prefix=prefix), RedisBroker(redis_url, prefix=prefix)
    try:
        subscriptions = [worker.subscribe("room") for _ in range(20)]
        publisher.publish("room", {"seq": 1})
        assert all(s.get(2) == {"seq": 1} for s in subscriptions)
        listeners = [t for t in threading.enumerate() if t.name == "live-redis-listener"]
        assert len(listeners) >= 1
        for s in subscriptions:
            s.close()
    finally:
        publisher.close()
        worker.close()


def test_sse_message_format():
    text = sse_message({"a": "b\nc"}, "card", event_id=3, retry=1000)
    assert text == 'retry: 1000\nid: 3\nevent: card\ndata: {"a":"b\\nc"}\n\n'
