"""One row per recipient and event: who, what kind, the text's parameters, the link, when, read or not."""
from enum import StrEnum

import sqlalchemy as sa

from roadmap.core.models import created_at_column, enum_column
from roadmap.extensions import db


class Notification(db.Model):
    __tablename__ = "notification"
    __table_args__ = (
        # The header's count (unread of one person) and the list (newest first) both use it.
        sa.Index("ix_notification_user_read_created", "user_id", "read_at", "created_at"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    kind = sa.Column(sa.String(40), nullable=False)
    # The text is written when shown, in the reader's language: only its parameters are stored.
    params = sa.Column(sa.JSON, nullable=False, default=dict)
    link = sa.Column(sa.String(500), nullable=False)
    created_at = created_at_column()
    read_at = sa.Column(sa.DateTime, nullable=True)
    # Set once it went out by e-mail (at once or in a digest): never e-mailed twice.
    emailed_at = sa.Column(sa.DateTime, nullable=True)

    user = db.relationship("User")

    @property
    def is_read(self):
        return self.read_at is not None


class EmailDelivery(StrEnum):
    APP = "app"  # in the application only
    IMMEDIATE = "immediate"  # by e-mail at once
    DIGEST = "digest"  # in the daily digest


class EmailPreference(db.Model):
    """A person's choice for one kind of notification; no row means the kind's default
    (roadmap/notifications/preferences.py)."""

    __tablename__ = "email_preference"

    user_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    kind = sa.Column(sa.String(40), primary_key=True)
    delivery = enum_column(EmailDelivery, nullable=False)


class ReminderSent(db.Model):
    """A reminder told once: (kind, workshop or version, person) is the primary key, so a second run
    of `send-reminders`, even at the same moment, adds nothing."""

    __tablename__ = "reminder_sent"

    kind = sa.Column(sa.String(40), primary_key=True)
    subject_id = sa.Column(sa.Integer, primary_key=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    sent_at = sa.Column(sa.DateTime, nullable=False)
