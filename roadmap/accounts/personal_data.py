"""What the accounts and territories features hold about a person (see roadmap/privacy/registry.py)."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select

from roadmap.accounts.models import Invitation, LoginAttempt, SecurityEvent
from roadmap.core.audit import AuditEvent
from roadmap.extensions import db
from roadmap.privacy.registry import PersonalDataProvider, iso


def _memberships(user):
    return [
        {"territory": m.territory.name if m.territory else None,
         "organisation": m.organisation.name if m.organisation else None,
         "role": m.role.value, "since": iso(m.created_at)}
        for m in user.memberships
    ]


def _invitations(user):
    rows = db.session.scalars(
        select(Invitation).where(or_(Invitation.email == user.email, Invitation.invited_by_id == user.id))
        .order_by(Invitation.created_at)
    )
    return [
        {"direction": "received" if inv.email == user.email else "sent", "email": inv.email,
         "role": inv.role.value, "territory": inv.territory.name if inv.territory else None,
         "organisation": inv.organisation.name if inv.organisation else None,
         "created_at": iso(inv.created_at), "expires_at": iso(inv.expires_at), "accepted_at": iso(inv.accepted_at)}
        for inv in rows
    ]


def _security_events(user):
    rows = db.session.scalars(select(SecurityEvent).where(SecurityEvent.user_id == user.id).order_by(SecurityEvent.at))
    return [{"kind": e.kind.value, "at": iso(e.at), "address": e.address} for e in rows]


def _audit(user):
    rows = db.session.scalars(
        select(AuditEvent).where(or_(AuditEvent.actor_id == user.id, AuditEvent.subject_user_id == user.id))
        .order_by(AuditEvent.at)
    )
    return [{"action": e.action, "at": iso(e.at), "target": e.target_type, "target_id": e.target_id,
             "summary": e.summary, "as": "actor" if e.actor_id == user.id else "subject"} for e in rows]


def _erase_accounts(user, keep_comments):
    db.session.execute(delete(SecurityEvent).where(SecurityEvent.user_id == user.id))
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == user.email))
    db.session.execute(delete(Invitation).where(Invitation.email == user.email))
    # Invitations this person sent stay (they belong to the invitees), without the sender.
    db.session.execute(
        Invitation.__table__.update().where(Invitation.invited_by_id == user.id).values(invited_by_id=None)
    )
    for membership in list(user.memberships):
        db.session.delete(membership)


PROVIDERS = [
    PersonalDataProvider("memberships", _l("Memberships"), _memberships),
    PersonalDataProvider("invitations", _l("Invitations"), _invitations, _erase_accounts),
    PersonalDataProvider("security_events", _l("Security events of your account"), _security_events),
    PersonalDataProvider("audit", _l("Recorded actions that concern you"), _audit),
]
