"""Issue 15 in Chromium: the room holds one use case; another one's link opens its canvas and cards
in place, and its shared text then works like the first's."""
import pytest
from playwright.sync_api import expect

from roadmap.extensions import db
from roadmap.workshops import room
from tests.e2e.test_workshops import _log_in, _open_room
from tests.workshops.helpers import live_room, make_use_case


@pytest.fixture
def two_cases(app):
    app.config["REDIS_URL"] = ""
    app.extensions.pop("live_broker", None)
    data = live_room()
    workshop = data["workshop"]
    other = make_use_case(data["editor"], title="Zéro déchet")  # after "Coach CO2" on the agenda
    workshop.use_cases.append(other)
    db.session.flush()
    room.add_card(workshop.id, data["a"], other.id, "idea", "Compost de quartier")
    db.session.commit()
    yield {"workshop_id": workshop.id, "first": data["use_case"].id, "other": other.id, "a": data["a"].email}
    app.extensions.pop("live_broker", None)


def test_another_use_case_opens_in_place(live_server, browser_context, two_cases):
    page = _log_in(browser_context(), live_server, two_cases["a"])
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _open_room(page, live_server, two_cases["workshop_id"])
    other = two_cases["other"]
    expect(page.locator(f"#board-{two_cases['first']}")).to_have_count(1)
    expect(page.locator(f"#board-{other}")).to_have_count(0)
    page.click(f"#cards-elsewhere-{other} a")
    expect(page.locator(f"#board-{other}")).to_contain_text("Compost de quartier")
    # its canvas came too, bound to the shared text (no Save button, writable once synced)
    form = page.locator(f".canvas-field[data-use-case-id='{other}'][data-field='problem']")
    expect(form).to_have_attribute("data-live", "true")
    expect(form.locator(".field-save")).to_have_count(0)
    expect(page.locator(f"#f-{other}-problem")).not_to_have_attribute("readonly", "")
    assert f"use_case={other}" in page.url and not errors
