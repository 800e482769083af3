"""The roadmap: versions of ordered Markdown sections, and the comments of its consultation.

Permissions live here, next to the data they guard, as plain functions of (user, object, now)
so that routes, templates and the permission tables of the tests use the very same rules.
"""
from datetime import timedelta
import uuid

import sqlalchemy as sa

from roadmap.core.i18n import LANGUAGE_CODE_MAX, language_column
from roadmap.core.markdown_bounds import default_html_of
from roadmap.core.models import StrEnum, created_at_column, enum_column
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.swot import permissions as swot_permissions
from roadmap.workshops.permissions import can_view_use_case

EDIT_WINDOW = timedelta(minutes=15)


class VersionState(StrEnum):
    DRAFT = "draft"
    CONSULTATION = "consultation"
    PUBLISHED = "published"


class Stance(StrEnum):
    SUPPORTS = "supports"
    NEUTRAL = "neutral"
    OBJECTS = "objects"


class CommentStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    DECLINED = "declined"
    ANSWERED = "answered"


def new_section_key():
    return uuid.uuid4().hex


# The consultation(s) that led to a version: recorded when it is published (its own consultation,
# and those of the earlier versions it answers). Comments stay on the version they were made on.
version_consultation = sa.Table(
    "roadmap_version_consultation", db.metadata,
    sa.Column("version_id", sa.ForeignKey("roadmap_version.id", ondelete="CASCADE",
                                          name="fk_roadmap_version_consultation_version"), primary_key=True),
    # Named by hand: the conventional name would pass PostgreSQL's 63 characters.
    sa.Column("consulted_version_id", sa.ForeignKey("roadmap_version.id", ondelete="CASCADE",
                                                    name="fk_roadmap_version_consultation_consulted"),
              primary_key=True),
)


