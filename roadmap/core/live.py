"""Live events: one broker interface, two implementations.

- ``InProcessBroker``: the embedded default (one process, e.g. ``flask run`` or one worker).
- ``RedisBroker``: chosen when ``REDIS_URL`` is set, so that an event published by one gunicorn
  worker reaches the streams held by every other worker. Each process keeps ONE Redis pub/sub
  connection (a listener thread) and fans messages out to its local subscribers.

The broker only carries notifications. What must never be lost is stored by the features in
their own event log (for workshops: ``workshop_event`` rows with a per-room sequence), and a
stream replays from the database whenever it sees a gap, reconnects, or hears nothing for a
while: a lost pub/sub message delays an update, it never drops it.

Messages are published only after the database transaction that recorded them has committed:
features call :func:`publish_after_commit`, and the session's ``after_commit`` hook sends them
(a rollback discards them).
"""
import json
import logging
import queue
import threading
import time

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

QUEUE_SIZE = 1000
_PENDING_KEY = "live_pending"


class Subscription:
    """A local queue of messages for one channel. ``get`` returns a dict, ``None`` on timeout.

    When the queue overflows (a stalled reader), messages are dropped and ``overflowed`` is set:
    the reader then replays from the event log.
    """

    def __init__(self, broker, channel):
        self.broker, self.channel = broker, channel
        self._queue = queue.Queue(maxsize=QUEUE_SIZE)
        self.overflowed = False

    def put(self, message):
        try:
            self._queue.put_nowait(message)
        except queue.Full:
            self.overflowed = True

    def get(self, timeout):
        try:
            return self._queue.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return None

    def close(self):
        self.broker._unsubscribe(self)

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()


