"""Reads of the SWOT: the synthesis aggregates, the progress column, the lists of a page.

The synthesis reads only the last submitted version of each territory, through GROUP BY
queries: their number stays the same whatever the number of territories and items.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, distinct, func, select
from sqlalchemy.orm import joinedload

from roadmap.core.models import StrEnum
from roadmap.core.i18n import table_date
from roadmap.extensions import db
from roadmap.swot.models import Dimension, ItemStatus, Quadrant, Swot, SwotItem, SwotVersion, SwotVersionItem
from roadmap.territories.models import Territory, TerritoryKind

HEAT_LEVELS = 5
# Applied to a territory's *last* version (the queries join it): a later "no" is never bypassed
# by falling back on an earlier version that said yes.
IN_ROADMAP_CONDITIONS = (Swot.is_public.is_(True), SwotVersion.in_roadmap.is_(True))


@dataclass(frozen=True)
class SynthesisFilters:
    country: str = ""
    kind: str = ""
    # What the published roadmap, its open data and the API hold: the SWOTs that are public and
    # whose last version's lead agreed to appear in the roadmap.
    roadmap_only: bool = False

    @classmethod
    def from_args(cls, args):
        country = (args.get("country") or "").strip().upper()
        kind = (args.get("kind") or "").strip()
        return cls(country=country if len(country) == 2 and country.isalpha() else "",
                   kind=kind if kind in {k.value for k in TerritoryKind} else "")

    def as_args(self):
        return {k: v for k, v in (("country", self.country), ("kind", self.kind)) if v}


def draft_items(swot_id):
    return db.session.scalars(
        select(SwotItem).options(joinedload(SwotItem.author))
        .where(SwotItem.swot_id == swot_id, SwotItem.status == ItemStatus.ACCEPTED)
        .order_by(SwotItem.position, SwotItem.id)
    ).all()


def proposals(swot_id, author_id=None):
    """Pending proposals; for a partner (author_id), also what became of theirs."""
    query = select(SwotItem).options(joinedload(SwotItem.author)).where(SwotItem.swot_id == swot_id)
    if author_id is None:
        query = query.where(SwotItem.status == ItemStatus.PROPOSED)
    else:
        query = query.where(SwotItem.status != ItemStatus.ACCEPTED, SwotItem.author_id == author_id)
    return db.session.scalars(query.order_by(SwotItem.created_at, SwotItem.id)).all()


def versions(swot_id):
    return db.session.scalars(
        select(SwotVersion).options(joinedload(SwotVersion.submitted_by))
        .where(SwotVersion.swot_id == swot_id).order_by(SwotVersion.number.desc())
    ).all()


def version_items(version_id):
    return db.session.scalars(
        select(SwotVersionItem).where(SwotVersionItem.version_id == version_id)
        .order_by(SwotVersionItem.position, SwotVersionItem.id)
    ).all()


def by_quadrant(items):
    grouped = {q: [] for q in Quadrant}
    for item in items:
        grouped[Quadrant(item.quadrant)].append(item)
    return grouped


def _latest_versions():
    return (select(SwotVersion.swot_id, func.max(SwotVersion.number).label("number"))
            .group_by(SwotVersion.swot_id).subquery("latest"))


def _last_version_items(filters):
    """FROM the items of each territory's last version, joined to their territory, filtered."""
    latest = _latest_versions()

    def apply(query):
        query = (query.select_from(SwotVersionItem)
                 .join(SwotVersion, SwotVersion.id == SwotVersionItem.version_id)
                 .join(latest, and_(latest.c.swot_id == SwotVersion.swot_id, latest.c.number == SwotVersion.number))
                 .join(Swot, Swot.id == SwotVersion.swot_id)
                 .join(Territory, Territory.id == Swot.territory_id))
        if filters.country:
            query = query.where(Territory.country == filters.country)
        if filters.kind:
            query = query.where(Territory.kind == filters.kind)
        if filters.roadmap_only:
            query = query.where(*IN_ROADMAP_CONDITIONS)
        return query

    return apply


@dataclass(frozen=True)
class LastVersion:
    territory_id: int
    slug: str
    number: int
    submitted_at: object
    items: list


