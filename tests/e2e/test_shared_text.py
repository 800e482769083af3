"""The shared text of the live room in Chromium: two people write in one field at once (no save
button), one goes offline and comes back, the server restarts; every browser ends with one text."""
import re

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from roadmap.extensions import db
from roadmap.workshops.text_models import FieldCopy
from tests.browser import screenshot, served
from tests.e2e.test_workshops import _log_in, _open_room, room_data  # noqa: F401


def _field(data):
    return f"#f-{data['use_case_id']}-problem"


def _ready(page, data):
    # The field becomes writable once its document is synced with the server.
    expect(page.locator(_field(data))).not_to_have_attribute("readonly", "")
    expect(page.locator("form.canvas-field[data-field=problem] .field-save")).to_have_count(0)  # no save button


def _type_together(a, b, field, text_a, text_b):
    a.click(field)
    b.click(field)
    for i in range(max(len(text_a), len(text_b))):
        if i < len(text_a):
            a.keyboard.type(text_a[i])
        if i < len(text_b):
            b.keyboard.type(text_b[i])


def _same_text(a, b, field, *parts, timeout=2000):
    pattern = re.compile("".join(f"(?=.*{re.escape(p)})" for p in parts), re.S)
    expect(a.locator(field)).to_have_value(pattern, timeout=timeout)
    expect(b.locator(field)).to_have_value(pattern, timeout=timeout)
    expect(b.locator(field)).to_have_value(a.input_value(field), timeout=timeout)
    return a.input_value(field)


def test_two_people_type_in_one_field_at_once_and_both_see_both(live_server, browser_context, room_data):
    a = _log_in(browser_context(), live_server, room_data["a"])
    b = _log_in(browser_context(), live_server, room_data["b"])
    for page in (a, b):
        _open_room(page, live_server, room_data["workshop_id"])
        _ready(page, room_data)
    field = _field(room_data)
    _type_together(a, b, field, "Alice écrit ici.", "Bruno aussi.")
    text = _same_text(a, b, field, "Alice écrit ici.", "Bruno aussi.")
    # Each sees the other's name next to the field while they write in it.
    expect(a.locator(f"#writers-{room_data['use_case_id']}-problem")).to_contain_text("Bruno")
    expect(a.locator(".caret-layer .remote-caret-name")).to_have_text("Bruno")
    screenshot(a, "shared-text-caret-of-bruno")
    # Undo takes back one's own typing only.
    b.keyboard.press("Control+z")
    expect(a.locator(field)).not_to_have_value(text, timeout=2000)
    expect(a.locator(field)).to_have_value(re.compile("Alice écrit ici."))
    b.keyboard.press("Control+Shift+z")
    expect(a.locator(field)).to_have_value(text, timeout=2000)
    db.session.expire_all()
    copy = db.session.get(FieldCopy, (room_data["workshop_id"], room_data["use_case_id"], "problem"))
    db.session.commit()
    assert copy.text == text
    # Bruno leaves: his name and caret are gone within 10 s.
    b.close()
    expect(a.locator(f"#writers-{room_data['use_case_id']}-problem")).to_have_text("", timeout=10_000)
    expect(a.locator(".caret-layer .remote-caret-name")).to_have_count(0)


def _bruno_goes_offline(live_server, browser_context, room_data):
    """Alice and Bruno in the room with "Début." typed; Bruno's connection drops, his caret at the end."""
    context_b = browser_context()
    a = _log_in(browser_context(), live_server, room_data["a"])
    b = _log_in(context_b, live_server, room_data["b"])
    for page in (a, b):
        _open_room(page, live_server, room_data["workshop_id"])
        _ready(page, room_data)
    field = _field(room_data)
    a.click(field)
    a.keyboard.type("Début. ")
    _same_text(a, b, field, "Début.")
    context_b.set_offline(True)
    b.click(field)
    b.keyboard.press("End")
    return context_b, a, b, field


def test_offline_participant_keeps_typing_and_both_converge(live_server, browser_context, room_data):
    context_b, a, b, field = _bruno_goes_offline(live_server, browser_context, room_data)
    b.keyboard.type("Hors ligne, Bruno continue.")
    a.keyboard.type("Alice en ligne.")
    expect(b.locator("form.canvas-field[data-field=problem] .field-status")).to_have_text(re.compile("Hors ligne"),
                                                                                         timeout=5000)
    context_b.set_offline(False)
    _same_text(a, b, field, "Début.", "Hors ligne, Bruno continue.", "Alice en ligne.", timeout=10_000)


def test_text_typed_offline_survives_closing_the_tab(live_server, browser_context, room_data):
    """Bruno's connection drops, he types, and his tab goes away before it comes back: what he
    typed is kept by the browser and sent when he opens the room again."""
    context_b, a, b, field = _bruno_goes_offline(live_server, browser_context, room_data)
    b.keyboard.type("Écrit hors ligne.")
    expect(b.locator("form.canvas-field[data-field=problem] .field-status")).to_have_text(re.compile("Hors ligne"),
                                                                                         timeout=5000)
    b.goto("about:blank")  # the tab is closed before the connection returns
    context_b.set_offline(False)
    b = context_b.new_page()
    _open_room(b, live_server, room_data["workshop_id"])
    _ready(b, room_data)
    _same_text(a, b, field, "Début.", "Écrit hors ligne.", timeout=10_000)
    expect(b.locator("form.canvas-field[data-field=problem] .field-status")).not_to_have_text(
        re.compile("Hors ligne"), timeout=5000)
    assert b.evaluate("Object.keys(localStorage).filter(k => k.startsWith('roadmap-unsent:')).length") == 0


def test_a_server_restart_loses_nothing_acknowledged(app, browser_context, room_data):
    first = served(app)
    port = first.server.server_port
    with first:
        base = first.url
        a = _log_in(browser_context(), base, room_data["a"])
        b = _log_in(browser_context(), base, room_data["b"])
        for page in (a, b):
            _open_room(page, base, room_data["workshop_id"])
            _ready(page, room_data)
        field = _field(room_data)
        a.click(field)
        a.keyboard.type("Avant le redémarrage.")
        expect(a.locator("form.canvas-field[data-field=problem] .field-status")).to_have_text(
            re.compile("Enregistré"), timeout=3000)  # acknowledged by the server
    # A new process: no cached document, no broker; only what the database holds.
    app.extensions.pop("shared_text_docs", None)
    app.extensions.pop("live_broker", None)
    b.click(field)
    b.keyboard.press("End")
    b.keyboard.type(" Pendant la coupure.")
    second = make_server("127.0.0.1", port, app, threaded=True)
    restarted = served.__new__(served)
    restarted.server, restarted.url = second, base
    with restarted:
        _same_text(a, b, field, "Avant le redémarrage.", "Pendant la coupure.", timeout=15_000)
    db.session.expire_all()
    copy = db.session.get(FieldCopy, (room_data["workshop_id"], room_data["use_case_id"], "problem"))
    db.session.commit()
    assert "Avant le redémarrage." in copy.text and "Pendant la coupure." in copy.text


@pytest.fixture(autouse=True)
def _no_stale_documents(app):
    app.extensions.pop("shared_text_docs", None)
    yield
