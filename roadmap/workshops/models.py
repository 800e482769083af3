"""Workshops, use cases, alliances, and what a live room records (cards, dots, events, presence)."""
import sqlalchemy as sa

from roadmap.core.i18n import language_column
from roadmap.core.markdown_bounds import default_html_of
from roadmap.core.models import StrEnum, created_at_column, enum_column, updated_at_column
from roadmap.extensions import db


class WorkshopKind(StrEnum):
    SWOT = "swot"
    CODESIGN = "codesign"
    SHARING = "sharing"


class WorkshopState(StrEnum):
    PLANNED = "planned"
    LIVE = "live"
    CLOSED = "closed"


class RegistrationStatus(StrEnum):
    REGISTERED = "registered"
    DECLINED = "declined"


class Theme(StrEnum):
    MOBILITY = "mobility"
    ENERGY = "energy"
    HEALTH = "health"
    FOOD = "food"
    HOUSING = "housing"
    ENVIRONMENT = "environment"
    EDUCATION = "education"
    OTHER = "other"


class GovernanceModel(StrEnum):
    PERSONAL_CLOUD = "personal_cloud"
    DIRECT_TRANSFER = "direct_transfer"
    TRUSTED_PLATFORM = "trusted_platform"
    DATA_COOPERATIVE = "data_cooperative"
    CIVIC_DATA_TRUST = "civic_data_trust"
    OTHER = "other"


class AllianceRole(StrEnum):
    LEADING = "leading"
    PARTICIPATING = "participating"
    OBSERVING = "observing"


class CardKind(StrEnum):
    IDEA = "idea"
    QUESTION = "question"
    RISK = "risk"
    RESOURCE = "resource"


DEFAULT_DOTS = 5
MAX_DOTS = 20
CARD_MAX = 280
FIELD_MAX = 5000
TITLE_MAX = 200

# The canvas: every field a participant edits, in the order of the printed canvas.
TEXT_FIELDS = (
    "title", "problem", "citizens", "personal_data", "data_holders", "citizen_return", "service",
    "individual_benefits", "collective_benefits", "risks_safeguards", "indicators", "partners",
)
CHOICE_FIELDS = ("theme", "governance_model")
CANVAS_FIELDS = TEXT_FIELDS + CHOICE_FIELDS

