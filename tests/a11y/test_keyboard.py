"""The main journeys with the keyboard only (Tab, Shift+Tab, Enter, Space, typing; no click): log
in, add a SWOT item and move it, comment a paragraph, answer a comment, and in the live room reach
the cards (jump list, phone tabs), add a card, place a dot, and keep the focus while the facilitator
locks the canvas (its boards are rendered again as they change). At every focus stop the
focus is visible (a computed outline of at least 3:1 against what it is drawn on, or a box-shadow)
and after every action it is on an element of the page, never dropped to <body>."""
import time
from datetime import timedelta

import pytest

from tests.a11y.sweep import ACCOUNTS, PASSWORD, run_axe

MAX_STOPS = 150

# The focused element, and whether its focus indicator can be seen: an outline whose colour
# contrasts 3:1 with the first opaque background behind it, or a box-shadow.
FOCUS_JS = """selector => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {lost: true};
  const style = getComputedStyle(el);
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                               return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  let ratio = 0;
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) {
    // What the ring is drawn on: the page under the middle of its right (else left) side.
    const r = el.getBoundingClientRect(), reach = parseFloat(style.outlineOffset || 0) + parseFloat(style.outlineWidth) / 2;
    let x = r.right + reach;
    if (x >= window.innerWidth) x = r.left - reach;
    const y = Math.min(Math.max(r.top + r.height / 2, 0), window.innerHeight - 1);
    const under = document.elementsFromPoint(Math.max(x, 0), y).find(e => e !== el && !el.contains(e)) || el.parentElement;
    let back = [255, 255, 255];
    for (let e = under; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) { back = c.slice(0, 3); break; }
    }
    const a = lum(rgb(style.outlineColor).slice(0, 3)), b = lum(back);
    ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return {lost: false, visible: ratio >= 3 || shadow, ratio: Math.round(ratio * 100) / 100,
          matches: selector ? el.matches(selector) : false,
          what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + (el.textContent || el.name || '').trim().slice(0, 40)};
}"""


def focus_state(page, selector=None):
    return page.evaluate(FOCUS_JS, selector)


def assert_focus_kept(page):
    state = focus_state(page)
    assert not state["lost"], "focus fell to <body>"
    assert state["visible"], state
    return state


def tab_to(page, selector, backwards=False):
    """Press Tab (Shift+Tab) until the focus is on `selector`, checking every stop on the way."""
    stops = []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        state = focus_state(page, selector)
        assert not state["lost"], f"focus fell to <body> after {stops[-3:]}"
        assert state["visible"], f"focus not visible on {state}"
        stops.append(state["what"])
        if state["matches"]:
            return len(stops)
    raise AssertionError(f"{selector} not reached in {MAX_STOPS} key presses: {stops[-10:]}")


