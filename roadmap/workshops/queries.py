"""Reads that take more than a line: lists, filters, the progress column, a territory's use cases."""
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.territories.models import Membership
from roadmap.workshops.models import (
    Alliance, Registration, RegistrationStatus, UseCase, Workshop, WorkshopState,
)


def coming_and_past_workshops():
    """Coming (and live) workshops soonest first; past ones latest first (one query)."""
    now = utcnow()
    workshops = db.session.scalars(
        select(Workshop).options(selectinload(Workshop.host_territory)).order_by(Workshop.starts_at, Workshop.id)
    ).all()

    def is_coming(w):
        return w.state == WorkshopState.LIVE or (w.state == WorkshopState.PLANNED and w.ends_at >= now)

    coming = [w for w in workshops if is_coming(w)]
    past = [w for w in reversed(workshops) if not is_coming(w)]
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


def use_cases(theme=None, governance=None, territory_id=None, public_only=False):
    query = select(UseCase).options(selectinload(UseCase.alliances).selectinload(Alliance.territory)) \
        .order_by(UseCase.title)
    if theme:
        query = query.where(UseCase.theme == theme)
    if governance:
        query = query.where(UseCase.governance_model == governance)
    if territory_id:
        query = query.where(UseCase.id.in_(select(Alliance.use_case_id).where(Alliance.territory_id == territory_id)))
    if public_only:
        query = query.where(UseCase.is_public.is_(True))
    return db.session.scalars(query).all()


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
