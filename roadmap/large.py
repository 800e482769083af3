"""`seed-large`: a deterministic large data set for benchmarks and query-count tests.

Each feature adds its part in order; a part takes (rng, context, scale) and adds ids to context.
Rows are written with bulk INSERTs so that 100 territories load in seconds.
"""
import random

from roadmap.territories.large import seed_people

LARGE_PASSWORD = "large-data-2026"
EDITOR_EMAIL = "editor@large.example"


def seed_large(territories=100):
    rng = random.Random(20261125)  # same data every time
    context = {"password": LARGE_PASSWORD, "editor_email": EDITOR_EMAIL}
    summary = {}
    for part in _parts():
        summary.update(part(rng, context, territories))
    return summary


def _parts():
    from roadmap.drafts.large import seed_roadmap_large
    from roadmap.followup.large import seed_followup_large
    from roadmap.swot.demo import seed_swot_large
    from roadmap.workshops.large import seed_workshops_large

    return [seed_people, seed_swot_large, seed_workshops_large, seed_roadmap_large, seed_followup_large]
