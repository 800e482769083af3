"""Issue 7: the download holds every kind of record a person made, in every feature; after the
deletion no table holds their e-mail or name."""
import json

from sqlalchemy import select

from roadmap.extensions import db
from roadmap.swot import service as swot
from roadmap.workshops import room
from tests.conftest import post
from tests.drafts.factories import make_comment, make_version
from tests.factories import PASSWORD, login, make_editor, make_lead, make_organisation, make_partner, make_territory
from tests.swot.helpers import add, item_data
from tests.workshops.helpers import make_use_case, make_workshop, register

NAME, EMAIL = "Zoé Singulière", "zoe.singuliere@example.org"


def _person_with_one_record_of_each_kind():
    from roadmap.drafts.models import VersionState

    territory = make_territory("La Rochelle")
    editor = make_editor()
    make_lead(territory)  # so that the person is not the last lead
    organisation = make_organisation("NuageCitoyen", territories=[territory])
    person = make_lead(territory, name=NAME, email=EMAIL)
    person.memberships.append(__import__("roadmap.territories.models", fromlist=["Membership"]).Membership(
        organisation=organisation))
    db.session.flush()
    add(territory, person, text="Un élément écrit par Zoé.")
    swot.submit(territory, person)
    partner = make_partner(organisation)
    swot.add_item(territory, partner, item_data(text="Une proposition du partenaire."))
    use_case = make_use_case(person, title="Coach CO2")
    workshop = make_workshop(editor, territories=[territory], use_cases=[use_case])
    register(workshop, person)
    room.open_session(workshop.id, editor)
    room.edit_field(workshop.id, person, use_case.id, "problem", "Le problème vu par Zoé.",
                    use_case.versions()["problem"])
    card = room.add_card(workshop.id, person, use_case.id, "idea", "Une idée de Zoé.")
    room.add_dot(workshop.id, person, card.id)
    version = make_version(VersionState.CONSULTATION)
    comment = make_comment(person, version.sections[0], body="Un commentaire de Zoé.")
    make_comment(person, version.sections[0], body="Une réponse de Zoé.", parent=comment)
    db.session.commit()
    return person


def test_the_download_holds_every_kind_of_record(client, app):
    person = _person_with_one_record_of_each_kind()
    login(client, person)
    document = json.loads(client.get("/account/data.json").get_data(as_text=True))
    text = json.dumps(document, ensure_ascii=False)
    assert document["profile"]["email"] == EMAIL
    assert {m["territory"] for m in document["memberships"]} >= {"La Rochelle"}
    assert any(m["organisation"] == "NuageCitoyen" for m in document["memberships"])
    for expected in ("Un élément écrit par Zoé.", "Une idée de Zoé.", "Un commentaire de Zoé.",
                     "Une réponse de Zoé.", "Coach CO2"):
        assert expected in text, expected
    assert document["swot_versions"], "submitted SWOT versions"
    assert document["workshop_registrations"][0]["status"] == "registered"
    assert document["workshop_dots"] and document["use_case_edits"]
    assert {e["kind"] for e in document["security_events"]} >= {"login"}
    assert any(e["action"] == "swot.submitted" for e in document["audit"])


def test_after_deletion_no_table_holds_the_email_or_the_name(client, app):
    person = _person_with_one_record_of_each_kind()
    login(client, person)
    response = post(client, "/account/delete", {"password": PASSWORD, "comments": "anonymise", "confirm": "y"})
    assert response.status_code == 302
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            values = " ".join(str(v) for v in row)
            assert EMAIL not in values and NAME not in values, table.name
    # what was written for shared work stays
    from roadmap.workshops.models import Card

    assert db.session.scalar(select(Card.text)) == "Une idée de Zoé."
