"""Search benchmark: p50 and p99 latency of /search on seed-large, SQLite and PostgreSQL.

    .venv/bin/python bench/search.py [--database sqlite|postgresql|both] [--territories 100]
                                     [--repeat 30]

It builds a temporary instance (SQLite file, or the PostgreSQL database named by
BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/bench, emptied first), loads
`seed-large` (whose bulk INSERTs are indexed as they are written), then asks /search in-process
(Flask's test client: the whole request, page rendered, no network) for a few queries as a
visitor, a partner and the editor, --repeat times each after one warm-up request, next to /ping
measured the same way. One process, one request at a time: this measures what one search costs,
not the throughput under load (bench/pages.py does that for pages).
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.pages import flask, prepare_database  # noqa: E402

QUERIES = (
    ("one common word", "données"),
    ("two words", "mobilité énergie"),
    ("a prefix", "territ"),
    ("a rare word", "coach"),
    ("nothing found", "zzzyx"),
    ("FTS syntax", '"NEAR(données* OR -x)'),
)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _timed(client, path, repeat):
    client.get(path)  # warm: first render of the templates, caches of the database
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def run(kind, territories, repeat):
    from urllib.parse import urlencode

    from sqlalchemy import func, select

    from config import Config, sqlalchemy_url
    from roadmap import create_app
    from roadmap.accounts.models import User
    from roadmap.extensions import db
    from roadmap.large import EDITOR_EMAIL, LARGE_PASSWORD
    from roadmap.search.models import SearchEntry
    from roadmap.territories.models import Membership

    instance = Path(tempfile.mkdtemp(prefix="bench-search-"))
    env = prepare_database(kind, instance)
    flask(env, "init-db", "--no-demo")
    started = time.time()
    flask(env, "seed-large", "--territories", str(territories))
    print(f"{kind}: seed-large --territories {territories}: {time.time() - started:.0f} s", file=sys.stderr)
    app = create_app(Config, SQLALCHEMY_DATABASE_URI=sqlalchemy_url(env["DATABASE_URL"]), INSTANCE_DIR=instance,
                     PAGE_CACHE_MB=0, WTF_CSRF_ENABLED=False)
    rows = []
    with app.app_context():
        entries = db.session.scalar(select(func.count(SearchEntry.id)))
        partner = db.session.scalar(select(User.email).join(Membership, Membership.user_id == User.id)
                                    .where(Membership.organisation_id.is_not(None)).order_by(User.id).limit(1))
        db.session.remove()
    people = {"visitor": app.test_client()}
    for who, email in (("partner", partner), ("editor", EDITOR_EMAIL)):
        people[who] = app.test_client()
        response = people[who].post("/login", data={"email": email, "password": LARGE_PASSWORD})
        assert response.status_code == 302, response.status_code
    ping = _timed(people["visitor"], "/ping", repeat)
    rows.append(("/ping", "visitor", statistics.median(ping), percentile(ping, 99)))
    for who, client in people.items():
        for name, words in QUERIES:
            times = _timed(client, "/search?" + urlencode({"q": words}), repeat)
            rows.append((name, who, statistics.median(times), percentile(times, 99)))
    return entries, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--territories", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    for kind in kinds:
        entries, rows = run(kind, args.territories, args.repeat)
        print(f"\n{kind}, seed-large --territories {args.territories}, {entries} index entries, "
              f"{args.repeat} requests each")
        print(f"{'query':<18} {'who':<8} {'p50 ms':>8} {'p99 ms':>8}")
        for name, who, p50, p99 in rows:
            print(f"{name:<18} {who:<8} {p50:8.1f} {p99:8.1f}")


if __name__ == "__main__":
    main()
