"""The SWOT's part of "my data": what a person wrote, downloadable, and erased with the account."""
import json

from sqlalchemy import select

from roadmap.core.audit import AuditEvent
from roadmap.extensions import db
from roadmap.swot import service
from roadmap.swot.models import ItemStatus, SwotItem
from tests.conftest import post
from tests.factories import PASSWORD, login, make_lead, make_organisation, make_partner, make_territory
from tests.swot.helpers import item_data


def test_my_data_download_holds_my_swot_items_proposals_and_versions(client, app):
    territory = make_territory("La Rochelle")
    lead = make_lead(territory)
    with app.test_request_context():
        service.add_item(territory, lead, item_data(text="Mon élément"))
        service.submit(territory, lead)
    login(client, lead)
    document = json.loads(client.get("/account/data.json").get_data(as_text=True))
    assert document["swot_items"][0]["text"] == "Mon élément"
    assert document["swot_versions"] == [{"territory": "La Rochelle", "version": 1,
                                          "submitted_at": document["swot_versions"][0]["submitted_at"]}]
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "swot.submitted"))


def test_deleting_a_partner_account_removes_pending_proposals_and_keeps_accepted_items(client, app):
    territory = make_territory("La Rochelle")
    lead = make_lead(territory)
    partner = make_partner(make_organisation(territories=[territory]), email="karim@example.org")
    with app.test_request_context():
        kept = service.add_item(territory, partner, item_data(text="Proposition acceptée"))
        service.decide_proposal(territory, kept.id, lead, accept=True)
        service.add_item(territory, partner, item_data(text="Proposition en attente"))
    login(client, partner)
    response = post(client, "/account/delete", {"password": PASSWORD, "comments": "anonymise", "confirm": "y"})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    texts = {(i.text, i.status) for i in db.session.scalars(select(SwotItem))}
    assert texts == {("Proposition acceptée", ItemStatus.ACCEPTED)}
