"""What the SWOT holds about a person (see roadmap/privacy/registry.py): the items they wrote,
their proposals and the versions they submitted."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from roadmap.extensions import db
from roadmap.privacy.registry import PersonalDataProvider, iso
from roadmap.swot.models import ItemStatus, Swot, SwotItem, SwotVersion


def _items(user):
    rows = db.session.scalars(
        select(SwotItem).options(joinedload(SwotItem.swot).joinedload(Swot.territory))
        .where(SwotItem.author_id == user.id).order_by(SwotItem.created_at, SwotItem.id)
    )
    return [{"territory": item.swot.territory.name, "status": item.status.value, "quadrant": item.quadrant.value,
             "dimension": item.dimension.value, "importance": item.importance, "text": item.text,
             "evidence_url": item.evidence_url, "evidence_note": item.evidence_note, "lang": item.language,
             "created_at": iso(item.created_at), "updated_at": iso(item.updated_at)} for item in rows]


def _versions(user):
    rows = db.session.scalars(
        select(SwotVersion).options(joinedload(SwotVersion.swot).joinedload(Swot.territory))
        .where(SwotVersion.submitted_by_id == user.id).order_by(SwotVersion.submitted_at)
    )
    return [{"territory": v.swot.territory.name, "version": v.number, "submitted_at": iso(v.submitted_at)}
            for v in rows]


def _erase(user, keep_comments):
    # Proposals the lead has not taken into the SWOT are only this person's: they go. Accepted
    # items and submitted versions are the territory's shared work: they stay, without a name.
    db.session.execute(delete(SwotItem).where(SwotItem.author_id == user.id,
                                              SwotItem.status != ItemStatus.ACCEPTED))


PROVIDERS = [
    PersonalDataProvider("swot_items", _l("SWOT items and proposals you wrote"), _items, _erase),
    PersonalDataProvider("swot_versions", _l("SWOT versions you submitted"), _versions),
]
