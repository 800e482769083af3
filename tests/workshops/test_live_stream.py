"""The event stream: one browser posts, the other receives; reconnecting catches up; presence."""
import json
import os
import threading
import time
import uuid

import pytest

from roadmap.core.live import InProcessBroker, RedisBroker, get_broker
from roadmap.extensions import db
from roadmap.workshops import room
from tests.factories import login
from tests.workshops.helpers import json_post, live_room, second_client


def parse_events(text):
    events = []
    for block in text.split("\n\n"):
        fields = {}
        for line in block.splitlines():
            if line.startswith(":") or ":" not in line:
                continue
            name, _sep, value = line.partition(":")
            fields.setdefault(name, []).append(value[1:] if value.startswith(" ") else value)
        if "data" in fields:
            events.append({"event": fields.get("event", ["message"])[0], "id": fields.get("id", [None])[0],
                           "data": json.loads("\n".join(fields["data"]))})
    return events


class StreamReader(threading.Thread):
    """Reads a stream in its own thread, as a browser would, noting when each chunk arrived."""

    def __init__(self, client, url, headers=None):
        super().__init__(daemon=True)
        self.client, self.url, self.headers = client, url, headers or {}
        self.chunks, self.started, self.status = [], threading.Event(), None

    def run(self):
        response = self.client.get(self.url, headers=self.headers, buffered=False)
        self.status = response.status_code
        try:
            for chunk in response.response:
                self.chunks.append((time.monotonic(), chunk.decode() if isinstance(chunk, bytes) else chunk))
                self.started.set()
        finally:
            response.close()
            self.started.set()

    @property
    def text(self):
        return "".join(chunk for _at, chunk in self.chunks)

    def wait_for(self, predicate, timeout=5):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(predicate(e) for e in parse_events(self.text)):
                return True
            time.sleep(0.02)
        return False


@pytest.fixture
def data(app):
    app.config["REDIS_URL"] = ""
    app.extensions.pop("live_broker", None)
    yield live_room()
    app.extensions.pop("live_broker", None)


def _stream_url(data, lifetime=3, last=None):
    url = f"/workshops/{data['workshop'].id}/live/stream?lifetime={lifetime}"
    return url + (f"&last_event_id={last}" if last is not None else "")


@pytest.fixture(params=["in-process", "redis"])
def broker_kind(request, app):
    """The same room over both brokers; the Redis one as two workers would share it."""
    if request.param == "redis":
        from tests.workshops.test_broker import REDIS_URL, _redis_reachable

        if not _redis_reachable():
            if os.environ.get("CI"):
                pytest.fail("Redis must be reachable in CI")
            pytest.skip("Redis is not reachable on 127.0.0.1:6379")
        broker = RedisBroker(REDIS_URL, prefix=f"test:{uuid.uuid4().hex}:")
        app.extensions["live_broker"] = broker
        yield request.param
        broker.close()
    else:
        yield request.param


def test_a_card_posted_by_one_client_reaches_the_other_clients_stream(app, data, broker_kind):
    alice, bruno = second_client(app), second_client(app)
    login(alice, data["a"])
    login(bruno, data["b"])
    reader = StreamReader(bruno, _stream_url(data, last=data["workshop"].last_event_seq))
    reader.start()
    assert reader.started.wait(5) and reader.status == 200
    assert reader.wait_for(lambda e: e["event"] == "presence")
    sent = time.monotonic()
    response = json_post(alice, f"/workshops/{data['workshop'].id}/live/cards",
                         {"use_case_id": data["use_case"].id, "kind": "idea", "text": "Un défi entre quartiers"})
    assert response.status_code == 201
    assert reader.wait_for(lambda e: e["event"] == "card", timeout=2)
    card_event = next(e for e in parse_events(reader.text) if e["event"] == "card")
    assert card_event["data"]["card"]["text"] == "Un défi entre quartiers"
    assert card_event["id"] == "2"
    arrived = next(at for at, chunk in reader.chunks if "Un défi" in chunk)
    assert arrived - sent < 1.0
    reader.join(6)
    assert not reader.is_alive()  # the stream ends by itself after its lifetime


def test_stream_response_is_an_event_stream_and_ends_after_its_lifetime(app, data):
    alice = second_client(app)
    login(alice, data["a"])
    started = time.monotonic()
    response = alice.get(_stream_url(data, lifetime=0.5))
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-store, no-transform"  # never kept, never buffered
    assert time.monotonic() - started < 5
    events = parse_events(response.get_data(as_text=True))
    assert events[0]["event"] == "hello" and "retry: 1000" in response.get_data(as_text=True)


