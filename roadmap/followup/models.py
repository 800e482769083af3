"""After publication: actions drawn from the published roadmap, the territories and organisations
committed to them, the experiments territories run, their timelines and their indicators."""
import sqlalchemy as sa

from roadmap.core.markdown_bounds import default_html_of
from roadmap.core.models import StrEnum, created_at_column, enum_column, updated_at_column
from roadmap.extensions import db
from roadmap.workshops.models import GovernanceModel, Theme

TITLE_MAX = 200
TEXT_MAX = 5000


class CommitmentRole(StrEnum):
    LEADING = "leading"
    TAKING_PART = "taking_part"
    SUPPORTING = "supporting"


class ExperimentStatus(StrEnum):
    PLANNED = "planned"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    ABANDONED = "abandoned"


# The six principles of the MyData declaration, in its order: the experiment's checklist.
MYDATA_PRINCIPLES = (
    "human_centric_control", "point_of_integration", "individual_empowerment",
    "portability", "transparency_accountability", "interoperability",
)


class Action(db.Model):
    """An action of the published roadmap: what the territories commit to."""

    __tablename__ = "followup_action"

    id = sa.Column(sa.Integer, primary_key=True)
    title = sa.Column(sa.String(TITLE_MAX), nullable=False)
    description = sa.Column(sa.Text, nullable=False, default="")
    description_html = sa.Column(sa.Text, nullable=False, default=default_html_of("description"))
    theme = enum_column(Theme, nullable=False, default=Theme.OTHER)
    # The section of a published version it comes from (kept if a later version drops it).
    section_id = sa.Column(sa.Integer, sa.ForeignKey("roadmap_section.id", ondelete="SET NULL"), nullable=True,
                           index=True)
    created_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()
    # Bumped by every change of the action or of its commitments: the API's ?since= reads it.
    updated_at = updated_at_column()

    section = db.relationship("Section")
    commitments = db.relationship("Commitment", back_populates="action", cascade="all, delete-orphan",
                                  order_by="Commitment.id")
    experiments = db.relationship("Experiment", back_populates="action", order_by="Experiment.id")


