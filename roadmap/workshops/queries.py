"""Reads that take more than a line: lists, filters, the progress column, a territory's use cases."""
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import and_, func, not_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.territories.models import Membership
from roadmap.workshops.models import (
    Alliance, Registration, RegistrationStatus, UseCase, Workshop, WorkshopState,
)

PAGE_SIZE = 50


def coming_and_past_workshops(visible, past_page_size=PAGE_SIZE):
    """Coming (and live) workshops soonest first; past ones latest first, a page at a time
    (?page=N): the past grows with every session, the coming few stay on every page. Only those
    matching `visible` (permissions.visible_workshops of the reader)."""
    now = utcnow()
    is_coming = or_(Workshop.state == WorkshopState.LIVE,
                    and_(Workshop.state == WorkshopState.PLANNED, Workshop.ends_at >= now))
    coming = db.session.scalars(
        select(Workshop).options(joinedload(Workshop.host_territory)).where(is_coming, visible)
        .order_by(Workshop.starts_at, Workshop.id)
    ).all()
    # Joined, not selectin: the statement count must not depend on which hosts are already loaded.
    past = db.paginate(select(Workshop).options(joinedload(Workshop.host_territory)).where(not_(is_coming), visible)
                       .order_by(Workshop.starts_at.desc(), Workshop.id.desc()),
                       per_page=past_page_size, error_out=False)
    return coming, past


def registration_counts(workshop_ids):
    if not workshop_ids:
        return {}
    rows = db.session.execute(
        select(Registration.workshop_id, func.count(Registration.id))
        .where(Registration.workshop_id.in_(workshop_ids), Registration.status == RegistrationStatus.REGISTERED)
        .group_by(Registration.workshop_id)
    )
    return dict(rows.all())


def use_cases(theme=None, governance=None, territory_id=None, public_only=False, page_size=PAGE_SIZE):
    """The use cases matching the filters, a page at a time (?page=N)."""
    query = select(UseCase).options(selectinload(UseCase.alliances).selectinload(Alliance.territory)) \
        .order_by(UseCase.title, UseCase.id)
    if theme:
        query = query.where(UseCase.theme == theme)
    if governance:
        query = query.where(UseCase.governance_model == governance)
    if territory_id:
        query = query.where(UseCase.id.in_(select(Alliance.use_case_id).where(Alliance.territory_id == territory_id)))
    if public_only:
        query = query.where(UseCase.is_public.is_(True))
    return db.paginate(query, per_page=page_size, error_out=False)


def territory_use_cases(territory_id, public_only=False):
    """(alliance, use case) pairs of a territory, for its page."""
    query = select(Alliance).options(selectinload(Alliance.use_case)).join(Alliance.use_case) \
        .where(Alliance.territory_id == territory_id).order_by(UseCase.title)
    if public_only:
        query = query.where(UseCase.is_public.is_(True))
    return db.session.scalars(query).all()


def _attended(territory_ids):
    """Workshops held (live or closed) where someone of the territory registered: two queries at most."""
    rows = db.session.execute(
        select(Membership.territory_id, func.count(func.distinct(Registration.workshop_id)))
        .join(Registration, Registration.user_id == Membership.user_id)
        .join(Workshop, Workshop.id == Registration.workshop_id)
        .where(Membership.territory_id.in_(territory_ids),
               Registration.status == RegistrationStatus.REGISTERED,
               Workshop.state.in_([WorkshopState.LIVE, WorkshopState.CLOSED]))
        .group_by(Membership.territory_id)
    )
    counts = dict(rows.all())
    return {tid: ngettext("%(num)d workshop attended", "%(num)d workshops attended", counts.get(tid, 0))
            for tid in territory_ids}


workshops_column = (_l("Workshops"), _attended)
