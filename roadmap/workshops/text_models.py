"""The tables of the room's shared text: the CRDT updates of each field, the working copy of its
plain text, and its history. One row per (workshop, use case, field) in the working copy; the
public use case only changes when the facilitator applies the working copy."""
import sqlalchemy as sa

from roadmap.core.models import created_at_column, updated_at_column
from roadmap.extensions import db


class FieldCopy(db.Model):
    """The workshop's working copy of one canvas field: what the room's shared text reads now."""

    __tablename__ = "workshop_field_copy"

    workshop_id = sa.Column(sa.Integer, sa.ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    use_case_id = sa.Column(sa.Integer, sa.ForeignKey("use_case.id", ondelete="CASCADE"), primary_key=True)
    field = sa.Column(sa.String(40), primary_key=True)
    text = sa.Column(sa.Text, nullable=False, default="")
    # Bumped by every applied change: the no-script form's version check, and the order of the
    # live messages (a browser that sees a gap asks for what it missed).
    version = sa.Column(sa.Integer, nullable=False, default=0)
    updated_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    updated_at = updated_at_column()


class FieldUpdate(db.Model):
    """One CRDT update of a field's document (Yjs binary format); a snapshot replaces older ones."""

    __tablename__ = "workshop_field_update"
    # AUTOINCREMENT on SQLite: ids never come back after a compaction deleted the newest rows
    # (a worker reads the updates after the last id it applied).
    __table_args__ = (sa.Index("ix_workshop_field_update_field", "workshop_id", "use_case_id", "field", "id"),
                      {"sqlite_autoincrement": True})

    id = sa.Column(sa.Integer, primary_key=True)
    workshop_id = sa.Column(sa.Integer, sa.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False)
    use_case_id = sa.Column(sa.Integer, sa.ForeignKey("use_case.id", ondelete="CASCADE"), nullable=False)
    field = sa.Column(sa.String(40), nullable=False)
    data = sa.Column(sa.LargeBinary, nullable=False)
    is_snapshot = sa.Column(sa.Boolean, nullable=False, default=False)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()


class FieldRevision(db.Model):
    """A step of a field's history: one person's changes within a few seconds, and the text after."""

    __tablename__ = "workshop_field_revision"
    __table_args__ = (sa.Index("ix_workshop_field_revision_field", "workshop_id", "use_case_id", "field", "id"),)

    id = sa.Column(sa.Integer, primary_key=True)
    workshop_id = sa.Column(sa.Integer, sa.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False)
    use_case_id = sa.Column(sa.Integer, sa.ForeignKey("use_case.id", ondelete="CASCADE"), nullable=False)
    field = sa.Column(sa.String(40), nullable=False)
    text = sa.Column(sa.Text, nullable=False)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    restored_from_id = sa.Column(sa.Integer, nullable=True)  # a restore names the revision it brought back
    created_at = created_at_column()
    updated_at = updated_at_column()

    user = db.relationship("User")
