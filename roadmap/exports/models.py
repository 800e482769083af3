"""Exports of the consolidated PDF, and the progress of the job that makes each one."""
import sqlalchemy as sa

from roadmap.core.models import StrEnum, created_at_column, enum_column
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db


class ExportState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ExportStage(StrEnum):
    WAITING = "waiting"
    COLLECTING = "collecting"
    LAYOUT = "layout"
    WRITING = "writing"
    FINISHED = "finished"


ACTIVE_STATES = (ExportState.QUEUED, ExportState.RUNNING)
# time, memory, recursion: the bounded render stopped it; error: anything else; interrupted: its process died.
FAILURE_REASONS = ("time", "memory", "recursion", "error", "interrupted")


class Export(db.Model):
    """One PDF export. `active_slot` is 1 while queued or running, NULL otherwise: its unique
    constraint lets the database itself refuse a second export running at the same time."""

    __tablename__ = "export"
    __table_args__ = (
        sa.UniqueConstraint("active_slot", name="uq_export_active_slot"),
        sa.CheckConstraint(
            "(active_slot = 1 AND state IN ('queued', 'running'))"
            " OR (active_slot IS NULL AND state IN ('done', 'failed'))",
            name="active_slot_matches_state",
        ),
        sa.Index("ix_export_fingerprint_state", "fingerprint", "state"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    state = enum_column(ExportState, nullable=False, default=ExportState.QUEUED)
    stage = enum_column(ExportStage, nullable=False, default=ExportStage.WAITING)
    active_slot = sa.Column(sa.Integer, nullable=True)
    pages_done = sa.Column(sa.Integer, nullable=False, default=0)
    page_count = sa.Column(sa.Integer, nullable=True)
    file_name = sa.Column(sa.String(200), nullable=True)
    size_bytes = sa.Column(sa.Integer, nullable=True)
    fingerprint = sa.Column(sa.String(64), nullable=False)
    version_number = sa.Column(sa.Integer, nullable=True)  # None: no roadmap version, the current content
    version_label = sa.Column(sa.String(80), nullable=True)
    # The state of that version when the content was collected (a VersionState value; None without a
    # version). Only a file made from the published state may become the public /roadmap.pdf.
    source_state = sa.Column(sa.String(16), nullable=True)
    created_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()
    updated_at = sa.Column(sa.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    finished_at = sa.Column(sa.DateTime, nullable=True)
    error = sa.Column(sa.Text, nullable=True)  # technical detail, for the log and the editors
    # Why it failed, shown in the list: one of FAILURE_REASONS (roadmap.exports.labels says it in words).
    failure_reason = sa.Column(sa.String(16), nullable=True)
    # Which document: "roadmap" (the consolidated PDF) or "followup" (the follow-up addendum).
    document = sa.Column(sa.String(16), nullable=False, default="roadmap", server_default="roadmap")
    # The roadmap's edition it holds (a language of LANGUAGES, roadmap/editions); None: the source text.
    edition = sa.Column(sa.String(8), nullable=True)

    created_by = db.relationship("User")

    @property
    def is_active(self):
        return self.state in ACTIVE_STATES

    def to_progress(self):
        """What the progress poll returns (no personal data, no path)."""
        return {
            "id": self.id, "state": self.state.value, "stage": self.stage.value,
            "pages_done": self.pages_done, "page_count": self.page_count,
            "size_bytes": self.size_bytes, "error": self.error,
        }
