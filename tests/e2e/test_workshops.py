"""Two people in the live room, each in their own Chromium profile: what one does, the other sees."""
import re
import threading
import time

import pytest
from playwright.sync_api import expect

from roadmap.extensions import db
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD
from tests.workshops.helpers import live_room


@pytest.fixture
def room_data(app):
    app.config["REDIS_URL"] = ""
    app.extensions.pop("live_broker", None)
    # Short streams: the browsers reconnect (with Last-Event-ID) during the test.
    app.config["LIVE_STREAM_SECONDS"] = 4
    data = live_room()
    # Plain values only: touching ORM objects later would open a transaction in the test's
    # thread and, on SQLite, hold the write lock the server needs.
    values = {"workshop_id": data["workshop"].id, "use_case_id": data["use_case"].id,
              "a": data["a"].email, "b": data["b"].email}
    db.session.commit()
    yield values
    app.extensions.pop("live_broker", None)


def _log_in(context, base, email):
    page = context.new_page()
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(base + "/")
    return page


def _open_room(page, base, workshop_id):
    page.goto(f"{base}/workshops/{workshop_id}")
    # Locators, not wait_for_function: the page's CSP forbids the eval that the latter needs.
    expect(page.locator("#room-status")).to_have_text(re.compile("^Connecté"))


def test_a_card_added_by_a_appears_for_b_within_a_second_without_reloading(live_server, browser_context,
                                                                          room_data):
    workshop, use_case_id = room_data["workshop_id"], room_data["use_case_id"]
    a = _log_in(browser_context(), live_server, room_data["a"])
    b = _log_in(browser_context(), live_server, room_data["b"])
    errors = []
    for page in (a, b):
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        _open_room(page, live_server, workshop)
    b.evaluate("window.__notReloaded = true")
    cards_b = b.locator(f"#cards-{use_case_id} .card")
    assert cards_b.count() == 0
    a.select_option(f"#card-kind-{use_case_id}", "risk")
    a.fill(f"#card-text-{use_case_id}", "Croisement des trajets avec le domicile")
    sent = time.monotonic()
    a.click(f"section[data-use-case-id='{use_case_id}'] .card-form button[type=submit]")
    b.wait_for_selector(f"#cards-{use_case_id} .card >> text=Croisement des trajets avec le domicile", timeout=1000)
    delay = time.monotonic() - sent
    assert delay < 1.0, f"B saw the card after {delay:.3f} s"
    assert b.evaluate("window.__notReloaded") is True  # the page was not reloaded
    assert b.locator(f"#cards-{use_case_id} .card .card-kind").first.text_content() == "Risque"
    assert b.locator(".results-list li[data-card-id]").count() == 1
    # B votes: A sees the dot and the presence of both.
    b.click(f"#cards-{use_case_id} .card .dot-form button >> nth=0")
    expect(a.locator(f"#cards-{use_case_id} .dot-count")).to_have_text("1", timeout=1000)
    assert b.locator("#dots-left").text_content() == "4"
    expect(a.locator("#presence-list li[data-user-id]")).to_have_count(2)
    screenshot(b, "workshop-room-b-sees-card")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_a_save_without_script_reaches_the_shared_text_and_a_stale_one_offers_the_merge(live_server, browser_context,
                                                                                       room_data):
    """The canvas is a shared text for script (no save button: tests/e2e/test_shared_text.py);
    without script each field stays a form with its version check, and what it saves is live."""
    workshop, use_case_id = room_data["workshop_id"], room_data["use_case_id"]
    a = _log_in(browser_context(), live_server, room_data["a"])
    b = _log_in(browser_context(java_script_enabled=False), live_server, room_data["b"])
    _open_room(a, live_server, workshop)
    b.goto(f"{live_server}/workshops/{workshop}")
    field = f"#f-{use_case_id}-problem"
    expect(a.locator(field)).not_to_have_attribute("readonly", "")
    a.click(field)
    a.keyboard.type("Les habitants ignorent leur empreinte carbone.")
    expect(a.locator("form.canvas-field[data-field=problem] .field-status")).to_have_text(re.compile("Enregistré"))
    b.fill(field, "Texte de Bruno")  # B's page is older than A's typing
    b.click("form.canvas-field[data-field='problem'] button[type=submit]")
    expect(b.locator(".conflict-theirs")).to_contain_text("Les habitants ignorent leur empreinte carbone.")
    screenshot(b, "workshop-room-merge-prompt")
    b.fill("#merge-value", "Les habitants ignorent leur empreinte carbone (Bruno).")
    b.click("main form button[type=submit]")
    expect(a.locator(field)).to_have_value("Les habitants ignorent leur empreinte carbone (Bruno).", timeout=2000)


