"""Builders for the tests of short translations."""
from roadmap.extensions import db
from roadmap.swot import service as swot_service
from tests.factories import make_lead, make_territory
from tests.swot.helpers import add


def french_item(text="Données de mobilité détenues par la ville", name="La Rochelle", submit=False):
    """A territory, its lead (French interface) and one accepted SWOT item in French."""
    territory = make_territory(name)
    lead = make_lead(territory, language="fr")
    item = add(territory, lead, text=text)
    item.language = "fr"
    if submit:
        swot_service.submit(territory, lead)
    db.session.commit()
    return territory, lead, item


def url(kind, object_id, language=None):
    base = f"/translations/{kind}/{object_id}"
    return f"{base}/{language}" if language else base
