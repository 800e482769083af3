"""The follow-up pages on seed-large, measured briefly: median and worst time of each page over a
few requests, for a visitor and the editor (in-process test client, no network).

    .venv/bin/python -m bench.followup [--territories 100] [--repeat 5]
"""
import argparse
import statistics
import time

EDITOR_EMAIL = "editor@large.example"


def followup_paths():
    """(name, path) of the follow-up pages, with the first action, experiment and territory of seed-large."""
    from sqlalchemy import select

    from roadmap.extensions import db
    from roadmap.followup.models import Experiment
    from roadmap.territories.models import Territory

    # The action of the first public experiment: a page that has experiments to show.
    experiment = db.session.scalar(select(Experiment).where(Experiment.is_public.is_(True),
                                                            Experiment.action_id.is_not(None))
                                   .order_by(Experiment.id).limit(1))
    action_id = experiment.action_id
    slug = db.session.scalar(select(Territory.slug).where(Territory.id == experiment.territory_id))
    return [("follow-up overview", "/suivi"), ("an action", f"/suivi/actions/{action_id}"),
            ("a territory's follow-up", f"/suivi/territoires/{slug}"),
            ("an experiment", f"/suivi/experiences/{experiment.id}"),
            ("API actions", "/api/v1/actions"), ("API experiments", "/api/v1/experiments")]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--territories", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import tempfile
    from pathlib import Path

    from flask_migrate import upgrade

    from config import TestConfig
    from roadmap import create_app
    from roadmap.extensions import db
    from roadmap.large import LARGE_PASSWORD, seed_large

    folder = Path(tempfile.mkdtemp(prefix="bench-followup-"))
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.sqlite3'}", INSTANCE_DIR=folder,
                     EXPORT_DIR=folder / "exports", OUTBOX_DIR=folder / "outbox")
    app.extensions.pop("page_cache", None)  # measure the render, not the cache
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        summary = seed_large(args.territories)
        db.session.commit()
        print(f"seed-large {args.territories}: {time.perf_counter() - started:.1f} s, "
              f"{summary['follow-up actions']} actions, {summary['follow-up experiments']} experiments, "
              f"{summary['indicator values']} values")
        paths = followup_paths()
    visitor, editor = app.test_client(), app.test_client()
    with app.app_context():
        login_page = editor.get("/login").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login_page).group(1)
    editor.post("/login", data={"email": EDITOR_EMAIL, "password": LARGE_PASSWORD, "csrf_token": token})
    # A page of the app that exists already, as the yardstick: figures are read as ratios to it.
    reference = ("reference: use cases", "/use-cases")
    print(f"{'page':28} {'who':8} {'median ms':>10} {'worst ms':>9} {'KiB':>6} {'x ref':>6}")
    for who, client in (("visitor", visitor), ("editor", editor)):
        reference_ms = None
        for name, path in [reference] + paths:
            times, size = [], 0
            for _ in range(args.repeat + 1):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                size = len(response.get_data())
                assert response.status_code == 200, (path, response.status_code)
            times = times[1:]  # the first one warms
            median = statistics.median(times)
            reference_ms = reference_ms or median
            print(f"{name:28} {who:8} {median:10.1f} {max(times):9.1f} {size / 1024:6.0f} "
                  f"{median / reference_ms:6.2f}")


if __name__ == "__main__":
    main()
