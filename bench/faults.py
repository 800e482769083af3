"""A live room under load, and its server restarted in the middle (gunicorn on SQLite or PostgreSQL).

    .venv/bin/python bench/faults.py [--clients 50] [--seconds 60] [--no-restart] [--redis-url URL]
                                     [--database-url postgresql://...]

Seeds a temporary SQLite database (or empties the PostgreSQL database given) with a live workshop and its participants, starts gunicorn
(2 gthread workers; Redis carries the events between them, default BENCH_REDIS_URL or
redis://127.0.0.1:6379/0, the workshop gets a random id so that a shared Redis carries no
foreign event), and for --seconds every participant holds the room's event stream and posts
cards and dots. Halfway, gunicorn is stopped and started again on the same port: the streams
reconnect with Last-Event-ID as a browser does. It then checks:
- no answer 5xx (a refused connection while the server restarts is retried, as a browser would);
- no "database is locked" (nor any traceback) in the server's log;
- every client received every event of the room's log (no gap, nothing missed).
Everything is local (127.0.0.1) and bounded in time; gunicorn and the temporary files are removed.
"""
import argparse
import http.client
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.databases import fresh_postgresql, scalar  # noqa: E402
from bench.live_latency import seed  # noqa: E402
from bench.server import free_port, start_gunicorn, stop_gunicorn  # noqa: E402


HEARTBEAT_SECONDS = 5
STREAM_TIMEOUT = 3 * HEARTBEAT_SECONDS


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = {}
        self.refused = 0
        self.server_errors = []

    def status(self, what, code):
        with self.lock:
            self.statuses[code] = self.statuses.get(code, 0) + 1
            if code >= 500:
                self.server_errors.append((what, code))


class Stream(threading.Thread):
    """One participant's event stream; reconnects with Last-Event-ID like EventSource."""

    def __init__(self, port, workshop_id, cookie, first_id, stop, stats):
        super().__init__(daemon=True)
        self.port, self.workshop_id, self.cookie, self.stop, self.stats = port, workshop_id, cookie, stop, stats
        self.last_id = first_id
        self.seen = []
        self.connections = 0
        self.connected = threading.Event()

    def run(self):
        while not self.stop.is_set():
            try:
                # Longer than the server's heartbeat (5 s here): a timeout means a dead connection.
                # A read that times out leaves the buffered reader in an undefined state, so it
                # is never resumed: the client reconnects with Last-Event-ID, as EventSource does.
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=STREAM_TIMEOUT)
                headers = {"Cookie": self.cookie, "Accept": "text/event-stream"}
                if self.last_id:
                    headers["Last-Event-ID"] = str(self.last_id)
                connection.request("GET", f"/workshops/{self.workshop_id}/live/stream", headers=headers)
                response = connection.getresponse()
                self.stats.status("stream", response.status)
                if response.status != 200:
                    time.sleep(0.5)
                    continue
                self.connections += 1
                self.connected.set()
                while not self.stop.is_set():
                    try:
                        line = response.fp.readline()
                    except TimeoutError:
                        break
                    if not line:
                        break
                    if line.startswith(b"id: "):
                        self.last_id = int(line[4:])
                        self.seen.append(self.last_id)
                connection.close()
            except OSError:
                with self.stats.lock:
                    self.stats.refused += 1
                time.sleep(0.3)  # EventSource's retry


class Participant(threading.Thread):
    """Posts a card or a dot every second or so."""

    def __init__(self, port, data, session, stop, stats, seed_value):
        super().__init__(daemon=True)
        self.port, self.data, self.session, self.stop, self.stats = port, data, session, stop, stats
        self.rng = random.Random(seed_value)
        self.cards = []

    def post(self, path, body):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("POST", path, body=body, headers={
            "Cookie": self.session["cookie"], "X-CSRFToken": self.session["csrf"], "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{self.port}/"})
        response = connection.getresponse()
        payload = response.read()
        connection.close()
        self.stats.status("post", response.status)
        return response.status, payload

    def run(self):
        base = f"/workshops/{self.data['workshop_id']}/live/cards"
        n = 0
        while not self.stop.wait(self.rng.uniform(0.5, 1.5)):
            try:
                if self.cards and self.rng.random() < 0.4:
                    self.post(f"{base}/{self.rng.choice(self.cards)}/dots", "")
                else:
                    n += 1
                    status, payload = self.post(base, f"use_case_id={self.data['use_case_id']}&kind=idea&text=c{n}")
                    if status == 201:
                        self.cards.append(json.loads(payload)["id"])
            except (OSError, http.client.HTTPException):
                with self.stats.lock:
                    self.stats.refused += 1  # the server is restarting: a browser would try again


