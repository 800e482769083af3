"""Simultaneous requests: the rules hold when two browsers hit the room at the same moment."""
import threading

from roadmap.extensions import db
from roadmap.workshops import room
from roadmap.workshops.models import Dot, UseCase
from tests.conftest import csrf_token
from tests.factories import login
from tests.workshops.helpers import live_room, second_client


def _at_once(requests):
    """Run the requests in threads released together; return their status codes."""
    barrier, results = threading.Barrier(len(requests)), [None] * len(requests)

    def run(index, request):
        barrier.wait()
        results[index] = request()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return sorted(results)


def _post(client, url, data, token):
    def request():
        return client.post(url, data=data, headers={"X-CSRFToken": token, "Accept": "application/json"}).status_code
    return request


def test_simultaneous_dots_never_exceed_the_allowance(app):
    data = live_room(dots=1)
    card = room.add_card(data["workshop"].id, data["b"], data["use_case"].id, "idea", "Carte")
    db.session.commit()
    clients = [second_client(app) for _ in range(4)]
    tokens = []
    for client in clients:  # four tabs of the same person
        login(client, data["a"])
        tokens.append(csrf_token(client))
    db.session.commit()
    url = f"/workshops/{data['workshop'].id}/live/cards/{card.id}/dots"
    statuses = _at_once([_post(c, url, {}, t) for c, t in zip(clients, tokens)])
    assert statuses == [200, 422, 422, 422]
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Dot.id))) == 1


def test_two_simultaneous_saves_from_one_version_one_wins_one_is_told(app):
    data = live_room()
    alice, bruno = second_client(app), second_client(app)
    login(alice, data["a"])
    login(bruno, data["b"])
    url = f"/workshops/{data['workshop'].id}/live/fields"
    base = {"use_case_id": data["use_case"].id, "field": "problem", "version": 1}
    statuses = _at_once([_post(alice, url, {**base, "value": "Alice"}, csrf_token(alice)),
                         _post(bruno, url, {**base, "value": "Bruno"}, csrf_token(bruno))])
    assert statuses == [200, 409]
    db.session.commit()
    from roadmap.workshops.text_models import FieldCopy

    copy = db.session.get(FieldCopy, (data["workshop"].id, data["use_case"].id, "problem"))
    assert copy.text in ("Alice", "Bruno") and copy.version == 2  # the workshop's working copy


def test_two_facilitators_merging_the_same_cards_at_once_one_wins_one_is_told(app):
    from roadmap.workshops.models import Card
    from tests.factories import make_editor

    data = live_room()
    w, uc = data["workshop"].id, data["use_case"].id
    target = room.add_card(w, data["a"], uc, "idea", "Covoiturage")
    duplicate = room.add_card(w, data["b"], uc, "idea", "Co-voiturage")
    room.add_dot(w, data["a"], duplicate.id)
    db.session.commit()
    ids = {"source_id": duplicate.id, "target_id": target.id}
    first, second = second_client(app), second_client(app)
    login(first, data["editor"])
    login(second, make_editor(name="Seconde animatrice"))
    url = f"/workshops/{w}/live/cards/merge"
    statuses = _at_once([_post(first, url, ids, csrf_token(first)), _post(second, url, ids, csrf_token(second))])
    assert statuses == [200, 409]
    db.session.commit()
    assert db.session.get(Card, ids["source_id"]) is None
    assert db.session.scalar(db.select(db.func.count(Dot.id)).where(Dot.card_id == ids["target_id"])) == 1
