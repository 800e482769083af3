from tests.e2e.conftest import screenshot


def test_home_page_opens_in_chromium(live_server, page):
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("main h1").is_visible()
    screenshot(page, "home")
