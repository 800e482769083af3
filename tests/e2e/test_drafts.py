"""The roadmap's consultation in Chromium: an editor opens it, a partner comments a paragraph with the
keyboard only, the editor answers, the partner reads the answer on "my comments"."""
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.drafts.factories import make_version
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, make_editor, make_organisation, make_partner, make_territory

BODY = ("Le Self Data rend aux habitants leurs données personnelles.\n\n"
        "Chaque territoire lance une expérimentation de six mois avec cent volontaires.\n\n"
        "Les résultats sont partagés entre territoires.")


def _log_in(page, base, email):
    page.goto(base + "/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _tab_until(page, predicate, limit=80):
    """Press Tab until the focused element satisfies the JS predicate (el => bool)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({predicate})(el); }})()"):
            return
    raise AssertionError(f"never reached with the keyboard: {predicate}")


def test_consultation_from_opening_to_answer(app, live_server, browser_context):
    from roadmap.extensions import db

    territory = make_territory("La Rochelle")
    make_editor(email="editrice@example.org", name="Claire Martin")
    make_partner(make_organisation("NuageCitoyen", territories=[territory]), email="thomas@example.org",
                 name="Thomas Bernard")
    make_version(sections=[("Des expérimentations", BODY), ("Mutualiser", "Les territoires s'allient.")])
    db.session.commit()

    # The editor opens the consultation.
    editor = browser_context().new_page()
    _log_in(editor, live_server, "editrice@example.org")
    editor.get_by_role("link", name="Feuille de route", exact=True).click()
    editor.get_by_role("link", name="Version 1").click()
    editor.get_by_role("link", name="Ouvrir la consultation").click()
    editor.get_by_label("Date de clôture").fill((date.today() + timedelta(days=14)).isoformat())
    editor.get_by_label("Heure de clôture").fill("18:00")
    editor.get_by_role("button", name="Ouvrir la consultation").click()
    expect(editor.get_by_text("La consultation est ouverte.")).to_be_visible()
    expect(editor.get_by_text("Consultation ouverte jusqu'au")).to_be_visible()

    # The partner comments the second paragraph with the keyboard alone.
    partner = browser_context().new_page()
    _log_in(partner, live_server, "thomas@example.org")
    partner.goto(live_server + "/roadmap/v/1")
    _tab_until(partner, "el => el.textContent.includes('Commenter ce paragraphe') && "
                        "el.textContent.includes('paragraphe 2 de « Des expérimentations »')")
    screenshot(partner, "drafts-consultation-keyboard")
    partner.keyboard.press("Enter")
    partner.wait_for_url("**/comment?paragraph=*")
    expect(partner.get_by_text("cent volontaires")).to_be_visible()
    _tab_until(partner, "el => el.id === 'quote'")
    partner.keyboard.type("cent volontaires")
    _tab_until(partner, "el => el.name === 'stance'")
    partner.keyboard.press("ArrowDown")  # from "Neutre" to "S'oppose au texte"
    expect(partner.get_by_label("S'oppose au texte")).to_be_checked()
    _tab_until(partner, "el => el.id === 'body'")
    partner.keyboard.type("Cent volontaires, c'est peu pour mesurer un effet.")
    _tab_until(partner, "el => el.type === 'submit' && el.textContent.includes('Publier mon commentaire')")
    partner.keyboard.press("Enter")
    expect(partner.get_by_text("Votre commentaire a été publié.")).to_be_visible()
    comment = partner.locator("article.comment").first
    expect(comment).to_contain_text("Cent volontaires, c'est peu")
    expect(comment).to_contain_text("S'oppose au texte")
    screenshot(partner, "drafts-comment-published")

    # The editor answers from the dashboard.
    editor.get_by_role("link", name="Tableau de bord des commentaires").click()
    expect(editor.get_by_text("1 commentaire", exact=True)).to_be_visible()
    screenshot(editor, "drafts-dashboard")
    editor.get_by_role("link", name="Répondre à Thomas Bernard").click()
    editor.get_by_label("Statut").select_option(label="Accepté en partie")
    editor.get_by_label("Réponse à l'auteur").fill("Nous passons à deux cents volontaires.")
    editor.get_by_role("button", name="Enregistrer la réponse").click()
    expect(editor.get_by_text("La réponse a été enregistrée.")).to_be_visible()

    # The partner sees what became of the comment.
    partner.get_by_role("link", name="Mes commentaires").first.click()
    mine = partner.locator("li.my-comment").first
    expect(mine).to_contain_text("Accepté en partie")
    expect(mine).to_contain_text("Nous passons à deux cents volontaires.")
    screenshot(partner, "drafts-my-comments")


def test_demo_comparison_reads_well(app, live_server, page):
    from roadmap.demo import DEMO_PASSWORD, seed
    from roadmap.extensions import db

    seed()
    db.session.commit()
    page.goto(live_server + "/login")
    page.get_by_label("Adresse e-mail").fill("lead-la-rochelle@demo.example")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(live_server + "/roadmap/compare?from=1&to=2")
    expect(page.locator("ins").first).to_be_visible()
    expect(page.get_by_text("Section ajoutée").first).to_be_visible()
    screenshot(page, "drafts-compare")
    page.goto(live_server + "/roadmap/v/2")
    expect(page.locator("article.comment").first).to_be_visible()
    screenshot(page, "drafts-demo-consultation")


def test_a_paragraphs_other_comments_load_in_place_and_take_the_focus(app, live_server, browser_context):
    """The version page shows the latest threads of each section; "N comments on this paragraph"
    brings the others in place (htmx), and the keyboard focus goes to them, not to <body>."""
    from roadmap.drafts import service
    from roadmap.drafts.models import VersionState
    from roadmap.extensions import db
    from tests.drafts.factories import make_comment

    territory = make_territory("La Rochelle")
    partner = make_partner(make_organisation("NuageCitoyen", territories=[territory]), email="thomas@example.org",
                           name="Thomas Bernard")
    version = make_version(VersionState.CONSULTATION, sections=[("Des expérimentations", BODY)])
    section = version.sections[0]
    first, second, _third = [pid for pid, _block in service.paragraphs(section)]
    for n in range(3):
        make_comment(partner, section, body=f"Ancienne remarque {n}.", paragraph_id=first,
                     age=timedelta(hours=10 - n))
    make_comment(partner, section, body="Remarque récente A.", paragraph_id=second, age=timedelta(hours=2))
    make_comment(partner, section, body="Remarque récente B.", paragraph_id=second, age=timedelta(hours=1))
    db.session.commit()

    page = browser_context().new_page()
    _log_in(page, live_server, "thomas@example.org")
    page.goto(f"{live_server}/roadmap/v/{version.number}")
    thread = page.locator(f"#{first}-comments")
    expect(thread.get_by_text("Ancienne remarque 0.")).to_have_count(0)
    link = thread.get_by_role("link", name="3 commentaires sur ce paragraphe")
    link.focus()
    page.keyboard.press("Enter")
    expect(thread.get_by_text("Ancienne remarque 2.")).to_be_visible()
    expect(thread.locator("article.comment")).to_have_count(3)
    assert page.url.endswith(f"/roadmap/v/{version.number}")  # loaded in place, not a new page
    assert page.evaluate("document.activeElement.id") == f"{first}-comments"
    assert page.evaluate("document.activeElement.getAttribute('role')") == "group"
    screenshot(page, "drafts-comments-in-place")