class Broker:
    """The interface every implementation keeps: publish(channel, dict), subscribe(channel)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._subscribers = {}

    def subscribe(self, channel):
        subscription = Subscription(self, channel)
        with self._lock:
            self._subscribers.setdefault(channel, set()).add(subscription)
        self._ensure_running()
        return subscription

    def publish(self, channel, message):
        raise NotImplementedError

    # Presence: who has a channel open, kept here (memory or Redis) and not in the database, so
    # that heartbeats neither take the write lock nor invalidate cached pages. Each open stream
    # is one member, kept alive by its heartbeats; a crashed worker's members expire on their own.
    def presence_beat(self, channel, member, ttl):
        raise NotImplementedError

    def presence_leave(self, channel, member):
        raise NotImplementedError

    def presence_members(self, channel):
        raise NotImplementedError

    def subscriber_count(self, channel=None):
        with self._lock:
            if channel is None:
                return sum(len(s) for s in self._subscribers.values())
            return len(self._subscribers.get(channel, ()))

    def close(self):
        pass

    # Local fan-out, shared by both implementations.
    def _deliver(self, channel, message):
        with self._lock:
            targets = list(self._subscribers.get(channel, ()))
        for subscription in targets:
            subscription.put(message)

    def _unsubscribe(self, subscription):
        with self._lock:
            group = self._subscribers.get(subscription.channel)
            if group is not None:
                group.discard(subscription)
                if not group:
                    del self._subscribers[subscription.channel]

    def _ensure_running(self):
        pass


class InProcessBroker(Broker):
    """Every subscriber lives in this process: publishing is a direct hand-over."""

    def __init__(self):
        super().__init__()
        self._presence = {}  # channel -> {member: expiry (monotonic seconds)}

    def publish(self, channel, message):
        self._deliver(channel, message)

    def presence_beat(self, channel, member, ttl):
        with self._lock:
            self._presence.setdefault(channel, {})[member] = time.monotonic() + ttl

    def presence_leave(self, channel, member):
        with self._lock:
            members = self._presence.get(channel, {})
            members.pop(member, None)
            if not members:
                self._presence.pop(channel, None)

    def presence_members(self, channel):
        now = time.monotonic()
        with self._lock:
            members = self._presence.get(channel, {})
            for member in [m for m, expiry in members.items() if expiry <= now]:
                del members[member]
            return set(members)


class RedisBroker(Broker):
    """Redis pub/sub between processes; one listener thread per process fans out locally."""

    def __init__(self, url, prefix="roadmap:live:"):
        super().__init__()
        import redis

        self.prefix = prefix
        self._redis = redis.Redis.from_url(url, socket_connect_timeout=3, health_check_interval=30)
        self._thread = None
        self._stopping = threading.Event()
        self._ready = threading.Event()
        self._pid = None

    def publish(self, channel, message):
        self._redis.publish(self.prefix + channel, json.dumps(message, separators=(",", ":")))

    def _presence_key(self, channel):
        return f"{self.prefix}presence:{channel}"

    def presence_beat(self, channel, member, ttl):
        # A sorted set scored by expiry: shared by every worker, stale members dropped on read.
        key = self._presence_key(channel)
        pipe = self._redis.pipeline()
        pipe.zadd(key, {member: time.time() + ttl})
        pipe.expire(key, int(ttl * 2) + 1)
        pipe.execute()

    def presence_leave(self, channel, member):
        self._redis.zrem(self._presence_key(channel), member)

    def presence_members(self, channel):
        key, now = self._presence_key(channel), time.time()
        pipe = self._redis.pipeline()
        pipe.zremrangebyscore(key, "-inf", now)
        pipe.zrangebyscore(key, now, "+inf")
        _removed, members = pipe.execute()
        return {m.decode() if isinstance(m, bytes) else m for m in members}

    def _ensure_running(self):
        import os

        with self._lock:
            # After a fork (gunicorn) the parent's thread does not exist in the child.
            if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._ready.clear()
            self._thread = threading.Thread(target=self._listen, name="live-redis-listener", daemon=True)
            self._thread.start()
        # A subscriber must not miss what is published right after it subscribed.
        self._ready.wait(timeout=3)

    def _listen(self):
        backoff = 0.2
        while not self._stopping.is_set():
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.psubscribe(self.prefix + "*")
                pubsub.get_message(timeout=1)  # the subscribe confirmation
                self._ready.set()
                backoff = 0.2
                while not self._stopping.is_set():
                    raw = pubsub.get_message(timeout=1.0)
                    if raw is None or raw.get("type") != "pmessage":
                        continue
                    channel = raw["channel"].decode()[len(self.prefix):]
                    try:
                        message = json.loads(raw["data"])
                    except ValueError:
                        continue
                    self._deliver(channel, message)
            except Exception:  # Redis down or restarted: readers replay from the log meanwhile
                log.warning("Redis pub/sub listener lost its connection; retrying", exc_info=True)
                self._ready.set()  # do not keep subscribers waiting while Redis is away
                time.sleep(backoff)
                backoff = min(backoff * 2, 5)
            finally:
                try:
                    pubsub.close()
                except Exception:
                    pass

    def close(self):
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=3)
        self._redis.close()


def create_broker(redis_url=""):
    return RedisBroker(redis_url) if redis_url else InProcessBroker()


def get_broker(app=None):
    """The app's broker, created on first use (so that each gunicorn worker makes its own)."""
    app = app or current_app._get_current_object()
    broker = app.extensions.get("live_broker")
    if broker is None:
        with _create_lock:
            broker = app.extensions.get("live_broker")
            if broker is None:
                broker = create_broker(app.config.get("REDIS_URL", ""))
                app.extensions["live_broker"] = broker
    return broker


_create_lock = threading.Lock()


def publish_after_commit(session, channel, message):
    """Queue a message to publish once ``session`` commits; a rollback drops it."""
    session.info.setdefault(_PENDING_KEY, []).append((current_app._get_current_object(), channel, message))


@event.listens_for(Session, "after_commit")
def _publish_pending(session):
    pending = session.info.pop(_PENDING_KEY, None)
    for app, channel, message in pending or ():
        try:
            get_broker(app).publish(channel, message)
        except Exception:  # the change is committed; streams will replay it from the log
            log.warning("Could not publish a live event on %s", channel, exc_info=True)


@event.listens_for(Session, "after_transaction_end")
def _drop_pending(session, transaction):
    # Runs after after_commit: what is still pending here was rolled back or never committed.
    if transaction.parent is None:
        session.info.pop(_PENDING_KEY, None)


def sse_message(data, event_name=None, event_id=None, retry=None):
    """One Server-Sent Events message (data is JSON-encoded)."""
    lines = []
    if retry is not None:
        lines.append(f"retry: {int(retry)}")
    if event_id is not None:
        lines.append(f"id: {event_id}")
    if event_name:
        lines.append(f"event: {event_name}")
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    lines.extend("data: " + line for line in body.splitlines() or [""])
    return "\n".join(lines) + "\n\n"


def sse_comment(text="ping"):
    return f": {text}\n\n"
