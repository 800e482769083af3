"""A territory's SWOT: its draft items, partners' proposals, and the frozen versions.

The draft is the set of accepted items of the territory's Swot. Submitting copies them
into a SwotVersion (v1, v2, ...), whose rows are never updated nor deleted one by one.
"""
import sqlalchemy as sa
from sqlalchemy import event

from roadmap.core.i18n import language_column
from roadmap.core.models import StrEnum, created_at_column, enum_column, updated_at_column
from roadmap.extensions import db

TEXT_MAX = 1000
URL_MAX = 500
NOTE_MAX = 1000


class Quadrant(StrEnum):
    STRENGTH = "strength"
    WEAKNESS = "weakness"
    OPPORTUNITY = "opportunity"
    THREAT = "threat"


class Dimension(StrEnum):
    TECHNICAL = "technical"
    FINANCIAL = "financial"
    HUMAN = "human"
    LEGAL = "legal"  # legal and political
    ORGANISATIONAL = "organisational"


class ItemStatus(StrEnum):
    ACCEPTED = "accepted"  # part of the draft
    PROPOSED = "proposed"  # a partner's proposal waiting for the lead
    DECLINED = "declined"  # a proposal the lead declined (kept so that its author sees what became of it)


class Swot(db.Model):
    """One per territory, created on first use."""

    __tablename__ = "swot"

    id = sa.Column(sa.Integer, primary_key=True)
    territory_id = sa.Column(sa.Integer, sa.ForeignKey("territory.id", ondelete="CASCADE"),
                             nullable=False, unique=True)
    is_public = sa.Column(sa.Boolean, nullable=False, default=False)
    created_at = created_at_column()
    updated_at = updated_at_column()

    territory = db.relationship("Territory")
    versions = db.relationship("SwotVersion", back_populates="swot", order_by="SwotVersion.number",
                               passive_deletes=True)


class SwotItem(db.Model):
    __tablename__ = "swot_item"
    __table_args__ = (
        sa.CheckConstraint("importance BETWEEN 1 AND 3", name="importance_range"),
        sa.CheckConstraint("length(text) BETWEEN 1 AND 1000", name="text_length"),
        sa.Index("ix_swot_item_swot_status_quadrant", "swot_id", "status", "quadrant", "position"),
        # Versions match items by id: an id must never be reused after a deletion (SQLite would).
        {"sqlite_autoincrement": True},
    )

    id = sa.Column(sa.Integer, primary_key=True)
    swot_id = sa.Column(sa.Integer, sa.ForeignKey("swot.id", ondelete="CASCADE"), nullable=False)
    quadrant = enum_column(Quadrant, nullable=False)
    dimension = enum_column(Dimension, nullable=False)
    text = sa.Column(sa.String(TEXT_MAX), nullable=False)
    importance = sa.Column(sa.SmallInteger, nullable=False, default=2)
    evidence_url = sa.Column(sa.String(URL_MAX), nullable=False, default="")
    evidence_note = sa.Column(sa.String(NOTE_MAX), nullable=False, default="")
    language = language_column()  # of its text and evidence note
    position = sa.Column(sa.Integer, nullable=False, default=0)
    status = enum_column(ItemStatus, nullable=False, default=ItemStatus.ACCEPTED)
    author_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True, index=True)
    # Carried in the edit form: a save is refused when somebody else saved in between.
    version = sa.Column(sa.Integer, nullable=False, default=1)
    created_at = created_at_column()
    updated_at = updated_at_column()

    swot = db.relationship("Swot")
    author = db.relationship("User")


class SwotVersion(db.Model):
    __tablename__ = "swot_version"
    __table_args__ = (sa.UniqueConstraint("swot_id", "number", name="uq_swot_version_swot_number"),)

    id = sa.Column(sa.Integer, primary_key=True)
    swot_id = sa.Column(sa.Integer, sa.ForeignKey("swot.id", ondelete="CASCADE"), nullable=False)
    number = sa.Column(sa.Integer, nullable=False)
    submitted_at = created_at_column()
    submitted_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    # The lead's answer at submission: may this version appear in the published roadmap and its
    # open data (the programme's default: yes)? Frozen with the version; a new answer is a new version.
    in_roadmap = sa.Column(sa.Boolean, nullable=False, default=True, server_default=sa.true())

    swot = db.relationship("Swot", back_populates="versions")
    submitted_by = db.relationship("User")
    items = db.relationship("SwotVersionItem", back_populates="swot_version",
                            order_by="SwotVersionItem.position", passive_deletes=True)


class SwotVersionItem(db.Model):
    """A frozen copy of a draft item; item_id links the same item across versions."""

    __tablename__ = "swot_version_item"
    __table_args__ = (sa.Index("ix_swot_version_item_version_quadrant", "version_id", "quadrant", "dimension"),)

    id = sa.Column(sa.Integer, primary_key=True)
    version_id = sa.Column(sa.Integer, sa.ForeignKey("swot_version.id", ondelete="CASCADE"), nullable=False)
    item_id = sa.Column(sa.Integer, nullable=False)  # not a foreign key: the draft item may be deleted later
    quadrant = enum_column(Quadrant, nullable=False)
    dimension = enum_column(Dimension, nullable=False)
    text = sa.Column(sa.String(TEXT_MAX), nullable=False)
    importance = sa.Column(sa.SmallInteger, nullable=False)
    evidence_url = sa.Column(sa.String(URL_MAX), nullable=False, default="")
    evidence_note = sa.Column(sa.String(NOTE_MAX), nullable=False, default="")
    language = language_column()
    position = sa.Column(sa.Integer, nullable=False)
    author_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)

    swot_version = db.relationship("SwotVersion", back_populates="items")
    author = db.relationship("User")

    # What the comparison of two versions looks at.
    COMPARED = ("quadrant", "dimension", "text", "importance", "evidence_url", "evidence_note")


class FrozenVersion(Exception):
    pass


@event.listens_for(SwotVersion, "before_update")
@event.listens_for(SwotVersionItem, "before_update")
@event.listens_for(SwotVersionItem, "before_delete")
def _versions_are_immutable(_mapper, _connection, target):
    raise FrozenVersion(f"{target!r} belongs to a submitted version and cannot change")
