"""The shared text's routes: updates, sync, presence, history and restore — who may, CSRF, bad input."""
import base64
import json

import pytest
from pycrdt import Doc, Text

from roadmap.extensions import db
from roadmap.workshops import room, shared_text
from roadmap.workshops.text_models import FieldCopy, FieldRevision, FieldUpdate
from tests.conftest import csrf_token
from tests.factories import login
from tests.workshops.helpers import live_room, second_client


@pytest.fixture
def data(app):
    return live_room()


def _base(data):
    return f"/workshops/{data['workshop'].id}/live"


def _typed(text, after=None):
    """An update as a browser's Y.Text makes it (on top of ``after``, the server's state)."""
    doc = Doc()
    if after:
        doc.apply_update(after)
    before = doc.get_state()
    ytext = doc.get(shared_text.ROOT, type=Text)
    ytext.insert(len(str(ytext).encode()), text)
    return doc.get_update(before)


def _send(client, data, update, field="problem", token=None, use_case_id=None):
    return client.post(f"{_base(data)}/text?use_case_id={use_case_id or data['use_case'].id}&field={field}",
                       data=update, content_type="application/octet-stream",
                       headers={"X-CSRFToken": token or csrf_token(client), "Accept": "application/json"})


def _sync(client, data, sv=b"", token=None, field="problem"):
    body = {"fields": [{"use_case_id": data["use_case"].id, "field": field, "sv": base64.b64encode(sv).decode()}]}
    return client.post(f"{_base(data)}/text/sync", data=json.dumps(body), content_type="application/json",
                       headers={"X-CSRFToken": token or csrf_token(client), "Accept": "application/json"})


def _server_state(client, data):
    return base64.b64decode(_sync(client, data).get_json()["fields"][0]["update"])


def _copy(data, field="problem"):
    db.session.expire_all()
    return db.session.get(FieldCopy, (data["workshop"].id, data["use_case"].id, field))


def test_participant_types_and_the_working_copy_follows(client, data):
    login(client, data["a"])
    state = _server_state(client, data)
    response = _send(client, data, _typed("Bonjour", state))
    assert response.status_code == 200 and response.get_json()["version"] == _copy(data).version
    assert _copy(data).text == "Bonjour"
    answer = _sync(client, data).get_json()["fields"][0]
    assert answer["text"] == "Bonjour"


def test_without_csrf_token_nothing_is_applied(client, data):
    login(client, data["a"])
    state = _server_state(client, data)
    response = client.post(f"{_base(data)}/text?use_case_id={data['use_case'].id}&field=problem",
                           data=_typed("x", state), content_type="application/octet-stream")
    assert response.status_code == 400
    assert _copy(data).text == ""
    assert client.post(f"{_base(data)}/text/sync", data="{}", content_type="application/json").status_code == 400


@pytest.mark.parametrize("who, status", [("c", 403), ("d", 404)])
def test_non_participants_cannot_write_sync_or_point(client, data, who, status):
    login(client, data[who])
    assert _send(client, data, _typed("pirate")).status_code == status
    assert _sync(client, data).status_code == status
    presence = client.post(f"{_base(data)}/text/presence", data=json.dumps({"field": None}),
                           content_type="application/json", headers={"X-CSRFToken": csrf_token(client)})
    assert presence.status_code == status
    assert db.session.query(FieldUpdate).count() == 0


def test_logged_out_visitor_is_sent_to_log_in(client, data):
    response = client.post(f"{_base(data)}/text?use_case_id=1&field=problem", data=b"x")
    assert response.status_code in (302, 400, 401)
    assert db.session.query(FieldUpdate).count() == 0


def test_malformed_update_is_400_and_the_document_stays(client, data):
    login(client, data["a"])
    state = _server_state(client, data)
    assert _send(client, data, _typed("Gardé", state)).status_code == 200
    for bad in (b"\x01\x02garbage", b"\xff" * 10):
        assert _send(client, data, bad).status_code == 400
    assert _send(client, data, b"").status_code == 400
    bruno = second_client(client.application)
    login(bruno, data["b"])
    assert _sync(bruno, data).get_json()["fields"][0]["text"] == "Gardé"


def test_update_over_64_kib_is_413(client, data):
    login(client, data["a"])
    response = _send(client, data, b"\x00" * (64 * 1024 + 1))
    assert response.status_code == 413 and response.get_json()["error"]
    assert _copy(data) is None or _copy(data).text == ""


