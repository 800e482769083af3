"""Who may invite whom, and the invitations themselves: several at once (all or none), resent with
a new link, revoked. Services flush; the view commits once, then the e-mails leave."""
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from roadmap.accounts.models import Invitation, InvitedRole, User
from roadmap.core.audit import record_audit
from roadmap.core.errors import Invalid, NotAllowed
from roadmap.core.permissions import is_editor
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.invitations.forms import AddressProblem
from roadmap.territories.models import Organisation
from roadmap.territories.permissions import is_lead
from roadmap.territories.service import save_organisation

LEAD_ROLES = (InvitedRole.MEMBER.value, InvitedRole.PARTNER.value)
ALL_ROLES = tuple(role.value for role in InvitedRole)


def roles_open_to(user, territory=None):
    """The roles this person may give: every one for an editor; members and partners of a territory
    they lead for its lead; none otherwise."""
    if is_editor(user):
        return ALL_ROLES
    if territory is not None and is_lead(user, territory.id):
        return LEAD_ROLES
    return ()


def can_invite_for(user, territory):
    return bool(roles_open_to(user, territory))


def can_manage(user, invitation):
    """Resend or revoke: the editors, and the lead of the territory it was made for (not a lead's
    or an editor's invitation)."""
    if is_editor(user):
        return True
    return (invitation.territory_id is not None and invitation.role.value in LEAD_ROLES
            and is_lead(user, invitation.territory_id))


def _require(user, role, territory):
    if role not in roles_open_to(user, territory):
        raise NotAllowed()


def address_problems(lines_and_addresses):
    """AddressProblem for each address that has an account or a pending invitation (two queries)."""
    addresses = [address for _line, address in lines_and_addresses]
    if not addresses:
        return []
    with_account = set(db.session.scalars(select(User.email).where(User.email.in_(addresses))))
    now = utcnow()
    waiting = set(db.session.scalars(select(Invitation.email).where(
        Invitation.email.in_(addresses), Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None),
        Invitation.expires_at >= now)))
    problems = []
    for line, address in lines_and_addresses:
        if address in with_account:
            problems.append(AddressProblem(line, address, _l("A person with this e-mail address already has an "
                                                             "account.")))
        elif address in waiting:
            problems.append(AddressProblem(line, address, _l("An invitation already waits for this address: "
                                                             "resend it from the list below.")))
    return problems


def organisation_for(inviter, organisation_id, new_name="", new_kind="sme"):
    """An existing organisation, or a new one created on the way (by whoever may invite a partner)."""
    if organisation_id and organisation_id > 0:
        organisation = db.session.get(Organisation, organisation_id)
        if organisation is None:
            raise Invalid(_l("This organisation does not exist."))
        return organisation
    organisation = save_organisation(Organisation(), new_name, new_kind, "", [])
    record_audit(inviter, "organisation.created", organisation, summary=organisation.name)
    return organisation


def invite_all(inviter, addresses, role, territory=None, organisation=None, message=""):
    """One invitation per address, all or none: the caller has checked every address
    (address_problems). Returns the invitations (flushed); send_invitations() mails them once
    the request has committed."""
    _require(inviter, role, territory)
    role = InvitedRole(role)
    now = utcnow()
    expires = now + timedelta(seconds=current_app.config["INVITATION_MAX_AGE"])
    invitations = []
    for address in addresses:
        invitation = Invitation(
            email=address, role=role, invited_by=inviter, message=(message or "").strip(),
            territory=territory if role in (InvitedRole.LEAD, InvitedRole.MEMBER, InvitedRole.PARTNER) else None,
            organisation=organisation if role == InvitedRole.PARTNER else None,
            expires_at=expires, last_sent_at=now,
        )
        db.session.add(invitation)
        invitations.append(invitation)
    db.session.flush()
    for invitation in invitations:
        record_audit(inviter, "invitation.sent", invitation, summary=role.value,
                     territory=invitation.territory.name if invitation.territory else None,
                     organisation=invitation.organisation.name if invitation.organisation else None)
    return invitations


def _require_manage(user, invitation):
    if not can_manage(user, invitation):
        raise NotAllowed()


def resend(user, invitation):
    """A new link (a new nonce: the old link stops working) valid from now; not once accepted."""
    _require_manage(user, invitation)
    if invitation.accepted_at:
        raise Invalid(_l("This invitation has already been accepted."))
    now = utcnow()
    invitation.nonce = secrets.token_urlsafe(16)
    invitation.revoked_at = None
    invitation.last_sent_at = now
    invitation.expires_at = now + timedelta(seconds=current_app.config["INVITATION_MAX_AGE"])
    record_audit(user, "invitation.resent", invitation, summary=invitation.role.value)
    db.session.flush()
    return invitation


def revoke(user, invitation):
    """The link stops working; the invitation stays listed as revoked (it may be resent)."""
    _require_manage(user, invitation)
    if invitation.accepted_at:
        raise Invalid(_l("This invitation has already been accepted."))
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        record_audit(user, "invitation.revoked", invitation, summary=invitation.role.value)
        db.session.flush()
    return invitation


def listed(territory=None, limit=100):
    """The latest invitations: all of them (editors), or those made for one territory."""
    query = select(Invitation).order_by(Invitation.created_at.desc(), Invitation.id.desc()).limit(limit)
    if territory is not None:
        query = query.where(Invitation.territory_id == territory.id)
    return db.session.scalars(query.options(joinedload(Invitation.territory), joinedload(Invitation.organisation),
                                            joinedload(Invitation.invited_by))).all()
