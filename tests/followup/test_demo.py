"""The demo has the follow-up: actions of the published roadmap, Coach CO2 running in La Rochelle
with two indicators and months of values, Lyon reusing it; seeding twice adds nothing."""
from sqlalchemy import func, select

from roadmap.extensions import db
from roadmap.followup.models import Action, Experiment, IndicatorValue


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Action, Experiment, IndicatorValue))


def test_demo_follow_up(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    counts = _counts()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert _counts() == counts
    coach = db.session.scalar(select(Experiment).where(Experiment.title == "Coach CO2"))
    assert coach.territory.slug == "la-rochelle" and coach.status.value == "running"
    assert len(coach.indicators) == 2 and all(len(i.values) >= 4 for i in coach.indicators)
    assert coach.action.section.version.state.value == "published"
    reuse = db.session.scalar(select(Experiment).where(Experiment.origin_experiment_id == coach.id))
    assert reuse.territory.slug == "metropole-de-lyon"
    assert counts[0] >= 4
    page = client.get("/suivi").get_data(as_text=True)
    assert "La Rochelle" in page and "Métropole de Lyon" in page
    assert 'role="img"' in client.get(f"/suivi/experiences/{coach.id}").get_data(as_text=True)
