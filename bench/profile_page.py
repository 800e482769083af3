"""cProfile one page of the large data set, in-process (stdlib only).

    DATABASE_URL=... .venv/bin/python bench/profile_page.py /roadmap/v/3 [--repeat 20] [--anonymous]
"""
import argparse
import cProfile
import pstats
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--anonymous", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    from bench.large_pages import EDITOR_EMAIL, PASSWORD
    from roadmap import create_app

    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    if not args.anonymous:
        client.post("/login", data={"email": EDITOR_EMAIL, "password": PASSWORD})
    client.get(args.path, buffered=True)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.repeat):
        client.get(args.path, buffered=True)
    profile.disable()
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
