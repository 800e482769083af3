"""Who may do what after publication. One function per rule, used by routes, templates, the
notification rules and the permission tables of the tests alike.

- Actions are public (they come from the published roadmap); the editors write them.
- A territory's lead commits it to an action or withdraws it; the editors record any commitment.
- An experiment is edited by its territory's lead and members only; partners tied to the
  territory propose timeline entries that the lead accepts; nobody edits another territory's.
- A non-public experiment is seen by its territory's people, its tied partners and the editors:
  never by visitors, nor in the API or the open data.
"""
from sqlalchemy import or_, true

from roadmap.core.permissions import is_editor
from roadmap.territories.permissions import is_lead, is_member, is_tied_partner, partner_territory_ids


def _authenticated(user):
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.active)


def can_manage_actions(user):
    return _authenticated(user) and is_editor(user)


def can_commit(user, territory_id):
    """The lead commits their own territory (or withdraws it)."""
    return _authenticated(user) and is_lead(user, territory_id)


def can_follow(user):
    return _authenticated(user)


def can_view_experiment(user, experiment):
    if experiment.is_public:
        return True
    if not _authenticated(user):
        return False
    return (is_editor(user) or is_member(user, experiment.territory_id)
            or is_tied_partner(user, experiment.territory_id))


def visible_experiments(user):
    """The SQL condition on Experiment matching can_view_experiment, for every list."""
    from roadmap.followup.models import Experiment

    if not _authenticated(user):
        return Experiment.is_public.is_(True)
    if is_editor(user):
        return true()
    territory_ids = {m.territory_id for m in user.memberships if m.territory_id} | partner_territory_ids(user)
    if not territory_ids:
        return Experiment.is_public.is_(True)
    return or_(Experiment.is_public.is_(True), Experiment.territory_id.in_(territory_ids))


def can_create_experiment(user, territory_id):
    return _authenticated(user) and is_member(user, territory_id)


def can_edit_experiment(user, experiment):
    """Its territory's lead and members: not the editors, not another territory, not a partner."""
    return _authenticated(user) and is_member(user, experiment.territory_id)


def can_write_entry(user, experiment):
    return can_edit_experiment(user, experiment)


def can_propose_entry(user, experiment):
    """A partner tied to the territory (who is not one of its members) proposes entries."""
    return (_authenticated(user) and not is_member(user, experiment.territory_id)
            and is_tied_partner(user, experiment.territory_id))


def can_decide_entry(user, experiment):
    return _authenticated(user) and is_lead(user, experiment.territory_id)


def reuse_territory_ids(user):
    """The territories for which the user may start an experiment (a reuse among them)."""
    if not _authenticated(user):
        return set()
    return {m.territory_id for m in user.memberships if m.territory_id}


def can_reuse(user, source_visible):
    return source_visible and bool(reuse_territory_ids(user))
