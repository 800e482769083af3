"""Data for the search tests."""
from roadmap.extensions import db
from roadmap.search.models import SearchEntry
from roadmap.swot.models import Dimension, Quadrant, Swot, SwotItem, ItemStatus
from sqlalchemy import select


def make_swot_item(territory, text, status=ItemStatus.ACCEPTED, public=False, author=None):
    swot = db.session.scalar(select(Swot).where(Swot.territory_id == territory.id))
    if swot is None:
        swot = Swot(territory_id=territory.id, is_public=public)
        db.session.add(swot)
        db.session.flush()
    item = SwotItem(swot_id=swot.id, quadrant=Quadrant.STRENGTH, dimension=Dimension.TECHNICAL, text=text,
                    status=status, author=author)
    db.session.add(item)
    db.session.flush()
    return item


def entry(kind, object_id):
    db.session.flush()
    return db.session.scalar(select(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.object_id == object_id))
