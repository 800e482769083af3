"""The board in Chromium: a card moved to a cluster with the keyboard only, a card edit seen live by
another person, and the room at 1366 and 390 px (sections as tabs, no horizontal scrolling)."""
import re

import pytest
from playwright.sync_api import expect

from roadmap.extensions import db
from roadmap.workshops import board, room
from tests.e2e.conftest import screenshot
from tests.e2e.test_workshops import _log_in, _open_room
from tests.workshops.helpers import live_room


@pytest.fixture
def board_data(app):
    app.config["REDIS_URL"] = ""
    app.extensions.pop("live_broker", None)
    data = live_room()
    w, uc = data["workshop"].id, data["use_case"].id
    clusters = [board.create_cluster(w, data["editor"], uc, name) for name in ("Mobilité douce", "Données")]
    cards = [room.add_card(w, data["a"], uc, "idea", "Covoiturage entre voisins"),
             room.add_card(w, data["b"], uc, "risk", "Traçage des trajets domicile-travail")]
    room.add_dot(w, data["b"], cards[0].id)
    db.session.commit()
    values = {"workshop_id": w, "use_case_id": uc, "a": data["a"].email, "b": data["b"].email,
              "editor": data["editor"].email, "clusters": [c.id for c in clusters], "cards": [c.id for c in cards]}
    yield values
    app.extensions.pop("live_broker", None)


