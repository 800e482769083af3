"""Who may do what with workshops and use cases. One function per rule, for routes and templates."""
from sqlalchemy import false, or_, select, true

from roadmap.core.permissions import is_editor
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.territories.models import MembershipRole
from roadmap.workshops.models import (
    AllianceRole, Registration, RegistrationStatus, Workshop, workshop_organisation, workshop_territory,
    workshop_use_case,
)
from roadmap.workshops.times import utc_to_paris


def _authenticated(user):
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.active)


def lead_territory_ids(user):
    if not _authenticated(user):
        return set()
    return {m.territory_id for m in user.memberships if m.territory_id and m.role == MembershipRole.LEAD}


def can_view_workshops(user):
    return _authenticated(user)


def _sees_every_workshop(user):
    return is_editor(user) or bool(getattr(user, "is_admin", False))


def can_view_workshop(user, workshop):
    """A workshop (its page, link, calendar file, room and stream) is seen by its invitees: the
    people of its host territory, of the invited territories and organisations; and by the
    editors and admins. Visitors never; anyone else does not learn it exists (404)."""
    if not _authenticated(user):
        return False
    return _sees_every_workshop(user) or is_invited(user, workshop)


def visible_workshops(user):
    """The SQL condition on Workshop matching can_view_workshop, for every list of workshops."""
    if not _authenticated(user):
        return false()
    if _sees_every_workshop(user):
        return true()
    territory_ids = [m.territory_id for m in user.memberships if m.territory_id]
    organisation_ids = [m.organisation_id for m in user.memberships if m.organisation_id]
    return or_(
        Workshop.host_territory_id.in_(territory_ids),
        Workshop.id.in_(select(workshop_territory.c.workshop_id)
                        .where(workshop_territory.c.territory_id.in_(territory_ids))),
        Workshop.id.in_(select(workshop_organisation.c.workshop_id)
                        .where(workshop_organisation.c.organisation_id.in_(organisation_ids))),
    )


def is_invited(user, workshop):
    """Editors, people of the host or an invited territory, people of an invited organisation."""
    if not _authenticated(user):
        return False
    if is_editor(user):
        return True
    territory_ids = {t.id for t in workshop.invited_territories}
    if workshop.host_territory_id:
        territory_ids.add(workshop.host_territory_id)
    organisation_ids = {o.id for o in workshop.invited_organisations}
    return any(
        (m.territory_id and m.territory_id in territory_ids)
        or (m.organisation_id and m.organisation_id in organisation_ids)
        for m in user.memberships
    )


def registration_status(user, workshop):
    if not _authenticated(user):
        return None
    return db.session.scalar(
        select(Registration.status).where(Registration.workshop_id == workshop.id, Registration.user_id == user.id)
    )


def is_participant(user, workshop):
    """Takes part in the room: an editor, or an invited person who registered."""
    if not _authenticated(user):
        return False
    if is_editor(user):
        return True
    return registration_status(user, workshop) == RegistrationStatus.REGISTERED and is_invited(user, workshop)


def can_answer_invitation(user, workshop):
    return is_invited(user, workshop) and not workshop.is_closed


def can_facilitate(user, workshop):
    return is_editor(user)


def can_reopen(user, workshop, now=None):
    """A closed session is reopened by an editor the same day (Paris time) it was closed."""
    return (can_facilitate(user, workshop) and workshop.is_closed and workshop.closed_at is not None
            and utc_to_paris(workshop.closed_at).date() == utc_to_paris(now or utcnow()).date())


# The board: cards and clusters ------------------------------------------------------------------

def can_edit_card(user, workshop, card, participant=None):
    """The facilitator edits or removes any card; its author their own until the vote starts.
    ``participant``: is_participant(user, workshop) when the caller knows it already."""
    if can_facilitate(user, workshop):
        return True
    if not (_authenticated(user) and card.author_id is not None and card.author_id == user.id
            and workshop.vote_started_at is None):
        return False
    return is_participant(user, workshop) if participant is None else participant


def can_move_card(user, workshop, card, participant=None):
    """The facilitator moves any card; before the vote, a card's author moves it, and so does every
    participant when the facilitator lets anyone sort the cards (open clusters)."""
    if can_edit_card(user, workshop, card, participant):
        return True
    if not (workshop.open_clusters and workshop.vote_started_at is None):
        return False
    return is_participant(user, workshop) if participant is None else participant


def can_create_cluster(user, workshop):
    """The facilitator, or any participant when the facilitator allows it (a workshop setting)."""
    return can_facilitate(user, workshop) or (workshop.open_clusters and is_participant(user, workshop))


def can_arrange_board(user, workshop):
    """Merge duplicates, rename or remove clusters, start activities, reveal votes, lead "follow me"."""
    return can_facilitate(user, workshop)


def can_create_use_case(user):
    return is_editor(user) or bool(lead_territory_ids(user))


def can_view_use_case(user, use_case):
    """Public use cases for everybody; the others for the logged-in participants (the SWOT
    versions' rule)."""
    return use_case.is_public or _authenticated(user)


# The roles by which a territory co-writes a use case; an observer follows it and never edits.
CONTRIBUTING_ROLES = frozenset({AllianceRole.LEADING, AllianceRole.PARTICIPATING})


def can_edit_use_case(user, use_case):
    """Editors, its author, and the leads of the territories that lead it or take part in it.
    Observing gives no right to edit."""
    if not _authenticated(user):
        return False
    if is_editor(user) or use_case.created_by_id == user.id:
        return True
    contributing = {a.territory_id for a in use_case.alliances if a.role in CONTRIBUTING_ROLES}
    return bool(lead_territory_ids(user) & contributing)


def can_publish_use_case(user, use_case):
    """Who decides that visitors see it (or no longer see it): the editors and its author, not the
    territories that joined it."""
    if not _authenticated(user):
        return False
    return is_editor(user) or (use_case.created_by_id is not None and use_case.created_by_id == user.id)


def is_invited_to_co_design(user, use_case):
    """Sees (is invited to) a workshop that has the use case on its agenda, where alliances are formed."""
    if not _authenticated(user) or use_case.id is None:
        return False
    # One statement, whatever the number of workshops on it.
    return bool(db.session.scalar(
        select(Workshop.id).join(workshop_use_case, workshop_use_case.c.workshop_id == Workshop.id)
        .where(workshop_use_case.c.use_case_id == use_case.id, visible_workshops(user)).limit(1)
    ))


def alliance_roles_open_to(user, use_case):
    """The roles a lead may give their territory in this use case. Joining never grants the right to
    edit by itself: anyone who sees the use case may commit their territory as an observer;
    leading or taking part (which lets the territory's leads edit it) is open only to those who
    may already edit it or are invited to a workshop that has it on its agenda."""
    if not lead_territory_ids(user) or not can_view_use_case(user, use_case):
        return []
    if can_edit_use_case(user, use_case) or is_invited_to_co_design(user, use_case):
        return list(AllianceRole)
    return [AllianceRole.OBSERVING]


def can_join_alliance(user, use_case, territory_id, role):
    return territory_id in lead_territory_ids(user) and AllianceRole(role) in alliance_roles_open_to(user, use_case)


def can_leave_alliance(user, use_case, territory_id):
    return territory_id in lead_territory_ids(user) and can_view_use_case(user, use_case)
