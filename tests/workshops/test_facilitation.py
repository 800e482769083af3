"""The facilitator's tools: a timed activity the server enforces, hidden votes, one dot per card, follow me."""
import json
from datetime import timedelta

import pytest

from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.workshops import board, facilitation, room
from roadmap.workshops.models import Card, Dot, LiveEvent, Workshop
from tests.factories import login
from tests.workshops.helpers import json_post, live_room, make_use_case


@pytest.fixture
def data(app):
    data = live_room(dots=5)
    data["card"] = room.add_card(data["workshop"].id, data["a"], data["use_case"].id, "idea", "Première carte")
    db.session.commit()
    data["card_id"] = data["card"].id
    return data


def _url(data, path):
    return f"/workshops/{data['workshop'].id}/live/{path}"


def _new_card(client, data, text="Encore une"):
    return json_post(client, _url(data, "cards"), {"use_case_id": data["use_case"].id, "kind": "idea", "text": text})


def _ended(data, activity, **options):
    """An activity of one minute that started two minutes ago."""
    facilitation.start_activity(data["workshop"].id, data["editor"], 1, activity, now=utcnow() - timedelta(minutes=2),
                                **options)
    db.session.commit()


def _last_event(kind):
    event = db.session.scalar(db.select(LiveEvent).where(LiveEvent.kind == kind).order_by(LiveEvent.seq.desc()))
    return json.loads(event.payload)


def test_only_the_facilitator_starts_an_activity(client, data):
    login(client, data["a"])
    assert json_post(client, _url(data, "activity"), {"activity": "cards", "minutes": 5}).status_code == 403
    assert db.session.get(Workshop, data["workshop"].id).timer_ends_at is None


@pytest.mark.parametrize("form", [{"activity": "cards", "minutes": "181"}, {"activity": "cards", "minutes": "-1"},
                                  {"activity": "cards", "minutes": "dix"}, {"activity": "cards"},
                                  {"activity": "sieste", "minutes": "5"}])
def test_bad_activity_input_is_refused(client, data, form):
    login(client, data["editor"])
    assert json_post(client, _url(data, "activity"), form).status_code == 422


def test_an_activity_is_announced_to_every_room(client, data):
    login(client, data["editor"])
    response = json_post(client, _url(data, "activity"), {"activity": "cards", "minutes": "10"})
    assert response.status_code == 200 and response.get_json()["activity"] == "cards"
    event = _last_event("timer")
    assert event["activity"] == "cards" and event["ends_at"].endswith("Z")


def test_after_the_time_for_cards_no_new_card_but_dots_go_on(client, data):
    _ended(data, "cards")
    login(client, data["b"])
    refused = _new_card(client, data)
    assert refused.status_code == 409 and "Le temps des cartes est écoulé" in refused.get_json()["error"]
    assert db.session.scalar(db.select(db.func.count(Card.id))) == 1
    assert json_post(client, _url(data, f"cards/{data['card_id']}/dots")).status_code == 200


def test_a_running_activity_accepts_cards_and_stopping_it_accepts_them_again(client, data):
    facilitation.start_activity(data["workshop"].id, data["editor"], 5, "cards")
    db.session.commit()
    login(client, data["b"])
    assert _new_card(client, data, "Pendant").status_code == 201
    _ended(data, "cards")
    assert _new_card(client, data, "Après").status_code == 409
    facilitation.start_activity(data["workshop"].id, data["editor"], 0)
    db.session.commit()
    assert _new_card(client, data, "Arrêtée").status_code == 201


def test_after_the_vote_no_dot_is_placed_or_taken_back(client, data):
    room.add_dot(data["workshop"].id, data["b"], data["card_id"])
    db.session.commit()
    _ended(data, "voting")
    login(client, data["b"])
    placed = json_post(client, _url(data, f"cards/{data['card_id']}/dots"))
    assert placed.status_code == 409 and "Le vote est terminé" in placed.get_json()["error"]
    assert json_post(client, _url(data, f"cards/{data['card_id']}/dots/remove")).status_code == 409
    assert db.session.scalar(db.select(db.func.count(Dot.id))) == 1
    assert _new_card(client, data).status_code == 201  # a vote's end stops the dots, not the cards


