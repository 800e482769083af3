"""Keystrokes of one field that arrive together: written in one transaction, each answered."""
import threading
import time

import pytest
from pycrdt import Doc, Text

from roadmap.extensions import db
from roadmap.workshops import shared_text, text_batch, working_copy
from roadmap.workshops.models import FIELD_MAX
from tests.conftest import csrf_token
from tests.factories import login, make_lead
from tests.workshops.helpers import live_room, register, second_client
from tests.workshops.test_text_routes import _copy, _send, _server_state


@pytest.fixture
def data(app):
    return live_room()


def _typed_after(state, text, client_id):
    """An update of a browser of its own (``client_id``) typing ``text`` on top of ``state``."""
    doc = Doc(client_id=client_id)
    doc.apply_update(state)
    before = doc.get_state()
    ytext = doc.get(shared_text.ROOT, type=Text)
    ytext.insert(len(str(ytext).encode()), text)
    return doc.get_update(before)


def test_updates_of_one_batch_are_applied_in_order_and_a_refused_one_leaves_the_rest(data):
    ctx = data
    state = shared_text.sync(working_copy._copy_for_writing(ctx["workshop"], ctx["use_case"].id, "problem"),
                             b"")["update"]
    state = shared_text.unb64(state)
    db.session.commit()
    writes = [
        (text_batch.Writer(ctx["a"].id, "Alice"), _typed_after(state, "un ", 101), "x"),
        (text_batch.Writer(ctx["b"].id, "Bruno"), b"\x01\x02garbage", "y"),
        (text_batch.Writer(ctx["b"].id, "Bruno"), _typed_after(state, "x" * (FIELD_MAX + 1), 102), "y"),
        (text_batch.Writer(ctx["b"].id, "Bruno"), _typed_after(state, "deux", 103), "y"),
    ]
    results = working_copy.edit_texts(ctx["workshop"].id, ctx["use_case"].id, "problem", writes)
    db.session.commit()
    assert isinstance(results[1], shared_text.Malformed) and isinstance(results[2], shared_text.TooLong)
    assert results[3] == results[0] + 1
    text = _copy(ctx).text
    assert "un " in text and "deux" in text and "x" * 10 not in text
    assert shared_text.current_text(ctx["workshop"].id, ctx["use_case"].id, "problem") == text


def test_keystrokes_queued_behind_a_writer_are_committed_together(app, data, monkeypatch):
    """While the field is being written, five people's keystrokes wait; the next of them writes
    all five in one transaction, and every one of them is answered with its own version."""
    people = [data["a"], data["b"]]
    territory = data["territory"]
    for n in range(3):
        person = make_lead(territory, name=f"Personne {n}")
        register(data["workshop"], person)
        people.append(person)
    db.session.commit()
    clients = []
    for person in people:
        client = second_client(app)
        login(client, person)
        clients.append((client, csrf_token(client)))
    state = _server_state(clients[0][0], data)
    key = (data["workshop"].id, data["use_case"].id, "problem")
    entry = text_batch._field(key)
    batches = []
    edit_texts = working_copy.edit_texts

    def recorded(*args):
        batches.append(len(args[-1]))
        return edit_texts(*args)

    monkeypatch.setattr(working_copy, "edit_texts", recorded)
    answers = [None] * len(clients)

    def post(n, client, token):
        answers[n] = _send(client, data, _typed_after(state, f"<{n}>", 200 + n), token=token)

    entry.turn.acquire()  # somebody is writing the field
    threads = [threading.Thread(target=post, args=(n, c, t)) for n, (c, t) in enumerate(clients)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while len(entry.queue) < len(clients) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(entry.queue) == len(clients)
    finally:
        entry.turn.release()
    for thread in threads:
        thread.join(10)
    assert [a.status_code for a in answers] == [200] * len(clients)
    versions = sorted(a.get_json()["version"] for a in answers)
    assert versions == list(range(versions[0], versions[0] + len(clients)))
    db.session.commit()  # the test's own read transaction, begun before the writes
    text = _copy(data).text
    assert all(f"<{n}>" in text for n in range(len(clients))), text
    assert batches == [len(clients)] and entry.queue == []


def test_a_refusal_in_a_batch_reaches_only_its_sender(app, data):
    alice, bruno = second_client(app), second_client(app)
    login(alice, data["a"])
    login(bruno, data["b"])
    tokens = csrf_token(alice), csrf_token(bruno)
    state = _server_state(alice, data)
    entry = text_batch._field((data["workshop"].id, data["use_case"].id, "problem"))
    answers = {}

    def post(name, client, token, update):
        answers[name] = _send(client, data, update, token=token)

    entry.turn.acquire()
    threads = [threading.Thread(target=post, args=("alice", alice, tokens[0], _typed_after(state, "bonjour", 301))),
               threading.Thread(target=post, args=("bruno", bruno, tokens[1],
                                                   _typed_after(state, "y" * (FIELD_MAX + 5), 302)))]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while len(entry.queue) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        entry.turn.release()
    for thread in threads:
        thread.join(10)
    assert answers["alice"].status_code == 200
    db.session.commit()
    assert answers["bruno"].status_code == 422 and str(FIELD_MAX) in answers["bruno"].get_json()["error"]
    assert _copy(data).text == "bonjour"


def test_a_keystroke_writes_no_cache_token_and_the_room_page_is_never_kept(client, data):
    """The shared text's tables change at every keystroke: no token row for them (every room's
    commits would queue on it), and the page cache does not keep a page that read them."""
    from roadmap.core.data_versions import current_tokens

    login(client, data["a"])
    state = _server_state(client, data)
    before = current_tokens()
    assert _send(client, data, _typed_after(state, "Bonjour", 401)).status_code == 200
    db.session.commit()
    after = current_tokens()
    assert {name for name in after if after[name] != before.get(name)}.isdisjoint(
        {"workshop_field_update", "workshop_field_revision", "workshop_field_copy"})
    room_page = f"/workshops/{data['workshop'].id}"
    assert [client.get(room_page).headers.get("X-Page-Cache") for _ in range(2)] == ["miss", "miss"]
    assert "Bonjour" in client.get(room_page).get_data(as_text=True)