def run(clients=50, seconds=60.0, restart=True, redis_url=None, threads=100, quiet=False, database_url=None):
    """database_url: a PostgreSQL database, emptied first; by default a temporary SQLite file."""
    tmp = Path(tempfile.mkdtemp(prefix="roadmap-faults-"))
    if database_url:
        fresh_postgresql(database_url)
    database_url = database_url or f"sqlite:///{tmp / 'faults.sqlite3'}"
    port = free_port()
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0") if redis_url is None else redis_url
    env = {"DATABASE_URL": database_url, "INSTANCE_DIR": str(tmp), "REDIS_URL": redis_url,
           "SECRET_KEY": "faults-" + os.urandom(8).hex(), "OUTBOX_DIR": str(tmp / "outbox"),
           "LIVE_STREAM_SECONDS": "20", "LIVE_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS), "ROADMAP_ENV": "faults"}
    stop = threading.Event()  # the streams
    stop_posting = threading.Event()  # the participants: they stop first, the streams listen on
    server = None
    log_path = tmp / "gunicorn.log"
    try:
        saved = dict(os.environ)
        try:  # seed() sets its settings in os.environ; a caller (pytest) keeps its own
            data = seed(dict(env), clients, workshop_id=random.SystemRandom().randrange(10**6, 10**9))
        finally:
            os.environ.clear()
            os.environ.update(saved)
        with open(log_path, "w") as log:
            server = start_gunicorn(env, port, workers=2, threads=threads, log=log, timeout=60, graceful_timeout=2)
            stats = Stats()
            streams = [Stream(port, data["workshop_id"], p["cookie"], data["last_seq"], stop, stats)
                       for p in data["people"]]
            for stream in streams:
                stream.start()
            for stream in streams:
                stream.connected.wait(15)
            actors = [Participant(port, data, p, stop_posting, stats, n) for n, p in enumerate(data["people"])]
            for actor in actors:
                actor.start()
            started = time.monotonic()
            restarted_at = None
            if restart:
                time.sleep(seconds / 2)
                stop_gunicorn(server)
                restarted_at = time.monotonic() - started
                server = start_gunicorn(env, port, workers=2, threads=threads, log=log, timeout=60, graceful_timeout=2)
            time.sleep(max(0.0, seconds - (time.monotonic() - started)))
            stop_posting.set()
            for actor in actors:
                actor.join(15)
            last = scalar(database_url, "SELECT last_event_seq FROM workshop WHERE id = :id", id=data["workshop_id"])
            deadline = time.monotonic() + 15  # the last deliveries (or a heartbeat's replay)
            while time.monotonic() < deadline and any(s.last_id < last for s in streams):
                time.sleep(0.2)
            stop.set()
        expected = set(range(data["last_seq"] + 1, last + 1))
        missed = {n: sorted(expected - set(s.seen))[:5] for n, s in enumerate(streams) if expected - set(s.seen)}
        duplicates = sum(len(s.seen) - len(set(s.seen)) for s in streams)
        log_text = log_path.read_text()
        report = {
            "clients": clients, "seconds": seconds, "restarted_at_s": restarted_at, "events": len(expected),
            "statuses": dict(sorted(stats.statuses.items())), "server_errors": stats.server_errors[:5],
            "refused_while_restarting": stats.refused, "clients_missing_events": missed,
            "duplicates": duplicates, "reconnections": sum(s.connections for s in streams) - len(streams),
            "database_is_locked": log_text.count("database is locked"), "tracebacks": log_text.count("Traceback"),
        }
        report["ok"] = (not stats.server_errors and not missed and not report["database_is_locked"]
                        and not report["tracebacks"] and len(expected) > 0)
        if not quiet:
            print(json.dumps(report, indent=2))
        return report
    finally:
        stop.set()
        stop_posting.set()
        if server is not None:
            stop_gunicorn(server)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--no-restart", action="store_true")
    parser.add_argument("--redis-url", default=None, help="'' for the in-process broker (then only 1 worker is right)")
    parser.add_argument("--timeout", type=int, default=300, help="hard limit for the whole run, seconds")
    parser.add_argument("--database-url", default=None, help="a PostgreSQL database to empty and use "
                                                             "(default: a temporary SQLite file)")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("faults run took too long")))
    signal.alarm(args.timeout)
    report = run(args.clients, args.seconds, not args.no_restart, args.redis_url, database_url=args.database_url)
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
