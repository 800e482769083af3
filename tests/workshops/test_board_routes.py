"""The board's routes: cards edited, removed, moved and merged, clusters; who may do what, CSRF, bad input."""
import json

import pytest

from roadmap.extensions import db
from roadmap.workshops import board, facilitation, room
from roadmap.workshops.board_models import Cluster
from roadmap.workshops.models import Card, Dot, LiveEvent
from tests.conftest import csrf_token, post
from tests.factories import login, make_editor
from tests.workshops.helpers import json_post, live_room, make_use_case, make_workshop, register, second_client


@pytest.fixture
def data(app):
    data = live_room(dots=5)
    data["card"] = room.add_card(data["workshop"].id, data["a"], data["use_case"].id, "idea", "Carte d'Alice")
    db.session.commit()
    data["card_id"] = data["card"].id
    return data


def _url(data, path):
    return f"/workshops/{data['workshop'].id}/live/{path}"


def _cluster(data, name="Mobilité douce"):
    cluster = board.create_cluster(data["workshop"].id, data["editor"], data["use_case"].id, name)
    db.session.commit()
    return cluster


def _card(data):
    db.session.expire_all()
    return db.session.get(Card, data["card_id"])


def _last_event(kind):
    event = db.session.scalar(db.select(LiveEvent).where(LiveEvent.kind == kind).order_by(LiveEvent.seq.desc()))
    return json.loads(event.payload) if event else None


# Editing and removing ------------------------------------------------------------------------------

def test_author_edits_their_card_and_everybody_is_told(client, data):
    login(client, data["a"])
    response = json_post(client, _url(data, f"cards/{data['card_id']}/edit"), {"text": "Carte revue", "kind": "risk"})
    assert response.status_code == 200 and response.get_json()["text"] == "Carte revue"
    assert _card(data).text == "Carte revue" and _card(data).kind.value == "risk"
    assert _last_event("board") == {"use_case_id": data["use_case"].id, "change": "edit",
                                    "card_id": data["card_id"], "text": "Carte revue"}


def test_another_participant_cannot_edit_nor_remove_the_card(client, data):
    login(client, data["b"])
    assert json_post(client, _url(data, f"cards/{data['card_id']}/edit"), {"text": "pirate"}).status_code == 403
    assert json_post(client, _url(data, f"cards/{data['card_id']}/remove")).status_code == 403
    assert _card(data).text == "Carte d'Alice"


def test_author_can_no_longer_edit_once_the_vote_started(client, data):
    facilitation.start_activity(data["workshop"].id, data["editor"], 5, "voting")
    db.session.commit()
    login(client, data["a"])
    assert json_post(client, _url(data, f"cards/{data['card_id']}/edit"), {"text": "trop tard"}).status_code == 403
    assert json_post(client, _url(data, f"cards/{data['card_id']}/remove")).status_code == 403


def test_facilitator_edits_and_removes_any_card_with_its_dots(client, data):
    room.add_dot(data["workshop"].id, data["b"], data["card_id"])
    db.session.commit()
    login(client, data["editor"])
    assert json_post(client, _url(data, f"cards/{data['card_id']}/edit"), {"text": "Reformulée"}).status_code == 200
    assert json_post(client, _url(data, f"cards/{data['card_id']}/remove")).status_code == 200
    assert _card(data) is None
    assert db.session.scalar(db.select(db.func.count(Dot.id))) == 0
    assert room.dots_used(data["workshop"].id, data["b"].id) == 0  # the dot went back to Bruno


@pytest.mark.parametrize("text", ["", "   ", "x" * 281])
def test_edit_with_empty_or_too_long_text_is_refused(client, data, text):
    login(client, data["a"])
    response = json_post(client, _url(data, f"cards/{data['card_id']}/edit"), {"text": text})
    assert response.status_code == 422 and response.get_json()["error"]
    assert _card(data).text == "Carte d'Alice"


