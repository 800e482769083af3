"""Live room latency: gunicorn (2 gthread workers, Redis broker), 50 event-stream clients.

    .venv/bin/python bench/live_latency.py [--clients 50] [--posts 40] [--redis-url redis://127.0.0.1:6379/0]
                                           [--database sqlite|postgresql]

Builds a temporary SQLite database (or empties the PostgreSQL database BENCH_DATABASE_URL) seeded with a live workshop and 50 registered participants,
starts gunicorn on a free port of 127.0.0.1, opens one event stream per participant, posts cards
as the editor, and prints the delivery latency (from just before the POST is sent to the moment a
client reads the event): over every (card, client) pair, and per card until the LAST client has it.
Everything is local and bounded in time (--timeout); gunicorn and the temporary files are removed.
"""
import argparse
import hashlib
import http.client
import json
import os
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

from bench.server import free_port, open_event_stream, sse_events, start_gunicorn, stop_gunicorn  # noqa: E402


def seed(env, clients, workshop_id=None):
    """Create the schema and a live workshop; return the workshop id and a session per participant.
    workshop_id: an explicit id (a Redis shared with other runs then carries no foreign event)."""
    os.environ.update(env)
    from flask_migrate import upgrade
    from itsdangerous import URLSafeTimedSerializer

    from config import Config
    from roadmap import create_app
    from roadmap.extensions import db
    from roadmap.workshops import room, service
    from roadmap.workshops.models import Workshop
    from tests.factories import make_editor, make_lead, make_territory
    from tests.workshops.helpers import make_use_case

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = env["DATABASE_URL"]
        REDIS_URL = ""  # seeding publishes nothing anyone listens to
        SECRET_KEY = env["SECRET_KEY"]  # the server's: the sessions made here must be valid there

    app = create_app(BenchConfig, INSTANCE_DIR=Path(env["INSTANCE_DIR"]))
    with app.app_context():
        upgrade()
        editor = make_editor(name="Éditrice")
        territory = make_territory("La Rochelle")
        people = [make_lead(territory, name=f"Participant {n}") for n in range(clients)]
        use_case = make_use_case(editor)
        from datetime import date, time as clock

        workshop = Workshop(id=workshop_id)
        if workshop_id is not None:  # save_workshop adds only a workshop without an id
            workshop.created_by_id = editor.id
            db.session.add(workshop)
        workshop = service.save_workshop(workshop, service.WorkshopData(
            title="Banc d'essai", kind="codesign", day=date.today(), start=clock(0, 0), end=clock(23, 59),
            place="127.0.0.1", territory_ids=[territory.id], use_case_ids=[use_case.id]), editor)
        for person in people:
            service.answer_invitation(workshop, person, "registered")
        room.open_session(workshop.id, editor)
        db.session.commit()
        serializer = app.session_interface.get_signing_serializer(app)
        csrf_signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token")

        def session_of(user):
            raw = hashlib.sha1(os.urandom(64)).hexdigest()
            cookie = serializer.dumps({"_user_id": user.get_id(), "_fresh": True, "csrf_token": raw})
            return {"cookie": f"session={cookie}", "csrf": csrf_signer.dumps(raw)}

        return {"workshop_id": workshop.id, "use_case_id": use_case.id, "last_seq": workshop.last_event_seq,
                "editor": session_of(editor), "people": [session_of(p) for p in people]}


