"""People, their invitations, and the record of their log-ins."""
import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import synonym

from roadmap.core.models import StrEnum, created_at_column, enum_column
from roadmap.extensions import db


class Language(StrEnum):
    FR = "fr"
    EN = "en"


class InvitedRole(StrEnum):
    EDITOR = "editor"
    LEAD = "lead"
    MEMBER = "member"
    PARTNER = "partner"


def new_session_token():
    return secrets.token_urlsafe(24)


FORMER_PARTICIPANT = _l("former participant")


class User(UserMixin, db.Model):
    __tablename__ = "user"
    __table_args__ = (sa.CheckConstraint("email = lower(email)", name="email_lowercase"),)

    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(254), nullable=False, unique=True)
    _display_name = sa.Column("display_name", sa.String(120), nullable=False)
    password_hash = sa.Column(sa.String(255), nullable=True)
    language = sa.Column(sa.String(5), nullable=False, default=Language.FR.value)
    active = sa.Column(sa.Boolean, nullable=False, default=True)
    is_editor = sa.Column(sa.Boolean, nullable=False, default=False)
    is_admin = sa.Column(sa.Boolean, nullable=False, default=False)
    # Part of the session cookie: changing it ends every session of this user at once.
    session_token = sa.Column(sa.String(64), nullable=False, default=new_session_token)
    created_at = created_at_column()
    last_login_at = sa.Column(sa.DateTime, nullable=True)
    # Set when the person deleted their account: the row stays, emptied of personal data, so that
    # the shared work they wrote keeps its author, shown as "former participant".
    deleted_at = sa.Column(sa.DateTime, nullable=True)

    memberships = db.relationship("Membership", back_populates="user", cascade="all, delete-orphan")

    def _get_display_name(self):
        if self.deleted_at is not None:
            return FORMER_PARTICIPANT
        return self._display_name

    def _set_display_name(self, value):
        self._display_name = value

    display_name = synonym("_display_name", descriptor=property(_get_display_name, _set_display_name))

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        return f"{self.id}:{self.session_token}"

    def end_all_sessions(self):
        self.session_token = new_session_token()

    def __repr__(self):
        return f"<User {self.email}>"


class Invitation(db.Model):
    __tablename__ = "invitation"
    __table_args__ = (
        sa.CheckConstraint(
            "(role IN ('lead', 'member') AND territory_id IS NOT NULL AND organisation_id IS NULL)"
            # A partner may be invited for a territory: its organisation is tied to it on acceptance.
            " OR (role = 'partner' AND organisation_id IS NOT NULL)"
            " OR (role = 'editor' AND territory_id IS NULL AND organisation_id IS NULL)",
            name="target_matches_role",
        ),
        # A territory's invitations page (its lead's) lists them newest first.
        sa.Index("ix_invitation_territory_created", "territory_id", "created_at"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(254), nullable=False, index=True)
    role = enum_column(InvitedRole, nullable=False)
    territory_id = sa.Column(sa.Integer, sa.ForeignKey("territory.id", ondelete="CASCADE"), nullable=True)
    organisation_id = sa.Column(
        sa.Integer, sa.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=True
    )
    invited_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    nonce = sa.Column(sa.String(64), nullable=False, default=lambda: secrets.token_urlsafe(16))
    created_at = created_at_column()
    expires_at = sa.Column(sa.DateTime, nullable=False)
    accepted_at = sa.Column(sa.DateTime, nullable=True)
    # Written by the inviter, quoted in the e-mail (plain text).
    message = sa.Column(sa.Text, nullable=False, default="", server_default="")
    # Resending gives a new nonce (the old link stops working) and a new expiry.
    last_sent_at = sa.Column(sa.DateTime, nullable=True)
    revoked_at = sa.Column(sa.DateTime, nullable=True)

    territory = db.relationship("Territory")
    organisation = db.relationship("Organisation")
    invited_by = db.relationship("User", foreign_keys=[invited_by_id])

    def state(self, now):
        """'accepted', 'revoked', 'expired' or 'pending'."""
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at < now:
            return "expired"
        return "pending"


class LoginAttempt(db.Model):
    """Failed log-ins, counted per account and per address for the rate limit."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        sa.Index("ix_login_attempt_email_at", "email", "at"),
        sa.Index("ix_login_attempt_address_at", "address", "at"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(254), nullable=False)
    address = sa.Column(sa.String(64), nullable=False)
    at = created_at_column()


class PasswordResetRequest(db.Model):
    """"Forgot password" requests, counted per address and per account for their rate limits."""

    __tablename__ = "password_reset_request"
    __table_args__ = (
        sa.Index("ix_password_reset_request_email_at", "email", "at"),
        sa.Index("ix_password_reset_request_address_at", "address", "at"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(254), nullable=False)
    address = sa.Column(sa.String(64), nullable=False)
    at = created_at_column()


class SecurityEventKind(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    INVITATION_ACCEPTED = "invitation_accepted"
    DATA_EXPORTED = "data_exported"


class SecurityEvent(db.Model):
    __tablename__ = "security_event"
    __table_args__ = (sa.Index("ix_security_event_user_at", "user_id", "at"),)

    id = sa.Column(sa.Integer, primary_key=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    kind = enum_column(SecurityEventKind, nullable=False)
    address = sa.Column(sa.String(64), nullable=True)
    at = created_at_column()