def last_versions(filters, territory_id=None):
    """{territory_id: LastVersion} of each territory's last submitted version, its items in the
    board's order; one query, whatever the number of territories."""
    apply = _last_version_items(filters)
    query = apply(select(Territory.id, Territory.slug, SwotVersion.number, SwotVersion.submitted_at, SwotVersionItem))
    if territory_id is not None:
        query = query.where(Territory.id == territory_id)
    found = {}
    for tid, slug, number, submitted_at, item in db.session.execute(
            query.order_by(Territory.id, SwotVersionItem.position, SwotVersionItem.id)):
        found.setdefault(tid, LastVersion(tid, slug, number, submitted_at, [])).items.append(item)
    return found


def territories_with_a_version(filters, territory_ids):
    """The ids, among territory_ids, of the territories that have a submitted version (filtered)."""
    latest = _latest_versions()
    query = (select(Swot.territory_id).join(SwotVersion, SwotVersion.swot_id == Swot.id)
             .join(latest, and_(latest.c.swot_id == SwotVersion.swot_id, latest.c.number == SwotVersion.number))
             .where(Swot.territory_id.in_(territory_ids)).distinct())
    if filters.roadmap_only:
        query = query.where(*IN_ROADMAP_CONDITIONS)
    return set(db.session.scalars(query))


class RoadmapPresence(StrEnum):
    """Whether a territory's SWOT appears in the roadmap, and if not, why."""

    INCLUDED = "included"
    NOT_SUBMITTED = "not_submitted"  # no version submitted yet
    DECLINED = "declined"  # the lead answered no when submitting the last version
    PRIVATE = "private"  # the lead agreed, then made the SWOT visible to participants only


def roadmap_presence(territory_ids):
    """{territory_id: RoadmapPresence} in one query, whatever the number of territories."""
    latest = _latest_versions()
    rows = db.session.execute(
        select(Swot.territory_id, Swot.is_public, SwotVersion.in_roadmap)
        .join(SwotVersion, SwotVersion.swot_id == Swot.id)
        .join(latest, and_(latest.c.swot_id == SwotVersion.swot_id, latest.c.number == SwotVersion.number))
        .where(Swot.territory_id.in_(territory_ids))).all()
    presence = {tid: RoadmapPresence.NOT_SUBMITTED for tid in territory_ids}
    for tid, is_public, in_roadmap in rows:
        presence[tid] = (RoadmapPresence.DECLINED if not in_roadmap else
                         RoadmapPresence.INCLUDED if is_public else RoadmapPresence.PRIVATE)
    return presence


def items_json(items):
    """Items as open data (the JSON export and the API), quadrant after quadrant."""
    return [{"quadrant": str(item.quadrant), "dimension": str(item.dimension), "importance": item.importance,
             "text": item.text, "evidence_url": item.evidence_url, "evidence_note": item.evidence_note,
             "lang": item.language}  # of the text and the evidence note
            for quadrant_items in by_quadrant(items).values() for item in quadrant_items]


def heat_class(count, maximum):
    """heat-0 (empty) to heat-5 (the busiest cell): a CSS class, never an inline style."""
    if not count or not maximum:
        return "heat-0"
    return f"heat-{max(1, -(-count * HEAT_LEVELS // maximum))}"


def synthesis(filters):
    """The quadrant × dimension matrix (items and territories per cell) and the counts per territory.

    Three queries, whatever the number of territories.
    """
    apply = _last_version_items(filters)
    cells = {(q, d): (0, 0) for q in Quadrant for d in Dimension}
    for quadrant, dimension, items, territories in db.session.execute(apply(
        select(SwotVersionItem.quadrant, SwotVersionItem.dimension, func.count(SwotVersionItem.id),
               func.count(distinct(Territory.id)))
    ).group_by(SwotVersionItem.quadrant, SwotVersionItem.dimension)):
        cells[(Quadrant(quadrant), Dimension(dimension))] = (items, territories)
    rows = {}
    for tid, name, slug, country, number, submitted_at, quadrant, count in db.session.execute(apply(
        select(Territory.id, Territory.name, Territory.slug, Territory.country, SwotVersion.number,
               SwotVersion.submitted_at, SwotVersionItem.quadrant, func.count(SwotVersionItem.id))
    ).group_by(Territory.id, Territory.name, Territory.slug, Territory.country, SwotVersion.number,
               SwotVersion.submitted_at, SwotVersionItem.quadrant)):
        row = rows.setdefault(tid, {"name": name, "slug": slug, "country": country, "number": number,
                                    "submitted_at": submitted_at, "counts": {q: 0 for q in Quadrant}})
        row["counts"][Quadrant(quadrant)] = count
    countries = db.session.scalars(select(Territory.country).distinct().order_by(Territory.country)).all()
    maximum = max((items for items, _t in cells.values()), default=0)
    return {
        "cells": {key: {"items": items, "territories": territories, "heat": heat_class(items, maximum)}
                  for key, (items, territories) in cells.items()},
        "quadrant_totals": {q: sum(cells[(q, d)][0] for d in Dimension) for q in Quadrant},
        "dimension_totals": {d: sum(cells[(q, d)][0] for q in Quadrant) for d in Dimension},
        "total": sum(items for items, _t in cells.values()),
        "territories": sorted(rows.values(), key=lambda r: r["name"].lower()),
        "countries": countries,
    }


