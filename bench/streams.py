"""Server shapes for the live room's event streams: what S open streams cost the pages.

    .venv/bin/python bench/streams.py [--database sqlite|postgresql|both] [--shapes a b c]
                                      [--streams 20 100 300] [--clients 20] [--duration 30]
                                      [--redis-url redis://127.0.0.1:6379/8]

Shapes (gunicorn, Redis broker, on 127.0.0.1):
  a  `make serve` before this benchmark: --workers gthread workers x --threads threads serve everything;
  b  the same gthread workers for the pages, and a second gunicorn of --stream-workers gevent workers
     serving the stream route only. In production nginx sends `/workshops/<id>/live/stream` to the
     second one (README, "Serving in production"); here the stream clients are simply pointed at its port;
  c  every route on --workers gevent workers.

For each database (a temporary SQLite file, or the PostgreSQL database BENCH_DATABASE_URL names,
default bench_streams, emptied first), a live workshop with max(S) registered participants is seeded
once (bench/live_latency.py's seed). Then for each shape and each S: the server(s) start, S
participants open the room's stream and stay idle (waiting up to 20 s for their `hello`); --clients
signed-in participants load the live room page and the use case page in turn on keep-alive
connections, /ping is probed every 50 ms on a connection of its own, and the editor posts a card
every --interval seconds. After a 5 s warm-up, --duration seconds are measured: p50/p95/p99 and req/s
per page kind and for /ping; the delay from just before a card's POST until EVERY open stream has read
it (p50/p95 over the cards; and the POST's own answer time, part of it) and the deliveries missing; the worker processes' resident memory at the
end and their CPU (cores used, from /proc); errors: streams refused (not 200, or no hello in 20 s),
streams dropped before the end, page answers not 2xx/3xx (0: no answer in 30 s). Then /ping alone,
with as many client threads and the streams still open, for 4 s: the reference of req/s. The load
average of the machine is printed beside each run: other work on the two cores shows in every figure.
"""
import argparse
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
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.live_latency import percentile, seed  # noqa: E402
from bench.mix import PING_SECONDS, ping_probe, ping_throughput  # noqa: E402
from bench.mix_people import Person, Recorder  # noqa: E402
from bench.pages import prepare_database  # noqa: E402
from bench.server import (cut_event_stream, free_port, open_event_stream, server_cpu_seconds, sse_events,  # noqa: E402
                          start_gunicorn, stop_gunicorn, worker_rss_bytes)

SHAPES = {
    "a": "gthread for everything (make serve before)",
    "b": "gthread for pages + gevent stream process",
    "c": "gevent for everything",
}
CONNECT_SECONDS = 20
WARM_UP_SECONDS = 5


class Reader(threading.Thread):
    """One idle participant's open stream: when each card arrived; refused or dropped."""

    def __init__(self, port, path, cookie, stop):
        super().__init__(daemon=True)
        self.port, self.path, self.cookie, self.stop = port, path, cookie, stop
        self.received = {}
        self.connected = threading.Event()
        self.refused = self.dropped = False
        self.connection = None

    def run(self):
        try:
            self.connection, response = open_event_stream(self.port, self.path, self.cookie)
            for event, data in sse_events(response):
                if event == "hello":
                    self.connected.set()
                elif event == "card":
                    self.received[json.loads(data)["card"]["text"]] = time.monotonic()
                if self.stop.is_set():
                    return
            self.dropped = not self.stop.is_set()
        except Exception:
            if not self.stop.is_set():
                if self.connected.is_set():
                    self.dropped = True
                else:
                    self.refused = True

    def close(self):
        cut_event_stream(self.connection)


class PageClient(Person):
    """A signed-in participant loading the live room page and the use case page in turn."""

    def __init__(self, port, session, recorder, stop, pages, n):
        super().__init__(port, {}, None, session, recorder, stop, 0, 0, n)
        self.pages, self.n = pages, n

    def run(self):
        while not self.stop.is_set():
            kind, path = self.pages[self.n % len(self.pages)]
            self.n += 1
            self.request(kind, "GET", path)
        if self.connection is not None:
            self.connection.close()


class Poster(threading.Thread):
    """The editor posting a card every `interval` seconds; the moment just before each POST."""

    def __init__(self, port, session, data, stop, interval, tag):
        super().__init__(daemon=True)
        self.person = Person(port, {}, None, session, Recorder(), stop, 0, 0, 0)
        self.data, self.stop, self.interval, self.tag = data, stop, interval, tag
        self.sent, self.failed, self.answered = {}, 0, []  # answered: seconds from the POST to its answer

    def run(self):
        n = 0
        while not self.stop.wait(self.interval):
            text = f"{self.tag}-{n}"
            n += 1
            self.sent[text] = time.monotonic()
            status, _ = self.person.request("card", "POST", f"/workshops/{self.data['workshop_id']}/live/cards",
                                            {"use_case_id": self.data["use_case_id"], "kind": "idea", "text": text})
            if not 200 <= status < 400:
                self.failed += 1
                del self.sent[text]
            else:
                self.answered.append(time.monotonic() - self.sent[text])