def wait_until(page, expression, timeout=10.0):
    """Poll a JavaScript expression (page.wait_for_function would eval it, which our CSP refuses)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(50)


def type_into(page, selector, text):
    tab_to(page, selector)
    page.keyboard.type(text)


def keyboard_log_in(page, base_url, email, password=PASSWORD):
    page.goto(base_url + "/login")
    type_into(page, "input[name=email]", email)
    page.keyboard.press("Tab")
    assert focus_state(page, "input[name=password]")["matches"]
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture(scope="module")
def open_consultation(_app, demo_server):
    """Version 2 of the demo roadmap open for comments again, for a week."""
    from roadmap.core.timeutil import utcnow
    from roadmap.drafts.models import RoadmapVersion
    from roadmap.extensions import db

    with _app.app_context():
        version = db.session.execute(db.select(RoadmapVersion).filter_by(number=2)).scalar_one()
        version.closes_at = utcnow() + timedelta(days=7)
        db.session.commit()
        db.session.remove()
    return demo_server


@pytest.fixture
def keyboard_page(browser_context):
    def open_page(axe=False):
        # axe: the page's CSP (script-src 'self') would refuse the injected axe script.
        context = browser_context(viewport={"width": 1280, "height": 900}, bypass_csp=axe)
        return context.new_page()
    return open_page


def assert_no_serious_axe_violation(page):
    violations = run_axe(page)
    assert not violations, violations


def test_log_in_with_the_keyboard_and_errors_take_the_focus(keyboard_page, demo_server):
    page = keyboard_page()
    keyboard_log_in(page, demo_server, ACCOUNTS["member"], password="not the password")
    assert "/login" in page.url
    state = assert_focus_kept(page)
    assert "error-summary" in page.evaluate("document.activeElement.className"), state
    type_into(page, "input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/login" not in page.url
    assert page.locator("header .account-link").count() == 1


def test_lead_adds_a_swot_item_and_moves_it_with_the_keyboard(keyboard_page, demo_server):
    page = keyboard_page()
    keyboard_log_in(page, demo_server, ACCOUNTS["lead"])
    page.goto(demo_server + "/territories/la-rochelle/swot")
    assert "(brouillon)" in page.title()
    page.goto(demo_server + "/territories/la-rochelle/swot/versions/1")
    assert "version 1" in page.title() and "brouillon" not in page.title()
    page.goto(demo_server + "/territories/la-rochelle/swot")
    tab_to(page, "#add-link-strength")
    page.keyboard.press("Enter")
    wait_until(page, "document.activeElement && document.activeElement.name === 'text'")
    page.keyboard.type("Un réseau de bibliothèques prêt à accueillir des permanences numériques.")
    tab_to(page, "#item-form-new-strength button[type=submit]")
    page.keyboard.press("Enter")
    new_item = page.locator("#swot-board li.swot-item", has_text="réseau de bibliothèques")
    new_item.wait_for()
    assert_focus_kept(page)
    item_id = new_item.get_attribute("id").removeprefix("item-")
    items = "[...document.querySelectorAll('section li.swot-item')].map(li => li.id)"
    before = page.evaluate(items).index(f"item-{item_id}")

    tab_to(page, f"#up-{item_id}", backwards=True)
    page.keyboard.press("Space")
    wait_until(page, f"{items}.indexOf('item-{item_id}') === {before - 1}")
    wait_until(page, "document.getElementById('swot-announce').textContent.trim() !== ''")
    state = assert_focus_kept(page)
    assert state["what"].startswith(f"button#up-{item_id}") or state["what"].startswith(f"button#down-{item_id}"), state


def test_participant_comments_a_paragraph_and_the_editor_answers_with_the_keyboard(keyboard_page, open_consultation):
    base_url = open_consultation
    member = keyboard_page()
    keyboard_log_in(member, base_url, ACCOUNTS["member"])
    member.goto(base_url + "/roadmap/v/2")
    tab_to(member, "a.comment-link[href*='paragraph=']")
    with member.expect_navigation():
        member.keyboard.press("Enter")
    cancel = member.locator("#comment-form a.cancel-link").bounding_box()
    assert cancel["width"] >= 24 and cancel["height"] >= 24, cancel
    assert member.locator("#comment-form .required-note").count() == 1
    type_into(member, "textarea[name=body]", "Pensez aux habitants sans smartphone : un accueil en mairie.")
    tab_to(member, "#comment-form button[type=submit]")
    with member.expect_navigation():
        member.keyboard.press("Enter")
    comment = member.locator(".comment", has_text="sans smartphone").first
    comment.wait_for()
    comment_id = comment.get_attribute("id").removeprefix("comment-")

    editor = keyboard_page()
    keyboard_log_in(editor, base_url, ACCOUNTS["editor"])
    editor.goto(base_url + f"/roadmap/v/2#comment-{comment_id}")
    tab_to(editor, f"a[href*='/comments/{comment_id}/answer']")
    with editor.expect_navigation():
        editor.keyboard.press("Enter")
    type_into(editor, "textarea[name=answer]", "Merci : un accueil en mairie sera prévu dans chaque territoire.")
    tab_to(editor, "main form button[type=submit]")
    with editor.expect_navigation():
        editor.keyboard.press("Enter")
    assert editor.locator(f"#comment-{comment_id} .comment-answer", has_text="accueil en mairie sera prévu").count() == 1


# --- The live room (the demo's workshop 1 is live; the member and the editor take part) -------------

def _enter_room(page, base_url):
    page.goto(base_url + "/workshops/1")
    wait_until(page, "document.getElementById('room-status').textContent.startsWith('Connecté')")


def _use_cases(page):
    return page.evaluate("[...document.querySelectorAll('#board .board')].map(b => b.dataset.useCaseId)")


# WCAG 2.4.11: on a phone the room's tabs stay at the top of the screen; what has the focus is
# never under them.
OBSCURED_JS = """() => {
  const nav = document.querySelector('.room-nav'), el = document.activeElement;
  if (!nav || getComputedStyle(nav).position !== 'sticky' || nav.contains(el)) return null;
  const n = nav.getBoundingClientRect(), r = el.getBoundingClientRect();
  return r.top < n.bottom && r.bottom > n.top ? [el.id || el.tagName, Math.round(r.top), Math.round(n.bottom)] : null;
}"""


def assert_not_under_the_tabs(page):
    assert page.evaluate(OBSCURED_JS) is None, page.evaluate(OBSCURED_JS)


def _add_a_card_and_a_dot(page, use_case, text):
    """From the first card field of `use_case`'s board: add a card, then a dot on it, keys only."""
    tab_to(page, f"#card-text-{use_case}")
    assert_not_under_the_tabs(page)
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    card = page.locator(f"#board-{use_case} li.card", has_text=text)
    card.wait_for()
    # The board was rendered again (the new card is in it): the focus is still in the card field,
    # which is empty for the next card.
    wait_until(page, f"document.getElementById('card-text-{use_case}').value === ''")
    state = assert_focus_kept(page)
    assert state["what"].startswith(f"input#card-text-{use_case}"), state
    card_id = card.get_attribute("data-card-id")
    left = int(page.locator("#dots-left").inner_text())
    tab_to(page, f"#card-{card_id} .dot-form:first-of-type button")
    assert_not_under_the_tabs(page)
    page.keyboard.press("Enter")
    wait_until(page, f"document.getElementById('dots-left').textContent.trim() === '{left - 1}'")
    wait_until(page, f"document.querySelector('#card-{card_id} .my-dots').dataset.mine === '1'")
    page.wait_for_timeout(300)  # the board and the results fetched again after the dot's event
    state = assert_focus_kept(page)
    assert page.evaluate(f"document.activeElement.closest('#card-{card_id} .dot-form') !== null"), state
    wait_until(page, "document.getElementById('room-announce').textContent.includes('/')")
    return card_id


