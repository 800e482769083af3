"""A lead fills and submits the SWOT of La Rochelle in Chromium (with htmx), then without JavaScript."""
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, make_lead, make_territory

# The machine is shared: give slow moments the same patience as locators (conftest: 10 s).
expect.set_options(timeout=10_000)


def _log_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _htmx_idle(page):
    """Wait until htmx has finished swapping and settling (its classes are gone)."""
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")).to_have_count(0)


def _add(page, quadrant_label, text, dimension="technical", importance="2", url=""):
    quadrant = page.get_by_role("region", name=quadrant_label)
    quadrant.get_by_role("link", name="Ajouter un élément").click()
    form = quadrant.locator("form.swot-item-form")
    form.wait_for()
    _htmx_idle(page)
    form.get_by_label("Texte", exact=True).fill(text)
    form.get_by_label("Dimension").select_option(dimension)
    form.get_by_label("Importance").select_option(importance)
    if url:
        form.get_by_label("Justificatif : lien").fill(url)
    form.get_by_role("button", name="Ajouter").click()
    page.get_by_role("region", name=quadrant_label).locator("p.swot-text", has_text=text).wait_for()
    expect(page.get_by_role("region", name=quadrant_label).get_by_role("link", name="Ajouter un élément")).to_be_focused()


def test_lead_fills_and_submits_a_swot(app, live_server, page):
    from roadmap.extensions import db

    territory = make_territory("La Rochelle", slug="la-rochelle")
    make_lead(territory, email="julien@example.org")
    db.session.commit()
    _log_in(page, live_server, "julien@example.org")
    page.goto(live_server + "/territories/la-rochelle")
    page.get_by_role("link", name="Ouvrir le SWOT").click()
    expect(page.get_by_role("heading", name="SWOT de La Rochelle")).to_be_visible()

    # Submitting an empty SWOT is refused.
    page.get_by_role("button", name="Soumettre comme version 1").click()
    expect(page.get_by_text("Le SWOT est vide")).to_be_visible()
    page.go_back()
    page.reload()

    _add(page, "Forces", "Les données de mobilité du réseau Yélo sont centralisées.", "technical", "3",
         "https://example.org/yelo")
    _add(page, "Forces", "Un délégué à la protection des données impliqué dès le début.", "human")
    _add(page, "Faiblesses", "Aucun budget pérenne dédié au Self Data.", "financial", "3")
    _add(page, "Opportunités", "Le droit à la portabilité donne une base juridique.", "legal")
    _add(page, "Menaces", "La méfiance d'une partie des habitants.", "human")

    # A bad link is refused next to the field, with the text kept (htmx swaps only the form).
    threats = page.get_by_role("region", name="Menaces")
    threats.get_by_role("link", name="Ajouter un élément").click()
    threats.locator("form.swot-item-form").wait_for()
    _htmx_idle(page)
    threats.get_by_label("Texte", exact=True).fill("Une dépendance à un prestataire unique.")
    threats.get_by_label("Justificatif : lien").fill("javascript:alert(1)")
    threats.get_by_role("button", name="Ajouter").click()
    expect(threats.get_by_text("commençant par http:// ou https://").first).to_be_visible()
    expect(threats.get_by_label("Texte", exact=True)).to_have_value("Une dépendance à un prestataire unique.")
    _htmx_idle(page)
    threats.get_by_label("Justificatif : lien").fill("")
    threats.get_by_role("button", name="Ajouter").click()
    threats.locator("p.swot-text", has_text="Une dépendance à un prestataire unique.").wait_for()
    _htmx_idle(page)

    # Reorder with the keyboard: the focus stays on the moved item's button.
    strengths = page.get_by_role("region", name="Forces")
    strengths.get_by_role("button", name="Monter : Un délégué").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("region", name="Forces").get_by_role("button", name="Descendre : Un délégué")).to_be_focused()
    first = page.get_by_role("region", name="Forces").locator("li.swot-item").first
    assert "délégué" in first.inner_text()

    # Edit in place.
    page.get_by_role("region", name="Faiblesses").get_by_role("link", name="Modifier").click()
    weakness_form = page.get_by_role("region", name="Faiblesses").locator("form.swot-item-form")
    weakness_form.wait_for()
    _htmx_idle(page)
    weakness_form.get_by_label("Texte", exact=True).fill("Aucun budget pérenne dédié au Self Data en 2026.")
    weakness_form.get_by_role("button", name="Enregistrer").click()
    page.locator("p.swot-text", has_text="Aucun budget pérenne dédié au Self Data en 2026.").wait_for()
    expect(page.get_by_role("region", name="Faiblesses").get_by_role("link", name="Modifier")).to_be_focused()
    expect(page.locator("#swot-announce")).to_have_text("L'élément a été enregistré.")
    screenshot(page, "swot-board")

    page.get_by_role("button", name="Soumettre comme version 1").click()
    expect(page.get_by_text("La version 1 du SWOT a été soumise.")).to_be_visible()
    expect(page.get_by_text("dernière soumission : v1")).to_be_visible()
    page.get_by_role("link", name="1 version soumise : liste et comparaison").click()
    page.get_by_role("link", name="Version 1").click()
    expect(page.locator("p.swot-text", has_text="Les données de mobilité du réseau Yélo")).to_be_visible()
    screenshot(page, "swot-version")

    page.goto(live_server + "/swot/synthesis")
    expect(page.get_by_role("table", name="Nombre d'éléments par quadrant et par dimension")).to_be_visible()
    screenshot(page, "swot-synthesis")


