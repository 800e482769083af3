"""Reads of the roadmap that need eager loading or aggregates."""
from collections import defaultdict

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from roadmap.drafts.models import Comment, CommentReport, RoadmapVersion, Section
from roadmap.extensions import db
from roadmap.territories.models import Membership

PAGE_SIZE = 25


def visible_versions(user):
    from roadmap.drafts.models import can_view_version

    versions = db.session.scalars(select(RoadmapVersion).order_by(RoadmapVersion.number.desc())).all()
    return [v for v in versions if can_view_version(user, v)]


def threads_by_section(version):
    """{section id: {paragraph id or None: [top-level comments, replies loaded]}} in one query."""
    comments = db.session.scalars(
        select(Comment).where(Comment.version_id == version.id, Comment.parent_id.is_(None))
        .options(selectinload(Comment.author), selectinload(Comment.hidden_by),
                 selectinload(Comment.replies).selectinload(Comment.author),
                 selectinload(Comment.replies).selectinload(Comment.hidden_by))
        .order_by(Comment.created_at, Comment.id)
    ).all()
    threads = defaultdict(lambda: defaultdict(list))
    for comment in comments:
        threads[comment.section_id][comment.paragraph_id].append(comment)
    return threads


def _dashboard_filters(version, section_id=None, status=None):
    conditions = [Comment.version_id == version.id, Comment.parent_id.is_(None)]
    if section_id:
        conditions.append(Comment.section_id == section_id)
    if status:
        conditions.append(Comment.status == status)
    return conditions


def dashboard_page(version, section_id=None, status=None, page=1):
    return db.paginate(
        select(Comment).where(*_dashboard_filters(version, section_id, status))
        .options(selectinload(Comment.author), selectinload(Comment.section), selectinload(Comment.reports),
                 selectinload(Comment.replies))
        .join(Section, Section.id == Comment.section_id)
        .order_by(Section.position, Comment.status, Comment.created_at, Comment.id),
        page=page, per_page=PAGE_SIZE, error_out=False,
    )


def dashboard_rows(version, section_id=None, status=None):
    """Every matching comment, for the CSV download."""
    return db.session.scalars(
        select(Comment).where(*_dashboard_filters(version, section_id, status))
        .options(selectinload(Comment.author), selectinload(Comment.section), selectinload(Comment.reports))
        .join(Section, Section.id == Comment.section_id)
        .order_by(Section.position, Comment.created_at, Comment.id)
    ).all()


def counts_by_section_and_status(version):
    """{(section id, status): n} of top-level comments, and the totals per status."""
    rows = db.session.execute(
        select(Comment.section_id, Comment.status, func.count(Comment.id))
        .where(Comment.version_id == version.id, Comment.parent_id.is_(None))
        .group_by(Comment.section_id, Comment.status)
    ).all()
    cells = {(section_id, status): n for section_id, status, n in rows}
    totals = defaultdict(int)
    for (_section, status), n in cells.items():
        totals[status] += n
    return cells, totals


def reported_count(version):
    return db.session.scalar(
        select(func.count(func.distinct(CommentReport.comment_id))).join(Comment)
        .where(Comment.version_id == version.id, Comment.hidden_at.is_(None))
    )


def my_comments(user):
    return db.session.scalars(
        select(Comment).where(Comment.author_id == user.id)
        .options(selectinload(Comment.section), selectinload(Comment.version),
                 selectinload(Comment.parent).selectinload(Comment.author), selectinload(Comment.hidden_by))
        .order_by(Comment.created_at.desc(), Comment.id.desc())
    ).all()


def _comments_per_territory(territory_ids):
    rows = db.session.execute(
        select(Membership.territory_id, func.count(func.distinct(Comment.id)))
        .join(Comment, Comment.author_id == Membership.user_id)
        .where(Membership.territory_id.in_(territory_ids), Comment.hidden_at.is_(None))
        .group_by(Membership.territory_id)
    )
    counts = dict(rows.all())
    return {tid: ngettext("%(num)d comment", "%(num)d comments", counts.get(tid, 0)) for tid in territory_ids}


comments_column = (_l("Roadmap comments"), _comments_per_territory)
