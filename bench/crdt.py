"""Shared text under load: 50 participants typing in 10 fields of one room (pycrdt updates).

    .venv/bin/python bench/crdt.py [--database sqlite|postgresql] [--participants 50] [--fields 10]
                                   [--seconds 45] [--rate 2] [--redis-url redis://127.0.0.1:6379/7]

gunicorn (2 gthread workers) with the Redis broker, on a temporary SQLite database or on the
PostgreSQL database BENCH_DATABASE_URL (emptied first). Each simulated participant holds a pycrdt
document per field, reads the room's event stream (applying every "text" event to its document)
and types in one field: each keystroke is a real Yjs update POSTed as the browser does. Measured:
the delay from just before a keystroke's POST to the moment it is applied in EVERY other client
(median, p95, max over the keystrokes; and over every (keystroke, client) pair), the updates per
second the server held, errors, and at the end whether every client's document equals the
server's text with every character typed (nothing lost). The database growth per hour: the
stored updates without compaction (every update kept) and what the table holds with it.
"""
import argparse
import base64
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.live_latency import percentile, seed  # noqa: E402
from bench.server import free_port, open_event_stream, sse_events, start_gunicorn, stop_gunicorn  # noqa: E402

FIELDS = ("problem", "citizens", "personal_data", "data_holders", "citizen_return", "service",
          "individual_benefits", "collective_benefits", "risks_safeguards", "indicators", "partners", "title")


class Participant:
    def __init__(self, index, session, port, data, fields, own_field):
        from pycrdt import Doc, Text

        self.index, self.session, self.port, self.data = index, session, port, data
        self.stream_port = port
        self.own_field = own_field
        self.lock = threading.Lock()
        self.docs = {f: Doc() for f in fields}
        for doc in self.docs.values():
            doc.get("text", type=Text)
        self.applied = {}  # (field, version) -> monotonic time applied here
        self.sent = []  # (field, version, monotonic time sent)
        self.typed = 0
        self.update_bytes = 0  # what the table would hold without compaction
        self.errors, self.limited, self.reconnects = [], 0, 0
        self.round_trips = []  # seconds from sending a POST to its answer
        self.pending, self.posts, self.retried = [], 0, 0
        self.wake, self.typing_done = threading.Event(), threading.Event()
        self.connected = threading.Event()
        self.stop = threading.Event()

    def headers(self, content_type):
        return {"Cookie": self.session["cookie"], "X-CSRFToken": self.session["csrf"], "Accept": "application/json",
                "Content-Type": content_type, "Referer": f"http://127.0.0.1:{self.port}/"}

    def post(self, connection, path, body, content_type):
        connection.request("POST", path, body=body, headers=self.headers(content_type))
        response = connection.getresponse()
        return response.status, response.read()

    def sync(self):
        from pycrdt import Text

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        with self.lock:
            fields = [{"use_case_id": self.data["use_case_id"], "field": f,
                       "sv": base64.b64encode(d.get_state()).decode()} for f, d in self.docs.items()]
        status, body = self.post(connection, f"/workshops/{self.data['workshop_id']}/live/text/sync",
                                 json.dumps({"fields": fields}), "application/json")
        connection.close()
        if status != 200:
            raise RuntimeError(f"sync answered {status}")
        texts = {}
        for answer in json.loads(body)["fields"]:
            with self.lock:
                doc = self.docs[answer["field"]]
                doc.apply_update(base64.b64decode(answer["update"]))
                texts[answer["field"]] = (str(doc.get("text", type=Text)), answer["text"])
        return texts

    def read_stream(self):
        path = f"/workshops/{self.data['workshop_id']}/live/stream?last_event_id={self.data['last_seq']}"
        try:
            connection, response = open_event_stream(self.stream_port, path, self.session["cookie"], timeout=60)
            for event, data in sse_events(response):
                if self.stop.is_set():
                    break
                if event == "hello":
                    self.connected.set()
                elif event == "text":
                    message = json.loads(data)
                    doc = self.docs.get(message["field"])
                    if doc is None:
                        continue
                    with self.lock:
                        doc.apply_update(base64.b64decode(message["update"]))
                    self.applied[(message["field"], message["version"])] = time.monotonic()
        except Exception as error:
            if not self.stop.is_set():
                self.errors.append(f"stream: {error}")
            self.connected.set()

    def type(self, seconds, rate):
        """Keystrokes at random moments (``rate`` a second on average) into the local document;
        like the browser, a sender sends what was typed meanwhile as one merged update, one POST in
        flight at a time (so a slow server gets fewer, larger updates, never a growing queue)."""
        from pycrdt import Text

        sender = threading.Thread(target=self.send_loop, daemon=True)
        sender.start()
        ends = time.monotonic() + seconds
        next_at = time.monotonic() + random.random() / rate
        alphabet = "abcdefghijklmnopqrstuvwxyz "
        while time.monotonic() < ends and not self.stop.is_set():
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at += random.expovariate(rate)
            with self.lock:
                doc = self.docs[self.own_field]
                text = doc.get("text", type=Text)
                before = doc.get_state()
                text.insert(len(str(text).encode()), random.choice(alphabet))
                self.pending.append((doc.get_update(before), time.monotonic()))
                self.typed += 1
            self.wake.set()
        self.typing_done.set()
        self.wake.set()
        sender.join(60)

    def send_loop(self):
        from pycrdt import merge_updates

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        path = (f"/workshops/{self.data['workshop_id']}/live/text?use_case_id={self.data['use_case_id']}"
                f"&field={self.own_field}&client=p{self.index}")
        while True:
            self.wake.wait(1)
            self.wake.clear()
            with self.lock:
                batch, self.pending = self.pending, []
            if not batch:
                if self.typing_done.is_set():
                    break
                continue
            update = batch[0][0] if len(batch) == 1 else merge_updates(*[u for u, _t in batch])
            while True:
                sent_at = time.monotonic()
                try:
                    status, body = self.post(connection, path, update, "application/octet-stream")
                except (OSError, http.client.HTTPException):
                    # gunicorn closes an idle keep-alive connection after 2 s: open another one
                    # (the update was not received: it is sent again).
                    self.reconnects += 1
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                    continue
                if status == 429 or status >= 500:  # as the browser: later, again
                    self.limited += status == 429
                    if status >= 500:
                        self.retried += 1
                    time.sleep(0.2)
                    continue
                break
            if status != 200:
                self.errors.append(f"post answered {status}: {body[:200]!r}")
                continue
            self.round_trips.append(time.monotonic() - sent_at)
            self.update_bytes += len(update)
            self.posts += 1
            version = json.loads(body)["version"]
            self.sent.extend((self.own_field, version, typed_at) for _u, typed_at in batch)
        connection.close()


