"""The live room: cards, dots, canvas fields with versions, facilitation, and who may do what."""
import pytest

from roadmap.extensions import db
from roadmap.workshops import room
from roadmap.workshops.models import Card, Dot, LiveEvent, UseCase, Workshop
from tests.conftest import csrf_token
from tests.factories import login
from tests.workshops.helpers import json_post, live_room, second_client


def _copy_text(data, field):
    """The workshop's working copy of a field: where the room's edits go (not the use case)."""
    from roadmap.workshops.text_models import FieldCopy

    copy = db.session.get(FieldCopy, (data["workshop"].id, data["use_case"].id, field), populate_existing=True)
    return copy.text if copy is not None else None


@pytest.fixture
def data(app):
    return live_room(dots=3)


def _url(data, path):
    return f"/workshops/{data['workshop'].id}/live/{path}"


def _card(client, data, text="Une idée", kind="idea"):
    return json_post(client, _url(data, "cards"), {"use_case_id": data["use_case"].id, "kind": kind, "text": text})


def _count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_participant_adds_a_card_and_it_is_logged_as_an_event(client, data):
    login(client, data["a"])
    response = _card(client, data, "Ajouter un défi entre quartiers")
    assert response.status_code == 201
    event = db.session.scalar(db.select(LiveEvent).where(LiveEvent.kind == "card"))
    assert "Ajouter un défi entre quartiers" in event.payload
    assert event.seq == 2  # 1 was the opening of the session


# Invited but not registered: refused (403); not invited at all: the room does not exist for them (404).
@pytest.mark.parametrize("who, refused", [("c", 403), ("d", 404)])
def test_non_participant_cannot_add_card_edit_or_vote(client, data, who, refused):
    card = room.add_card(data["workshop"].id, data["a"], data["use_case"].id, "idea", "Carte")
    db.session.commit()
    login(client, data[who])
    assert _card(client, data).status_code == refused
    field = json_post(client, _url(data, "fields"), {"use_case_id": data["use_case"].id, "field": "problem",
                                                     "value": "pirate", "version": 1})
    assert field.status_code == refused
    assert json_post(client, _url(data, f"cards/{card.id}/dots")).status_code == refused
    assert client.get(_url(data, "stream")).status_code == refused
    assert client.get(_url(data, "state")).status_code == refused
    assert _count(Card) == 1 and _count(Dot) == 0
    assert db.session.get(UseCase, data["use_case"].id).problem == ""


@pytest.mark.parametrize("text", ["", "   ", "x" * 281])
def test_empty_or_too_long_card_is_refused(client, data, text):
    login(client, data["a"])
    response = _card(client, data, text)
    assert response.status_code == 422 and response.get_json()["error"]
    assert _count(Card) == 0


def test_card_of_unknown_kind_is_refused(client, data):
    login(client, data["a"])
    assert _card(client, data, kind="rumour").status_code == 422
    assert _count(Card) == 0


def test_card_without_csrf_is_refused(client, data):
    login(client, data["a"])
    response = client.post(_url(data, "cards"), data={"use_case_id": data["use_case"].id, "kind": "idea", "text": "x"},
                           headers={"Accept": "application/json"})
    assert response.status_code == 400 and _count(Card) == 0


def test_card_posted_without_script_redirects_back_to_the_room(client, data):
    login(client, data["a"])
    response = client.post(_url(data, "cards"), data={"use_case_id": data["use_case"].id, "kind": "risk",
                                                      "text": "Risque", "csrf_token": csrf_token(client)})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/workshops/{data['workshop'].id}")


def test_each_participant_has_n_dots_and_no_more(client, data):
    card = room.add_card(data["workshop"].id, data["b"], data["use_case"].id, "idea", "Carte")
    db.session.commit()
    login(client, data["a"])
    token = csrf_token(client)
    for used in (1, 2, 3):
        response = json_post(client, _url(data, f"cards/{card.id}/dots"), token=token)
        assert response.status_code == 200 and response.get_json() == {"dots": used, "used": used}
    fourth = json_post(client, _url(data, f"cards/{card.id}/dots"), token=token)
    assert fourth.status_code == 422 and "3" in fourth.get_json()["error"]
    assert _count(Dot) == 3
    taken_back = json_post(client, _url(data, f"cards/{card.id}/dots/remove"), token=token)
    assert taken_back.get_json() == {"dots": 2, "used": 2}
    assert json_post(client, _url(data, f"cards/{card.id}/dots"), token=token).status_code == 200


