"""Page benchmark: requests per second and p50/p99 latency of the main pages under 20 concurrent
connections (wrk), each next to the trivial route /ping measured in the same run.

    .venv/bin/python bench/pages.py [--database sqlite|postgresql|both] [--page-cache on|off|both]
                                    [--territories 100] [--duration 4] [--rounds 3]

It builds a temporary instance (SQLite file, or the PostgreSQL database named by BENCH_DATABASE_URL,
default postgresql://postgres@127.0.0.1:5432/bench, emptied first), loads `seed-large`, starts
gunicorn (gthread workers) on a free local port, logs in as the large data set's editor and runs
wrk against each page (after a 2 s warm-up run that is not measured: first renders, Jinja's
compiled templates), then /ping, in turn for --rounds rounds of --duration seconds each; the round
with the median ratio is printed (a transient dip of a shared machine hits one measurement, not the
median), with the errors of all rounds. Only 127.0.0.1 is ever targeted; every run is bounded.

With the page cache on (the default configuration), 20 connections of one user on one page measure
what a page costs when nobody changed its data in between; `--page-cache off` (PAGE_CACHE_MB=0)
measures a full render on every request.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
GOALS = {"rps_ratio": 0.20, "p99_ms": 150.0}
WARM_UP_SECONDS = 2


sys.path.insert(0, str(ROOT))
from bench.server import free_port, start_gunicorn, stop_gunicorn  # noqa: E402


def flask(env, *args):
    subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def prepare_database(kind, instance):
    env = dict(os.environ, INSTANCE_DIR=str(instance), EXPORT_DIR=str(instance / "exports"), REDIS_URL="")
    if kind == "postgresql":
        from bench.databases import fresh_postgresql

        env["DATABASE_URL"] = fresh_postgresql(
            os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench"))
    else:
        env["DATABASE_URL"] = f"sqlite:///{instance / 'bench.sqlite3'}"
    return env


def session_cookie(base, email, password):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}).encode()
    opener.open(base + "/login", data=data)
    return "; ".join(f"{c.name}={c.value}" for c in jar)


LATENCY_RE = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
RPS_RE = re.compile(r"Requests/sec:\s+([\d.]+)")
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, cookie, duration, connections=20):
    """(req/s, p50 ms, p99 ms, errors: non-2xx answers and requests without an answer within 30 s)."""
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "--latency",
                          "-H", f"Cookie: {cookie}", url], capture_output=True, text=True, check=True).stdout
    rps = float(RPS_RE.search(out).group(1))
    latencies = {p: float(v) * UNIT[u] for p, v, u in LATENCY_RE.findall(out)}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    errors = sum(int(found.group(1)) for found in (non_2xx, timeouts) if found)
    return rps, latencies.get("50", float("nan")), latencies.get("99", float("nan")), errors


def median_round(base, path, cookie, duration, rounds):
    """The page, then /ping, `rounds` times in turn: the figures of the round with the median ratio,
    so that a dip of the shared machine during one measurement does not decide; the errors of all."""
    measured = [(wrk(base + path, cookie, duration), wrk(base + "/ping", cookie, duration)) for _ in range(rounds)]
    measured.sort(key=lambda pair: pair[0][0] / pair[1][0] if pair[1][0] else 0.0)
    (rps, p50, p99, _errors), trivial = measured[len(measured) // 2]
    return (rps, p50, p99, sum(page[3] for page, _trivial in measured)), trivial


def run(kind, territories, duration, workers, rounds, page_cache=True):
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    instance = Path(tempfile.mkdtemp(prefix="roadmap-bench-"))
    env = prepare_database(kind, instance)
    if not page_cache:
        env["PAGE_CACHE_MB"] = "0"
    flask(env, "init-db", "--no-demo")
    started = time.time()
    flask(env, "seed-large", "--territories", str(territories))
    print(f"seed-large --territories {territories}: {time.time() - started:.0f} s", file=sys.stderr)
    port = free_port()
    server = start_gunicorn(env, port, workers, threads=16)
    base = f"http://127.0.0.1:{port}"
    try:
        from bench.large_pages import EDITOR_EMAIL, PASSWORD, main_pages

        cookie = session_cookie(base, EDITOR_EMAIL, PASSWORD)
        rows = []
        for name, path in main_pages(env):
            wrk(base + path, cookie, WARM_UP_SECONDS)  # first renders in each worker: not measured
            rows.append((name, path, *median_round(base, path, cookie, duration, rounds)))
        return rows
    finally:
        stop_gunicorn(server)
        shutil.rmtree(instance, ignore_errors=True)


def print_table(title, rows):
    print(f"\n### {title}\n")
    print("| page | req/s | /ping req/s | ratio | p50 ms | p99 ms | /ping p99 ms | errors | goal |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, _path, (rps, p50, p99, errors), (trps, _tp50, tp99, _terr) in rows:
        ratio = rps / trps if trps else 0
        ok = ratio >= GOALS["rps_ratio"] and p99 <= GOALS["p99_ms"] and errors == 0
        print(f"| {name} | {rps:.0f} | {trps:.0f} | {ratio:.0%} | {p50:.1f} | {p99:.1f} | {tp99:.1f} | {errors} | "
              f"{'met' if ok else 'NOT met'} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--territories", type=int, default=100)
    parser.add_argument("--duration", type=int, default=4, help="seconds of each measurement")
    parser.add_argument("--rounds", type=int, default=3, help="page and /ping measured in turn, this many times")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--page-cache", choices=["on", "off", "both"], default="on")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    modes = [True, False] if args.page_cache == "both" else [args.page_cache == "on"]
    for kind in kinds:
        for cached in modes:
            rows = run(kind, args.territories, args.duration, args.workers, args.rounds, page_cache=cached)
            print_table(f"{kind}, page cache {'on' if cached else 'off (a full render every request)'}", rows)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
