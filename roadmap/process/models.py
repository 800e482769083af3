"""The roadmap process and its three steps."""
import sqlalchemy as sa

from roadmap.core.models import StrEnum, enum_column
from roadmap.extensions import db


class StepKind(StrEnum):
    SWOT = "swot"
    WORKSHOPS = "workshops"
    SHARING = "sharing"


STEP_ORDER = (StepKind.SWOT, StepKind.WORKSHOPS, StepKind.SHARING)


class Process(db.Model):
    __tablename__ = "process"

    id = sa.Column(sa.Integer, primary_key=True)
    title = sa.Column(sa.String(200), nullable=False)
    steps = db.relationship(
        "ProcessStep", back_populates="process", order_by="ProcessStep.position",
        cascade="all, delete-orphan",
    )


class ProcessStep(db.Model):
    __tablename__ = "process_step"
    __table_args__ = (
        sa.UniqueConstraint("process_id", "kind", name="uq_process_step_kind"),
        sa.CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    process_id = sa.Column(sa.Integer, sa.ForeignKey("process.id", ondelete="CASCADE"), nullable=False)
    kind = enum_column(StepKind, nullable=False)
    position = sa.Column(sa.Integer, nullable=False)
    starts_on = sa.Column(sa.Date, nullable=False)
    ends_on = sa.Column(sa.Date, nullable=False)
    expectations = sa.Column(sa.Text, nullable=False, default="")

    process = db.relationship("Process", back_populates="steps")