def test_after_a_reconnection_nothing_is_missed(live_server, browser_context, room_data):
    """Streams last 4 s here: B reconnects during the test and still sees every card."""
    workshop, use_case_id = room_data["workshop_id"], room_data["use_case_id"]
    a = _log_in(browser_context(), live_server, room_data["a"])
    b = _log_in(browser_context(), live_server, room_data["b"])
    for page in (a, b):
        _open_room(page, live_server, workshop)
    for n in range(6):
        a.fill(f"#card-text-{use_case_id}", f"Carte {n}")
        a.click(f"section[data-use-case-id='{use_case_id}'] .card-form button[type=submit]")
        a.wait_for_selector(f"#cards-{use_case_id} .card >> text=Carte {n}")
        time.sleep(1)
    expect(b.locator(f"#cards-{use_case_id} .card")).to_have_count(6, timeout=3000)
    texts = b.locator(f"#cards-{use_case_id} .card .card-text").all_text_contents()
    assert texts == [f"Carte {n}" for n in range(6)]


class _RestartableServer:
    """The app on one port that can go away and come back, as a restarted server does."""

    def __init__(self, app):
        self.app, self.port, self.server = app, 0, None

    def start(self):
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def test_a_server_restart_in_the_middle_loses_nothing_in_the_browsers(app, browser_context, room_data):
    """The server goes away; meanwhile another worker records a card; the browsers reconnect
    by themselves with Last-Event-ID and show it, then go on working."""
    from roadmap.accounts.models import User
    from roadmap.workshops import room

    workshop, use_case_id = room_data["workshop_id"], room_data["use_case_id"]
    server = _RestartableServer(app)
    base = server.start()
    a = _log_in(browser_context(), base, room_data["a"])
    b = _log_in(browser_context(), base, room_data["b"])
    for page in (a, b):
        _open_room(page, base, workshop)
    cards = f"#cards-{use_case_id} .card .card-text"

    def post(page, text):
        page.fill(f"#card-text-{use_case_id}", text)
        page.click(f"section[data-use-case-id='{use_case_id}'] .card-form button[type=submit]")

    post(a, "Avant la coupure")
    expect(b.locator(cards)).to_have_text(["Avant la coupure"])
    server.stop()
    author = db.session.scalar(db.select(User).where(User.email == room_data["a"]))
    room.add_card(workshop, author, use_case_id, "idea", "Pendant la coupure")
    db.session.commit()
    time.sleep(5)  # the streams (4 s here) have ended; the browsers knock on a closed port
    expect(b.locator("#room-status")).not_to_have_text(re.compile("^Connecté"))
    server.start()
    for page in (a, b):
        expect(page.locator(cards)).to_have_text(["Avant la coupure", "Pendant la coupure"], timeout=10_000)
        expect(page.locator("#room-status")).to_have_text(re.compile("^Connecté"))
    post(a, "Après la coupure")
    expect(b.locator(cards)).to_have_text(["Avant la coupure", "Pendant la coupure", "Après la coupure"])
    screenshot(b, "workshop-room-after-restart")
    server.stop()