def test_update_past_the_fields_maximum_is_422_and_nothing_stored(client, data):
    login(client, data["a"])
    state = _server_state(client, data)
    stored = db.session.query(FieldUpdate).count()
    assert _send(client, data, _typed("x" * 5001, state)).status_code == 422
    assert _send(client, data, _typed("t" * 201, state), field="title").status_code == 422
    assert db.session.query(FieldUpdate).count() == stored
    assert _copy(data).text == ""


def test_unknown_or_choice_field_and_use_case_off_the_agenda_are_refused(client, data):
    from tests.workshops.helpers import make_use_case

    other = make_use_case(data["editor"], title="Hors agenda")
    db.session.commit()
    login(client, data["a"])
    assert _send(client, data, _typed("x"), field="password").status_code == 422
    assert _send(client, data, _typed("x"), field="theme").status_code == 422
    assert _send(client, data, _typed("x"), use_case_id=other.id).status_code == 404
    assert _sync(client, data, field="password").status_code == 404
    bad_sv = client.post(f"{_base(data)}/text/sync", data=json.dumps({"fields": [{"use_case_id": "1"}]}),
                         content_type="application/json", headers={"X-CSRFToken": csrf_token(client)})
    assert bad_sv.status_code == 400
    not_b64 = client.post(f"{_base(data)}/text/sync", data=json.dumps({"fields": [
        {"use_case_id": data["use_case"].id, "field": "problem", "sv": "%%%"}]}),
        content_type="application/json", headers={"X-CSRFToken": csrf_token(client)})
    assert not_b64.status_code == 400


@pytest.mark.parametrize("change", ["lock", "close"])
def test_locked_canvas_or_closed_session_is_409(client, data, change):
    login(client, data["a"])
    state = _server_state(client, data)
    if change == "lock":
        room.set_canvas_lock(data["workshop"].id, data["editor"], True)
    else:
        room.close_session(data["workshop"].id, data["editor"])
    db.session.commit()
    assert _send(client, data, _typed("x", state)).status_code == 409
    assert _copy(data).text == ""


def test_a_burst_from_one_client_is_slowed_without_stalling_the_others(client, data, app):
    app.config["SHARED_TEXT_UPDATES_PER_SECOND"] = 2  # low, so that 12 sends exceed it even on a slow machine
    login(client, data["a"])
    token = csrf_token(client)
    state = _server_state(client, data)
    statuses = [_send(client, data, _typed(str(i), state), token=token).status_code for i in range(12)]
    assert 429 in statuses and statuses[0] == 200
    bruno = second_client(app)
    login(bruno, data["b"])
    assert _send(bruno, data, _typed("Bruno", state), field="service").status_code == 200


def test_presence_is_relayed_not_stored(client, data, app):
    from roadmap.core.live import get_broker

    login(client, data["a"])
    token = csrf_token(client)
    subscription = get_broker().subscribe(room.channel(data["workshop"].id))
    try:
        response = client.post(f"{_base(data)}/text/presence", content_type="application/json",
                               headers={"X-CSRFToken": token}, data=json.dumps({
                                   "field": "problem", "use_case_id": data["use_case"].id,
                                   "anchor": base64.b64encode(b"\x01\x02").decode(), "head": None, "client": "t1"}))
        assert response.status_code == 200
        message = subscription.get(2)
        assert message["kind"] == "cursor" and message["data"]["name"] == "Alice"
        assert message["data"]["field"] == "problem"
    finally:
        subscription.close()
    for bad in ({"field": "password", "use_case_id": 1}, {"field": "problem", "use_case_id": data["use_case"].id,
                                                          "anchor": "x" * 400}, [1]):
        response = client.post(f"{_base(data)}/text/presence", content_type="application/json",
                               headers={"X-CSRFToken": token}, data=json.dumps(bad))
        assert response.status_code in (400, 422)


