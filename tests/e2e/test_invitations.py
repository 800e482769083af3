"""In Chromium: a territory's lead invites two people, one address mistyped; the error is next to
the field, naming that address; nothing is sent until it is fixed."""
from tests.conftest import outbox_messages
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, make_lead, make_territory


def test_a_lead_invites_two_addresses_fixes_the_bad_one_and_sends(app, live_server, page):
    from roadmap.accounts.models import Invitation
    from roadmap.extensions import db
    from roadmap.process import service as process_service

    process_service.ensure_process()
    territory = make_territory("La Rochelle", slug="la-rochelle")
    make_lead(territory, email="lead@example.org", name="Lena Lead")
    db.session.commit()

    page.goto(live_server + "/login")
    page.get_by_label("Adresse e-mail").fill("lead@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(live_server + "/territories/la-rochelle")
    page.get_by_role("link", name="Inviter des membres et des partenaires").click()

    addresses = page.get_by_label("Adresses e-mail")
    addresses.fill("ines@example.org\nmarc@exemple")
    page.get_by_label("Message personnel (facultatif)").fill("Bienvenue dans le diagnostic !")
    page.get_by_role("button", name="Envoyer les invitations").click()

    error = page.locator("#addresses-error")
    assert "Ligne 2, « marc@exemple »" in error.inner_text()
    assert "rien n’a été envoyé" in error.inner_text()
    assert "ines@example.org" not in error.inner_text()
    assert "addresses-error" in addresses.get_attribute("aria-describedby")
    assert addresses.get_attribute("aria-invalid") == "true"
    assert addresses.input_value() == "ines@example.org\nmarc@exemple"  # nothing typed is lost
    assert page.get_by_label("Message personnel (facultatif)").input_value() == "Bienvenue dans le diagnostic !"
    assert outbox_messages(app) == []
    screenshot(page, "lead-invitations-error")

    addresses.fill("ines@example.org\nmarc@example.org")
    page.get_by_role("button", name="Envoyer les invitations").click()
    assert page.get_by_text("2 invitations ont été envoyées : ines@example.org, marc@example.org").is_visible()
    assert page.locator("#addresses-error").count() == 0
    assert sorted(m["To"] for m in outbox_messages(app)) == ["ines@example.org", "marc@example.org"]
    db.session.expire_all()
    assert {i.territory_id for i in db.session.query(Invitation)} == {territory.id}
    assert page.get_by_role("cell", name="marc@example.org", exact=True).is_visible()
    screenshot(page, "lead-invitations-sent")
