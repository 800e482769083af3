"""Who may act for a territory. One function per rule, used by routes and templates alike."""
from sqlalchemy import select

from roadmap.extensions import db
from roadmap.territories.models import Membership, MembershipRole, organisation_territory


def _authenticated(user):
    return bool(user is not None and getattr(user, "is_authenticated", False))


def territory_role(user, territory_id):
    """'lead', 'member' or None."""
    if not _authenticated(user):
        return None
    for membership in user.memberships:
        if membership.territory_id == territory_id:
            return membership.role.value
    return None


def is_lead(user, territory_id):
    return territory_role(user, territory_id) == MembershipRole.LEAD.value


def is_member(user, territory_id):
    """Lead or member of this territory."""
    return territory_role(user, territory_id) is not None


def partner_territory_ids(user):
    """Ids of the territories tied to the user's partner organisations."""
    if not _authenticated(user):
        return set()
    organisation_ids = [m.organisation_id for m in user.memberships if m.organisation_id]
    if not organisation_ids:
        return set()
    rows = db.session.execute(
        select(organisation_territory.c.territory_id)
        .where(organisation_territory.c.organisation_id.in_(organisation_ids))
    )
    return {row[0] for row in rows}


def is_tied_partner(user, territory_id):
    return territory_id in partner_territory_ids(user)


def is_participant(user):
    """Anyone logged in with an active account takes part in the process."""
    return _authenticated(user) and user.active


def user_territory_ids(user):
    if not _authenticated(user):
        return set()
    return {m.territory_id for m in user.memberships if m.territory_id}


def lead_count(territory_id):
    return len(db.session.scalars(
        select(Membership.id).where(Membership.territory_id == territory_id, Membership.role == MembershipRole.LEAD)
    ).all())
