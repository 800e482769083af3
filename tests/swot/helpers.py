"""Builders for SWOT tests."""
from roadmap.extensions import db
from roadmap.swot import service
from roadmap.swot.forms import ItemData
from roadmap.swot.models import Dimension, Quadrant


def item_data(text="Données de mobilité détenues par la ville", quadrant="strength", dimension="technical",
              importance=2, evidence_url="", evidence_note=""):
    return ItemData(quadrant=Quadrant(quadrant), dimension=Dimension(dimension), text=text, importance=importance,
                    evidence_url=evidence_url, evidence_note=evidence_note)


def add(territory, user, **fields):
    item = service.add_item(territory, user, item_data(**fields))
    db.session.flush()
    return item


def form(text="Un texte", quadrant="strength", dimension="technical", importance="2", evidence_url="",
         evidence_note="", **extra):
    data = dict(text=text, quadrant=quadrant, dimension=dimension, importance=importance, evidence_url=evidence_url,
                evidence_note=evidence_note)
    data.update(extra)
    return data
