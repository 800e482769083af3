"""Benchmark of real use: many people and visitors on random pages with writes going on and live-room
streams open, each figure next to /ping measured on the same server in the same run.

    .venv/bin/python bench/mix.py [--database sqlite|postgresql|both] [--users 20 60 150] [--visitors 10]
                                  [--streams 20] [--think 0] [--duration 30] [--write-share 0.07]

It builds a temporary instance (a SQLite file, or the PostgreSQL database BENCH_DATABASE_URL names,
emptied first), loads `seed-large`, starts gunicorn as `make serve` does (4 gthread workers × 32
threads) on a free port of 127.0.0.1, then for each --users count: the editor, the live workshop's
participants, then leads, members and partners of different territories (bench/mix_people.py), plus
--visitors anonymous readers, each a thread on its own keep-alive connection, on weighted random
pages with random ids fitting their role; --write-share of their actions are writes (a comment, a
reply, a SWOT item, a live card, a dot: the form page, then its POST); --streams event streams of the
live room are held open meanwhile. After a warm-up that is not measured, it runs --duration seconds
and prints per page kind p50/p95/p99 and the answers that were not 2xx/3xx, the throughput, the
server's CPU time per request (utime + stime of the gunicorn processes from /proc, before and
after), the page cache's hit rate (its X-Page-Cache header), and /ping: its latency probed during the
mix, and its req/s with the same number of client threads right after. The load average of the
machine is printed too: other work on it shows in every figure.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.mix_people import Person, Recorder, Sessions, Stream, choose_people, load_world  # noqa: E402
from bench.pages import flask, prepare_database  # noqa: E402
from bench.server import free_port, server_cpu_seconds, start_gunicorn, stop_gunicorn  # noqa: E402

WARM_UP_SECONDS = 4
PING_SECONDS = 4


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))] if ordered else float("nan")


def ping_probe(port, stop, latencies):
    """/ping every 50 ms during the mix, on its own connection: what the server's queue costs anyone."""
    person = Person(port, {}, None, None, Recorder(), stop, 0, 0, 0)
    while not stop.wait(0.05):
        started = time.perf_counter()
        status, _ = person.request("ping", "GET", "/ping")
        if status == 200:
            latencies.append(time.perf_counter() - started)


