"""A translator translates a section side by side in Chromium: the source on one side, the form on the
other; then the English edition is read on the version page."""
from playwright.sync_api import expect

from tests.a11y.sweep import run_axe
from tests.e2e.conftest import screenshot
from tests.editions.helpers import FR_BODY, make_translator
from tests.drafts.factories import make_version
from tests.factories import PASSWORD, make_editor


def _log_in(page, base, email):
    page.goto(base + "/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_a_translator_translates_a_section_side_by_side(app, live_server, browser_context):
    from roadmap.extensions import db

    make_editor(email="editrice@example.org")
    make_translator("en", email="aino@example.fi", name="Aino Virtanen")
    make_version(sections=[("Introduction", FR_BODY)])
    db.session.commit()

    page = browser_context(bypass_csp=True).new_page()  # bypass_csp: for the injected axe script
    _log_in(page, live_server, "aino@example.fi")
    page.goto(live_server + "/editions")
    page.get_by_role("link", name="Version 1").first.click()
    expect(page.get_by_text("Non traduite")).to_be_visible()
    assert run_axe(page) == []
    page.get_by_role("link", name="Traduire « Introduction »").click()

    source = page.locator(".translation-source")
    expect(source.get_by_text("Premier paragraphe du texte.", exact=True)).to_be_visible()
    target = page.locator(".translation-target")
    expect(target.get_by_label("Titre traduit")).to_have_attribute("lang", "en")  # typed in English
    page.get_by_label("Titre traduit").fill("Introduction")
    page.get_by_label("Texte traduit (Markdown)").fill("First paragraph of the text.\n\nSecond paragraph.")
    screenshot(page, "editions-side-by-side")
    assert run_axe(page) == []
    page.get_by_role("button", name="Enregistrer la traduction").click()

    expect(page.get_by_text("La traduction a été enregistrée.")).to_be_visible()
    expect(page.get_by_text("Traduite", exact=True)).to_be_visible()

    # The editor reads the English edition as a preview on the version page, in a French interface.
    editor = browser_context(bypass_csp=True).new_page()
    _log_in(editor, live_server, "editrice@example.org")
    editor.goto(live_server + "/roadmap/v/1?edition=en")
    expect(editor.locator('.paragraph-text[lang="en"]').first).to_have_text("First paragraph of the text.")
    assert run_axe(editor) == []
