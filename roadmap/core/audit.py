"""The record of sensitive actions: role changes, submissions, publications, exports, hidden
comments, deletions. Features call record_audit(); editors read it, each person sees theirs."""
import json

import sqlalchemy as sa

from roadmap.core.models import created_at_column
from roadmap.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    __table_args__ = (
        sa.Index("ix_audit_event_at", "at"),
        sa.Index("ix_audit_event_action_at", "action", "at"),
        sa.Index("ix_audit_event_actor_id", "actor_id"),
        sa.Index("ix_audit_event_subject_user_id", "subject_user_id"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    at = created_at_column()
    # Who did it, and whom it concerns; both are emptied when that person deletes their account.
    actor_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    subject_user_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    action = sa.Column(sa.String(64), nullable=False)
    target_type = sa.Column(sa.String(64), nullable=False, default="")
    target_id = sa.Column(sa.Integer, nullable=True)
    summary = sa.Column(sa.String(500), nullable=False, default="")
    detail_json = sa.Column(sa.Text, nullable=False, default="{}")

    actor = db.relationship("User", foreign_keys=[actor_id])
    subject_user = db.relationship("User", foreign_keys=[subject_user_id])

    @property
    def detail(self):
        return json.loads(self.detail_json or "{}")


def record_audit(actor, action, target=None, summary="", subject=None, **detail):
    """Add one line to the audit log (flushed with the caller's transaction, so it is kept only
    if the action itself is committed)."""
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        subject_user_id=getattr(subject, "id", None),
        action=action,
        target_type=type(target).__tablename__ if target is not None else "",
        target_id=getattr(target, "id", None),
        summary=summary[:500],
        detail_json=json.dumps(detail, default=str, ensure_ascii=False),
    )
    db.session.add(event)
    return event