def test_one_dot_per_card_refuses_a_second_dot_on_the_same_card(client, data):
    other = room.add_card(data["workshop"].id, data["a"], data["use_case"].id, "idea", "Seconde")
    facilitation.start_activity(data["workshop"].id, data["editor"], 10, "voting", one_dot_per_card=True)
    db.session.commit()
    login(client, data["b"])
    assert json_post(client, _url(data, f"cards/{data['card_id']}/dots")).status_code == 200
    second = json_post(client, _url(data, f"cards/{data['card_id']}/dots"))
    assert second.status_code == 409 and "Une gommette par carte" in second.get_json()["error"]
    assert json_post(client, _url(data, f"cards/{other.id}/dots")).status_code == 200


def test_hidden_votes_are_hidden_until_the_facilitator_reveals_them(client, data):
    facilitation.start_activity(data["workshop"].id, data["editor"], 10, "voting", hidden=True)
    db.session.commit()
    login(client, data["b"])
    placed = json_post(client, _url(data, f"cards/{data['card_id']}/dots"))
    assert placed.status_code == 200 and placed.get_json() == {"dots": None, "used": 1}
    assert _last_event("dots")["dots"] is None  # the stream does not tell the count either
    state = client.get(_url(data, "state")).get_json()
    assert state["votes_hidden"] is True and state["cards"][0]["dots"] is None
    fragment = client.get(_url(data, f"board/{data['use_case'].id}")).get_data(as_text=True)
    assert 'class="dot-count is-hidden"' in fragment and "masquées" in fragment
    assert json_post(client, _url(data, "reveal")).status_code == 403
    facilitation.reveal_votes(data["workshop"].id, data["editor"])
    db.session.commit()
    assert client.get(_url(data, "state")).get_json()["cards"][0]["dots"] == 1
    assert _last_event("reveal") == {"hidden": False}


def test_a_late_joiner_sees_the_time_left(client, data):
    facilitation.start_activity(data["workshop"].id, data["editor"], 10, "cards")
    db.session.commit()
    login(client, data["b"])
    page = client.get(f"/workshops/{data['workshop'].id}").get_data(as_text=True)
    assert 'data-timer-ends-at="20' in page and "Activité en cours : cartes." in page
    assert "Temps restant : 9:5" in page or "Temps restant : 10:00" in page


def test_follow_me_brings_everybody_to_a_use_case_or_a_cluster(client, data):
    cluster = board.create_cluster(data["workshop"].id, data["editor"], data["use_case"].id, "Vélo")
    db.session.commit()
    login(client, data["editor"])
    uc = data["use_case"].id
    assert json_post(client, _url(data, "focus"), {"target": f"uc-{uc}"}).get_json()["anchor"] == f"uc-{uc}-title"
    response = json_post(client, _url(data, "focus"), {"target": f"cluster-{uc}-{cluster.id}"})
    assert response.status_code == 200 and _last_event("focus")["anchor"] == f"cluster-{cluster.id}"
    page = client.get(f"/workshops/{data['workshop'].id}").get_data(as_text=True)
    assert f'data-focus-anchor="cluster-{cluster.id}"' in page and "vous amène sur" in page
    assert json_post(client, _url(data, "focus"), {"target": ""}).get_json()["anchor"] is None


@pytest.mark.parametrize("target", ["uc-abc", "uc-", "elsewhere-1", "cluster-1", "uc-99999"])
def test_follow_me_to_something_not_on_the_agenda_is_refused(client, data, target):
    login(client, data["editor"])
    assert json_post(client, _url(data, "focus"), {"target": target}).status_code in (404, 422)


def test_follow_me_to_a_cluster_of_another_use_case_is_refused(client, data):
    second = make_use_case(data["editor"], title="Deuxième")
    data["workshop"].use_cases.append(second)
    db.session.commit()
    cluster = board.create_cluster(data["workshop"].id, data["editor"], second.id, "Ailleurs")
    db.session.commit()
    login(client, data["editor"])
    assert json_post(client, _url(data, "focus"), {"target": f"cluster-{data['use_case'].id}-{cluster.id}"}) \
        .status_code == 422


def test_participant_cannot_lead_the_room(client, data):
    login(client, data["a"])
    assert json_post(client, _url(data, "focus"), {"target": f"uc-{data['use_case'].id}"}).status_code == 403
