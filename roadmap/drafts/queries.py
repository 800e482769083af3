"""Reads of the roadmap that need eager loading or aggregates."""
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy import tuple_ as sa_tuple
from sqlalchemy.orm import selectinload

from roadmap.core.data_memo import memo
from roadmap.drafts.models import (
    Comment, CommentReport, RoadmapVersion, Section, SectionSwotCitation, SectionUseCaseCitation,
    can_read_cited_swot_item, can_read_cited_use_case,
)
from roadmap.extensions import db
from roadmap.swot.models import Quadrant, Swot, SwotVersion, SwotVersionItem
from roadmap.territories.models import Membership, Territory
from roadmap.workshops.models import UseCase

PAGE_SIZE = 25


def visible_versions(user):
    from roadmap.drafts.models import can_view_version

    versions = db.session.scalars(select(RoadmapVersion).order_by(RoadmapVersion.number.desc())).all()
    return [v for v in versions if can_view_version(user, v)]


# The version page shows the latest threads of each section and each paragraph's count, the rest
# a click away (the section's page): its HTML stays bounded however long the consultation.
THREADS_PER_SECTION = 2
SECTION_PAGE_SIZE = 20  # a section's comments page


def _thread_options():
    # Whom each author speaks for is on every card: loaded with the threads, not one by one.
    return (selectinload(Comment.author), selectinload(Comment.hidden_by),
            selectinload(Comment.author_territory), selectinload(Comment.author_organisation),
            selectinload(Comment.replies).selectinload(Comment.author),
            selectinload(Comment.replies).selectinload(Comment.hidden_by),
            selectinload(Comment.replies).selectinload(Comment.author_territory),
            selectinload(Comment.replies).selectinload(Comment.author_organisation))


def threads_by_section(version, per_section=THREADS_PER_SECTION):
    """{section id: {paragraph id or None: [top-level comments, replies loaded]}}: the latest
    `per_section` threads of each section (shown in order), in a constant number of queries."""
    ranked = (
        select(Comment.id, func.row_number().over(
            partition_by=Comment.section_id, order_by=(Comment.created_at.desc(), Comment.id.desc())).label("rank"))
        .where(Comment.version_id == version.id, Comment.parent_id.is_(None))
        .subquery()
    )
    comments = db.session.scalars(
        select(Comment).join(ranked, ranked.c.id == Comment.id).where(ranked.c.rank <= per_section)
        .options(*_thread_options()).order_by(Comment.created_at, Comment.id)
    ).all()
    threads = defaultdict(lambda: defaultdict(list))
    for comment in comments:
        threads[comment.section_id][comment.paragraph_id].append(comment)
    return threads


def thread_counts(version):
    """{section id: {paragraph id or None: number of top-level comments}} of a version."""
    counts = defaultdict(dict)
    for section_id, paragraph_id, n in db.session.execute(
            select(Comment.section_id, Comment.paragraph_id, func.count(Comment.id))
            .where(Comment.version_id == version.id, Comment.parent_id.is_(None))
            .group_by(Comment.section_id, Comment.paragraph_id)).all():
        counts[section_id][paragraph_id] = n
    return counts


def section_threads_page(section, page=1, paragraph_id=None):
    """A page of a section's threads (or of one of its paragraphs), oldest first, replies loaded."""
    conditions = [Comment.section_id == section.id, Comment.parent_id.is_(None)]
    if paragraph_id:
        conditions.append(Comment.paragraph_id == paragraph_id)
    return db.paginate(
        select(Comment).where(*conditions)
        .options(*_thread_options()).order_by(Comment.created_at, Comment.id),
        page=page, per_page=SECTION_PAGE_SIZE, error_out=False,
    )