workshop_territory = sa.Table(
    "workshop_territory",
    db.metadata,
    sa.Column("workshop_id", sa.ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("territory_id", sa.ForeignKey("territory.id", ondelete="CASCADE"), primary_key=True),
)

workshop_organisation = sa.Table(
    "workshop_organisation",
    db.metadata,
    sa.Column("workshop_id", sa.ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("organisation_id", sa.ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)

workshop_use_case = sa.Table(
    "workshop_use_case",
    db.metadata,
    sa.Column("workshop_id", sa.ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("use_case_id", sa.ForeignKey("use_case.id", ondelete="CASCADE"), primary_key=True),
)


class Workshop(db.Model):
    __tablename__ = "workshop"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("place <> '' OR online_url <> ''", name="place_or_link"),
        sa.CheckConstraint(f"dots_per_participant BETWEEN 1 AND {MAX_DOTS}", name="dots_range"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    title = sa.Column(sa.String(TITLE_MAX), nullable=False)
    kind = enum_column(WorkshopKind, nullable=False)
    starts_at = sa.Column(sa.DateTime, nullable=False, index=True)  # naive UTC
    ends_at = sa.Column(sa.DateTime, nullable=False)
    place = sa.Column(sa.String(300), nullable=False, default="")
    online_url = sa.Column(sa.String(500), nullable=False, default="")
    host_territory_id = sa.Column(sa.Integer, sa.ForeignKey("territory.id", ondelete="SET NULL"), nullable=True)
    agenda = sa.Column(sa.Text, nullable=False, default="")
    minutes = sa.Column(sa.Text, nullable=False, default="")
    agenda_language = language_column()
    minutes_language = language_column()
    # Both rendered and sanitised when saved (roadmap.core.markdown_bounds): what the pages show.
    agenda_html = sa.Column(sa.Text, nullable=False, default=default_html_of("agenda"))
    minutes_html = sa.Column(sa.Text, nullable=False, default=default_html_of("minutes"))
    state = enum_column(WorkshopState, nullable=False, default=WorkshopState.PLANNED)
    dots_per_participant = sa.Column(sa.Integer, nullable=False, default=DEFAULT_DOTS)
    canvas_locked = sa.Column(sa.Boolean, nullable=False, default=False)
    timer_ends_at = sa.Column(sa.DateTime, nullable=True)
    # The timed activity the countdown runs for (roadmap.workshops.facilitation): after its end the
    # server refuses new cards ("cards") or dots ("voting"); None: a plain countdown.
    activity = sa.Column(sa.String(20), nullable=True)
    votes_hidden = sa.Column(sa.Boolean, nullable=False, default=False)  # until the facilitator reveals
    one_dot_per_card = sa.Column(sa.Boolean, nullable=False, default=False)
    vote_started_at = sa.Column(sa.DateTime, nullable=True)  # from then on, authors no longer edit cards
    open_clusters = sa.Column(sa.Boolean, nullable=False, default=False)  # anyone may create a cluster
    # "Follow me": where the facilitator brings everybody (a use case, or one of its clusters).
    focus_use_case_id = sa.Column(sa.Integer, sa.ForeignKey("use_case.id", ondelete="SET NULL"), nullable=True)
    focus_cluster_id = sa.Column(sa.Integer, nullable=True)  # no FK: clusters reference the workshop
    closed_at = sa.Column(sa.DateTime, nullable=True)  # naive UTC; an editor may reopen the same day
    # Sequence of the room's events: bumped under the row lock, so events commit in order.
    last_event_seq = sa.Column(sa.Integer, nullable=False, default=0)
    created_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()
    updated_at = updated_at_column()

    host_territory = db.relationship("Territory")
    invited_territories = db.relationship("Territory", secondary=workshop_territory, order_by="Territory.name")
    invited_organisations = db.relationship(
        "Organisation", secondary=workshop_organisation, order_by="Organisation.name"
    )
    use_cases = db.relationship("UseCase", secondary=workshop_use_case, order_by="UseCase.title")
    registrations = db.relationship("Registration", back_populates="workshop", cascade="all, delete-orphan")

    @property
    def is_planned(self):
        return self.state == WorkshopState.PLANNED

    @property
    def is_live(self):
        return self.state == WorkshopState.LIVE

    @property
    def is_closed(self):
        return self.state == WorkshopState.CLOSED


class Registration(db.Model):
    """An invited person's answer: registered (a participant) or declined."""

    __tablename__ = "workshop_registration"
    __table_args__ = (sa.UniqueConstraint("workshop_id", "user_id", name="uq_workshop_registration_user"),)

    id = sa.Column(sa.Integer, primary_key=True)
    workshop_id = sa.Column(sa.Integer, sa.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    status = enum_column(RegistrationStatus, nullable=False)
    created_at = created_at_column()
    updated_at = updated_at_column()

    workshop = db.relationship("Workshop", back_populates="registrations")
    user = db.relationship("User")


class UseCase(db.Model):
    """The use-case canvas. Each field carries its own version (UseCaseFieldVersion)."""

    __tablename__ = "use_case"

    id = sa.Column(sa.Integer, primary_key=True)
    title = sa.Column(sa.String(TITLE_MAX), nullable=False)
    theme = enum_column(Theme, nullable=False, default=Theme.OTHER)
    governance_model = enum_column(GovernanceModel, nullable=False, default=GovernanceModel.OTHER)
    problem = sa.Column(sa.Text, nullable=False, default="")
    citizens = sa.Column(sa.Text, nullable=False, default="")
    personal_data = sa.Column(sa.Text, nullable=False, default="")
    data_holders = sa.Column(sa.Text, nullable=False, default="")
    citizen_return = sa.Column(sa.Text, nullable=False, default="")
    service = sa.Column(sa.Text, nullable=False, default="")
    individual_benefits = sa.Column(sa.Text, nullable=False, default="")
    collective_benefits = sa.Column(sa.Text, nullable=False, default="")
    risks_safeguards = sa.Column(sa.Text, nullable=False, default="")
    indicators = sa.Column(sa.Text, nullable=False, default="")
    partners = sa.Column(sa.Text, nullable=False, default="")
    # One language for the whole canvas (its title and fields): a canvas is written by a group in one.
    language = language_column()
    is_public = sa.Column(sa.Boolean, nullable=False, default=False)
    created_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()
    updated_at = updated_at_column()

    alliances = db.relationship("Alliance", back_populates="use_case", cascade="all, delete-orphan")
    field_versions = db.relationship("UseCaseFieldVersion", cascade="all, delete-orphan")

    def versions(self):
        known = {v.field: v.version for v in self.field_versions}
        return {name: known.get(name, 0) for name in CANVAS_FIELDS}


class UseCaseFieldVersion(db.Model):
    """The version of one canvas field; a save names the version it started from."""

    __tablename__ = "use_case_field_version"

    use_case_id = sa.Column(sa.Integer, sa.ForeignKey("use_case.id", ondelete="CASCADE"), primary_key=True)
    field = sa.Column(sa.String(40), primary_key=True)
    version = sa.Column(sa.Integer, nullable=False, default=0)
    updated_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    updated_at = updated_at_column()


class Alliance(db.Model):
    __tablename__ = "alliance"
    __table_args__ = (sa.UniqueConstraint("use_case_id", "territory_id", name="uq_alliance_territory"),)

    id = sa.Column(sa.Integer, primary_key=True)
    use_case_id = sa.Column(sa.Integer, sa.ForeignKey("use_case.id", ondelete="CASCADE"), nullable=False)
    territory_id = sa.Column(sa.Integer, sa.ForeignKey("territory.id", ondelete="CASCADE"), nullable=False,
                             index=True)
    role = enum_column(AllianceRole, nullable=False)
    joined_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at_column()

    use_case = db.relationship("UseCase", back_populates="alliances")
    territory = db.relationship("Territory")


class Card(db.Model):
    """A contribution card in a live room: its author edits it until the vote, the facilitator arranges it."""

    __tablename__ = "workshop_card"
    __table_args__ = (sa.CheckConstraint(f"length(text) BETWEEN 1 AND {CARD_MAX}", name="text_length"),)

    id = sa.Column(sa.Integer, primary_key=True)
    workshop_id = sa.Column(sa.Integer, sa.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    use_case_id = sa.Column(sa.Integer, sa.ForeignKey("use_case.id", ondelete="CASCADE"), nullable=False)
    kind = enum_column(CardKind, nullable=False)
    text = sa.Column(sa.String(CARD_MAX), nullable=False)
    language = language_column()
    author_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    # The named group it is sorted into (roadmap.workshops.board_models.Cluster); None: not sorted yet.
    cluster_id = sa.Column(sa.Integer, sa.ForeignKey("workshop_cluster.id", ondelete="SET NULL"), nullable=True,
                           index=True)
    created_at = created_at_column()

    author = db.relationship("User")


class Dot(db.Model):
    """One dot of one participant on one card (several dots on one card are allowed)."""

    __tablename__ = "workshop_dot"
    __table_args__ = (sa.Index("ix_workshop_dot_workshop_user", "workshop_id", "user_id"),)

    id = sa.Column(sa.Integer, primary_key=True)
    workshop_id = sa.Column(sa.Integer, sa.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False)
    card_id = sa.Column(sa.Integer, sa.ForeignKey("workshop_card.id", ondelete="CASCADE"), nullable=False,
                        index=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    created_at = created_at_column()


class LiveEvent(db.Model):
    """The room's event log: what a reconnecting browser replays after its Last-Event-ID."""

    __tablename__ = "workshop_event"
    __table_args__ = (sa.UniqueConstraint("workshop_id", "seq", name="uq_workshop_event_seq"),)

    id = sa.Column(sa.Integer, primary_key=True)
    workshop_id = sa.Column(sa.Integer, sa.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False)
    seq = sa.Column(sa.Integer, nullable=False)
    kind = sa.Column(sa.String(40), nullable=False)
    payload = sa.Column(sa.Text, nullable=False)  # JSON
    created_at = created_at_column()

from roadmap.workshops import board_models  # noqa: E402,F401  (Card.cluster_id refers to its table)