def test_swot_works_without_javascript(app, live_server, browser_context):
    from roadmap.extensions import db

    territory = make_territory("La Rochelle", slug="la-rochelle")
    make_lead(territory, email="julien@example.org")
    db.session.commit()
    page = browser_context(java_script_enabled=False).new_page()
    _log_in(page, live_server, "julien@example.org")
    page.goto(live_server + "/territories/la-rochelle/swot")
    page.get_by_role("region", name="Menaces").get_by_role("link", name="Ajouter un élément").click()
    assert page.get_by_label("Quadrant").input_value() == "threat"
    page.get_by_role("button", name="Ajouter").click()  # empty: refused
    expect(page.get_by_text("Ce champ est obligatoire.").first).to_be_visible()
    page.get_by_label("Texte", exact=True).fill("Un changement d'équipe municipale.")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_text("L'élément a été ajouté.")).to_be_visible()
    expect(page.get_by_role("region", name="Menaces").locator("p.swot-text", has_text="Un changement d'équipe")).to_be_visible()
    screenshot(page, "swot-board-no-js")


def test_two_people_edit_the_same_item_and_the_second_merges(app, live_server, browser_context):
    from roadmap.extensions import db
    from roadmap.swot import service
    from tests.factories import make_member
    from tests.swot.helpers import item_data

    territory = make_territory("La Rochelle", slug="la-rochelle")
    lead = make_lead(territory, email="julien@example.org")
    make_member(territory, email="lea@example.org")
    with app.test_request_context():
        service.add_item(territory, lead, item_data(text="Texte d'origine", quadrant="weakness"))
    db.session.commit()
    julien, lea = browser_context().new_page(), browser_context().new_page()
    for page, email in ((julien, "julien@example.org"), (lea, "lea@example.org")):
        _log_in(page, live_server, email)
        page.goto(live_server + "/territories/la-rochelle/swot")
        page.get_by_role("region", name="Faiblesses").get_by_role("link", name="Modifier").click()
        page.get_by_role("region", name="Faiblesses").get_by_label("Texte", exact=True).wait_for()
    lea.get_by_label("Texte", exact=True).fill("Texte corrigé par Léa")
    lea.get_by_role("button", name="Enregistrer").click()
    lea.locator("p.swot-text", has_text="Texte corrigé par Léa").wait_for()
    julien.get_by_label("Texte", exact=True).fill("Texte corrigé par Julien")
    julien.get_by_role("region", name="Faiblesses").get_by_role("button", name="Enregistrer").click()
    conflict = julien.locator(".conflict")
    expect(conflict).to_contain_text("Texte corrigé par Léa")
    expect(conflict).to_contain_text("Texte corrigé par Julien")
    expect(julien.get_by_label("Texte", exact=True)).to_have_value("Texte corrigé par Julien")
    screenshot(julien, "swot-conflict")
    julien.get_by_label("Texte", exact=True).fill("Texte corrigé par Léa et Julien")
    julien.get_by_role("button", name="Enregistrer ma version fusionnée").click()
    expect(julien.locator("p.swot-text", has_text="Texte corrigé par Léa et Julien")).to_be_visible()


def test_the_edit_page_opened_on_its_own_saves_as_a_plain_form(app, live_server, page):
    from roadmap.extensions import db
    from roadmap.swot import service
    from tests.swot.helpers import item_data

    territory = make_territory("La Rochelle", slug="la-rochelle")
    lead = make_lead(territory, email="julien@example.org")
    with app.test_request_context():
        item_id = service.add_item(territory, lead, item_data(text="Origine")).id
    db.session.commit()  # and no more reads here: the test's session would hold SQLite's write lock
    _log_in(page, live_server, "julien@example.org")
    page.goto(live_server + f"/territories/la-rochelle/swot/items/{item_id}/edit")
    page.get_by_label("Texte", exact=True).fill("Modifié sur sa propre page")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("L'élément a été enregistré.")).to_be_visible()
    expect(page.locator("p.swot-text", has_text="Modifié sur sa propre page")).to_be_visible()
