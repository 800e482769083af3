"""The header's search box on a phone: inside the menu, labelled, usable without JavaScript, and the
page never wider than the screen at 390 and 320 px."""
import pytest

from tests.a11y.sweep import ACCOUNTS, log_in


@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_search_box_works_from_the_phone_menu(_browser, demo_server, width, javascript):
    context = _browser.new_context(locale="fr-FR", java_script_enabled=javascript,
                                   viewport={"width": width, "height": 800})
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        log_in(page, demo_server, ACCOUNTS["partner"])
        page.goto(demo_server + "/territories")
        box = page.get_by_label("Rechercher", exact=True)
        assert not box.is_visible()  # folded in the menu
        page.locator("header summary").click()
        assert box.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        field, button = box.bounding_box(), page.locator(".site-search button").bounding_box()
        assert field["x"] >= 0 and button["x"] + button["width"] <= width
        assert page.get_by_role("link", name="Mon organisation").is_visible()
        box.fill("données")
        box.press("Enter")
        page.wait_for_url("**/search?q=*")
        assert page.locator("h1").inner_text() == "Rechercher"
        assert page.locator(".search-result").count() > 0
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
