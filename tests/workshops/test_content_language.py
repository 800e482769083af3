"""Cards, use cases, agendas and minutes store their language: the writer's unless chosen; others → 422."""
import pytest
from sqlalchemy import select

from roadmap.extensions import db
from roadmap.workshops import room
from roadmap.workshops.models import Card, UseCase, Workshop
from tests.conftest import post
from tests.factories import login, make_editor, make_lead, make_territory
from tests.workshops.helpers import json_post, live_room, make_workshop
from tests.workshops.test_use_cases import CANVAS
from tests.workshops.test_workshops import _form


def _error(page, field):
    start = page.index(f'id="{field}-error"')
    return page[start:page.index("</p>", start)]


def _cards():
    return db.session.scalars(select(Card).order_by(Card.id)).all()


@pytest.mark.parametrize("sent, stored", [(None, "en"), ("fr", "fr"), ("en", "en")])
def test_a_card_is_in_its_writers_language_unless_chosen(client, sent, stored):
    data = live_room()
    data["a"].language = "en"
    db.session.commit()
    login(client, data["a"])
    fields = {"use_case_id": data["use_case"].id, "kind": "idea", "text": "Car pooling"}
    if sent:
        fields["language"] = sent
    assert json_post(client, f"/workshops/{data['workshop'].id}/live/cards", fields).status_code == 201
    assert _cards()[-1].language == stored


def test_a_card_in_an_unknown_language_is_refused(client):
    data = live_room()
    login(client, data["a"])
    response = json_post(client, f"/workshops/{data['workshop'].id}/live/cards",
                         {"use_case_id": data["use_case"].id, "kind": "idea", "text": "x", "language": "klingon"})
    assert response.status_code == 422
    assert _cards() == []


def test_the_room_marks_a_card_in_another_language_than_the_readers(client):
    data = live_room()
    room.add_card(data["workshop"].id, data["a"], data["use_case"].id, "idea", "Car pooling", "en")
    room.add_card(data["workshop"].id, data["a"], data["use_case"].id, "idea", "Covoiturage", "fr")
    db.session.commit()
    login(client, data["b"])  # a French interface
    page = client.get(f"/workshops/{data['workshop'].id}").get_data(as_text=True)
    assert '<p class="card-text" lang="en">Car pooling</p>' in page
    assert '<p class="card-text">Covoiturage</p>' in page


def test_a_use_case_stores_its_language_and_its_pages_mark_it(client):
    lead = make_lead(make_territory("Helsinki"), language="en")
    login(client, lead)
    assert post(client, "/use-cases/new", CANVAS).status_code == 302
    use_case = db.session.scalars(select(UseCase)).one()
    assert use_case.language == "en"  # the writer's interface language
    response = post(client, f"/use-cases/{use_case.id}/edit", {**CANVAS, "language": "fr",
                                                               "versions": ""})
    assert response.status_code == 302
    db.session.refresh(use_case)
    assert use_case.language == "fr"
    page = client.get(f"/use-cases/{use_case.id}").get_data(as_text=True)
    assert '<h1 lang="fr">Coach CO2</h1>' in page


def test_a_use_case_in_an_unknown_language_is_refused_next_to_the_field(client):
    login(client, make_lead(make_territory("Helsinki")))
    response = post(client, "/use-cases/new", {**CANVAS, "language": "xx"})
    assert response.status_code == 422
    assert "Choisissez une langue dans la liste." in _error(response.get_data(as_text=True), "language")
    assert db.session.scalars(select(UseCase)).all() == []


def test_the_agenda_stores_its_language(client):
    editor = make_editor(language="en")
    login(client, editor)
    assert post(client, "/workshops/new", _form(agenda="Welcome")).status_code in (302, 303)
    workshop = db.session.scalars(select(Workshop)).one()
    assert workshop.agenda_language == "en"
    response = post(client, f"/workshops/{workshop.id}/edit", _form(agenda="Bienvenue", agenda_language="fr"))
    assert response.status_code in (302, 303)
    db.session.refresh(workshop)
    assert workshop.agenda_language == "fr"
    assert '<div class="prose" lang="fr">' in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)


def test_an_agenda_in_an_unknown_language_is_refused_next_to_the_field(client):
    login(client, make_editor())
    response = post(client, "/workshops/new", _form(agenda="x", agenda_language="de"))
    assert response.status_code == 422
    assert "Choisissez une langue dans la liste." in _error(response.get_data(as_text=True), "agenda_language")


@pytest.mark.parametrize("sent, stored, status", [(None, "fr", 302), ("en", "en", 302), ("zz", None, 422)])
def test_the_minutes_store_their_language(client, sent, stored, status):
    editor = make_editor(language="fr")
    workshop = make_workshop(editor)
    room.open_session(workshop.id, editor)
    room.close_session(workshop.id, editor)
    db.session.commit()
    login(client, editor)
    fields = {"minutes": "Decisions"}
    if sent:
        fields["minutes_language"] = sent
    response = post(client, f"/workshops/{workshop.id}/minutes", fields)
    assert response.status_code == status
    db.session.refresh(workshop)
    if stored:
        assert workshop.minutes_language == stored
    else:
        assert "Choisissez une langue dans la liste." in _error(response.get_data(as_text=True), "minutes_language")
        assert workshop.minutes == ""


def test_a_cards_edit_form_offers_its_language_and_the_edit_changes_it(client):
    data = live_room()
    card = room.add_card(data["workshop"].id, data["a"], data["use_case"].id, "idea", "Car pooling", "en")
    db.session.commit()
    login(client, data["a"])  # a French interface
    page = client.get(f"/workshops/{data['workshop'].id}/live/board/{data['use_case'].id}").get_data(as_text=True)
    form = page[page.index(f'id="card-edit-{card.id}"'):]
    form = form[:form.index("</details>")]
    assert f'<label for="card-edit-language-{card.id}">Langue du texte</label>' in form
    assert '<option value="en" lang="en" selected>English</option>' in form
    assert 'maxlength="280" lang="en">Car pooling</textarea>' in form
    url = f"/workshops/{data['workshop'].id}/live/cards/{card.id}/edit"
    assert json_post(client, url, {"text": "Covoiturage", "kind": "idea", "language": "fr"}).status_code == 200
    db.session.expire_all()
    assert db.session.get(Card, card.id).language == "fr"


def test_a_card_edited_into_an_unknown_language_is_refused_and_kept(client):
    data = live_room()
    card = room.add_card(data["workshop"].id, data["a"], data["use_case"].id, "idea", "Car pooling", "en")
    db.session.commit()
    login(client, data["a"])
    url = f"/workshops/{data['workshop'].id}/live/cards/{card.id}/edit"
    assert json_post(client, url, {"text": "Autre", "language": "klingon"}).status_code == 422
    db.session.expire_all()
    assert (db.session.get(Card, card.id).text, db.session.get(Card, card.id).language) == ("Car pooling", "en")


def test_another_participant_cannot_change_a_cards_language(client):
    data = live_room()
    card = room.add_card(data["workshop"].id, data["a"], data["use_case"].id, "idea", "Car pooling", "en")
    db.session.commit()
    login(client, data["b"])
    url = f"/workshops/{data['workshop'].id}/live/cards/{card.id}/edit"
    assert json_post(client, url, {"text": "Car pooling", "language": "fr"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Card, card.id).language == "en"