def cell_items(filters, quadrant, dimension, page, per_page=50):
    """The items of one cell of the synthesis, with their territory, a page at a time."""
    apply = _last_version_items(filters)
    query = apply(select(SwotVersionItem, Territory, SwotVersion.number)).where(
        SwotVersionItem.quadrant == quadrant, SwotVersionItem.dimension == dimension
    ).order_by(Territory.name, SwotVersionItem.importance.desc(), SwotVersionItem.position)
    total = db.session.scalar(apply(select(func.count(SwotVersionItem.id))).where(
        SwotVersionItem.quadrant == quadrant, SwotVersionItem.dimension == dimension))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return rows, total


CSV_COLUMNS = ("territory", "country", "territory_kind", "version", "submitted_on", "quadrant", "dimension",
               "importance", "text", "evidence_url", "evidence_note", "lang")  # lang: of the text and the note


def csv_rows(filters, batch=1000, with_item_id=False):
    """Every item of the last versions, streamed in batches (one query, read as it goes); with_item_id:
    each row followed by its item's id (which its translations refer to)."""
    apply = _last_version_items(filters)
    query = apply(select(Territory.name, Territory.country, Territory.kind, SwotVersion.number,
                         SwotVersion.submitted_at, SwotVersionItem.quadrant, SwotVersionItem.dimension,
                         SwotVersionItem.importance, SwotVersionItem.text, SwotVersionItem.evidence_url,
                         SwotVersionItem.evidence_note, SwotVersionItem.language, SwotVersionItem.item_id)
                  ).order_by(Territory.name, SwotVersionItem.position)
    result = db.session.execute(query.execution_options(yield_per=batch))
    for row in result:
        name, country, kind, number, submitted_at, *rest, item_id = row
        values = (name, country, str(kind), number, submitted_at.date().isoformat(), *[str(v) for v in rest])
        yield (*values, item_id) if with_item_id else values


def progress(territory_ids):
    """{territory_id: state}: not started / draft with N items / submitted vN on a date (and whether
    the draft changed since). Two queries, whatever the number of territories."""
    latest = _latest_versions()
    submitted = {tid: (number, at, count) for tid, number, at, count in db.session.execute(
        select(Swot.territory_id, SwotVersion.number, SwotVersion.submitted_at, func.count(SwotVersionItem.id))
        .join(SwotVersion, SwotVersion.swot_id == Swot.id)
        .join(latest, and_(latest.c.swot_id == SwotVersion.swot_id, latest.c.number == SwotVersion.number))
        .outerjoin(SwotVersionItem, SwotVersionItem.version_id == SwotVersion.id)
        .where(Swot.territory_id.in_(territory_ids))
        .group_by(Swot.territory_id, SwotVersion.number, SwotVersion.submitted_at))}
    drafts = {tid: (count, changed_at) for tid, count, changed_at in db.session.execute(
        select(Swot.territory_id, func.count(SwotItem.id), func.max(SwotItem.updated_at))
        .join(SwotItem, SwotItem.swot_id == Swot.id)
        .where(Swot.territory_id.in_(territory_ids), SwotItem.status == ItemStatus.ACCEPTED)
        .group_by(Swot.territory_id))}
    return {tid: state_text(submitted.get(tid), *drafts.get(tid, (0, None))) for tid in territory_ids}


def state_text(last, draft_count, draft_changed_at=None):
    if last:
        number, at, version_count = last
        text = _("submitted v%(number)d on %(date)s", number=number, date=table_date(at))
        if draft_count != version_count or (draft_changed_at and draft_changed_at > at):
            text += " · " + ngettext("draft changed since (%(num)d item)", "draft changed since (%(num)d items)",
                                     draft_count)
        return text
    if draft_count:
        return ngettext("draft with %(num)d item", "draft with %(num)d items", draft_count)
    return _("not started")


progress_column = (_l("SWOT"), progress)