def ping_throughput(port, clients, seconds):
    """/ping with as many client threads as the mix had, no think time: (req/s, p50 s, p99 s)."""
    recorder, stop = Recorder(), threading.Event()
    threads = [PingClient(port, recorder, stop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(35)
    times = [row[1] for row in recorder.rows if row[2] == 200]
    return len(times) / seconds, percentile(times, 50), percentile(times, 99)


class PingClient(Person):
    def __init__(self, port, recorder, stop):
        super().__init__(port, {}, None, None, recorder, stop, 0, 0, 0)

    def run(self):
        while not self.stop.is_set():
            self.request("ping", "GET", "/ping")


def run_mix(port, master_pid, world, sessions, args, users):
    people = choose_people(world, users)
    stop, recorder = threading.Event(), Recorder()
    stream_path = f"/workshops/{world['live']}/live/stream"
    watchers = [u for u in people if u["role"] == "editor" or u["id"] in world["participants"]]
    streams = [Stream(port, stream_path, sessions.of(watchers[n % len(watchers)])["cookie"], stop)
               for n in range(args.streams)]
    threads = [Person(port, world, user, sessions.of(user), recorder, stop, args.think, args.write_share, n)
               for n, user in enumerate(people)]
    threads += [Person(port, world, None, None, recorder, stop, args.think, 0, 10_000 + n)
                for n in range(args.visitors)]
    for thread in streams + threads:
        thread.start()
    time.sleep(WARM_UP_SECONDS)
    with recorder.lock:
        recorder.rows.clear()
    ping_latencies, probe_stop = [], threading.Event()
    probe = threading.Thread(target=ping_probe, args=(port, probe_stop, ping_latencies), daemon=True)
    load_before, cpu_before, started = os.getloadavg()[0], server_cpu_seconds(master_pid), time.monotonic()
    probe.start()
    time.sleep(args.duration)
    with recorder.lock:
        rows = list(recorder.rows)
    elapsed, cpu = time.monotonic() - started, server_cpu_seconds(master_pid) - cpu_before
    load_after = os.getloadavg()[0]
    probe_stop.set()
    for stream in streams:
        stream.close()
    stop.set()
    for thread in threads:
        thread.join(35)
    probe.join(35)
    ping = ping_throughput(port, len(threads), PING_SECONDS)
    return {"users": users, "rows": rows, "elapsed": elapsed, "cpu": cpu, "load": (load_before, load_after),
            "ping": ping, "ping_during": ping_latencies, "streams": streams, "clients": len(threads)}


def report(kind, args, result):
    rows, elapsed = result["rows"], result["elapsed"]
    ping_rps, ping_p50, ping_p99 = result["ping"]
    during = result["ping_during"]
    ms = lambda seconds: f"{seconds * 1000:.0f}"  # noqa: E731
    by_kind = defaultdict(list)
    for row in rows:
        by_kind[row[0]].append(row)
    rps = len(rows) / elapsed
    statuses = Counter(row[2] for row in rows if not 200 <= row[2] < 400)
    hits = sum(1 for row in rows if row[3] == "hit")
    misses = sum(1 for row in rows if row[3] == "miss")
    writes = sum(len(v) for k, v in by_kind.items() if k in ("comment", "reply", "SWOT item", "card", "dot"))
    print(f"\n### {kind}: {result['users']} people + {args.visitors} visitors, {args.streams} streams, "
          f"think {args.think} s, {elapsed:.0f} s\n")
    print(f"- throughput {rps:.0f} req/s ({writes / max(1, len(rows)):.1%} writes); /ping alone with "
          f"{result['clients']} client threads: {ping_rps:.0f} req/s (p50 {ms(ping_p50)} ms, p99 {ms(ping_p99)} ms): "
          f"**mix = {rps / ping_rps:.1%} of /ping**")
    print(f"- server CPU {result['cpu'] * 1000 / max(1, len(rows)):.1f} ms per request "
          f"({result['cpu'] / elapsed:.2f} cores)")
    if during:
        print(f"- /ping during the mix: p50 {ms(percentile(during, 50))} ms, p99 {ms(percentile(during, 99))} ms")
    print(f"- page cache: {hits / max(1, hits + misses):.0%} of cached pages were hits "
          f"({hits} hits, {misses} renders; {hits / max(1, len(rows)):.0%} of all requests)")
    print(f"- answers not 2xx/3xx: {dict(sorted(statuses.items())) or 'none'} (0: no answer: connection closed or 30 s passed)")
    events = sum(s.events for s in result["streams"])
    print(f"- streams: {events} events received, {sum(s.failures for s in result['streams'])} failed (re)connections")
    print(f"- load average (1 min) {result['load'][0]:.2f} before, {result['load'][1]:.2f} after\n")
    print("| page kind | requests | p50 ms | p95 ms | p99 ms | p99 ÷ /ping p99 | not 2xx/3xx |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    reference = percentile(during, 99) if during else ping_p99
    for name in sorted(by_kind, key=lambda k: -len(by_kind[k])):
        times = [row[1] for row in by_kind[name]]
        bad = sum(1 for row in by_kind[name] if not 200 <= row[2] < 400)
        p99 = percentile(times, 99)
        print(f"| {name} | {len(times)} | {ms(statistics.median(times))} | {ms(percentile(times, 95))} | "
              f"{ms(p99)} | {p99 / reference:.0f}× | {bad} |")
    sys.stdout.flush()


def run(kind, args):
    from config import sqlalchemy_url

    instance = Path(tempfile.mkdtemp(prefix="roadmap-mix-"))
    env = prepare_database(kind, instance)
    env.update(SECRET_KEY="bench-" + os.urandom(8).hex(), OUTBOX_DIR=str(instance / "outbox"),
               REDIS_URL=args.redis_url, ROADMAP_ENV="bench")
    flask(env, "init-db", "--no-demo")
    flask(env, "seed-large", "--territories", str(args.territories))
    world = load_world(sqlalchemy_url(env["DATABASE_URL"]))
    sessions = Sessions(env["SECRET_KEY"])
    port = args.port or free_port()
    server = start_gunicorn(env, port, args.workers, threads=args.threads)
    try:
        for users in args.users:
            report(kind, args, run_mix(port, server.pid, world, sessions, args, users))
    finally:
        stop_gunicorn(server)
        shutil.rmtree(instance, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--users", type=int, nargs="+", default=[20, 60, 150], help="signed-in people, each run")
    parser.add_argument("--visitors", type=int, default=10)
    parser.add_argument("--streams", type=int, default=20, help="live-room event streams held open")
    parser.add_argument("--think", type=float, default=0.0, help="seconds between two actions of a person (±50 %%)")
    parser.add_argument("--duration", type=int, default=30, help="measured seconds of each run")
    parser.add_argument("--write-share", type=float, default=0.07)
    parser.add_argument("--territories", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    parser.add_argument("--redis-url", default="", help="the live broker (default: in-process)")
    args = parser.parse_args()
    for kind in (["sqlite", "postgresql"] if args.database == "both" else [args.database]):
        run(kind, args)


if __name__ == "__main__":
    main()
