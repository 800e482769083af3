import json

from roadmap.accounts.models import User
from roadmap.extensions import db
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, make_organisation, make_partner, make_territory


def test_partner_downloads_their_data_then_deletes_their_account(app, live_server, page):
    organisation = make_organisation("NuageCitoyen", territories=[make_territory("La Rochelle")])
    partner = make_partner(organisation, email="thomas@example.org", name="Thomas Bernard")
    db.session.commit()
    page.goto(live_server + "/login")
    page.get_by_label("Adresse e-mail").fill("thomas@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.get_by_role("link", name="Thomas Bernard").click()
    page.get_by_role("link", name="Voir et télécharger mes données").click()
    assert page.get_by_role("heading", name="Mes données").is_visible()
    screenshot(page, "my-data")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger mes données (JSON)").click()
    document = json.loads(open(download_info.value.path(), encoding="utf-8").read())
    assert document["profile"]["email"] == "thomas@example.org"
    assert document["memberships"][0]["organisation"] == "NuageCitoyen"

    page.get_by_role("link", name="Supprimer mon compte").first.click()
    page.get_by_label("Votre mot de passe").fill("wrong-password")
    page.get_by_label("Je comprends").check()
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    assert "Ce mot de passe n'est pas correct." in page.locator("#password-error").inner_text()
    page.get_by_label("Votre mot de passe").fill(PASSWORD)
    page.get_by_label("Je comprends").check()
    screenshot(page, "delete-account")
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    assert page.get_by_text("Votre compte a été supprimé.").is_visible()
    assert page.get_by_role("link", name="Se connecter").is_visible()
    db.session.expire_all()
    assert db.session.get(User, partner.id).deleted_at is not None
