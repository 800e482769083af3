"""The demo data set: one call per feature, in dependency order. Every step is idempotent."""
from roadmap.drafts.demo import seed_roadmap
from roadmap.editions.demo import seed_editions
from roadmap.followup.demo import seed_followup
from roadmap.process.demo import seed_process
from roadmap.swot.demo import seed_swot
from roadmap.territories.demo import seed_people
from roadmap.workshops.demo import seed_workshops

DEMO_PASSWORD = "demo-feuille-2026"


def seed():
    summary = {}
    summary.update(seed_people(DEMO_PASSWORD))
    summary.update(seed_process())
    summary.update(seed_swot())
    summary.update(seed_workshops())
    summary.update(seed_roadmap())
    summary.update(seed_editions())
    summary.update(seed_followup())
    return summary
