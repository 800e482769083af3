"""Step 3 of the programme in Chromium, as the editors run it: version 2 is in consultation,
participants of two territories comment, the editor answers (accepts, declines with a justification,
answers), starts version 3, edits a section, publishes it as the final version through its
confirmation page, then makes the consolidated PDF of it and downloads it: the PDF holds every
answer of the consultation on version 2 and its comment count."""
from playwright.sync_api import expect

from roadmap.drafts.models import VersionState
from roadmap.exports import jobs
from tests.drafts.factories import make_comment, make_version
from tests.e2e.conftest import screenshot
from tests.exports.helpers import normalise, pdf_text
from tests.factories import PASSWORD, make_editor, make_lead, make_member, make_territory

KEYS = ["experimentations", "chartes", "mutualiser"]
SECTIONS = [
    ("Des expérimentations", "Chaque territoire lance une expérimentation de six mois.\n\n"
                             "Les résultats sont partagés entre territoires."),
    ("Des chartes de la donnée", "Chaque territoire adopte une charte de la donnée."),
    ("Mutualiser", "Les territoires s'allient autour de cas d'usage communs."),
]
ACCEPTED = "Nous ajoutons une grille commune d'évaluation dans la version 3."
DECLINED = "Six mois restent la durée commune : une durée plus longue retarderait la comparaison."
ANSWERED = "La gouvernance sera précisée par le comité de pilotage de janvier."


def _log_in(page, base, email):
    page.goto(base + "/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def _comment_first_paragraph(page, base, section_title, body):
    page.goto(base + "/roadmap/v/2")
    page.get_by_role("link", name=f"Commenter ce paragraphe (paragraphe 1 de « {section_title} »)").click()
    page.get_by_label("Votre commentaire").fill(body)
    page.get_by_role("button", name="Publier mon commentaire").click()
    expect(page.get_by_text("Votre commentaire a été publié.")).to_be_visible()


def _answer(editor, author_name, status, answer):
    editor.get_by_role("link", name=f"Répondre à {author_name}").click()
    editor.get_by_label("Statut").select_option(label=status)
    editor.get_by_label("Réponse à l'auteur").fill(answer)
    editor.get_by_role("button", name="Enregistrer la réponse").click()
    expect(editor.get_by_text("La réponse a été enregistrée.")).to_be_visible()


def test_consult_answer_publish_the_final_version_and_read_its_pdf(app, live_server, browser_context, tmp_path):
    from roadmap.extensions import db

    la_rochelle, lyon = make_territory("La Rochelle"), make_territory("Métropole de Lyon")
    make_editor(email="editrice@example.org", name="Claire Martin")
    make_lead(la_rochelle, email="lea@example.org", name="Léa Durand")
    make_lead(lyon, email="marc@example.org", name="Marc Petit")
    sophie = make_member(lyon, email="sophie@example.org", name="Sophie Leroy")
    paul = make_member(la_rochelle, email="paul@example.org", name="Paul Girard")
    make_version(VersionState.PUBLISHED, sections=SECTIONS, keys=KEYS)
    v2 = make_version(VersionState.CONSULTATION, sections=SECTIONS, keys=KEYS)  # closes in a week
    make_comment(sophie, v2.sections[2], "Qui anime la gouvernance commune ?", author_territory=lyon)
    make_comment(paul, v2.sections[1], "La charte devrait être votée en conseil municipal.",
                 author_territory=la_rochelle)  # left open: the publication warns about it
    db.session.commit()

    # Participants of two territories comment version 2.
    participant = browser_context().new_page()
    _log_in(participant, live_server, "lea@example.org")
    _comment_first_paragraph(participant, live_server, "Des expérimentations",
                             "Il manque une grille commune pour comparer les expérimentations.")
    participant.context.clear_cookies()
    _log_in(participant, live_server, "marc@example.org")
    _comment_first_paragraph(participant, live_server, "Des expérimentations",
                             "Six mois, c'est trop court : proposons douze mois.")

    # The editor answers from the dashboard: accepts one, declines one with its justification, answers one.
    editor = browser_context(accept_downloads=True).new_page()
    _log_in(editor, live_server, "editrice@example.org")
    editor.goto(live_server + "/roadmap/v/2")
    editor.get_by_role("link", name="Tableau de bord des commentaires").click()
    expect(editor.get_by_text("4 commentaires", exact=True)).to_be_visible()
    _answer(editor, "Léa Durand", "Accepté", ACCEPTED)
    _answer(editor, "Marc Petit", "Refusé", DECLINED)
    _answer(editor, "Sophie Leroy", "Répondu", ANSWERED)

    # Version 3 takes the accepted comment into account.
    editor.goto(live_server + "/roadmap/versions")
    editor.get_by_role("button", name="Commencer une nouvelle version").click()
    expect(editor.get_by_text("La version 3 a été créée comme brouillon.")).to_be_visible()
    editor.get_by_role("link", name="Modifier « Des expérimentations »").click()
    editor.get_by_label("Texte", exact=True).fill("Chaque territoire lance une expérimentation de six mois.\n\n"
                                      "Une grille commune d'évaluation rend les résultats comparables.")
    editor.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(editor.get_by_text("La section a été enregistrée.")).to_be_visible()
    expect(editor.get_by_text("Une grille commune d'évaluation rend les résultats comparables.")).to_be_visible()

    # Publishing asks for confirmation and says what is still pending, with the numbers.
    editor.get_by_role("link", name="Publier comme version finale").click()
    expect(editor.get_by_role("heading", name="Publier la version 3 de la feuille de route ?")).to_be_visible()
    pending = editor.get_by_role("note")
    expect(pending).to_contain_text("1 commentaire de la consultation n’a pas encore de réponse")
    expect(pending).to_contain_text("La consultation sur la version 2 était annoncée jusqu’au")
    expect(editor.get_by_text("La consultation sur la version 2 se ferme")).to_be_visible()
    screenshot(editor, "drafts-publish-final-confirm")
    editor.get_by_role("button", name="Publier la version 3").click()
    expect(editor.get_by_text("La version 3 est publiée")).to_be_visible()
    expect(editor.get_by_text(DECLINED)).to_be_visible()  # its page shows the synthesis
    screenshot(editor, "drafts-final-version")

    # The consolidated PDF of the current roadmap, made and downloaded as an editor does.
    editor.get_by_role("link", name="Exports").click()
    editor.get_by_role("button", name="Lancer l'export").click()
    download_link = editor.get_by_role("link", name="Télécharger le PDF")
    download_link.wait_for(state="visible", timeout=90_000)
    with editor.expect_download() as download_info:
        download_link.click()
    target = tmp_path / "feuille-de-route.pdf"
    download_info.value.save_as(target)
    jobs.wait_for_jobs()

    text = normalise(pdf_text(target.read_bytes()))
    assert "Consultation sur la version 2" in text
    assert "4 commentaires, de 2 territoires" in text
    for answer in (ACCEPTED, DECLINED, ANSWERED):
        assert answer in text, answer
    assert "Une grille commune d'évaluation rend les résultats comparables." in text  # version 3's text
    assert "Pris en compte dans : Des expérimentations" in text
    assert "La charte devrait être votée" not in text  # the open comment has no answer to show