def _tab_to(page, element_id, limit=60):
    """Press Tab until the element has the focus; the number of presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return presses
    raise AssertionError(f"#{element_id} not reached in {limit} Tab presses")


def test_a_card_moved_to_a_cluster_with_the_keyboard_only(live_server, browser_context, board_data):
    facilitator = _log_in(browser_context(), live_server, board_data["editor"])
    other = _log_in(browser_context(), live_server, board_data["b"])
    for page in (facilitator, other):
        _open_room(page, live_server, board_data["workshop_id"])
    card, target = board_data["cards"][0], board_data["clusters"][1]
    facilitator.keyboard.press("Tab")  # from the top of the page: the site's skip link, then the room's jump list
    assert facilitator.evaluate("document.activeElement.classList.contains('skip-link')")
    facilitator.keyboard.press("Enter")
    to_jump_list = _tab_to(facilitator, "jump-cards")
    assert to_jump_list <= 3, f"{to_jump_list} Tab presses from the main content to the room's jump list"
    facilitator.keyboard.press("Enter")  # the jump list: to the cards in one step
    assert _tab_to(facilitator, f"card-kind-{board_data['use_case_id']}") == 1  # the first card field
    presses = _tab_to(facilitator, f"move-{card}")
    assert presses < 25, f"{presses} Tab presses from the jump list to the card's move control"
    facilitator.keyboard.press("ArrowDown")  # Non classées → Mobilité douce
    facilitator.keyboard.press("ArrowDown")  # → Données
    expect(facilitator.locator(f"#move-{card}")).to_have_value(str(target))
    facilitator.keyboard.press("Tab")
    facilitator.keyboard.press("Enter")
    expect(facilitator.locator(f"#cluster-{target} #card-{card}")).to_be_visible(timeout=2000)
    expect(other.locator(f"#cluster-{target} #card-{card}")).to_be_visible(timeout=2000)
    # The focus stays with the card's control after the board is rendered again.
    assert facilitator.evaluate("document.activeElement && document.activeElement.closest('.card') !== null")
    screenshot(facilitator, "board-moved-by-keyboard")


def test_a_card_edit_is_seen_live_in_another_browser(live_server, browser_context, board_data):
    author = _log_in(browser_context(), live_server, board_data["a"])
    other = _log_in(browser_context(), live_server, board_data["b"])
    for page in (author, other):
        _open_room(page, live_server, board_data["workshop_id"])
    other.evaluate("window.__notReloaded = true")
    card = board_data["cards"][0]
    assert other.locator(f"#card-edit-{card}").count() == 0  # not Bruno's card: no edit control
    author.click(f"#card-edit-{card} summary")
    author.fill(f"#card-edit-text-{card}", "Covoiturage entre voisins, avec un bonus")
    author.click(f"#card-edit-{card} form button[type=submit] >> nth=0")
    expect(other.locator(f"#card-{card} .card-text")).to_have_text("Covoiturage entre voisins, avec un bonus",
                                                                   timeout=1500)
    assert other.evaluate("window.__notReloaded") is True


def test_the_room_at_1366_and_390_px(live_server, browser_context, board_data):
    wide = _log_in(browser_context(viewport={"width": 1366, "height": 900}), live_server, board_data["editor"])
    _open_room(wide, live_server, board_data["workshop_id"])
    screenshot(wide, "board-room-1366")
    phone = _log_in(browser_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True),
                    live_server, board_data["b"])
    _open_room(phone, live_server, board_data["workshop_id"])
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scrolling"
    screenshot(phone, "board-room-390-canvas")
    # Cards tab: a card in three taps (tab, field, button) and a dot in one.
    phone.tap("a[data-view-link=cards]")
    uc = board_data["use_case_id"]
    expect(phone.locator(f"#card-text-{uc}")).to_be_visible()
    expect(phone.locator(f"#f-{uc}-problem")).to_be_hidden()  # the canvas is another tab
    phone.fill(f"#card-text-{uc}", "Un bonus pour les covoitureurs")
    phone.tap(f"#board-{uc} .card-form button[type=submit]")
    expect(phone.locator(f"#board-{uc} .card-text", has_text="Un bonus pour les covoitureurs")).to_be_visible()
    phone.tap(f"#card-{board_data['cards'][1]} .dot-form button >> nth=0")
    expect(phone.locator("#dots-left")).to_have_text("3")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scrolling"
    screenshot(phone, "board-room-390-cards")
    phone.tap("a[data-view-link=results]")
    expect(phone.locator("#results-title")).to_be_visible()
    expect(phone.locator(f"#card-text-{uc}")).to_be_hidden()
    screenshot(phone, "board-room-390-results")
    facilitator = _log_in(browser_context(viewport={"width": 390, "height": 844}), live_server, board_data["editor"])
    _open_room(facilitator, live_server, board_data["workshop_id"])
    facilitator.click("a[data-view-link=cards]")
    assert facilitator.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scrolling"
    screenshot(facilitator, "board-room-390-facilitator-cards")


def test_follow_me_brings_a_participant_to_the_cluster(live_server, browser_context, board_data):
    facilitator = _log_in(browser_context(), live_server, board_data["editor"])
    phone = _log_in(browser_context(viewport={"width": 390, "height": 844}), live_server, board_data["b"])
    for page in (facilitator, phone):
        _open_room(page, live_server, board_data["workshop_id"])
    cluster = board_data["clusters"][0]
    facilitator.select_option("#focus-target", f"cluster-{board_data['use_case_id']}-{cluster}")
    facilitator.click("#focus-target ~ button")
    expect(phone.locator(f"#cluster-{cluster}")).to_be_focused(timeout=2000)  # the cards tab is shown
    expect(phone.locator("#focus-text")).to_have_text(re.compile("Mobilité douce"))
    # A participant who stops following stays where they are.
    phone.click("a[data-view-link=canvas]")
    phone.uncheck("#follow-toggle")
    facilitator.select_option("#focus-target", f"uc-{board_data['use_case_id']}")
    facilitator.click("#focus-target ~ button")
    expect(phone.locator("#focus-text")).to_have_text(re.compile("Coach CO2"), timeout=2000)
    expect(phone.locator(f"#card-text-{board_data['use_case_id']}")).to_be_hidden()


def test_a_hidden_vote_is_announced_and_revealed_live(live_server, browser_context, board_data):
    facilitator = _log_in(browser_context(), live_server, board_data["editor"])
    participant = _log_in(browser_context(), live_server, board_data["b"])
    for page in (facilitator, participant):
        _open_room(page, live_server, board_data["workshop_id"])
    facilitator.select_option("#activity-kind", "voting")
    facilitator.fill("#timer-minutes", "5")
    facilitator.check("input[name=hidden]")
    facilitator.click("#facilitation form.tool-form button[type=submit]")
    expect(participant.locator("#room-announce")).to_have_text(re.compile("lancé un vote, pour 5 minutes"),
                                                               timeout=2000)
    expect(participant.locator("#activity-status")).to_have_text("Activité en cours : vote.")
    expect(participant.locator("#rule-hidden")).to_be_visible()
    card = board_data["cards"][1]
    expect(participant.locator(f"#card-{card} .dot-count")).to_have_text("?", timeout=2000)
    participant.click(f"#card-{card} .dot-form button >> nth=0")
    expect(participant.locator(f"#card-{card} .my-dots")).to_have_text(re.compile("1"), timeout=2000)
    # Hidden votes: the board was rendered again for the participant, who keeps the focus on the card.
    assert participant.evaluate(f"document.activeElement.closest('#card-{card}') !== null")
    expect(facilitator.locator(f"#card-{card} .dot-count")).to_have_text("?")  # hidden from the facilitator too
    expect(facilitator.locator("#reveal-form")).to_be_visible()
    facilitator.focus("#reveal-form button")
    facilitator.keyboard.press("Enter")
    expect(facilitator.locator("#reveal-form")).to_be_hidden(timeout=2000)
    # The button pressed is gone: the focus is on the next tool, not dropped to <body>.
    expect(facilitator.locator("#lock-form button")).to_be_focused()
    expect(participant.locator(f"#card-{card} .dot-count")).to_have_text("1", timeout=2000)
    expect(participant.locator("#room-announce")).to_have_text("Les gommettes sont révélées.")
    expect(participant.locator("#rule-hidden")).to_be_hidden()
    screenshot(participant, "board-vote-revealed")


def test_two_people_editing_one_card_at_once_lose_nothing(live_server, browser_context, board_data):
    """The author and the facilitator both open the card's form; the facilitator saves first. The
    author's typed text survives the board's refresh, their save is refused with the other text
    shown on the card, and saving again replaces it knowingly."""
    author = _log_in(browser_context(), live_server, board_data["a"])
    facilitator = _log_in(browser_context(), live_server, board_data["editor"])
    for page in (author, facilitator):
        _open_room(page, live_server, board_data["workshop_id"])
    card = board_data["cards"][0]
    author.click(f"#card-edit-{card} summary")
    author.fill(f"#card-edit-text-{card}", "Covoiturage, version d'Alice")
    facilitator.click(f"#card-edit-{card} summary")
    facilitator.fill(f"#card-edit-text-{card}", "Covoiturage, version de Claire")
    facilitator.click(f"#card-edit-{card} form button[type=submit] >> nth=0")
    expect(author.locator(f"#card-{card} .card-text")).to_have_text("Covoiturage, version de Claire", timeout=2000)
    expect(author.locator(f"#card-edit-text-{card}")).to_have_value("Covoiturage, version d'Alice")
    author.click(f"#card-edit-{card} form button[type=submit] >> nth=0")
    expect(author.locator(f"#card-edit-{card} .board-error")).to_contain_text("entre-temps", timeout=2000)
    expect(facilitator.locator(f"#card-{card} .card-text")).to_have_text("Covoiturage, version de Claire")
    author.click(f"#card-edit-{card} form button[type=submit] >> nth=0")
    expect(facilitator.locator(f"#card-{card} .card-text")).to_have_text("Covoiturage, version d'Alice", timeout=2000)
