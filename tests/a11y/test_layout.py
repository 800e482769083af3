"""Layouts on small screens: the header's menu folds behind a button that works without JavaScript,
and the SWOT synthesis heat map never draws a header or a count over its neighbour, at 320 px and
at 200 % zoom (a 1366 px screen zoomed twice: 683 CSS px at a device scale of 2)."""
import pytest

from tests.a11y.sweep import ACCOUNTS, TOO_WIDE_JS, log_in
from tests.browser import ARTIFACTS

EDITOR = ACCOUNTS["editor"]


@pytest.fixture
def editor_page(_browser, demo_server):
    contexts = []

    def open_page(javascript=True, **viewport):
        context = _browser.new_context(locale="fr-FR", java_script_enabled=javascript,
                                       viewport={"width": viewport.get("width", 390), "height": 800},
                                       device_scale_factor=viewport.get("scale", 1))
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        log_in(page, demo_server, EDITOR)
        return page

    yield open_page
    for context in contexts:
        context.close()


def _header_height(page):
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_phone_header_is_a_menu_button_that_opens_without_javascript(editor_page, demo_server, javascript):
    page = editor_page(javascript=javascript, width=390)
    page.goto(demo_server + "/")
    menu = page.locator("header details.site-menu")
    audit_link = page.locator("header nav a[href='/audit']")
    assert not audit_link.is_visible()
    assert _header_height(page) <= 100, _header_height(page)
    page.locator("header summary").focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("open") is not None
    assert audit_link.is_visible()
    nav_box, tools_box = (page.locator(s).bounding_box() for s in ("header nav", "header .header-tools"))
    assert nav_box["y"] + nav_box["height"] <= tools_box["y"] or tools_box["y"] + tools_box["height"] <= nav_box["y"]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('nav') !== null")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"a11y-header-320-open-{'js' if javascript else 'nojs'}.png"))


def test_wide_header_shows_the_menu_without_a_button(editor_page, demo_server):
    page = editor_page(width=1280)
    page.goto(demo_server + "/")
    assert page.locator("header nav a[href='/audit']").is_visible()
    assert not page.locator("header summary").is_visible()
    assert _header_height(page) <= 120, _header_height(page)


# For each cell of the table, the box its visible text draws in (visually-hidden words are clipped
# to nothing), and the cell's own box.
CELL_BOXES_JS = """() => [...document.querySelectorAll('.heatmap th, .heatmap td')].map(cell => {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  let c = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || node.parentElement.closest('.visually-hidden')) continue;
    const range = document.createRange(); range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    c = c ? [Math.min(c[0], r.left), Math.min(c[1], r.top), Math.max(c[2], r.right), Math.max(c[3], r.bottom)]
          : [r.left, r.top, r.right, r.bottom];
  }
  const b = cell.getBoundingClientRect();
  return {text: cell.textContent.trim().replace(/\\s+/g, ' '), empty: c === null,
          content: c, cell: [b.left, b.top, b.right, b.bottom]};
})"""


def _overlap(a, b):
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


@pytest.mark.parametrize("width,scale", [(320, 1), (683, 2)], ids=["320px", "zoom-200"])
def test_heat_map_headers_and_cells_never_overlap(editor_page, demo_server, width, scale):
    page = editor_page(width=width, scale=scale)
    page.goto(demo_server + "/swot/synthesis")
    boxes = [b for b in page.evaluate(CELL_BOXES_JS) if not b["empty"]]
    assert len(boxes) >= 20, boxes
    spilling = [b["text"] for b in boxes
                if b["content"][0] < b["cell"][0] - 0.5 or b["content"][2] > b["cell"][2] + 0.5
                or b["content"][1] < b["cell"][1] - 0.5 or b["content"][3] > b["cell"][3] + 0.5]
    assert not spilling, spilling
    clashes = [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
               if _overlap(a["content"], b["content"])]
    assert not clashes, clashes
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The table's title is read in full: it is not cut by the scroll region.
    title = page.locator("#heatmap-title")
    assert title.evaluate("e => e.getBoundingClientRect().right") <= width
    assert page.locator("table.heatmap").get_attribute("aria-labelledby") == "heatmap-title"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"a11y-heatmap-{width}-x{scale}.png"), full_page=True)


@pytest.mark.parametrize("role", ["member", "editor"])
def test_live_room_tabs_fit_a_320_px_phone(_browser, demo_server, role):
    """The sweep measures the room as it opens (its canvas tab): the cards, the results and the
    facilitator's tools are each measured here too, and kept as screenshots for a human to look at."""
    context = _browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 720})
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        log_in(page, demo_server, ACCOUNTS[role])
        page.goto(demo_server + "/workshops/1")
        page.locator("#room-status", has_text="Connecté").wait_for()
        ARTIFACTS.mkdir(exist_ok=True)
        for view in ("canvas", "cards", "results"):
            page.locator(f"[data-view-link={view}]").click()
            assert page.locator("#room").get_attribute("data-view") == view
            assert page.locator(f".room-view[data-view={view}]").is_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, (view, width, page.evaluate(TOO_WIDE_JS, 320))
            page.screenshot(path=str(ARTIFACTS / f"a11y-room-320-{role}-{view}.png"), full_page=True)
            # What the person sees after tapping the tab: the section's start, below the sticky tabs.
            page.screenshot(path=str(ARTIFACTS / f"a11y-room-320-{role}-{view}-screen.png"))
        if role == "editor":  # folded first on a phone (the cards come first), it fits when opened
            tools = page.locator("#facilitation-details")
            assert tools.get_attribute("open") is None
            tools.locator("summary").click()
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.evaluate(TOO_WIDE_JS, 320)
            page.locator("#facilitation").screenshot(path=str(ARTIFACTS / "a11y-room-320-editor-tools.png"))
    finally:
        context.close()
