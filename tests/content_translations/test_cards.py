"""Translations of live-room cards: the room's participants translate them; the board shows the
reader's language."""
from roadmap.content_translations.models import ContentTranslation
from roadmap.extensions import db
from roadmap.workshops import room
from tests.conftest import post
from tests.content_translations.helpers import url
from tests.factories import login
from tests.workshops.helpers import live_room


def _room_with_a_french_card():
    data = live_room()
    card = room.add_card(data["workshop"].id, data["a"], data["use_case"].id, "idea", "Covoiturage", "fr")
    db.session.commit()
    return data, card["id"] if isinstance(card, dict) else card.id


def test_a_registered_participant_translates_a_card_and_sees_it_on_the_board(app, client):
    data, card_id = _room_with_a_french_card()
    data["b"].language = "en"
    login(client, data["b"])
    room_page = client.get(f"/workshops/{data['workshop'].id}").get_data(as_text=True)
    assert url("card", card_id, "en") in room_page  # "Translate" on the card
    assert post(client, url("card", card_id, "en"), {"text": "Car pooling"}).status_code == 303
    room_page = client.get(f"/workshops/{data['workshop'].id}").get_data(as_text=True)
    assert '<p class="card-text translated-text" lang="en">Car pooling</p>' in room_page
    assert "Translated from French by Bruno" in room_page


def test_an_invitee_who_did_not_register_cannot_translate_a_card(app, client):
    data, card_id = _room_with_a_french_card()
    login(client, data["c"])  # invited, not registered: reads the workshop, does not take part
    assert post(client, url("card", card_id, "en"), {"text": "Car pooling"}).status_code == 403
    assert db.session.query(ContentTranslation).count() == 0


def test_an_outsider_does_not_see_the_card(app, client):
    data, card_id = _room_with_a_french_card()
    login(client, data["d"])
    assert client.get(url("card", card_id, "en")).status_code == 404


def test_a_card_translation_is_bounded_like_a_card(app, client):
    data, card_id = _room_with_a_french_card()
    data["b"].language = "en"
    login(client, data["b"])
    response = post(client, url("card", card_id, "en"), {"text": "x" * 281})
    assert response.status_code == 422 and "At most 280 characters." in response.get_data(as_text=True)