class Commitment(db.Model):
    """A territory or an organisation committed to an action, with a role."""

    __tablename__ = "followup_commitment"
    __table_args__ = (
        sa.CheckConstraint("(territory_id IS NULL) <> (organisation_id IS NULL)", name="one_committed"),
        sa.UniqueConstraint("action_id", "territory_id", name="uq_followup_commitment_territory"),
        sa.UniqueConstraint("action_id", "organisation_id", name="uq_followup_commitment_organisation"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    action_id = sa.Column(sa.Integer, sa.ForeignKey("followup_action.id", ondelete="CASCADE"), nullable=False)
    territory_id = sa.Column(sa.Integer, sa.ForeignKey("territory.id", ondelete="CASCADE"), nullable=True,
                             index=True)
    organisation_id = sa.Column(sa.Integer, sa.ForeignKey("organisation.id", ondelete="CASCADE"), nullable=True,
                                index=True)
    role = enum_column(CommitmentRole, nullable=False)
    created_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()

    action = db.relationship("Action", back_populates="commitments")
    territory = db.relationship("Territory")
    organisation = db.relationship("Organisation")

    @property
    def party_name(self):
        return self.territory.name if self.territory_id else self.organisation.name


class ActionFollower(db.Model):
    __tablename__ = "followup_follower"

    action_id = sa.Column(sa.Integer, sa.ForeignKey("followup_action.id", ondelete="CASCADE"), primary_key=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at = created_at_column()


class Experiment(db.Model):
    """What a territory tries, for an action or a use case."""

    __tablename__ = "followup_experiment"
    __table_args__ = (
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        sa.CheckConstraint("action_id IS NOT NULL OR use_case_id IS NOT NULL", name="for_something"),
        sa.Index("ix_followup_experiment_updated", "updated_at", "id"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    territory_id = sa.Column(sa.Integer, sa.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False,
                             index=True)
    action_id = sa.Column(sa.Integer, sa.ForeignKey("followup_action.id", ondelete="SET NULL"), nullable=True,
                          index=True)
    use_case_id = sa.Column(sa.Integer, sa.ForeignKey("use_case.id", ondelete="SET NULL"), nullable=True, index=True)
    title = sa.Column(sa.String(TITLE_MAX), nullable=False)
    summary = sa.Column(sa.Text, nullable=False, default="")
    governance_model = enum_column(GovernanceModel, nullable=False, default=GovernanceModel.OTHER)
    personal_data = sa.Column(sa.Text, nullable=False, default="")
    data_holders = sa.Column(sa.Text, nullable=False, default="")
    principles = sa.Column(sa.JSON, nullable=False, default=list)  # codes of MYDATA_PRINCIPLES
    starts_on = sa.Column(sa.Date, nullable=False)
    ends_on = sa.Column(sa.Date, nullable=True)
    status = enum_column(ExperimentStatus, nullable=False, default=ExperimentStatus.PLANNED)
    progress = sa.Column(sa.Integer, nullable=False, default=0)
    is_public = sa.Column(sa.Boolean, nullable=False, default=False)
    # Reuse: the experiment or use case of (usually) another territory it was started from.
    origin_experiment_id = sa.Column(sa.Integer, sa.ForeignKey("followup_experiment.id", ondelete="SET NULL"),
                                     nullable=True, index=True)
    origin_use_case_id = sa.Column(sa.Integer, sa.ForeignKey("use_case.id", ondelete="SET NULL"), nullable=True,
                                   index=True)
    created_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()
    updated_at = updated_at_column()  # bumped by its entries, indicators and values too (?since=)

    territory = db.relationship("Territory")
    action = db.relationship("Action", back_populates="experiments")
    use_case = db.relationship("UseCase", foreign_keys=[use_case_id])
    origin_experiment = db.relationship("Experiment", remote_side=[id], foreign_keys=[origin_experiment_id])
    origin_use_case = db.relationship("UseCase", foreign_keys=[origin_use_case_id])
    entries = db.relationship("TimelineEntry", back_populates="experiment", cascade="all, delete-orphan",
                              order_by="(TimelineEntry.happened_on, TimelineEntry.id)")
    indicators = db.relationship("Indicator", back_populates="experiment", cascade="all, delete-orphan",
                                 order_by="Indicator.id")


class TimelineEntry(db.Model):
    """A dated entry of an experiment's timeline. A partner's entry waits for the lead (accepted
    is False) and is shown only once accepted."""

    __tablename__ = "followup_timeline_entry"

    id = sa.Column(sa.Integer, primary_key=True)
    experiment_id = sa.Column(sa.Integer, sa.ForeignKey("followup_experiment.id", ondelete="CASCADE"),
                              nullable=False, index=True)
    happened_on = sa.Column(sa.Date, nullable=False)
    text = sa.Column(sa.Text, nullable=False)
    accepted = sa.Column(sa.Boolean, nullable=False, default=True)
    author_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()

    experiment = db.relationship("Experiment", back_populates="entries")
    author = db.relationship("User")


class Indicator(db.Model):
    __tablename__ = "followup_indicator"

    id = sa.Column(sa.Integer, primary_key=True)
    experiment_id = sa.Column(sa.Integer, sa.ForeignKey("followup_experiment.id", ondelete="CASCADE"),
                              nullable=False, index=True)
    name = sa.Column(sa.String(TITLE_MAX), nullable=False)
    unit = sa.Column(sa.String(40), nullable=False)
    baseline = sa.Column(sa.Float, nullable=True)
    target = sa.Column(sa.Float, nullable=True)
    created_at = created_at_column()

    experiment = db.relationship("Experiment", back_populates="indicators")
    values = db.relationship("IndicatorValue", back_populates="indicator", cascade="all, delete-orphan",
                             order_by="(IndicatorValue.measured_on, IndicatorValue.id)")


class IndicatorValue(db.Model):
    __tablename__ = "followup_indicator_value"
    __table_args__ = (sa.Index("ix_followup_indicator_value_series", "indicator_id", "measured_on"),)

    id = sa.Column(sa.Integer, primary_key=True)
    indicator_id = sa.Column(sa.Integer, sa.ForeignKey("followup_indicator.id", ondelete="CASCADE"),
                             nullable=False)
    measured_on = sa.Column(sa.Date, nullable=False)
    value = sa.Column(sa.Float, nullable=False)
    source = sa.Column(sa.String(300), nullable=False, default="")
    created_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()

    indicator = db.relationship("Indicator", back_populates="values")