def thread_location(comment):
    """Where a thread is shown: (True, None) on the version page, or (False, page) of its section's page."""
    top = comment.parent if comment.parent_id else comment
    same_section = (Comment.section_id == top.section_id, Comment.parent_id.is_(None))
    newer = db.session.scalar(select(func.count(Comment.id)).where(
        *same_section, sa_tuple(Comment.created_at, Comment.id) > sa_tuple(top.created_at, top.id)))
    if newer < THREADS_PER_SECTION:
        return True, None
    older = db.session.scalar(select(func.count(Comment.id)).where(
        *same_section, sa_tuple(Comment.created_at, Comment.id) < sa_tuple(top.created_at, top.id)))
    return False, older // SECTION_PAGE_SIZE + 1


def _dashboard_filters(version, section_id=None, status=None, territory_id=None, organisation_id=None):
    conditions = [Comment.version_id == version.id, Comment.parent_id.is_(None)]
    if section_id:
        conditions.append(Comment.section_id == section_id)
    if status:
        conditions.append(Comment.status == status)
    if territory_id:
        conditions.append(Comment.author_territory_id == territory_id)
    if organisation_id:
        conditions.append(Comment.author_organisation_id == organisation_id)
    return conditions


def commenting_bodies(version):
    """The territories and organisations that commented on this version, for the filters: the
    same for every editor, shared while the comments are unchanged (core/data_memo.py)."""
    return memo("commenting-bodies", version.id, lambda: _commenting_bodies(version.id))


def _commenting_bodies(version_id):
    from roadmap.territories.models import Organisation, Territory

    territories = db.session.execute(
        select(Territory.id, Territory.name).where(Territory.id.in_(
            select(Comment.author_territory_id).where(Comment.version_id == version_id))).order_by(Territory.name)
    ).all()
    organisations = db.session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.id.in_(
            select(Comment.author_organisation_id).where(Comment.version_id == version_id)))
        .order_by(Organisation.name)
    ).all()
    return territories, organisations


def dashboard_page(version, section_id=None, status=None, page=1, territory_id=None, organisation_id=None):
    return db.paginate(
        select(Comment).where(*_dashboard_filters(version, section_id, status, territory_id, organisation_id))
        .options(selectinload(Comment.author), selectinload(Comment.section), selectinload(Comment.reports),
                 selectinload(Comment.replies), selectinload(Comment.author_territory),
                 selectinload(Comment.author_organisation))
        .join(Section, Section.id == Comment.section_id)
        .order_by(Section.position, Comment.status, Comment.created_at, Comment.id),
        page=page, per_page=PAGE_SIZE, error_out=False,
    )


