"""Who may do what with workshops and use cases. One function per rule, for routes and templates."""
from sqlalchemy import select

from roadmap.core.permissions import is_editor
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.territories.models import MembershipRole
from roadmap.workshops.models import Registration, RegistrationStatus
from roadmap.workshops.times import utc_to_paris


def _authenticated(user):
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.active)


def lead_territory_ids(user):
    if not _authenticated(user):
        return set()
    return {m.territory_id for m in user.memberships if m.territory_id and m.role == MembershipRole.LEAD}


def can_view_workshops(user):
    return _authenticated(user)


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


def can_create_use_case(user):
    return is_editor(user) or bool(lead_territory_ids(user))


def can_view_use_case(user, use_case):
    return use_case.is_public or _authenticated(user)


def can_edit_use_case(user, use_case):
    """Editors, its author, and the leads of the territories in its alliance."""
    if not _authenticated(user):
        return False
    if is_editor(user) or use_case.created_by_id == user.id:
        return True
    return bool(lead_territory_ids(user) & {a.territory_id for a in use_case.alliances})


def can_join_alliance(user, territory_id):
    return territory_id in lead_territory_ids(user)
