from sqlalchemy import func, select

from roadmap.extensions import db
from roadmap.swot import queries
from roadmap.swot.models import ItemStatus, Swot, SwotItem, SwotVersion, SwotVersionItem
from roadmap.territories.models import Territory


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in
                 (Swot, SwotItem, SwotVersion, SwotVersionItem))


def test_demo_gives_every_territory_a_submitted_french_swot_and_is_idempotent(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    counts = _counts()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert _counts() == counts
    territories = db.session.scalars(select(Territory)).all()
    with app.test_request_context():
        states = queries.progress([t.id for t in territories])
    assert all(state.startswith("soumis v") for state in states.values()), states
    for territory in territories:
        swot = db.session.scalar(select(Swot).where(Swot.territory_id == territory.id))
        last = max(swot.versions, key=lambda v: v.number)
        assert 10 <= len(last.items) <= 20
    pending = db.session.scalars(select(SwotItem).where(SwotItem.status == ItemStatus.PROPOSED)).all()
    assert len(pending) == 1 and "NuageCitoyen" in pending[0].text
    rochelle = db.session.scalar(select(Swot).join(Territory).where(Territory.slug == "la-rochelle"))
    assert rochelle.is_public and len(rochelle.versions) == 2