def dashboard_rows(version, section_id=None, status=None, territory_id=None, organisation_id=None):
    """Every matching comment, for the CSV download."""
    return db.session.scalars(
        select(Comment).where(*_dashboard_filters(version, section_id, status, territory_id, organisation_id))
        .options(selectinload(Comment.author), selectinload(Comment.section), selectinload(Comment.reports),
                 selectinload(Comment.author_territory), selectinload(Comment.author_organisation))
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
    # From the reports (few) to their comments: joined the other way, the database walked every comment.
    return db.session.scalar(
        select(func.count(Comment.id))
        .where(Comment.version_id == version.id, Comment.hidden_at.is_(None),
               Comment.id.in_(select(CommentReport.comment_id)))
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


# --- Traceability ---------------------------------------------------------------------------------

CHOICES_LIMIT = 200  # options offered at once on the edit page; the search narrows them down
QUADRANT_ORDER = case({q: n for n, q in enumerate(Quadrant)}, value=SwotVersionItem.quadrant)


@dataclass(frozen=True)
class SwotSupport:
    """A cited SWOT item as this reader may see it: text and link only when the reader may."""

    item_id: int
    territory: str
    slug: str
    quadrant: Quadrant
    version: int
    text: str | None  # None: this reader may not read that SWOT version


@dataclass(frozen=True)
class UseCaseSupport:
    use_case_id: int
    title: str | None  # None: a use case this reader may not see


@dataclass
class Supports:
    swot: list = field(default_factory=list)
    use_cases: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.swot or self.use_cases)


def supports_by_section(section_ids, user):
    """{section id: Supports} for these sections, in three queries whatever their number."""
    supports = defaultdict(Supports)
    if not section_ids:
        return supports
    swot_rows = db.session.execute(
        select(SectionSwotCitation.section_id, SwotVersionItem, SwotVersion.number, Swot, Territory)
        .join(SwotVersionItem, SwotVersionItem.id == SectionSwotCitation.swot_version_item_id)
        .join(SwotVersion, SwotVersion.id == SwotVersionItem.version_id)
        .join(Swot, Swot.id == SwotVersion.swot_id)
        .join(Territory, Territory.id == Swot.territory_id)
        .where(SectionSwotCitation.section_id.in_(section_ids))
        .order_by(Territory.name, QUADRANT_ORDER, SwotVersion.number, SwotVersionItem.position,
                  SwotVersionItem.id)
    ).all()
    last_numbers = _last_version_numbers({swot.id for _s, _i, _n, swot, _t in swot_rows})
    for section_id, item, number, swot, territory in swot_rows:
        readable = can_read_cited_swot_item(user, swot, number, last_numbers.get(swot.id))
        supports[section_id].swot.append(SwotSupport(
            item_id=item.id, territory=territory.name, slug=territory.slug, quadrant=Quadrant(item.quadrant),
            version=number, text=item.text if readable else None))
    use_case_rows = db.session.execute(
        select(SectionUseCaseCitation.section_id, UseCase)
        .join(UseCase, UseCase.id == SectionUseCaseCitation.use_case_id)
        .where(SectionUseCaseCitation.section_id.in_(section_ids))
        .order_by(UseCase.title, UseCase.id)
    ).all()
    for section_id, use_case in use_case_rows:
        supports[section_id].use_cases.append(UseCaseSupport(
            use_case_id=use_case.id, title=use_case.title if can_read_cited_use_case(user, use_case) else None))
    return supports


def _last_version_numbers(swot_ids):
    if not swot_ids:
        return {}
    return dict(db.session.execute(
        select(SwotVersion.swot_id, func.max(SwotVersion.number))
        .where(SwotVersion.swot_id.in_(swot_ids)).group_by(SwotVersion.swot_id)
    ).all())


def _contains(column, search):
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def citable_swot_items(section, search="", limit=CHOICES_LIMIT):
    """Items of the last submitted version of every SWOT that the section does not cite yet,
    by territory and quadrant; `search` filters on the text or the territory's name.

    Returns ([(item, version number, territory name)], truncated).
    """
    latest = (select(SwotVersion.swot_id, func.max(SwotVersion.number).label("number"))
              .group_by(SwotVersion.swot_id).subquery("latest"))
    cited = select(SectionSwotCitation.swot_version_item_id).where(SectionSwotCitation.section_id == section.id)
    query = (
        select(SwotVersionItem, SwotVersion.number, Territory.name)
        .join(SwotVersion, SwotVersion.id == SwotVersionItem.version_id)
        .join(latest, and_(latest.c.swot_id == SwotVersion.swot_id, latest.c.number == SwotVersion.number))
        .join(Swot, Swot.id == SwotVersion.swot_id)
        .join(Territory, Territory.id == Swot.territory_id)
        .where(SwotVersionItem.id.not_in(cited))
        .order_by(Territory.name, QUADRANT_ORDER, SwotVersionItem.position, SwotVersionItem.id)
        .limit(limit + 1)
    )
    if search:
        query = query.where(or_(_contains(SwotVersionItem.text, search), _contains(Territory.name, search)))
    rows = db.session.execute(query).all()
    return [tuple(row) for row in rows[:limit]], len(rows) > limit


def citable_use_cases(section, search="", limit=CHOICES_LIMIT):
    """Use cases the section does not cite yet, by title; returns ([use case], truncated)."""
    cited = select(SectionUseCaseCitation.use_case_id).where(SectionUseCaseCitation.section_id == section.id)
    query = select(UseCase).where(UseCase.id.not_in(cited)).order_by(UseCase.title, UseCase.id).limit(limit + 1)
    if search:
        query = query.where(_contains(UseCase.title, search))
    rows = db.session.scalars(query).all()
    return rows[:limit], len(rows) > limit