def reset_room(database_url, data):
    """The cards of the last run deleted (every shape renders the same room) and the log's last
    sequence number kept, so that a new stream does not replay the runs before."""
    from sqlalchemy import create_engine, text

    from config import sqlalchemy_url

    engine = create_engine(sqlalchemy_url(database_url))
    try:
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM workshop_card WHERE workshop_id = :w"), {"w": data["workshop_id"]})
            data["last_seq"] = connection.execute(text("SELECT last_event_seq FROM workshop WHERE id = :w"),
                                                  {"w": data["workshop_id"]}).scalar_one()
    finally:
        engine.dispose()


def start_shape(shape, env, args, log):
    """[(role, process)] and (page port, stream port)."""
    page_port = free_port()
    kind = "gevent" if shape == "c" else "gthread"
    servers = [("pages", start_gunicorn(env, page_port, args.workers, args.threads, log=log, worker_class=kind))]
    stream_port = page_port
    if shape == "b":
        stream_port = free_port()
        servers.append(("streams", start_gunicorn({**env, "SERVE_ROLE": "streams"}, stream_port, args.stream_workers, 0, log=log,
                                                  worker_class="gevent")))
    return servers, page_port, stream_port


def measure(shape, count, env, data, args, log):
    stop = threading.Event()
    servers, page_port, stream_port = start_shape(shape, env, args, log)
    readers = []
    try:
        path = f"/workshops/{data['workshop_id']}/live/stream?last_event_id={data['last_seq']}"
        readers = [Reader(stream_port, path, person["cookie"], stop) for person in data["people"][:count]]
        for reader in readers:
            reader.start()
        deadline = time.monotonic() + CONNECT_SECONDS
        for reader in readers:
            reader.connected.wait(max(0, deadline - time.monotonic()))
        time.sleep(2)  # the arrivals' presence messages settle
        pages = [("live room page", f"/workshops/{data['workshop_id']}"),
                 ("use case page", f"/use-cases/{data['use_case_id']}")]
        recorder, ping_latencies = Recorder(), []
        clients = [PageClient(page_port, data["people"][n % len(data["people"])], recorder, stop, pages, n)
                   for n in range(args.clients)]
        poster = Poster(page_port, data["editor"], data, stop, args.interval, f"s{shape}{count}-{os.urandom(3).hex()}")
        for client in clients:
            client.start()
        time.sleep(WARM_UP_SECONDS)
        with recorder.lock:
            recorder.rows.clear()
        poster.start()
        probe = threading.Thread(target=ping_probe, args=(page_port, stop, ping_latencies), daemon=True)
        probe.start()
        load_before = os.getloadavg()[0]
        cpu_before = [server_cpu_seconds(p.pid) for _, p in servers]
        started = time.monotonic()
        time.sleep(args.duration)
        with recorder.lock:
            rows = list(recorder.rows)
        elapsed = time.monotonic() - started
        cpu = sum(server_cpu_seconds(p.pid) - b for (_, p), b in zip(servers, cpu_before))
        rss = {role: worker_rss_bytes(p.pid) for role, p in servers}
        load_after = os.getloadavg()[0]
        sent = dict(poster.sent)
        time.sleep(1.5)  # the last card's deliveries
        stop.set()
        for thread in clients + [poster, probe]:
            thread.join(35)
        ping_alone = ping_throughput(page_port, args.clients, PING_SECONDS)
        return {"shape": shape, "streams": count, "rows": rows, "elapsed": elapsed, "cpu": cpu, "rss": rss,
                "load": (load_before, load_after), "ping": ping_latencies, "ping_alone": ping_alone,
                "readers": readers, "sent": sent, "posts_failed": poster.failed, "posts_answered": poster.answered}
    finally:
        stop.set()
        for reader in readers:
            reader.close()
        for _, process in servers:
            stop_gunicorn(process)


def summary(result):
    ms = lambda seconds: round(seconds * 1000, 1)  # noqa: E731
    by_kind = defaultdict(list)
    for kind, seconds, status, _ in result["rows"]:
        by_kind[kind].append((seconds, status))
    pages = {}
    for kind, rows in by_kind.items():
        times = [s for s, status in rows if 200 <= status < 400]
        pages[kind] = {"n": len(rows), "rps": len(rows) / result["elapsed"], "bad": len(rows) - len(times),
                       **({f"p{p}": ms(percentile(times, p)) for p in (50, 95, 99)} if times else {})}
    ping = result["ping"]
    pages["/ping"] = {"n": len(ping), **({f"p{p}": ms(percentile(ping, p)) for p in (50, 95, 99)} if ping else {})}
    live = [r for r in result["readers"] if r.connected.is_set() and not r.refused]
    to_all, missing = [], 0
    for text, at in result["sent"].items():
        times = [r.received[text] - at for r in live if text in r.received]
        missing += len(live) - len(times)
        if live and len(times) == len(live):
            to_all.append(max(times))
    return {
        "pages": pages, "ping_alone_rps": result["ping_alone"][0],
        "delivery": {"cards": len(result["sent"]), "to_all_p50": ms(statistics.median(to_all)) if to_all else None,
                     "to_all_p95": ms(percentile(to_all, 95)) if to_all else None, "missing": missing,
                     **({f"post_p{p}": ms(percentile(result["posts_answered"], p)) for p in (50, 95)}
                        if result["posts_answered"] else {})},
        "streams": {"open": len(live), "refused": sum(r.refused or not r.connected.is_set() for r in result["readers"]),
                    "dropped": sum(r.dropped for r in result["readers"])},
        "posts_failed": result["posts_failed"],
        "rss_mb": {role: round(b / 2**20) for role, b in result["rss"].items()},
        "cpu_cores": round(result["cpu"] / result["elapsed"], 2), "load": result["load"],
    }