def test_participant_reaches_the_cards_by_the_jump_list_adds_a_card_and_votes(keyboard_page, demo_server):
    page = keyboard_page(axe=True)
    keyboard_log_in(page, demo_server, ACCOUNTS["member"])
    _enter_room(page, demo_server)
    # The page holds one use case in full; the jump list opens another one in place.
    second = page.evaluate("document.querySelector('.room-jump a[data-open-use-case]').dataset.openUseCase")
    assert second not in _use_cases(page)
    page.keyboard.press("Tab")  # the site's skip link, then the room's jump list
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    presses = tab_to(page, ".room-jump summary")
    assert presses <= 6, f"{presses} Tab presses from the main content to the jump list"
    page.keyboard.press("Enter")
    tab_to(page, f".room-jump a[data-anchor='board-{second}']")
    page.keyboard.press("Enter")
    wait_until(page, f"!!document.getElementById('card-kind-{second}')")
    state = assert_focus_kept(page)  # the list folds: its link gives the focus to the board's heading
    assert state["what"].startswith(f"h2#board-{second}-title"), state
    assert tab_to(page, f"#card-kind-{second}") == 1  # the jump lands on that board: its first field next
    _add_a_card_and_a_dot(page, second, "Un atelier de prise en main à la médiathèque.")
    assert_no_serious_axe_violation(page)  # the boards as rendered again, the announcements made


