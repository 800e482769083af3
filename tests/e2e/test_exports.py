"""An editor makes the consolidated PDF from the web and downloads it when the job is done."""
from roadmap.exports import jobs
from roadmap.exports.models import Export, ExportState
from roadmap.extensions import db
from tests.e2e.conftest import screenshot
from tests.exports.helpers import pdf_reader, some_territories
from tests.factories import PASSWORD, make_editor


def _log_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_editor_starts_the_export_watches_it_and_downloads_the_pdf(app, live_server, browser_context, tmp_path):
    some_territories(4)
    make_editor(email="editrice@example.org", name="Claire Éditrice")
    db.session.commit()
    page = browser_context(accept_downloads=True).new_page()
    _log_in(page, live_server, "editrice@example.org")
    page.get_by_role("link", name="Exports").click()
    screenshot(page, "exports-list-empty")
    page.get_by_role("button", name="Lancer l'export").click()
    assert page.get_by_role("heading", name="Export du").is_visible()
    # The page polls the job's progress and shows the link when the file is complete.
    download_link = page.get_by_role("link", name="Télécharger le PDF")
    download_link.wait_for(state="visible", timeout=60_000)
    assert page.get_by_text("Le PDF est prêt").is_visible()
    screenshot(page, "export-done")
    with page.expect_download() as download_info:
        download_link.click()
    target = tmp_path / "export.pdf"
    download_info.value.save_as(target)
    assert len(pdf_reader(target.read_bytes()).pages) >= 5
    jobs.wait_for_jobs()

    page.get_by_role("link", name="Tous les exports").click()
    assert page.get_by_role("cell", name="Claire Éditrice").is_visible()
    screenshot(page, "exports-list")


def test_without_javascript_the_progress_page_offers_a_refresh_link(app, live_server, browser_context):
    make_editor(email="editrice@example.org")
    running = Export(state=ExportState.RUNNING, active_slot=1, fingerprint="x", pages_done=7)
    db.session.add(running)
    db.session.commit()
    page = browser_context(java_script_enabled=False).new_page()
    _log_in(page, live_server, "editrice@example.org")
    page.goto(f"{live_server}/exports/{running.id}")
    assert page.get_by_role("link", name="Actualisez cette page pour voir l'avancement").is_visible()
    assert page.get_by_text("L'export est en cours.").is_visible()
    screenshot(page, "export-running-no-js")
