import re

from tests.conftest import outbox_messages
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, make_editor, make_territory

LINK_RE = re.compile(r"http://\S+(/invitation/\S+)")


def test_invite_accept_log_in_switch_language_log_out(app, live_server, browser_context):
    from roadmap.extensions import db

    make_territory("La Rochelle")
    editor = make_editor(email="editrice@example.org")
    db.session.commit()

    editor_page = browser_context().new_page()
    editor_page.goto(live_server + "/login")
    editor_page.get_by_label("Adresse e-mail").fill("editrice@example.org")
    editor_page.get_by_label("Mot de passe").fill(PASSWORD)
    editor_page.get_by_role("button", name="Se connecter").click()
    editor_page.get_by_role("link", name="Invitations").click()
    editor_page.get_by_label("Adresses e-mail").fill("ines@example.org")
    editor_page.get_by_label("Rôle").select_option("lead")
    editor_page.get_by_label("Territoire").select_option(label="La Rochelle")
    editor_page.get_by_role("button", name="Envoyer les invitations").click()
    assert editor_page.get_by_text("L'invitation a été envoyée à ines@example.org").is_visible()
    screenshot(editor_page, "invitations")

    body = outbox_messages(app)[-1].get_payload(decode=True).decode()
    path = LINK_RE.search(body).group(1)

    page = browser_context().new_page()
    page.goto(live_server + path)
    page.get_by_label("Votre nom").fill("Inès Garnier")
    page.get_by_label("Nouveau mot de passe", exact=True).fill("un-mot-de-passe-long")
    page.get_by_label("Répétez le nouveau mot de passe").fill("un-mot-de-passe-long")
    screenshot(page, "accept-invitation")
    page.get_by_role("button", name="Créer mon compte").click()
    assert page.get_by_text("Bienvenue ! Votre compte est prêt.").is_visible()

    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Adresse e-mail").fill("ines@example.org")
    page.get_by_label("Mot de passe").fill("un-mot-de-passe-long")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("link", name="Inès Garnier").is_visible()

    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Progress of the territories").is_visible()
    screenshot(page, "home-english")

    page.get_by_role("button", name="Log out").click()
    assert page.get_by_role("link", name="Log in").is_visible()
    assert page.get_by_text("You are logged out.").is_visible()


def test_login_error_is_announced_next_to_the_field(app, live_server, page):
    page.goto(live_server + "/login")
    page.get_by_label("Adresse e-mail").fill("nobody@example.org")
    page.get_by_label("Mot de passe").fill("whatever")
    page.get_by_role("button", name="Se connecter").click()
    error = page.locator("#password-error")
    assert "ne correspondent à aucun compte" in error.inner_text()
    assert page.get_by_label("Mot de passe").get_attribute("aria-describedby") == "password-error"
    assert page.get_by_label("Adresse e-mail").input_value() == "nobody@example.org"
    screenshot(page, "login-error")