def test_reconnecting_with_last_event_id_replays_what_was_missed(app, data):
    w, uc = data["workshop"].id, data["use_case"].id
    room.add_card(w, data["a"], uc, "idea", "Manquée 1")
    room.add_dot(w, data["a"], 1)
    room.add_card(w, data["a"], uc, "risk", "Manquée 2")
    db.session.commit()
    bruno = second_client(app)
    login(bruno, data["b"])
    response = bruno.get(_stream_url(data, lifetime=0.3), headers={"Last-Event-ID": "2"})
    replayed = [e for e in parse_events(response.get_data(as_text=True)) if e["id"]]
    assert [(e["event"], e["id"]) for e in replayed] == [("dots", "3"), ("card", "4")]
    everything = bruno.get(_stream_url(data, lifetime=0.3, last=0)).get_data(as_text=True)
    assert [e["id"] for e in parse_events(everything) if e["id"]] == ["1", "2", "3", "4"]


def test_the_room_shows_who_is_connected_now(app, data):
    alice, bruno = second_client(app), second_client(app)
    login(alice, data["a"])
    login(bruno, data["b"])
    reader = StreamReader(bruno, _stream_url(data, lifetime=2))
    reader.start()
    assert reader.wait_for(lambda e: e["event"] == "presence" and [p["name"] for p in e["data"]["people"]] == ["Bruno"])
    other = StreamReader(alice, _stream_url(data, lifetime=0.5))
    other.start()
    assert reader.wait_for(lambda e: e["event"] == "presence"
                           and sorted(p["name"] for p in e["data"]["people"]) == ["Alice", "Bruno"])
    other.join(5)
    # Alice's stream ended: Bruno is told she left.
    assert reader.wait_for(lambda e: e["event"] == "presence" and e["data"]["people"] == [{"id": data["b"].id,
                                                                                          "name": "Bruno"}]
                           and reader.text.count("event: presence") >= 3)
    reader.join(5)


def test_a_gap_in_the_broker_messages_is_filled_from_the_log(app, data):
    """A message lost by the broker (say Redis restarted) is replayed from the database."""
    bruno = second_client(app)
    login(bruno, data["b"])
    reader = StreamReader(bruno, _stream_url(data, lifetime=2, last=1))
    reader.start()
    assert reader.wait_for(lambda e: e["event"] == "presence")
    w, uc = data["workshop"].id, data["use_case"].id
    db.session.commit()
    with app.test_request_context(method="POST"):  # a write transaction, as in a POST request
        room.add_card(w, data["a"], uc, "idea", "Perdue")  # seq 2, published...
        db.session.info.pop("live_pending")  # ...but its message never reaches the broker
        db.session.commit()
        room.add_card(w, data["a"], uc, "idea", "Reçue")  # seq 3 arrives: the stream sees the gap
        db.session.commit()
    assert reader.wait_for(lambda e: e["id"] == "3")
    ids = [e["id"] for e in parse_events(reader.text) if e["id"]]
    assert ids == ["2", "3"]
    reader.join(5)


def test_rolled_back_changes_are_never_published(app, data):
    broker = get_broker(app)
    assert isinstance(broker, InProcessBroker)
    with broker.subscribe(room.channel(data["workshop"].id)) as subscription:
        room.add_card(data["workshop"].id, data["a"], data["use_case"].id, "idea", "Annulée")
        db.session.rollback()
        assert subscription.get(0.1) is None
        room.add_card(data["workshop"].id, data["a"], data["use_case"].id, "idea", "Validée")
        db.session.commit()
        message = subscription.get(1)
        assert message["kind"] == "card" and message["data"]["card"]["text"] == "Validée"


def test_visitor_cannot_open_the_stream(client, data):
    response = client.get(_stream_url(data))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_waiting_stream_holds_no_database_connection(app, data):
    bruno = second_client(app)
    login(bruno, data["b"])
    readers = [StreamReader(bruno, _stream_url(data, lifetime=1.5)) for _ in range(3)]
    for reader in readers:
        reader.start()
    for reader in readers:
        assert reader.wait_for(lambda e: e["event"] == "presence")
    time.sleep(0.2)
    db.session.commit()
    db.session.close()  # the test's own session gives its connection back too
    assert all(reader.is_alive() for reader in readers)
    assert db.engine.pool.checkedout() == 0
    for reader in readers:
        reader.join(5)


