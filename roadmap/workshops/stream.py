"""The room's Server-Sent Events stream: one per open page.

The generator never holds a database connection while it waits: each read or write is a short
transaction closed at once. It subscribes to the broker BEFORE replaying the log, so nothing
falls between the replay and the live messages, and it ends after ``lifetime`` seconds (the
browser reconnects with Last-Event-ID), so that workers can stop cleanly.
"""
import logging
import time
import uuid

from roadmap.core.live import get_broker, sse_comment, sse_message
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.workshops import room
from roadmap.workshops.times import iso_utc

log = logging.getLogger(__name__)
RETRY_MS = 1000
MAX_BATCH = 200


def _short_transaction(function, *args):
    try:
        result = function(*args)
        db.session.commit()
        return result
    except Exception:  # a busy database must not break the stream: the next beat retries
        log.warning("Live stream: database step failed", exc_info=True)
        db.session.rollback()
        return None
    finally:
        db.session.close()


def _safely(function, *args):
    try:
        function(*args)
    except Exception:  # Redis away: presence is refreshed by the next beat
        log.warning("Live stream: presence step failed", exc_info=True)


def _publish_presence(broker, workshop_id):
    people = _short_transaction(room.present_people, workshop_id)
    if people is not None:
        broker.publish(room.channel(workshop_id), {"kind": "presence", "data": {"people": people}})


def room_stream(app, workshop_id, user_id, last_seq, lifetime, heartbeat):
    broker = get_broker(app)
    channel = room.channel(workshop_id)
    subscription = broker.subscribe(channel)
    member = room.presence_member(user_id, uuid.uuid4().hex)
    presence_ttl = max(room.PRESENCE_TIMEOUT_SECONDS, 3 * heartbeat)
    joined = False
    try:
        yield sse_message({"server_time": iso_utc(utcnow()), "user_id": user_id}, "hello", retry=RETRY_MS)
        broker.presence_beat(channel, member, presence_ttl)
        joined = True
        _publish_presence(broker, workshop_id)
        replay = _replay(workshop_id, last_seq)
        for chunk, seq in replay:
            last_seq = seq
            yield chunk
        started = time.monotonic()
        ends, next_beat = started + lifetime, started + heartbeat
        carried = None
        while True:
            now = time.monotonic()
            if now >= ends:
                break
            if now >= next_beat:  # also in a busy room: presence must stay fresh
                next_beat = now + heartbeat
                _safely(broker.presence_beat, channel, member, presence_ttl)
                for chunk, seq in _replay(workshop_id, last_seq):
                    last_seq = seq  # the replay covers a message the broker lost
                    yield chunk
                yield sse_comment()  # after the replay: it must not put last_seq back
            message = carried if carried is not None else subscription.get(min(ends, next_beat) - time.monotonic())
            carried, chunks = None, []
            # What else is already waiting goes out in the same write: a busy room (shared text:
            # every keystroke of everybody) costs one write per batch, not one per message.
            while message is not None and len(chunks) < MAX_BATCH:
                seq = message.get("seq")
                if seq is None:
                    chunks.append(_encoded(message))
                elif seq == last_seq + 1 and not subscription.overflowed:
                    last_seq = seq
                    chunks.append(sse_message(message["data"], message["kind"], event_id=seq))
                elif seq > last_seq:  # a gap: read what is missing from the log
                    subscription.overflowed = False
                    for chunk, seq in _replay(workshop_id, last_seq):
                        last_seq = seq
                        chunks.append(chunk)
                message = subscription.get(0)
            carried = message  # the batch is full: this one opens the next
            if chunks:
                yield "".join(chunks)
    finally:
        subscription.close()
        if joined:
            _safely(broker.presence_leave, channel, member)
            _publish_presence(broker, workshop_id)


def _encoded(message):
    """The SSE text of a message without sequence (shared text, carets), encoded once per process:
    every stream of the room receives the same dict."""
    chunk = message.get("_sse")
    if chunk is None:
        chunk = message["_sse"] = sse_message(message.get("data", {}), message.get("kind", "message"))
    return chunk


def _replay(workshop_id, last_seq):
    chunks = []
    while True:
        events = _short_transaction(room.events_since, workshop_id, last_seq)
        if not events:
            return chunks
        for event in events:
            last_seq = event["seq"]
            chunks.append((sse_message(event["data"], event["kind"], event_id=last_seq), last_seq))