def measure(participants):
    to_all, pairs, missing = [], [], 0
    for sender in participants:
        others = [p for p in participants if p is not sender]
        for field, version, sent_at in sender.sent:
            times = [p.applied[(field, version)] - sent_at for p in others if (field, version) in p.applied]
            missing += len(others) - len(times)
            pairs.extend(times)
            if len(times) == len(others):
                to_all.append(max(times))
    return to_all, pairs, missing


def stored(database_url, workshop_id):
    from bench.databases import scalar

    table = scalar(database_url, "SELECT coalesce(sum(length(data)), 0) FROM workshop_field_update "
                                 "WHERE workshop_id = :w", w=workshop_id)
    rows = scalar(database_url, "SELECT count(*) FROM workshop_field_update WHERE workshop_id = :w", w=workshop_id)
    history = scalar(database_url, "SELECT coalesce(sum(length(text)), 0) FROM workshop_field_revision "
                                   "WHERE workshop_id = :w", w=workshop_id)
    return int(table), int(rows), int(history)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--fields", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=45, help="how long everybody types")
    parser.add_argument("--rate", type=float, default=2.0, help="keystrokes per second per participant")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"))
    parser.add_argument("--threads", type=int, default=64, help="threads per gunicorn worker")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--streams-process", action="store_true",
                        help="as make serve runs it: the event streams in a gevent process of their own")
    parser.add_argument("--timeout", type=float, default=240, help="hard limit for the whole run, seconds")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("bench took too long")))
    signal.alarm(int(args.timeout))

    tmp = Path(tempfile.mkdtemp(prefix="roadmap-bench-crdt-"))
    port = free_port()
    from bench.pages import prepare_database

    database_url = prepare_database(args.database, tmp)["DATABASE_URL"]
    env = {"DATABASE_URL": database_url, "INSTANCE_DIR": str(tmp), "REDIS_URL": args.redis_url,
           "SECRET_KEY": "bench-" + os.urandom(8).hex(), "OUTBOX_DIR": str(tmp / "outbox"),
           "LIVE_STREAM_SECONDS": str(args.timeout), "ROADMAP_ENV": "bench"}
    gunicorn = streams = None
    people = []
    try:
        data = seed(env, args.participants)
        log = open(tmp / "gunicorn.log", "w")
        gunicorn = start_gunicorn(env, port, workers=2, threads=args.threads, log=log)
        stream_port = port
        if args.streams_process:
            stream_port = free_port()
            streams = start_gunicorn({**env, "SERVE_ROLE": "streams"}, stream_port, workers=2, threads=0, log=log,
                                     worker_class="gevent")
        fields = FIELDS[:args.fields]
        people = [Participant(i, s, port, data, fields, fields[i % len(fields)])
                  for i, s in enumerate(data["people"])]
        for person in people:
            person.stream_port = stream_port
        people[0].sync()  # makes the working copies once
        for person in people:
            threading.Thread(target=person.read_stream, daemon=True).start()
        for person in people:
            person.connected.wait(20)
        for person in people:
            person.sync()
        time.sleep(2)  # the arrivals' presence messages settle
        started = time.monotonic()
        typists = [threading.Thread(target=p.type, args=(args.seconds, args.rate)) for p in people]
        for thread in typists:
            thread.start()
        for thread in typists:
            thread.join(args.seconds + 60)
        elapsed = time.monotonic() - started
        time.sleep(2)  # the last deliveries
        for person in people:
            person.stop.set()

        to_all, pairs, missing = measure(people)
        sent = sum(len(p.sent) for p in people)
        typed = sum(p.typed for p in people)
        errors = [e for p in people for e in p.errors]
        # Nothing lost: each client's documents (after a last sync) equal the server's texts, and
        # each field holds every character typed in it.
        lost, diverged = 0, 0
        final = people[0].sync()
        typed_per_field = {}
        for person in people:
            typed_per_field[person.own_field] = typed_per_field.get(person.own_field, 0) + person.typed
        for field, (_mine, server) in final.items():
            lost += max(0, typed_per_field.get(field, 0) - len(server))
        for person in people[1:]:
            for field, (mine, server) in person.sync().items():
                diverged += mine != server
        table, rows, history = stored(database_url, data["workshop_id"])
        ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
        print(f"database: {args.database}; gunicorn 2 gthread workers x {args.threads}"
              + ("; the streams in 2 gevent workers of their own" if args.streams_process else "")
              + f"; broker Redis {args.redis_url}")
        print(f"{len(people)} participants typing {args.rate}/s each in {len(fields)} fields for {elapsed:.0f} s")
        posts = sum(p.posts for p in people)
        print(f"keystrokes: {sent} applied of {typed} typed ({typed / elapsed:.1f}/s), in {posts} updates: "
              f"held {posts / elapsed:.1f} updates/s; retried: {sum(p.limited for p in people)} rate-limited, "
              f"{sum(p.retried for p in people)} busy (503); errors: {len(errors)}"
              + (f" (first: {errors[0]})" if errors else ""))
        trips = [t for p in people for t in p.round_trips]
        if trips:
            print(f"POST round trip: median {ms(statistics.median(trips))}, p95 {ms(percentile(trips, 95))}, "
                  f"max {ms(max(trips))}; keep-alive reconnections: {sum(p.reconnects for p in people)}")
        print(f"deliveries missing: {missing}; characters lost: {lost}; client documents differing: {diverged}")
        if to_all:
            print(f"keystroke typed -> applied in EVERY other client: median {ms(statistics.median(to_all))}, "
                  f"p95 {ms(percentile(to_all, 95))}, max {ms(max(to_all))}")
        if pairs:
            print(f"keystroke typed -> one client (all pairs): median {ms(statistics.median(pairs))}, "
                  f"p95 {ms(percentile(pairs, 95))}, max {ms(max(pairs))}")
        per_hour = 3600 / elapsed
        uncompacted = sum(p.update_bytes for p in people)
        print(f"stored updates: {rows} rows, {table / 1024:.0f} KiB with compaction "
              f"({table * per_hour / 1024 / 1024:.1f} MiB/h) vs {uncompacted / 1024:.0f} KiB kept one by one "
              f"({uncompacted * per_hour / 1024 / 1024:.1f} MiB/h); history texts {history / 1024:.0f} KiB")
        log.flush()
        problems = [line for line in (tmp / "gunicorn.log").read_text().splitlines()
                    if "Traceback" in line or "ERROR" in line]
        print(f"server log: {len(problems)} errors" + (f", first: {problems[0]}" if problems else ""))
        return 0 if not (missing or lost or diverged or errors or problems) else 1
    finally:
        for person in people:
            person.stop.set()
        signal.alarm(0)
        for server in (gunicorn, streams):
            if server is not None:
                stop_gunicorn(server)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
