"""Roadmap data for tests: versions in each state, sections, comments."""
from datetime import timedelta

from roadmap.core.timeutil import utcnow
from roadmap.drafts.models import Comment, CommentStatus, RoadmapVersion, Section, Stance, VersionState
from roadmap.extensions import db

BODY = "Premier paragraphe sur le **Self Data**.\n\nDeuxième paragraphe : les territoires partagent.\n\n- une liste\n- deux"


def make_version(state=VersionState.DRAFT, number=None, sections=(("Introduction", BODY),), closes_in=timedelta(days=7),
                 keys=None):
    if number is None:
        number = (db.session.query(db.func.max(RoadmapVersion.number)).scalar() or 0) + 1
    now = utcnow()
    version = RoadmapVersion(number=number, state=state)
    if state in (VersionState.CONSULTATION, VersionState.PUBLISHED):
        version.closes_at = now + closes_in if state == VersionState.CONSULTATION else now - timedelta(days=1)
        version.consultation_opened_at = now - timedelta(days=2)
    if state == VersionState.PUBLISHED:
        version.published_at = now - timedelta(hours=1)
    for position, (title, body) in enumerate(sections, start=1):
        section = Section(title=title, body=body, position=position)
        if keys:
            section.key = keys[position - 1]
        version.sections.append(section)
    db.session.add(version)
    db.session.flush()
    return version


def make_comment(author, section, body="Un commentaire.", paragraph_id=None, stance=Stance.NEUTRAL, age=None,
                 parent=None, **fields):
    fields.setdefault("status", CommentStatus.OPEN)
    comment = Comment(version=section.version, section=section, author=author, body=body, parent=parent,
                      paragraph_id=paragraph_id, stance=None if parent else stance,
                      created_at=utcnow() - (age or timedelta(0)), **fields)
    db.session.add(comment)
    db.session.flush()
    return comment
