"""The open data gives the language of each text: "lang" next to it (schema 1.1)."""
import json

from roadmap.drafts.models import VersionState
from roadmap.extensions import db
from roadmap.swot import service as swot_service
from roadmap.workshops import room
from tests.drafts.factories import make_version
from tests.factories import make_lead, make_territory
from tests.swot.helpers import item_data
from tests.workshops.helpers import live_room


def test_the_open_data_gives_each_texts_language(app, client):
    helsinki = make_territory("Helsinki")
    lead = make_lead(helsinki, language="en")
    data = item_data(text="Open data since 2010")
    swot_service.add_item(helsinki, lead, data.__class__(**{**data.__dict__, "language": "en"}))
    swot_service.add_item(helsinki, lead, item_data(text="Des données ouvertes"))  # outside a request: 'fr'
    swot_service.submit(helsinki, lead, in_roadmap=True)
    version = make_version(VersionState.PUBLISHED, sections=[("Introduction", "Texte"), ("Summary", "Text")])
    version.sections[1].language = "en"
    room_data = live_room()
    room_data["use_case"].is_public, room_data["use_case"].language = True, "en"
    room.add_card(room_data["workshop"].id, room_data["a"], room_data["use_case"].id, "idea", "Car pooling", "en")
    room.close_session(room_data["workshop"].id, room_data["editor"])
    room_data["workshop"].minutes, room_data["workshop"].minutes_language = "Decisions", "en"
    db.session.commit()

    content = json.loads(client.get("/open-data/roadmap.json").data)["content"]
    swot_items = {i["text"]: i["lang"] for s in content["swot"]["swots"] for i in s["items"]}
    assert swot_items == {"Open data since 2010": "en", "Des données ouvertes": "fr"}
    assert [(s["title"], s["lang"]) for s in content["roadmap"]["sections"]] == [("Introduction", "fr"), ("Summary", "en")]
    assert [(u["title"], u["lang"]) for u in content["use-cases"]] == [("Coach CO2", "en")]
    workshop, = content["workshops"]
    assert workshop["minutes_lang"] == "en"
    assert [(c["text"], c["lang"]) for u in workshop["use_cases"] for c in u["cards"]] == [("Car pooling", "en")]
    # The API says it too.
    api = json.loads(client.get("/api/v1/roadmap").data)
    assert [s["lang"] for s in api["sections"]] == ["fr", "en"]