class RoadmapVersion(db.Model):
    __tablename__ = "roadmap_version"
    __table_args__ = (
        sa.CheckConstraint("number >= 1", name="number_positive"),
        sa.CheckConstraint("state <> 'consultation' OR closes_at IS NOT NULL", name="consultation_closes"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    number = sa.Column(sa.Integer, nullable=False, unique=True)
    state = enum_column(VersionState, nullable=False, default=VersionState.DRAFT)
    closes_at = sa.Column(sa.DateTime, nullable=True)  # naive UTC
    consultation_opened_at = sa.Column(sa.DateTime, nullable=True)
    published_at = sa.Column(sa.DateTime, nullable=True)
    created_at = created_at_column()

    sections = db.relationship(
        "Section", back_populates="version", order_by="Section.position", cascade="all, delete-orphan",
    )
    consultations = db.relationship(
        "RoadmapVersion", secondary=version_consultation, order_by="RoadmapVersion.number",
        primaryjoin=lambda: RoadmapVersion.id == version_consultation.c.version_id,
        secondaryjoin=lambda: RoadmapVersion.id == version_consultation.c.consulted_version_id,
    )

    def consultation_open(self, now=None):
        """Comments are accepted: in consultation and before the closing time."""
        return self.state == VersionState.CONSULTATION and (now or utcnow()) < self.closes_at

    def consultation_closed(self, now=None):
        return self.state == VersionState.CONSULTATION and not self.consultation_open(now)

    def __repr__(self):
        return f"<RoadmapVersion {self.number} {self.state}>"


class Section(db.Model):
    __tablename__ = "roadmap_section"
    __table_args__ = (sa.UniqueConstraint("version_id", "key", name="uq_roadmap_section_version_key"),)

    id = sa.Column(sa.Integer, primary_key=True)
    version_id = sa.Column(
        sa.Integer, sa.ForeignKey("roadmap_version.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # The same section across versions keeps its key: the diff tells moved from added/removed.
    key = sa.Column(sa.String(32), nullable=False, default=new_section_key)
    position = sa.Column(sa.Integer, nullable=False)
    title = sa.Column(sa.String(200), nullable=False)
    body = sa.Column(sa.Text, nullable=False, default="")
    language = language_column()  # of its title and body
    # The body rendered and sanitised when saved (roadmap.core.markdown_bounds): what pages show.
    body_html = sa.Column(sa.Text, nullable=False, default=default_html_of("body"))
    # Carried by the edit form: a save based on an older text is refused (no lost update).
    revision = sa.Column(sa.Integer, nullable=False, default=1)

    version = db.relationship("RoadmapVersion", back_populates="sections")
    swot_citations = db.relationship(
        "SectionSwotCitation", back_populates="section", order_by="SectionSwotCitation.id",
        cascade="all, delete-orphan", passive_deletes=True,
    )
    use_case_citations = db.relationship(
        "SectionUseCaseCitation", back_populates="section", order_by="SectionUseCaseCitation.id",
        cascade="all, delete-orphan", passive_deletes=True,
    )


class SectionSwotCitation(db.Model):
    """A section cites a SWOT item as it was submitted: the frozen copy in a SWOT version.

    Citing the frozen row, not the draft item, keeps the citation stable: the territory may
    rewrite or delete its draft item later, the text the section relies on stays the same.
    """

    __tablename__ = "roadmap_swot_citation"
    __table_args__ = (
        sa.UniqueConstraint("section_id", "swot_version_item_id", name="uq_roadmap_swot_citation_pair"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    section_id = sa.Column(
        sa.Integer, sa.ForeignKey("roadmap_section.id", ondelete="CASCADE"), nullable=False
    )
    swot_version_item_id = sa.Column(
        sa.Integer, sa.ForeignKey("swot_version_item.id", ondelete="CASCADE"), nullable=False, index=True
    )

    section = db.relationship("Section", back_populates="swot_citations")
    item = db.relationship("SwotVersionItem")


class SectionUseCaseCitation(db.Model):
    """A section cites a use case that supports it."""

    __tablename__ = "roadmap_use_case_citation"
    __table_args__ = (
        sa.UniqueConstraint("section_id", "use_case_id", name="uq_roadmap_use_case_citation_pair"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    section_id = sa.Column(
        sa.Integer, sa.ForeignKey("roadmap_section.id", ondelete="CASCADE"), nullable=False
    )
    use_case_id = sa.Column(
        sa.Integer, sa.ForeignKey("use_case.id", ondelete="CASCADE"), nullable=False, index=True
    )

    section = db.relationship("Section", back_populates="use_case_citations")
    use_case = db.relationship("UseCase")


class Comment(db.Model):
    __tablename__ = "roadmap_comment"
    __table_args__ = (
        sa.Index("ix_roadmap_comment_version_status", "version_id", "status"),
        # The latest threads of each section (version page) and a section's pages.
        sa.Index("ix_roadmap_comment_version_thread", "version_id", "parent_id", "section_id", "created_at"),
        sa.Index("ix_roadmap_comment_section_thread", "section_id", "parent_id", "created_at", "id"),
        # Comments per territory on the home page: found by author, hidden ones left out.
        sa.Index("ix_roadmap_comment_author_hidden", "author_id", "hidden_at"),
        sa.CheckConstraint("hidden_at IS NULL OR hidden_reason IS NOT NULL", name="hidden_has_reason"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    version_id = sa.Column(
        sa.Integer, sa.ForeignKey("roadmap_version.id", ondelete="CASCADE"), nullable=False
    )
    section_id = sa.Column(
        sa.Integer, sa.ForeignKey("roadmap_section.id", ondelete="CASCADE"), nullable=False, index=True
    )
    parent_id = sa.Column(
        sa.Integer, sa.ForeignKey("roadmap_comment.id", ondelete="CASCADE"), nullable=True, index=True
    )
    author_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True)
    # Whom the author spoke for when writing (memberships change; the comment keeps this one).
    author_territory_id = sa.Column(sa.Integer, sa.ForeignKey("territory.id", ondelete="SET NULL"), nullable=True,
                                    index=True)
    author_organisation_id = sa.Column(sa.Integer, sa.ForeignKey("organisation.id", ondelete="SET NULL"),
                                       nullable=True, index=True)
    paragraph_id = sa.Column(sa.String(40), nullable=True)  # None: the whole section
    quote = sa.Column(sa.Text, nullable=True)
    stance = enum_column(Stance, nullable=True)  # replies have none
    body = sa.Column(sa.Text, nullable=False)
    language = language_column()  # of its body (the quote is the section's)
    status = enum_column(CommentStatus, nullable=False, default=CommentStatus.OPEN)
    answer = sa.Column(sa.Text, nullable=True)
    answer_language = sa.Column(sa.String(LANGUAGE_CODE_MAX), nullable=True)  # None while unanswered
    answered_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    answered_at = sa.Column(sa.DateTime, nullable=True)
    hidden_at = sa.Column(sa.DateTime, nullable=True)
    hidden_by_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True)
    hidden_reason = sa.Column(sa.Text, nullable=True)
    created_at = created_at_column()
    edited_at = sa.Column(sa.DateTime, nullable=True)

    version = db.relationship("RoadmapVersion")
    section = db.relationship("Section")
    author = db.relationship("User", foreign_keys=[author_id])
    author_territory = db.relationship("Territory")
    author_organisation = db.relationship("Organisation")
    answered_by = db.relationship("User", foreign_keys=[answered_by_id])
    hidden_by = db.relationship("User", foreign_keys=[hidden_by_id])
    parent = db.relationship("Comment", remote_side=[id], back_populates="replies")
    replies = db.relationship("Comment", back_populates="parent", order_by="Comment.created_at")
    reports = db.relationship("CommentReport", back_populates="comment", cascade="all, delete-orphan")

    @property
    def hidden(self):
        return self.hidden_at is not None

    @property
    def speaks_for(self):
        """The territory or organisation shown next to the author's name, or None."""
        return self.author_territory or self.author_organisation

    @property
    def is_reply(self):
        return self.parent_id is not None

    def shown_as(self):
        """Everything this comment's card shows to every reader, as a key: the shared fragment
        of the card (core/fragments.py) is made again as soon as any of it changes."""
        speaks_for = self.speaks_for
        return (self.id, self.parent_id is not None, self.author.display_name, self.language, self.answer_language,
                speaks_for.name if speaks_for is not None else None, self.created_at, self.edited_at,
                self.stance, self.status, self.quote, self.body, self.answer, self.answered_at,
                self.hidden_at, self.hidden_by_id, self.hidden_reason)


class CommentReport(db.Model):
    """Somebody flags a comment to the editors; one report per person and comment."""

    __tablename__ = "roadmap_comment_report"
    __table_args__ = (sa.UniqueConstraint("comment_id", "reporter_id", name="uq_roadmap_comment_report_once"),)

    id = sa.Column(sa.Integer, primary_key=True)
    comment_id = sa.Column(
        sa.Integer, sa.ForeignKey("roadmap_comment.id", ondelete="CASCADE"), nullable=False, index=True
    )
    reporter_id = sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    reason = sa.Column(sa.Text, nullable=False, default="")
    created_at = created_at_column()

    comment = db.relationship("Comment", back_populates="reports")
    reporter = db.relationship("User")


# --- Permissions: one function per rule -------------------------------------------------------

def _logged_in(user):
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.active)


def _editor(user):
    return _logged_in(user) and user.is_editor


def can_edit_roadmap(user):
    """Write sections, create versions, open consultations, publish: editors only."""
    return _editor(user)


def can_view_version(user, version):
    """Published: everybody. Consultation: logged-in participants. Draft: editors."""
    if version.state == VersionState.PUBLISHED:
        return True
    if version.state == VersionState.CONSULTATION:
        return _logged_in(user)
    return _editor(user)


def can_edit_sections(user, version):
    return _editor(user) and version.state == VersionState.DRAFT


def can_comment(user, version, now=None):
    return _logged_in(user) and version.consultation_open(now)


def can_reply(user, comment, now=None):
    return can_comment(user, comment.version, now) and not comment.hidden and not comment.is_reply


def can_edit_comment(user, comment, now=None):
    now = now or utcnow()
    return (_logged_in(user) and comment.author_id == user.id and not comment.hidden
            and comment.version.consultation_open(now) and now - comment.created_at <= EDIT_WINDOW)


def can_report(user, comment):
    return _logged_in(user) and can_view_version(user, comment.version) and not comment.hidden


def can_moderate(user):
    """Answer, set a status, hide: editors only."""
    return _editor(user)


class CommentRules:
    """The rules above for the comments of one version and one reader, decided once per page
    rather than once per card (a version page shows a hundred cards): the same answers as
    can_reply, can_edit_comment, can_report and can_moderate (tests/drafts/test_comment_rules.py)."""

    def __init__(self, user, version, now=None):
        now = now or utcnow()
        self.reader_id = user.id if _logged_in(user) else None
        self.open = can_comment(user, version, now)
        self.may_report = _logged_in(user) and can_view_version(user, version)
        self.moderate = can_moderate(user)
        self.edited_since = now - EDIT_WINDOW

    def can_reply(self, comment):
        return self.open and not comment.hidden and not comment.is_reply

    def can_edit(self, comment):
        return (self.open and comment.author_id == self.reader_id and not comment.hidden
                and comment.created_at >= self.edited_since)

    def can_report(self, comment):
        """Report somebody else's comment."""
        return self.may_report and not comment.hidden and comment.author_id != self.reader_id


def can_read_cited_swot_item(user, swot, version_number, last_number):
    """Whether a reader gets the text of a cited SWOT item and the link to its version.

    The SWOT pages' own rule: participants read every submitted version; a visitor only the
    last version of a SWOT its lead made public. So a link never leads to a refused page.
    """
    return swot_permissions.can_view_versions(user) or (
        swot_permissions.can_view_last_version(user, swot) and version_number == last_number)


def can_read_cited_use_case(user, use_case):
    """The use case pages' own rule: public use cases for everybody, the others for participants."""
    return can_view_use_case(user, use_case)