def test_two_edits_of_one_card_at_once_the_second_is_told_and_keeps_its_text(client, data, app):
    """Alice and the facilitator both opened the card's form on "Carte d'Alice"."""
    facilitator = second_client(app)
    login(facilitator, data["editor"])
    seen = "Carte d'Alice"
    first = json_post(facilitator, _url(data, f"cards/{data['card_id']}/edit"), {"text": "Version Claire", "seen_text": seen})
    assert first.status_code == 200
    login(client, data["a"])
    second = json_post(client, _url(data, f"cards/{data['card_id']}/edit"), {"text": "Version Alice", "seen_text": seen})
    assert second.status_code == 409
    assert second.get_json()["current_text"] == "Version Claire" and "entre-temps" in second.get_json()["error"]
    assert _card(data).text == "Version Claire"
    # Saving again against what is now shown replaces it, knowingly.
    again = json_post(client, _url(data, f"cards/{data['card_id']}/edit"),
                      {"text": "Version Alice", "seen_text": "Version Claire"})
    assert again.status_code == 200 and _card(data).text == "Version Alice"


def test_a_stale_edit_without_script_shows_both_texts_and_keeps_the_typed_one(client, data):
    board.edit_card(data["workshop"].id, data["editor"], data["card_id"], "Version Claire")
    db.session.commit()
    login(client, data["a"])
    response = post(client, _url(data, f"cards/{data['card_id']}/edit"),
                    {"text": "Version Alice", "seen_text": "Carte d'Alice", "kind": "idea"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Version Claire" in page and ">Version Alice</textarea>" in page
    assert 'name="seen_text" value="Version Claire"' in page
    assert _card(data).text == "Version Claire"


def test_the_same_text_saved_twice_is_no_conflict(client, data):
    board.edit_card(data["workshop"].id, data["editor"], data["card_id"], "Même texte")
    db.session.commit()
    login(client, data["a"])
    response = json_post(client, _url(data, f"cards/{data['card_id']}/edit"),
                         {"text": "Même texte", "seen_text": "Carte d'Alice"})
    assert response.status_code == 200


def test_edit_with_an_unknown_kind_is_refused(client, data):
    login(client, data["a"])
    assert json_post(client, _url(data, f"cards/{data['card_id']}/edit"), {"text": "ok", "kind": "rumeur"}).status_code == 422


@pytest.mark.parametrize("path", ["cards/{card}/edit", "cards/{card}/remove", "cards/{card}/move", "cards/merge",
                                  "clusters", "activity", "reveal", "focus", "open-clusters"])
def test_every_board_change_needs_the_csrf_token(client, data, path):
    login(client, data["editor"])
    response = client.post(_url(data, path.format(card=data["card_id"])),
                           data={"text": "x", "use_case_id": data["use_case"].id, "name": "G", "minutes": 1},
                           headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert _card(data).text == "Carte d'Alice" and db.session.scalar(db.select(db.func.count(Cluster.id))) == 0


def test_edit_without_script_redirects_to_the_card(client, data):
    login(client, data["a"])
    response = post(client, _url(data, f"cards/{data['card_id']}/edit"), {"text": "Sans script"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/workshops/{data['workshop'].id}#card-{data['card_id']}")


def test_lock_freezes_the_cards_but_not_the_dots(client, data):
    room.set_canvas_lock(data["workshop"].id, data["editor"], True)
    db.session.commit()
    login(client, data["a"])
    added = json_post(client, _url(data, "cards"), {"use_case_id": data["use_case"].id, "kind": "idea", "text": "Non"})
    assert added.status_code == 409 and "verrouill" in added.get_json()["error"]
    assert json_post(client, _url(data, f"cards/{data['card_id']}/edit"), {"text": "Non"}).status_code == 409
    assert json_post(client, _url(data, f"cards/{data['card_id']}/dots")).status_code == 200
    board_page = client.get(_url(data, f"board/{data['use_case'].id}")).get_data(as_text=True)
    assert f'id="card-edit-{data["card_id"]}"' not in board_page  # no control that would be refused
    assert f'id="card-text-{data["use_case"].id}"' in board_page and "disabled" in board_page


# Clusters and moving ---------------------------------------------------------------------------------

def test_facilitator_creates_a_cluster_and_moves_a_card_into_it(client, data):
    login(client, data["editor"])
    created = json_post(client, _url(data, "clusters"), {"use_case_id": data["use_case"].id, "name": " Vélo  "})
    assert created.status_code == 201 and created.get_json()["name"] == "Vélo"
    cluster_id = created.get_json()["id"]
    moved = json_post(client, _url(data, f"cards/{data['card_id']}/move"), {"cluster_id": cluster_id})
    assert moved.status_code == 200 and _card(data).cluster_id == cluster_id
    assert _last_event("board")["change"] == "move"
    back = json_post(client, _url(data, f"cards/{data['card_id']}/move"), {"cluster_id": ""})
    assert back.status_code == 200 and _card(data).cluster_id is None


def test_participant_creates_clusters_only_when_the_facilitator_allows_it(client, data):
    login(client, data["b"])
    url = _url(data, "clusters")
    assert json_post(client, url, {"use_case_id": data["use_case"].id, "name": "G"}).status_code == 403
    facilitation.set_open_clusters(data["workshop"].id, data["editor"], True)
    db.session.commit()
    assert json_post(client, url, {"use_case_id": data["use_case"].id, "name": "G"}).status_code == 201


def test_only_the_facilitator_opens_clusters_to_everybody(client, data):
    login(client, data["a"])
    assert json_post(client, _url(data, "open-clusters"), {"allowed": "y"}).status_code == 403


@pytest.mark.parametrize("name, status", [("", 422), ("   ", 422), ("x" * 81, 422), ("Mobilité douce", 422)])
def test_bad_cluster_names_are_refused(client, data, name, status):
    _cluster(data)
    login(client, data["editor"])
    response = json_post(client, _url(data, "clusters"), {"use_case_id": data["use_case"].id, "name": name})
    assert response.status_code == status and response.get_json()["error"]
    assert db.session.scalar(db.select(db.func.count(Cluster.id))) == 1


def test_a_cluster_for_a_use_case_not_on_the_agenda_is_refused(client, data):
    other = make_use_case(data["editor"], title="Ailleurs")
    db.session.commit()
    login(client, data["editor"])
    assert json_post(client, _url(data, "clusters"), {"use_case_id": other.id, "name": "G"}).status_code == 404


def test_another_participant_cannot_move_the_card(client, data):
    cluster = _cluster(data)
    login(client, data["b"])
    assert json_post(client, _url(data, f"cards/{data['card_id']}/move"), {"cluster_id": cluster.id}).status_code == 403
    assert _card(data).cluster_id is None


def test_moving_to_a_cluster_of_another_workshop_is_refused(client, data):
    editor = make_editor()
    use_case = make_use_case(editor, title="Autre")
    other = make_workshop(editor, territories=[data["territory"]], use_cases=[use_case])
    register(other, data["a"])
    room.open_session(other.id, editor)
    foreign = board.create_cluster(other.id, editor, use_case.id, "Étranger")
    db.session.commit()
    login(client, data["editor"])
    response = json_post(client, _url(data, f"cards/{data['card_id']}/move"), {"cluster_id": foreign.id})
    assert response.status_code == 404 and _card(data).cluster_id is None


def test_moving_to_a_cluster_of_another_use_case_is_refused(client, data):
    second = make_use_case(data["editor"], title="Deuxième")
    data["workshop"].use_cases.append(second)
    db.session.commit()
    cluster = board.create_cluster(data["workshop"].id, data["editor"], second.id, "Ailleurs")
    db.session.commit()
    login(client, data["editor"])
    assert json_post(client, _url(data, f"cards/{data['card_id']}/move"), {"cluster_id": cluster.id}).status_code == 422


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999"])
def test_moving_with_a_malformed_cluster_is_refused(client, data, value):
    login(client, data["editor"])
    assert json_post(client, _url(data, f"cards/{data['card_id']}/move"), {"cluster_id": value}).status_code == 422


def test_removing_a_cluster_keeps_its_cards(client, data):
    cluster = _cluster(data)
    board.move_card(data["workshop"].id, data["editor"], data["card_id"], cluster.id)
    db.session.commit()
    login(client, data["a"])
    assert json_post(client, _url(data, f"clusters/{cluster.id}/remove")).status_code == 403
    assert json_post(client, _url(data, f"clusters/{cluster.id}/rename"), {"name": "X"}).status_code == 403
    editor = second_client(client.application)
    login(editor, data["editor"])
    assert json_post(editor, _url(data, f"clusters/{cluster.id}/rename"), {"name": "Renommé"}).status_code == 200
    assert json_post(editor, _url(data, f"clusters/{cluster.id}/remove")).status_code == 200
    assert _card(data) is not None and _card(data).cluster_id is None


# Merging --------------------------------------------------------------------------------------------

def test_facilitator_merges_duplicates_and_the_dots_are_kept(client, data):
    duplicate = room.add_card(data["workshop"].id, data["b"], data["use_case"].id, "idea", "Carte d'Alice (bis)")
    room.add_dot(data["workshop"].id, data["a"], duplicate.id)
    room.add_dot(data["workshop"].id, data["b"], duplicate.id)
    room.add_dot(data["workshop"].id, data["b"], data["card_id"])
    db.session.commit()
    duplicate_id = duplicate.id
    login(client, data["editor"])
    response = json_post(client, _url(data, "cards/merge"), {"source_id": duplicate_id, "target_id": data["card_id"]})
    assert response.status_code == 200
    assert db.session.get(Card, duplicate_id) is None
    # Alice's dot moved; Bruno had one on each: he keeps one, the other goes back to him.
    assert room.room_cards(data["workshop"].id)[0]["dots"] == 2
    assert room.dots_used(data["workshop"].id, data["b"].id) == 1


def test_participant_cannot_merge(client, data):
    duplicate = room.add_card(data["workshop"].id, data["a"], data["use_case"].id, "idea", "Doublon")
    db.session.commit()
    login(client, data["a"])
    response = json_post(client, _url(data, "cards/merge"), {"source_id": duplicate.id, "target_id": data["card_id"]})
    assert response.status_code == 403 and db.session.get(Card, duplicate.id) is not None


@pytest.mark.parametrize("pair", [("same", "same"), ("card", ""), ("", "")])
def test_merging_a_card_with_itself_or_nothing_is_refused(client, data, pair):
    ids = {"same": data["card_id"], "card": data["card_id"], "": ""}
    login(client, data["editor"])
    response = json_post(client, _url(data, "cards/merge"), {"source_id": ids[pair[0]], "target_id": ids[pair[1]]})
    assert response.status_code == 422 and _card(data) is not None


def test_the_second_facilitator_merging_the_same_card_is_told(client, data):
    duplicate = room.add_card(data["workshop"].id, data["b"], data["use_case"].id, "idea", "Doublon")
    db.session.commit()
    duplicate_id = duplicate.id
    board.merge_cards(data["workshop"].id, data["editor"], duplicate_id, data["card_id"])
    db.session.commit()
    login(client, make_editor(name="Autre animatrice"))
    response = json_post(client, _url(data, "cards/merge"), {"source_id": duplicate_id, "target_id": data["card_id"]})
    assert response.status_code == 409 and "fusionnée" in response.get_json()["error"]


# Fragments --------------------------------------------------------------------------------------------

def test_board_fragment_shows_the_reader_what_they_may_do(client, data):
    cluster = _cluster(data)
    login(client, data["a"])
    page = client.get(_url(data, f"board/{data['use_case'].id}")).get_data(as_text=True)
    assert "Carte d&#39;Alice" in page and f'id="card-edit-{data["card_id"]}"' in page
    assert f'id="move-{data["card_id"]}"' in page and f'id="cluster-{cluster.id}"' in page
    assert "cards/merge" not in page  # not the facilitator
    bruno = second_client(client.application)
    login(bruno, data["b"])
    other = bruno.get(_url(data, f"board/{data['use_case'].id}")).get_data(as_text=True)
    assert f'id="card-edit-{data["card_id"]}"' not in other and f'id="move-{data["card_id"]}"' not in other


def test_fragments_are_for_participants_and_use_cases_of_the_agenda(client, data):
    login(client, data["c"])  # invited, not registered
    assert client.get(_url(data, f"board/{data['use_case'].id}")).status_code == 403
    assert client.get(_url(data, "results")).status_code == 403
    editor = second_client(client.application)
    login(editor, data["editor"])
    assert editor.get(_url(data, "board/99999")).status_code == 404
    assert editor.get(_url(data, "results")).status_code == 200


def test_the_room_has_a_jump_list_and_the_cards_come_before_a_long_canvas(client, data):
    login(client, data["a"])
    page = client.get(f"/workshops/{data['workshop'].id}").get_data(as_text=True)
    assert 'href="#board"' in page and 'href="#results-view"' in page
    assert page.index('href="#board"') < page.index('id="f-')  # one link before the first canvas field
    assert 'id="board"' in page and f'id="card-text-{data["use_case"].id}"' in page
