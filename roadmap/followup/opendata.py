"""The follow-up as open data and as the addendum PDF: only what a visitor may see (public
experiments; actions are public). One shape for the API, the JSON export and the CSV files."""
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from roadmap.core.timeutil import iso_utc
from roadmap.extensions import db
from roadmap.followup.models import Action, Commitment, Experiment, Indicator, IndicatorValue, TimelineEntry


def public_experiments_query():
    return (select(Experiment).where(Experiment.is_public.is_(True)).options(
        selectinload(Experiment.territory), selectinload(Experiment.entries),
        selectinload(Experiment.indicators).selectinload(Indicator.values)))


def actions_query():
    return select(Action).options(
        selectinload(Action.commitments).selectinload(Commitment.territory),
        selectinload(Action.commitments).selectinload(Commitment.organisation),
        selectinload(Action.section))


def public_ids_by_action(action_ids=None):
    """{action id: [ids of its public experiments]} in one query."""
    query = select(Experiment.action_id, Experiment.id).where(Experiment.is_public.is_(True),
                                                             Experiment.action_id.is_not(None))
    if action_ids is not None:
        query = query.where(Experiment.action_id.in_(action_ids))
    result = {}
    for action_id, experiment_id in db.session.execute(query.order_by(Experiment.id)):
        result.setdefault(action_id, []).append(experiment_id)
    return result


def public_reuses(experiment_ids):
    """{origin experiment id: [ids of the public experiments started from it]} in one query."""
    result = {}
    if not experiment_ids:
        return result
    for origin_id, experiment_id in db.session.execute(
            select(Experiment.origin_experiment_id, Experiment.id).where(
                Experiment.is_public.is_(True), Experiment.origin_experiment_id.in_(experiment_ids))
            .order_by(Experiment.id)):
        result.setdefault(origin_id, []).append(experiment_id)
    return result


def action_json(action, experiment_ids):
    section = action.section
    return {
        "id": action.id, "title": action.title, "theme": str(action.theme), "description_markdown": action.description,
        "section": {"version": section.version.number, "key": section.key, "title": section.title}
        if section is not None else None,
        "commitments": [{"territory": c.territory.slug if c.territory_id else None,
                         "organisation": c.organisation.name if c.organisation_id else None, "role": str(c.role)}
                        for c in action.commitments],
        "experiments": experiment_ids, "updated_at": iso_utc(action.updated_at),
    }


def actions_json(actions):
    ids = public_ids_by_action([a.id for a in actions])
    return [action_json(a, ids.get(a.id, [])) for a in actions]


def experiment_json(experiment, reused_by=(), origin_public=None):
    use_case_public = lambda u: u is not None and u.is_public  # noqa: E731
    return {
        "id": experiment.id, "title": experiment.title, "territory": experiment.territory.slug,
        "action": experiment.action_id,
        "use_case": experiment.use_case_id if use_case_public(experiment.use_case) else None,
        "summary": experiment.summary, "governance_model": str(experiment.governance_model),
        "personal_data": experiment.personal_data, "data_holders": experiment.data_holders,
        "mydata_principles": list(experiment.principles),
        "starts_on": experiment.starts_on.isoformat(),
        "ends_on": experiment.ends_on.isoformat() if experiment.ends_on else None,
        "status": str(experiment.status), "progress": experiment.progress,
        "origin": {"experiment": origin_public,
                   "use_case": experiment.origin_use_case_id if use_case_public(experiment.origin_use_case)
                   else None},
        "reused_by": list(reused_by),
        "timeline": [{"date": e.happened_on.isoformat(), "text": e.text} for e in experiment.entries if e.accepted],
        "indicators": [{"id": i.id, "name": i.name, "unit": i.unit, "baseline": i.baseline, "target": i.target,
                        "values": [{"date": v.measured_on.isoformat(), "value": v.value, "source": v.source}
                                   for v in i.values]} for i in experiment.indicators],
        "updated_at": iso_utc(experiment.updated_at),
    }


def experiments_json(experiments):
    ids = [e.id for e in experiments]
    reuses = public_reuses(ids)
    origins = {e.origin_experiment_id for e in experiments if e.origin_experiment_id}
    public_origins = set(db.session.scalars(select(Experiment.id).where(
        Experiment.id.in_(origins), Experiment.is_public.is_(True)))) if origins else set()
    return [experiment_json(e, reuses.get(e.id, []),
                            e.origin_experiment_id if e.origin_experiment_id in public_origins else None)
            for e in experiments]


def followup_digest():
    """Cheap values that change whenever the public follow-up does (for the export fingerprint)."""
    from roadmap.exports.builtin import rows_digest

    actions = db.session.execute(select(Action.id, Action.updated_at).order_by(Action.id)).all()
    experiments = db.session.execute(select(Experiment.id, Experiment.updated_at, Experiment.is_public)
                                     .order_by(Experiment.id)).all()
    counts = [db.session.scalar(select(func.count(model.id))) for model in (IndicatorValue, TimelineEntry)]
    return [rows_digest(actions), rows_digest(experiments), counts]
