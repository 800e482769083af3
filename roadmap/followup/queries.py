"""Reads of the follow-up pages, each in a bounded number of queries whatever the number of rows."""
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roadmap.extensions import db
from roadmap.followup.models import Action, Commitment, Experiment, Indicator
from roadmap.followup.permissions import visible_experiments
from roadmap.territories.models import Territory


def actions_with_commitments():
    """Every action with its commitments (and their territory or organisation): 4 queries."""
    return db.session.scalars(select(Action).options(
        selectinload(Action.commitments).selectinload(Commitment.territory),
        selectinload(Action.commitments).selectinload(Commitment.organisation),
        selectinload(Action.section)).order_by(Action.title, Action.id)).all()


def experiments_seen_by(user, action_id=None, territory_id=None):
    """The experiments the user may see (all of them for the condition), with their territory."""
    query = (select(Experiment).where(visible_experiments(user))
             .options(selectinload(Experiment.territory)).order_by(Experiment.title, Experiment.id))
    if action_id is not None:
        query = query.where(Experiment.action_id == action_id)
    if territory_id is not None:
        query = query.where(Experiment.territory_id == territory_id)
    return db.session.scalars(query).all()


def overview(user):
    """The follow-up at a glance: by action (its commitments, its experiments and their mean
    progress) and by territory (its commitments and its experiments)."""
    actions = actions_with_commitments()
    experiments = experiments_seen_by(user)
    by_action, by_territory = defaultdict(list), defaultdict(list)
    for experiment in experiments:
        if experiment.action_id:
            by_action[experiment.action_id].append(experiment)
        by_territory[experiment.territory_id].append(experiment)
    commitments_by_territory = defaultdict(list)
    for action in actions:
        for commitment in action.commitments:
            if commitment.territory_id:
                commitments_by_territory[commitment.territory_id].append((action, commitment))
    territory_ids = set(by_territory) | set(commitments_by_territory)
    territories = db.session.scalars(select(Territory).where(Territory.id.in_(territory_ids))
                                     .order_by(Territory.name)).all() if territory_ids else []
    return {
        "actions": [(a, by_action.get(a.id, []), mean_progress(by_action.get(a.id, []))) for a in actions],
        "territories": [(t, commitments_by_territory.get(t.id, []), by_territory.get(t.id, []),
                         mean_progress(by_territory.get(t.id, []))) for t in territories],
    }


def sections_without_action():
    """The sections of the current published version that no action comes from yet (for the editors)."""
    from roadmap.drafts.models import Section
    from roadmap.drafts.service import current_version

    version = current_version()
    if version is None:
        return []
    return db.session.scalars(select(Section).where(
        Section.version_id == version.id, Section.id.not_in(select(Action.section_id).where(
            Action.section_id.is_not(None)))).order_by(Section.position)).all()


def territory_commitments(territory_id):
    """[(action, commitment)] of one territory, by action title: one query."""
    rows = db.session.execute(select(Action, Commitment).join(Commitment, Commitment.action_id == Action.id)
                              .where(Commitment.territory_id == territory_id).order_by(Action.title, Action.id))
    return [(action, commitment) for action, commitment in rows]


def mean_progress(experiments):
    return round(sum(e.progress for e in experiments) / len(experiments)) if experiments else None


def experiment_with_series(experiment_id):
    """One experiment with its timeline, indicators and their values loaded (5 queries)."""
    return db.session.get(Experiment, experiment_id, options=[
        selectinload(Experiment.entries), selectinload(Experiment.territory),
        selectinload(Experiment.indicators).selectinload(Indicator.values)])


def reuses_of(experiment):
    """The experiments started from this one."""
    return db.session.scalars(select(Experiment).where(Experiment.origin_experiment_id == experiment.id)
                              .options(selectinload(Experiment.territory)).order_by(Experiment.id)).all()


def reuses_of_use_case(use_case_id, user):
    return db.session.scalars(select(Experiment).where(
        Experiment.origin_use_case_id == use_case_id, visible_experiments(user))
        .options(selectinload(Experiment.territory)).order_by(Experiment.id)).all()