def test_history_page_for_participants_and_restore_for_the_facilitator(client, data):
    login(client, data["a"])
    state = _server_state(client, data)
    _send(client, data, _typed("Premier jet", state))
    first = db.session.query(FieldRevision).one()
    first.updated_at = first.updated_at.replace(year=2000)  # older than the grouping window
    db.session.commit()
    _send(client, data, _typed(" puis la suite", _server_state(client, data)))
    page = client.get(f"{_base(data)}/history/{data['use_case'].id}/problem")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Premier jet" in html and "Alice" in html and "<ins>" in html
    assert "Restaurer ce texte" not in html  # only for the facilitator
    url = f"{_base(data)}/history/{first.id}/restore"
    assert client.post(url, data={"csrf_token": csrf_token(client)}).status_code == 403
    editor = second_client(client.application)
    login(editor, data["editor"])
    assert "Restaurer ce texte" in editor.get(f"{_base(data)}/history/{data['use_case'].id}/problem").get_data(
        as_text=True)
    assert editor.post(url).status_code == 400  # no CSRF token
    assert _copy(data).text == "Premier jet puis la suite"
    response = editor.post(url, data={"csrf_token": csrf_token(editor)})
    assert response.status_code == 302
    assert _copy(data).text == "Premier jet"
    assert editor.post(f"{_base(data)}/history/99999/restore",
                       data={"csrf_token": csrf_token(editor)}).status_code == 404


def test_history_refuses_strangers_and_unknown_fields(client, data):
    login(client, data["c"])
    assert client.get(f"{_base(data)}/history/{data['use_case'].id}/problem").status_code == 403
    alice = second_client(client.application)
    login(alice, data["a"])
    assert alice.get(f"{_base(data)}/history/{data['use_case'].id}/password").status_code == 404
    assert alice.get(f"{_base(data)}/history/99999/problem").status_code == 404


def test_the_room_page_shows_the_working_copy(client, data):
    login(client, data["a"])
    _send(client, data, _typed("Texte partagé", _server_state(client, data)))
    page = client.get(f"/workshops/{data['workshop'].id}").get_data(as_text=True)
    assert "Texte partagé" in page and 'data-shared="true"' in page and "yjs.min.js" in page


def test_the_room_state_gives_the_working_copy(client, data):
    login(client, data["a"])
    _send(client, data, _typed("Copie", _server_state(client, data)))
    state = client.get(f"{_base(data)}/state").get_json()
    assert state["use_cases"][0]["fields"]["problem"] == "Copie"
    assert state["use_cases"][0]["versions"]["problem"] == _copy(data).version


def test_a_keystroke_costs_six_statements(client, data):
    """The user, the workshop, the field's row locked (agenda checked with it), the update stored,
    the working copy and the history step written: no read of the stored updates or of the history."""
    from tests.conftest import counted_statements

    login(client, data["a"])
    state = _server_state(client, data)
    token = csrf_token(client)
    first = _typed("A", state)
    assert _send(client, data, first, token=token).status_code == 200
    doc = Doc()
    doc.apply_update(state)
    doc.apply_update(first)
    update = _typed("B", doc.get_update())
    url = f"{_base(data)}/text?use_case_id={data['use_case'].id}&field=problem"
    with counted_statements() as statements:
        response = client.post(url, data=update, content_type="application/octet-stream",
                               headers={"X-CSRFToken": token, "Accept": "application/json"})
    assert response.status_code == 200
    assert len(statements) == 6, "\n".join(" ".join(s.split())[:120] for s in statements)
    assert not any("FROM workshop_field_update" in s or "SELECT workshop_field_revision" in s for s in statements)
    assert _copy(data).text == "AB"


@pytest.mark.parametrize("field, first, then, first_label, then_label", [
    ("theme", "energy", "health", "Énergie", "Santé"),
    ("governance_model", "data_cooperative", "civic_data_trust", "Coopérative de données", None),
])
def test_history_of_a_choice_field_reads_as_its_labels(client, data, field, first, then, first_label, then_label):
    from roadmap.workshops import working_copy

    workshop_id, use_case_id = data["workshop"].id, data["use_case"].id
    version = working_copy.copies_for_page(db.session.get(room.Workshop, workshop_id))[(use_case_id, field)][1]
    version = working_copy.save_form(workshop_id, data["a"], use_case_id, field, first, version)
    working_copy.save_form(workshop_id, data["a"], use_case_id, field, then, version)
    db.session.commit()
    login(client, data["a"])
    page = client.get(f"{_base(data)}/history/{use_case_id}/{field}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert first_label in html and (then_label is None or then_label in html)
    assert first not in html and then not in html  # the codes are not shown
