"""A lead commits La Rochelle to an action, records an experiment and a value of its indicator in
Chromium; a visitor then sees it on /suivi, with the chart and its table."""
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, make_lead, make_territory
from tests.followup.factories import make_action

expect.set_options(timeout=10_000)


def test_a_lead_commits_records_an_experiment_and_a_value_and_a_visitor_sees_it(app, live_server, page,
                                                                                 browser_context):
    from roadmap.extensions import db

    territory = make_territory("La Rochelle", slug="la-rochelle")
    make_lead(territory, email="julien@example.org")
    action = make_action("Multiplier les petites expérimentations")
    db.session.commit()

    page.goto(live_server + "/login")
    page.get_by_label("Adresse e-mail").fill("julien@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.goto(live_server + "/suivi")
    page.get_by_role("link", name="Multiplier les petites expérimentations").click()
    commit = page.locator("form", has=page.get_by_role("button", name="S’engager ou changer de rôle"))
    commit.get_by_label("Rôle").select_option("leading")
    commit.get_by_role("button", name="S’engager ou changer de rôle").click()
    expect(page.get_by_text("Votre territoire est engagé dans cette action.")).to_be_visible()
    expect(page.locator("ul.commitments")).to_contain_text("La Rochelle — Pilote")

    page.get_by_role("link", name="Enregistrer une expérimentation pour cette action").click()
    page.get_by_label("Titre").fill("Coach CO2")
    page.locator("#governance_model").select_option("personal_cloud")
    page.get_by_label("Portabilité : accès et réutilisation").check()
    page.get_by_label("Date de début").fill("2026-01-05")
    page.locator("#status").select_option("running")
    page.get_by_label("Avancement (%)").fill("150")
    page.get_by_label("Publique : visible des visiteurs").check()
    page.get_by_role("button", name="Enregistrer").click()
    # Bad input: the error next to the field, what was typed kept.
    expect(page.locator("#progress-error")).to_contain_text("nombre entier de 0 à 100")
    expect(page.get_by_label("Titre")).to_have_value("Coach CO2")
    page.get_by_label("Avancement (%)").fill("30")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Coach CO2", level=1)).to_be_visible()

    page.get_by_label("Indicateur", exact=True).fill("Participants")
    page.get_by_label("Unité", exact=True).fill("personnes")
    page.get_by_label("Cible (facultative)").fill("500")
    page.get_by_role("button", name="Ajouter l’indicateur").click()
    value_form = page.locator("form", has=page.get_by_role("button", name="Enregistrer la valeur"))
    value_form.get_by_label("Mesurée le").fill("2026-02-01")
    value_form.get_by_label("Valeur", exact=True).fill("120")
    value_form.get_by_label("Source de la valeur").fill("Inscriptions")
    value_form.get_by_role("button", name="Enregistrer la valeur").click()
    expect(page.get_by_text("La valeur a été enregistrée.")).to_be_visible()

    public = browser_context().new_page()  # a visitor: another browser profile, not logged in
    public.goto(live_server + "/suivi")
    expect(public.get_by_role("link", name="Multiplier les petites expérimentations")).to_be_visible()
    public.get_by_role("link", name="La Rochelle").click()
    public.get_by_role("link", name="Coach CO2").click()
    expect(public.get_by_role("img", name="Participants (personnes)")).to_be_visible()
    expect(public.locator("table.indicator-values")).to_contain_text("120")
    expect(public.get_by_role("button", name="Enregistrer la valeur")).to_have_count(0)
    screenshot(public, "followup-visitor")