def report(database, shape, count, s):
    fmt = lambda page: f"{page.get('p50', '–')} / {page.get('p95', '–')} / {page.get('p99', '–')}"  # noqa: E731
    ping = s["pages"]["/ping"]
    print(f"\n### {database}, shape {shape} ({SHAPES[shape]}), {count} streams")
    print(f"- streams open {s['streams']['open']}, refused {s['streams']['refused']}, dropped {s['streams']['dropped']}; "
          f"workers' RSS {s['rss_mb']} MB; server CPU {s['cpu_cores']} cores; "
          f"load average {s['load'][0]:.1f}–{s['load'][1]:.1f}")
    d = s["delivery"]
    print(f"- card → all open streams: p50 {d['to_all_p50']} ms, p95 {d['to_all_p95']} ms over {d['cards']} cards; "
          f"deliveries missing {d['missing']}; card posts failed {s['posts_failed']}; "
          f"the POST's own answer p50 {d.get('post_p50')} ms, p95 {d.get('post_p95')} ms")
    print(f"- /ping during: p50/p95/p99 {fmt(ping)} ms ({ping['n']} probes); /ping alone after: "
          f"{s['ping_alone_rps']:.0f} req/s")
    for kind in ("live room page", "use case page"):
        page = s["pages"].get(kind, {"n": 0, "rps": 0, "bad": 0})
        ratio = f"{page['p95'] / ping['p95']:.1f}× /ping p95" if "p95" in page and ping.get("p95") else "–"
        print(f"- {kind}: p50/p95/p99 {fmt(page)} ms ({ratio}); {page['rps']:.1f} req/s "
              f"({page['rps'] / max(1e-9, s['ping_alone_rps']):.1%} of /ping alone); not 2xx/3xx {page['bad']}")
    print("JSON " + json.dumps({"database": database, "shape": shape, "streams": count, **s}))
    sys.stdout.flush()


def run(database, args):
    tmp = Path(tempfile.mkdtemp(prefix="roadmap-streams-"))
    try:
        env = prepare_database(database, tmp)
        env.update(REDIS_URL=args.redis_url, SECRET_KEY="bench-" + os.urandom(8).hex(), OUTBOX_DIR=str(tmp / "outbox"),
                   LIVE_STREAM_SECONDS="900", ROADMAP_ENV="bench")
        env = {k: env[k] for k in ("DATABASE_URL", "INSTANCE_DIR", "EXPORT_DIR", "REDIS_URL", "SECRET_KEY",
                                   "OUTBOX_DIR", "LIVE_STREAM_SECONDS", "ROADMAP_ENV")}
        # An id of its own: Redis pub/sub channels are shared by every database number and every run.
        data = seed(env, max(args.streams + [args.clients]), workshop_id=random.randrange(10**6, 10**9))
        with open(tmp / "gunicorn.log", "w") as log:
            for shape in args.shapes:
                for count in args.streams:
                    report(database, shape, count, summary(measure(shape, count, env, data, args, log)))
                    reset_room(env["DATABASE_URL"], data)
        problems = [line for line in (tmp / "gunicorn.log").read_text().splitlines()
                    if "Traceback" in line or "ERROR" in line or "WARNING" in line]
        print(f"\nserver log ({database}): {len(problems)} warnings or errors" +
              (f", first: {problems[0]}" if problems else ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=sorted(SHAPES))
    parser.add_argument("--streams", type=int, nargs="+", default=[20, 100, 300])
    parser.add_argument("--clients", type=int, default=20, help="page-loading clients")
    parser.add_argument("--duration", type=int, default=30, help="measured seconds per shape and stream count")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between two cards")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--stream-workers", type=int, default=2, help="gevent workers of shape b's stream process")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"))
    parser.add_argument("--timeout", type=float, default=3600, help="hard limit for the whole run, seconds")
    args = parser.parse_args()
    os.environ.setdefault("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_streams")
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("bench took too long")))
    signal.alarm(int(args.timeout))
    for database in (["sqlite", "postgresql"] if args.database == "both" else [args.database]):
        run(database, args)


if __name__ == "__main__":
    main()
