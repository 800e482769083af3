"""Time and count the SQL statements of each main page once, in-process (a quick profile aid).

    DATABASE_URL=... .venv/bin/python bench/probe.py [--repeat 5]
"""
import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from sqlalchemy import event

    from bench.large_pages import EDITOR_EMAIL, PASSWORD, main_pages
    from roadmap import create_app
    from roadmap.extensions import db

    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False
    counter = {"n": 0}
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: counter.__setitem__("n", counter["n"] + 1))
    client = app.test_client()
    client.post("/login", data={"email": EDITOR_EMAIL, "password": PASSWORD})
    for name, path in main_pages(dict(os.environ)):
        client.get(path, buffered=True)
        counter["n"] = 0
        started = time.perf_counter()
        for _ in range(args.repeat):
            response = client.get(path, buffered=True)
        ms = (time.perf_counter() - started) * 1000 / args.repeat
        print(f"{name:35} {response.status_code} {ms:8.1f} ms {counter['n'] // args.repeat:4d} queries "
              f"{len(response.data) // 1024:6d} KiB")


if __name__ == "__main__":
    main()