def test_participant_on_a_phone_uses_the_cards_tab_adds_a_card_and_votes(browser_context, demo_server):
    page = browser_context(viewport={"width": 320, "height": 640}).new_page()
    keyboard_log_in(page, demo_server, ACCOUNTS["member"])
    _enter_room(page, demo_server)
    first = _use_cases(page)[0]
    assert not page.locator(f"#card-text-{first}").is_visible()  # the canvas tab is shown first
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip link
    tab_to(page, "#jump-cards")
    page.keyboard.press("Enter")
    assert page.locator("#jump-cards").get_attribute("aria-current") == "true"
    state = assert_focus_kept(page)  # on the first board's heading, below the sticky tabs
    assert state["what"].startswith(f"h2#board-{first}-title"), state
    assert_not_under_the_tabs(page)
    assert tab_to(page, f"#card-kind-{first}") == 1
    assert_not_under_the_tabs(page)
    _add_a_card_and_a_dot(page, first, "Des trajets comparés d'un mois à l'autre.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.fixture
def unlocked_room(_app, demo_server):
    yield demo_server
    from roadmap.extensions import db
    from roadmap.workshops.models import Workshop

    with _app.app_context():  # the next tests find the canvas open again
        db.session.get(Workshop, 1).canvas_locked = False
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("where", ["canvas", "card"])
def test_facilitator_locks_the_canvas_while_a_participant_writes_and_the_focus_stays(
        keyboard_page, unlocked_room, where):
    base_url = unlocked_room
    member, editor = keyboard_page(axe=True), keyboard_page(axe=True)
    keyboard_log_in(member, base_url, ACCOUNTS["member"])
    keyboard_log_in(editor, base_url, ACCOUNTS["editor"])
    for page in (member, editor):
        _enter_room(page, base_url)
    first = _use_cases(member)[0]
    if where == "canvas":  # a shared text: writable once synced with the server
        field = f"#f-{first}-problem"
        wait_until(member, f"!document.querySelector('{field}').readOnly")
        tab_to(member, field)
        member.keyboard.press("End")
        member.keyboard.type(" Et les scolaires.")
        wait_until(member, f"document.querySelector('#f-{first}-problem').closest('form')"
                           ".querySelector('.field-status').textContent.includes('copie de travail')")
    else:
        field = f"#card-text-{first}"
        member.keyboard.press("Tab")
        member.keyboard.press("Enter")  # skip link
        tab_to(member, "#jump-cards")
        member.keyboard.press("Enter")
        tab_to(member, field)
        member.keyboard.type("Une carte pas finie")
    tab_to(editor, "#lock-form button")
    editor.keyboard.press("Enter")
    wait_until(member, f"document.querySelector('{field}').disabled")
    member.wait_for_timeout(500)  # the boards fetched again after the lock
    state = assert_focus_kept(member)
    # On the message that says why: the lock's status for the canvas, the card field's hint.
    assert state["what"].startswith("p#lock-status" if where == "canvas" else f"p#card-hint-{first}"), state
    assert "verrouill" in state["what"] or "Pas de nouvelle carte" in state["what"], state
    wait_until(member, "document.getElementById('room-announce').textContent.includes('verrouill')")
    for page in (member, editor):  # the locked room: disabled fields, the facilitator's new button
        assert_no_serious_axe_violation(page)
    editor.keyboard.press("Enter")  # the same button now unlocks
    wait_until(member, f"!document.querySelector('{field}').disabled")