def test_odd_last_event_ids_and_lifetimes_are_harmless(app, data):
    bruno = second_client(app)
    login(bruno, data["b"])
    app.config["LIVE_STREAM_SECONDS"] = 0.2  # a lifetime asked for can only shorten this
    for query, header in (("?lifetime=0.1&last_event_id=%C2%B2", "x"), ("?lifetime=nan", "-3"),
                          ("?lifetime=1e9&last_event_id=abc", "")):
        headers = {"Last-Event-ID": header} if header else {}
        response = bruno.get(f"/workshops/{data['workshop'].id}/live/stream{query}", headers=headers)
        assert response.status_code == 200
        assert [e["id"] for e in parse_events(response.get_data(as_text=True)) if e["id"]] == ["1"]


def test_the_stream_beats_and_keeps_presence_fresh_even_when_busy(app, data, monkeypatch):
    app.config["LIVE_HEARTBEAT_SECONDS"] = 0.2
    monkeypatch.setattr(room, "PRESENCE_TIMEOUT_SECONDS", 0.5)  # without beats, gone after 0.6 s
    bruno = second_client(app)
    login(bruno, data["b"])
    reader = StreamReader(bruno, _stream_url(data, lifetime=1.8))
    reader.start()
    assert reader.wait_for(lambda e: e["event"] == "presence")
    broker = get_broker(app)
    for n in range(48):  # a message every 25 ms for 1.2 s: never a quiet heartbeat period
        broker.publish(room.channel(data["workshop"].id), {"kind": "presence", "data": {"people": []}})
        time.sleep(0.025)
    assert [p["name"] for p in room.present_people(data["workshop"].id)] == ["Bruno"]
    reader.join(5)
    assert ": ping" in reader.text
    assert room.present_people(data["workshop"].id) == []  # the stream ended: Bruno left


def test_heartbeats_write_nothing_in_the_database(app, data):
    from tests.conftest import counted_statements

    app.config["LIVE_HEARTBEAT_SECONDS"] = 0.1
    bruno = second_client(app)
    login(bruno, data["b"])
    db.session.commit()
    with counted_statements() as statements:
        reader = StreamReader(bruno, _stream_url(data, lifetime=1))
        reader.start()
        reader.join(5)
    assert reader.text.count(": ping") >= 5
    assert [s for s in statements if not s.lstrip().upper().startswith("SELECT")] == []


def test_presence_is_shared_by_workers_through_redis_and_expires(app, data):
    from tests.workshops.test_broker import REDIS_URL, _redis_reachable

    if not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail("Redis must be reachable in CI")
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    prefix = f"test:{uuid.uuid4().hex}:"
    one, two = RedisBroker(REDIS_URL, prefix=prefix), RedisBroker(REDIS_URL, prefix=prefix)
    try:
        one.presence_beat("workshop:1", "7:a", 30)
        two.presence_beat("workshop:1", "7:b", 30)  # the same person in a second tab, another worker
        two.presence_beat("workshop:1", "8:a", 0.3)
        assert one.presence_members("workshop:1") == {"7:a", "7:b", "8:a"}
        time.sleep(0.4)
        assert two.presence_members("workshop:1") == {"7:a", "7:b"}  # 8 stopped beating
        one.presence_leave("workshop:1", "7:a")
        assert two.presence_members("workshop:1") == {"7:b"}
    finally:
        one.close()
        two.close()


def test_a_stream_never_sends_the_same_event_twice(app, data):
    """Events the broker lost are replayed by a heartbeat once, not again by every later beat."""
    app.config["LIVE_HEARTBEAT_SECONDS"] = 0.2
    bruno = second_client(app)
    login(bruno, data["b"])
    reader = StreamReader(bruno, _stream_url(data, lifetime=1.5))
    reader.start()
    assert reader.wait_for(lambda e: e["event"] == "presence")
    w, uc = data["workshop"].id, data["use_case"].id
    db.session.commit()
    with app.test_request_context(method="POST"):
        for text in ("Perdue une", "Perdue deux"):
            room.add_card(w, data["a"], uc, "idea", text)
            db.session.info.pop("live_pending")  # the broker never hears of it: only beats replay it
            db.session.commit()
    reader.join(5)
    assert reader.text.count(": ping") >= 2  # several beats went by
    assert [e["id"] for e in parse_events(reader.text) if e["id"]] == ["1", "2", "3"]