def test_taking_back_a_dot_one_does_not_have_is_a_conflict(client, data):
    card = room.add_card(data["workshop"].id, data["b"], data["use_case"].id, "idea", "Carte")
    room.add_dot(data["workshop"].id, data["b"], card.id)
    db.session.commit()
    login(client, data["a"])
    assert json_post(client, _url(data, f"cards/{card.id}/dots/remove")).status_code == 409
    assert _count(Dot) == 1


def test_dot_on_a_card_of_another_workshop_is_not_found(client, data):
    login(client, data["a"])
    assert json_post(client, _url(data, "cards/9999/dots")).status_code == 404


def test_stale_canvas_save_is_refused_with_the_other_text(client, data):
    use_case = data["use_case"]
    version = use_case.versions()["problem"]
    login(client, data["a"])
    first = json_post(client, _url(data, "fields"), {"use_case_id": use_case.id, "field": "problem",
                                                     "value": "Texte d'Alice", "version": version})
    assert first.status_code == 200 and first.get_json() == {"version": version + 1}
    bruno = second_client(client.application)
    login(bruno, data["b"])
    stale = json_post(bruno, _url(data, "fields"), {"use_case_id": use_case.id, "field": "problem",
                                                    "value": "Texte de Bruno", "version": version})
    assert stale.status_code == 409
    body = stale.get_json()
    assert body["current_value"] == "Texte d'Alice" and body["current_version"] == version + 1
    db.session.expire_all()
    assert _copy_text(data, "problem") == "Texte d'Alice"
    assert db.session.get(UseCase, use_case.id).problem == ""  # the use case waits for the facilitator
    merged = json_post(bruno, _url(data, "fields"), {"use_case_id": use_case.id, "field": "problem",
                                                     "value": "Texte d'Alice et de Bruno", "version": version + 1})
    assert merged.status_code == 200
    db.session.expire_all()
    assert _copy_text(data, "problem") == "Texte d'Alice et de Bruno"


def test_stale_save_without_script_shows_a_merge_page(client, data):
    use_case = data["use_case"]
    room.edit_field(data["workshop"].id, data["b"], use_case.id, "service", "Leur texte", 1)
    db.session.commit()
    login(client, data["a"])
    response = client.post(_url(data, "fields"), data={"use_case_id": use_case.id, "field": "service",
                                                      "value": "Mon texte", "version": 1,
                                                      "csrf_token": csrf_token(client)})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "Leur texte" in page and "Mon texte" in page
    assert 'name="version" value="2"' in page


def test_unknown_field_or_bad_choice_is_refused(client, data):
    login(client, data["a"])
    for field, value in (("password", "x"), ("theme", "space-travel")):
        response = json_post(client, _url(data, "fields"), {"use_case_id": data["use_case"].id, "field": field,
                                                            "value": value, "version": 1})
        assert response.status_code == 422
    too_long = json_post(client, _url(data, "fields"), {"use_case_id": data["use_case"].id, "field": "problem",
                                                        "value": "x" * 5001, "version": 1})
    assert too_long.status_code == 422


def test_choice_field_is_saved_from_the_room(client, data):
    login(client, data["a"])
    response = json_post(client, _url(data, "fields"), {"use_case_id": data["use_case"].id,
                                                        "field": "governance_model", "value": "data_cooperative",
                                                        "version": 1})
    assert response.status_code == 200
    assert _copy_text(data, "governance_model") == "data_cooperative"
    assert db.session.get(UseCase, data["use_case"].id).governance_model.value == "personal_cloud"


def test_locked_canvas_refuses_edits_but_not_votes(client, data):
    card = room.add_card(data["workshop"].id, data["b"], data["use_case"].id, "idea", "Carte")
    db.session.commit()
    login(client, data["editor"])
    assert json_post(client, _url(data, "lock"), {"locked": "y"}).get_json() == {"locked": True}
    alice = second_client(client.application)
    login(alice, data["a"])
    edit = json_post(alice, _url(data, "fields"), {"use_case_id": data["use_case"].id, "field": "problem",
                                                   "value": "x", "version": 1})
    assert edit.status_code == 409
    assert json_post(alice, _url(data, f"cards/{card.id}/dots")).status_code == 200
    assert json_post(client, _url(data, "lock"), {}).get_json() == {"locked": False}


