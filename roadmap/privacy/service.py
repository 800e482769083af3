"""Self Data for our own users: see, download and delete what the tool holds about you."""
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from roadmap.accounts.models import Invitation, LoginAttempt, SecurityEvent, SecurityEventKind, User
from roadmap.accounts.passwords import verify_password
from roadmap.accounts.service import record_security_event
from roadmap.core.audit import record_audit
from roadmap.core.errors import Conflict, Invalid
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.privacy.registry import iso, providers
from roadmap.territories.models import Membership, MembershipRole, Territory

SCHEMA = "feuille-de-route/my-data"
SCHEMA_VERSION = 1
SECURITY_EVENT_RETENTION_DAYS = 365


def profile_of(user):
    return {
        "id": user.id, "email": user.email, "display_name": user.display_name, "language": user.language,
        "editor": user.is_editor, "admin": user.is_admin, "active": user.active,
        "created_at": iso(user.created_at), "last_login_at": iso(user.last_login_at),
    }


def collect_personal_data(user):
    """Everything the tool holds about this person, as one JSON-serialisable document."""
    document = {
        "schema": SCHEMA, "schema_version": SCHEMA_VERSION, "generated_at": iso(utcnow()),
        "profile": profile_of(user),
    }
    for provider in providers(current_app):
        document[provider.key] = provider.collect(user)
    return document


def record_data_export(user, address=None):
    record_security_event(user, SecurityEventKind.DATA_EXPORTED, address)


def handover_blockers(user):
    """Reasons this account cannot be deleted yet: it is the last lead of a territory or the last editor."""
    reasons = []
    for membership in user.memberships:
        if membership.territory_id and membership.role == MembershipRole.LEAD:
            leads = db.session.scalar(select(func.count(Membership.id)).where(
                Membership.territory_id == membership.territory_id, Membership.role == MembershipRole.LEAD))
            if leads <= 1:
                territory = db.session.get(Territory, membership.territory_id)
                reasons.append(_("You are the last lead of %(territory)s: make another member lead first.",
                                 territory=territory.name))
    if user.is_editor:
        editors = db.session.scalar(select(func.count(User.id)).where(
            User.is_editor.is_(True), User.active.is_(True), User.deleted_at.is_(None)))
        if editors <= 1:
            reasons.append(_("You are the last editor: invite another editor first."))
    return reasons


def delete_account(user, password, keep_comments):
    """Erase the person's data; shared work they wrote stays, signed "former participant".

    Nothing changes when the password is wrong or a hand-over is needed.
    """
    if not verify_password(user.password_hash, password or ""):
        raise Invalid(_("This password is not correct."))
    blockers = handover_blockers(user)
    if blockers:
        raise Conflict(" ".join(blockers))
    for provider in providers(current_app):
        provider.erase(user, keep_comments)
    user_id = user.id
    user.email = f"deleted-{user_id}@deleted.invalid"
    user.display_name = ""
    user.password_hash = None
    user.active = False
    user.is_editor = False
    user.is_admin = False
    user.last_login_at = None
    user.deleted_at = utcnow()
    user.end_all_sessions()
    record_audit(None, "account.deleted", user, summary=f"account #{user_id}")
    db.session.flush()


def purge(now=None):
    """Retention: expired invitations, old failed log-ins and security events past 12 months.

    Reset links are signed and stateless: they expire by themselves and nothing is stored.
    Safe to run from cron at any time; returns what was deleted.
    """
    now = now or utcnow()
    window = timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW"])
    counts = {
        "invitations": db.session.execute(delete(Invitation).where(
            Invitation.accepted_at.is_(None), Invitation.expires_at < now)).rowcount,
        "login_attempts": db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < now - window)).rowcount,
        "security_events": db.session.execute(delete(SecurityEvent).where(
            SecurityEvent.at < now - timedelta(days=SECURITY_EVENT_RETENTION_DAYS))).rowcount,
    }
    return counts