class StreamClient(threading.Thread):
    def __init__(self, port, path, cookie, stop):
        super().__init__(daemon=True)
        self.port, self.path, self.cookie, self.stop = port, path, cookie, stop
        self.received = {}  # card text -> monotonic time
        self.connected = threading.Event()
        self.error = None

    def run(self):
        try:
            connection, response = open_event_stream(self.port, self.path, self.cookie)
            for event, data in sse_events(response):
                if self.stop.is_set():
                    break
                if event == "hello":
                    self.connected.set()
                elif event == "card":
                    self.received[json.loads(data)["card"]["text"]] = time.monotonic()
            connection.close()
        except Exception as error:  # reported in the summary
            self.error = error
            self.connected.set()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--posts", type=int, default=40)
    parser.add_argument("--interval", type=float, default=0.25, help="seconds between two posts")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--threads", type=int, default=64, help="threads per gunicorn worker")
    parser.add_argument("--timeout", type=float, default=180, help="hard limit for the whole run, seconds")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("bench took too long")))
    signal.alarm(int(args.timeout))

    tmp = Path(tempfile.mkdtemp(prefix="roadmap-bench-"))
    port = free_port()
    from bench.pages import prepare_database

    database_url = prepare_database(args.database, tmp)["DATABASE_URL"]
    env = {"DATABASE_URL": database_url, "INSTANCE_DIR": str(tmp), "REDIS_URL": args.redis_url,
           "SECRET_KEY": "bench-" + os.urandom(8).hex(), "OUTBOX_DIR": str(tmp / "outbox"),
           "LIVE_STREAM_SECONDS": str(args.timeout), "ROADMAP_ENV": "bench"}
    gunicorn = None
    stop = threading.Event()
    try:
        data = seed(env, args.clients)
        log = open(tmp / "gunicorn.log", "w")
        gunicorn = start_gunicorn(env, port, workers=2, threads=args.threads, log=log)

        path = f"/workshops/{data['workshop_id']}/live/stream?last_event_id={data['last_seq']}"
        clients = [StreamClient(port, path, person["cookie"], stop) for person in data["people"]]
        for client in clients:
            client.start()
        for client in clients:
            client.connected.wait(20)
        failed = [c.error for c in clients if c.error]
        if failed:
            raise RuntimeError(f"{len(failed)} streams failed: {failed[0]}")
        time.sleep(2)  # let the 50 arrivals (presence messages) settle

        editor = data["editor"]
        poster = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        sent = {}
        for n in range(args.posts):
            text = f"bench-{n}"
            body = f"use_case_id={data['use_case_id']}&kind=idea&text={text}"
            sent[text] = time.monotonic()
            poster.request("POST", f"/workshops/{data['workshop_id']}/live/cards", body=body, headers={
                "Cookie": editor["cookie"], "X-CSRFToken": editor["csrf"], "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{port}/"})
            response = poster.getresponse()
            response.read()
            if response.status != 201:
                raise RuntimeError(f"posting a card answered {response.status}")
            time.sleep(args.interval)
        time.sleep(2)  # the last deliveries

        pairs, to_all, missing = [], [], 0
        for text, at in sent.items():
            times = [c.received[text] - at for c in clients if text in c.received]
            missing += len(clients) - len(times)
            pairs.extend(times)
            if len(times) == len(clients):
                to_all.append(max(times))
        ms = lambda seconds: f"{seconds * 1000:.1f} ms"  # noqa: E731
        broker = f"Redis ({args.redis_url})" if args.redis_url else "in-process (does not cross workers)"
        print(f"gunicorn: 2 gthread workers x {args.threads} threads, broker: {broker}, database: {args.database}")
        print(f"{len(clients)} event-stream clients, {len(sent)} cards posted every {args.interval} s")
        print(f"deliveries: {len(pairs)} of {len(sent) * len(clients)} (missing: {missing})")
        print(f"latency per client    : median {ms(statistics.median(pairs))}, p95 {ms(percentile(pairs, 95))}, "
              f"max {ms(max(pairs))}")
        if to_all:
            print(f"latency to ALL clients: median {ms(statistics.median(to_all))}, "
                  f"p95 {ms(percentile(to_all, 95))}, max {ms(max(to_all))}")
        log.flush()
        problems = [line for line in (tmp / "gunicorn.log").read_text().splitlines()
                    if "Traceback" in line or "WARNING" in line or "ERROR" in line]
        print(f"server log: {len(problems)} warnings or errors" + (f", first: {problems[0]}" if problems else ""))
        return 0 if missing == 0 and not problems else 1
    finally:
        stop.set()
        signal.alarm(0)
        if gunicorn is not None:
            stop_gunicorn(gunicorn)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