def test_only_the_editors_facilitate(client, data):
    login(client, data["a"])
    assert json_post(client, _url(data, "lock"), {"locked": "y"}).status_code == 403
    assert json_post(client, _url(data, "timer"), {"minutes": 5}).status_code == 403
    assert db.session.get(Workshop, data["workshop"].id).canvas_locked is False


def test_countdown_is_set_and_stopped_by_the_editor(client, data):
    login(client, data["editor"])
    response = json_post(client, _url(data, "timer"), {"minutes": 10})
    assert response.status_code == 200 and response.get_json()["ends_at"].endswith("Z")
    assert json_post(client, _url(data, "timer"), {"minutes": 0}).get_json() == {"ends_at": None}
    assert json_post(client, _url(data, "timer"), {"minutes": 999}).status_code == 422
    assert client.post(_url(data, "timer"), data={"minutes": 5}).status_code == 400  # no CSRF token


def test_after_closing_nothing_can_be_changed(client, data):
    card = room.add_card(data["workshop"].id, data["b"], data["use_case"].id, "idea", "Carte")
    room.close_session(data["workshop"].id, data["editor"])
    db.session.commit()
    login(client, data["a"])
    assert _card(client, data).status_code == 409
    assert json_post(client, _url(data, f"cards/{card.id}/dots")).status_code == 409
    edit = json_post(client, _url(data, "fields"), {"use_case_id": data["use_case"].id, "field": "problem",
                                                    "value": "x", "version": 1})
    assert edit.status_code == 409
    assert _count(Card) == 1 and _count(Dot) == 0
    page = client.get(f"/workshops/{data['workshop'].id}").get_data(as_text=True)
    assert 'id="room"' not in page and "Carte" in page  # the results stay visible


def test_results_are_sorted_by_dots(client, data):
    w, uc = data["workshop"].id, data["use_case"].id
    low = room.add_card(w, data["a"], uc, "idea", "Peu de voix")
    high = room.add_card(w, data["a"], uc, "risk", "Beaucoup de voix")
    room.add_dot(w, data["a"], high.id)
    room.add_dot(w, data["b"], high.id)
    room.add_dot(w, data["b"], low.id)
    room.add_dot(w, data["b"], high.id)
    db.session.commit()
    assert [c["text"] for c in room.room_cards(w)] == ["Beaucoup de voix", "Peu de voix"]
    login(client, data["a"])
    state = client.get(_url(data, "state")).get_json()
    assert [c["dots"] for c in state["cards"]] == [3, 1]
    assert state["dots_used"] == 1 and state["last_event_id"] == 7


def test_card_on_a_use_case_not_on_the_agenda_is_refused(client, data):
    from tests.workshops.helpers import make_use_case

    other = make_use_case(data["editor"], title="Autre")
    db.session.commit()
    login(client, data["a"])
    response = json_post(client, _url(data, "cards"), {"use_case_id": other.id, "kind": "idea", "text": "x"})
    assert response.status_code == 404 and _count(Card) == 0


def test_events_are_numbered_in_order_per_room(data):
    w, uc = data["workshop"].id, data["use_case"].id
    room.add_card(w, data["a"], uc, "idea", "Un")
    room.add_card(w, data["b"], uc, "idea", "Deux")
    db.session.commit()
    events = room.events_since(w, 1)
    assert [e["seq"] for e in events] == [2, 3] and [e["data"]["card"]["text"] for e in events] == ["Un", "Deux"]


@pytest.mark.parametrize("path", ["fields", "cards", "cards/{card}/dots", "cards/{card}/dots/remove", "timer", "lock"])
def test_every_room_post_without_csrf_token_is_refused(client, data, path):
    card = room.add_card(data["workshop"].id, data["a"], data["use_case"].id, "idea", "Carte")
    room.add_dot(data["workshop"].id, data["editor"], card.id)
    db.session.commit()
    login(client, data["editor"])
    before = (_count(Card), _count(Dot), _count(LiveEvent))
    response = client.post(_url(data, path.format(card=card.id)), headers={"Accept": "application/json"}, data={
        "use_case_id": data["use_case"].id, "field": "problem", "value": "x", "version": 1, "kind": "idea",
        "text": "x", "minutes": 5, "locked": "y"})
    assert response.status_code == 400
    assert (_count(Card), _count(Dot), _count(LiveEvent)) == before


@pytest.mark.parametrize("path", ["stream", "state"])
def test_visitors_are_sent_to_log_in_for_the_room(client, data, path):
    response = client.get(_url(data, path))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
