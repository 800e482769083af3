"""seed-large's part for the follow-up: 200 actions (at 100 territories) from the published roadmap's
sections with their commitments, 300 experiments (two in three public) with a timeline, two
indicators each and 20 values per indicator. Bulk INSERTs only; the same data for the same rng."""
from datetime import date, timedelta

from sqlalchemy import insert, select

from roadmap.core.timeutil import utcnow
from roadmap.drafts.models import RoadmapVersion, Section, VersionState
from roadmap.extensions import db
from roadmap.followup.models import (MYDATA_PRINCIPLES, Action, Commitment, CommitmentRole, Experiment,
                                     ExperimentStatus, Indicator, IndicatorValue, TimelineEntry)
from roadmap.workshops.models import GovernanceModel, Theme

ACTION_TITLE = "Action large 0001"
VALUES_PER_INDICATOR = 20


def _ids(model, column, pattern):
    return list(db.session.scalars(select(model.id).where(column.like(pattern)).order_by(model.id)))


def seed_followup_large(rng, context, territories):
    now = utcnow().replace(microsecond=0)
    territory_ids, editor_id = context["territory_ids"], context["editor_id"]
    section_ids = list(db.session.scalars(select(Section.id).join(RoadmapVersion).where(
        RoadmapVersion.state == VersionState.PUBLISHED).order_by(Section.id)))
    n_actions, n_experiments = max(4, territories * 2), max(6, territories * 3)
    themes, roles, statuses = list(Theme), list(CommitmentRole), list(ExperimentStatus)
    db.session.execute(insert(Action), [
        {"title": f"Action large {n:04d}", "theme": rng.choice(themes).value,
         "description": "Lancer des **expérimentations** et partager les résultats.",
         "description_html": "<p>Lancer des <strong>expérimentations</strong> et partager les résultats.</p>",
         "section_id": section_ids[n % len(section_ids)] if section_ids else None, "created_by_id": editor_id,
         "created_at": now, "updated_at": now} for n in range(1, n_actions + 1)])
    action_ids = _ids(Action, Action.title, "Action large %")
    commitments = []
    for action_id in action_ids:
        for k, territory_id in enumerate(rng.sample(territory_ids, min(len(territory_ids), rng.randint(1, 4)))):
            commitments.append({"action_id": action_id, "territory_id": territory_id, "created_at": now,
                                "role": (CommitmentRole.LEADING if k == 0 else rng.choice(roles[1:])).value})
    db.session.execute(insert(Commitment), commitments)
    start = date(2025, 1, 6)
    db.session.execute(insert(Experiment), [
        {"title": f"Expérimentation large {n:04d}", "territory_id": rng.choice(territory_ids),
         "action_id": rng.choice(action_ids), "summary": "Restituer aux habitants leurs données de consommation.",
         "governance_model": rng.choice(list(GovernanceModel)).value, "personal_data": "Relevés de compteur.",
         "data_holders": "Fournisseur d'énergie.", "principles": rng.sample(MYDATA_PRINCIPLES, rng.randint(1, 6)),
         "starts_on": start, "ends_on": None, "status": rng.choice(statuses).value, "progress": rng.randint(0, 100),
         "is_public": n % 3 != 0, "created_by_id": editor_id, "created_at": now, "updated_at": now}
        for n in range(1, n_experiments + 1)])
    experiment_ids = _ids(Experiment, Experiment.title, "Expérimentation large %")
    db.session.execute(insert(TimelineEntry), [
        {"experiment_id": e, "happened_on": start + timedelta(days=30 * k), "text": f"Étape {k + 1}.",
         "accepted": True, "created_at": now} for e in experiment_ids for k in range(3)])
    db.session.execute(insert(Indicator), [
        {"experiment_id": e, "name": name, "unit": unit, "baseline": 0.0, "target": target, "created_at": now}
        for e in experiment_ids for name, unit, target in (("Participants", "personnes", 500.0),
                                                           ("CO2 évité", "kg CO2", 10000.0))])
    indicator_ids = list(db.session.scalars(select(Indicator.id).where(Indicator.experiment_id.in_(experiment_ids))
                                            .order_by(Indicator.id)))
    values = []
    for indicator_id in indicator_ids:
        level = 0.0
        for k in range(VALUES_PER_INDICATOR):
            level += rng.randint(0, 30)
            values.append({"indicator_id": indicator_id, "measured_on": start + timedelta(days=14 * k),
                           "value": level, "source": "Comptage", "created_at": now})
    db.session.execute(insert(IndicatorValue), values)
    context.update(action_ids=action_ids, experiment_ids=experiment_ids)
    return {"follow-up actions": len(action_ids), "follow-up experiments": len(experiment_ids),
            "indicator values": len(values)}
