"""The synthesis of the consultation(s) that led to a version: what its page and its PDF show.

Comments stay on the version they were made on; the synthesis reads them there, through the
consultations the version records. Hidden comments are left out, and nobody's name is given:
the synthesis is read by visitors of the published version.
"""
from dataclasses import dataclass, field

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import selectinload

from roadmap.drafts.models import Comment, CommentStatus, Section
from roadmap.extensions import db
from roadmap.territories.models import Membership

ANSWERED = (CommentStatus.ACCEPTED, CommentStatus.PARTLY_ACCEPTED, CommentStatus.DECLINED, CommentStatus.ANSWERED)
ACCEPTED = (CommentStatus.ACCEPTED, CommentStatus.PARTLY_ACCEPTED)


@dataclass
class SectionCounts:
    section: Section  # the section as it was consulted on
    by_status: dict = field(default_factory=dict)

    @property
    def total(self):
        return sum(self.by_status.values())


@dataclass(frozen=True)
class AnsweredComment:
    comment: Comment
    consulted_section: Section
    # For an accepted comment: the section of the new version that takes it into account (same
    # key), or None when that section was removed.
    answering_section: Section | None


@dataclass
class ConsultationSynthesis:
    version: object
    consulted: list  # the versions consulted on, oldest first
    total: int
    by_status: dict
    sections: list  # [SectionCounts], in the consulted versions' order
    territories: int
    organisations: int
    answered: list  # [AnsweredComment], by section then date (the first answers_limit of them)
    answered_total: int = 0

    @property
    def answered_by_section(self):
        """[(consulted section, [AnsweredComment])], in the consulted versions' order: the PDF names a
        section once above its comments instead of repeating it on each."""
        groups = []
        for item in self.answered:
            if groups and groups[-1][0].id == item.consulted_section.id:
                groups[-1][1].append(item)
            else:
                groups.append((item.consulted_section, [item]))
        return groups

    @property
    def compared(self):
        """The consulted versions other than this one: 'what changed after the consultation'."""
        return [v for v in self.consulted if v.id != self.version.id]


def _visible(version_ids):
    return (Comment.version_id.in_(version_ids), Comment.parent_id.is_(None), Comment.hidden_at.is_(None))


def consulted_versions(version):
    """The versions whose consultation led to `version`, oldest first: those it recorded when it
    was published, else its own consultation (a version in consultation, or published before
    versions recorded theirs)."""
    return list(version.consultations) or ([version] if version.consultation_opened_at else [])


def consultation_synthesis(version, answers_limit=None):
    """The synthesis of what led to `version`, or None when no consultation did. answers_limit: at
    most this many answered comments (the web page; each section's page has them all), with
    `answered_total` saying how many there are."""
    consulted = consulted_versions(version)
    if not consulted:
        return None
    ids = [v.id for v in consulted]
    sections = db.session.scalars(select(Section).where(Section.version_id.in_(ids))).all()
    order = {v.id: v.number for v in consulted}
    sections.sort(key=lambda s: (order[s.version_id], s.position))
    counts = {s.id: SectionCounts(s) for s in sections}
    by_status = {status: 0 for status in CommentStatus}
    for section_id, status, n in db.session.execute(
            select(Comment.section_id, Comment.status, func.count(Comment.id)).where(*_visible(ids))
            .group_by(Comment.section_id, Comment.status)).all():
        counts[section_id].by_status[status] = n
        by_status[status] += n
    authors = select(Comment.author_id).where(*_visible(ids)).distinct()
    territories, organisations = db.session.execute(
        select(func.count(distinct(Membership.territory_id)), func.count(distinct(Membership.organisation_id)))
        .where(Membership.user_id.in_(authors))).one()
    new_sections = {s.key: s for s in version.sections}
    by_id = {s.id: s for s in sections}
    from roadmap.drafts.models import RoadmapVersion

    answered_query = (
        select(Comment).where(*_visible(ids), Comment.status.in_(ANSWERED))
        .join(Section, Section.id == Comment.section_id).join(RoadmapVersion, RoadmapVersion.id == Section.version_id)
        .order_by(RoadmapVersion.number, Section.position, Comment.created_at, Comment.id)
        .options(selectinload(Comment.section))
    )
    answered_total = None
    if answers_limit is not None:
        answered_total = db.session.scalar(
            select(func.count(Comment.id)).where(*_visible(ids), Comment.status.in_(ANSWERED)))
        answered_query = answered_query.limit(answers_limit)
    comments = db.session.scalars(answered_query).all()
    rank = {s.id: n for n, s in enumerate(sections)}
    comments.sort(key=lambda c: (rank[c.section_id], c.created_at, c.id))
    answered = [AnsweredComment(c, by_id[c.section_id],
                                new_sections.get(by_id[c.section_id].key) if c.status in ACCEPTED else None)
                for c in comments]
    return ConsultationSynthesis(version=version, consulted=consulted, total=sum(by_status.values()),
                                 by_status=by_status, sections=list(counts.values()), territories=territories,
                                 organisations=organisations, answered=answered,
                                 answered_total=len(answered) if answered_total is None else answered_total)


def answering_sections(comments):
    """{comment id: section of the published version that answered its consultation} — the
    section with the same key in the version that recorded the comment's version (if any)."""
    from roadmap.drafts.models import RoadmapVersion, VersionState, version_consultation

    version_ids = {c.version_id for c in comments}
    if not version_ids:
        return {}
    rows = db.session.execute(
        select(version_consultation.c.consulted_version_id, Section)
        .join(RoadmapVersion, RoadmapVersion.id == version_consultation.c.version_id)
        .join(Section, Section.version_id == RoadmapVersion.id)
        .where(version_consultation.c.consulted_version_id.in_(version_ids),
               RoadmapVersion.state == VersionState.PUBLISHED)
        .options(selectinload(Section.version))
        .order_by(RoadmapVersion.number)
    ).all()
    by_key = {}
    for consulted_id, section in rows:
        by_key[(consulted_id, section.key)] = section  # the latest answering version wins
    return {c.id: by_key[(c.version_id, c.section.key)] for c in comments
            if (c.version_id, c.section.key) in by_key and by_key[(c.version_id, c.section.key)].version_id != c.version_id}
