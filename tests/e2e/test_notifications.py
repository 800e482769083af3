"""Told in the product, not by e-mail: a partner proposes an item to a territory's SWOT in one
browser; the territory's lead, in another, sees the unread count rise in the header and opens the
notification, which leads to the proposal."""
import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, make_lead, make_organisation, make_partner, make_territory


def _log_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("header .account-link")).to_be_visible()


def test_the_lead_sees_a_partners_proposal_in_the_header_and_opens_it(app, live_server, browser_context):
    from roadmap.extensions import db

    territory = make_territory("La Rochelle", slug="la-rochelle")
    make_lead(territory, email="julien@example.org", name="Julien Morel")
    make_partner(make_organisation("NuageCitoyen", territories=[territory]), email="thomas@example.org",
                 name="Thomas Bernard")
    db.session.commit()

    lead = browser_context().new_page()
    _log_in(lead, live_server, "julien@example.org")
    bell = lead.locator("header a.notifications-link")
    expect(bell).to_have_text("Notifications")  # nothing unread yet

    partner = browser_context().new_page()
    _log_in(partner, live_server, "thomas@example.org")
    partner.goto(live_server + "/territories/la-rochelle/swot")
    strengths = partner.get_by_role("region", name="Forces")
    strengths.get_by_role("link", name="Proposer un élément").click()
    form = strengths.locator("form.swot-item-form")
    form.get_by_label("Texte", exact=True).fill("Un réseau de bornes ouvert aux données des habitants.")
    form.get_by_role("button", name="Envoyer la proposition").click()
    expect(partner.get_by_text("Un réseau de bornes ouvert aux données des habitants.")).to_be_visible()

    lead.reload()
    expect(bell).to_have_text("Notifications (1 non lue)")  # the count is text, read out as such
    expect(bell.locator(".visually-hidden")).to_have_text(" non lue")
    bell.click()
    entry = lead.get_by_role("link", name="Thomas Bernard a proposé un élément au SWOT de La Rochelle.")
    expect(entry).to_be_visible()
    screenshot(lead, "notifications-lead")
    entry.click()
    expect(lead).to_have_url(re.compile(re.escape(f"{live_server}/territories/la-rochelle/swot#proposal-") + r"\d+$"))
    expect(lead.get_by_text("Un réseau de bornes ouvert aux données des habitants.")).to_be_visible()
    lead.goto(live_server + "/notifications")
    expect(lead.locator("header a.notifications-link")).to_have_text("Notifications")  # read once opened
