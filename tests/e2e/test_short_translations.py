"""A reader whose interface is in English adds an English translation of a French SWOT item in
Chromium; the board then shows it, marked, with the original one link away."""
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_lead, make_member, make_territory
from tests.swot.helpers import add

expect.set_options(timeout=10_000)


def test_an_english_reader_translates_a_french_swot_item(app, live_server, page):
    from roadmap.extensions import db

    territory = make_territory("La Rochelle", slug="la-rochelle")
    lead = make_lead(territory, email="julien@example.org")
    item = add(territory, lead, text="Les données de mobilité du réseau Yélo sont centralisées.")
    item.language = "fr"
    make_member(territory, email="helka@example.org", name="Helka Virtanen", language="en")
    db.session.commit()

    page.goto(live_server + "/login")
    page.get_by_label("Adresse e-mail").fill("helka@example.org")  # the log-in page is in French, the default
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(live_server + "/territories/la-rochelle/swot")
    original = page.locator("#item-%d p.swot-text" % item.id)
    expect(original).to_have_attribute("lang", "fr")
    page.locator("#item-%d" % item.id).get_by_role("link", name="Translate").click()

    expect(page.get_by_role("heading", name="Translate into English")).to_be_visible()
    expect(page.locator("blockquote.original-text")).to_have_attribute("lang", "fr")
    page.get_by_label("Translation").fill("The mobility data of the Yélo network are centralised.")
    page.get_by_role("button", name="Save the translation").click()

    translated = page.locator("#item-%d p.swot-text" % item.id)
    expect(translated).to_have_text("The mobility data of the Yélo network are centralised.")
    expect(translated).to_have_attribute("lang", "en")
    expect(page.locator("#item-%d" % item.id).get_by_text("Translated from French by Helka Virtanen")).to_be_visible()
    page.locator("#item-%d" % item.id).get_by_role("link", name="Show the original").click()
    expect(page.locator("blockquote.original-text")).to_have_text("Les données de mobilité du réseau Yélo sont centralisées.")
