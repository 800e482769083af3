"""/roadmap.pdf is built from the published content: a file made while the version was a draft or in
consultation is never served, and the list says from which state each file was made."""
import html
from datetime import date, timedelta

from roadmap.exports import jobs
from roadmap.exports.models import Export
from roadmap.extensions import db
from tests.conftest import post
from tests.drafts.factories import make_version
from tests.exports.helpers import normalise, pdf_text
from tests.factories import login, make_editor

SECRET = "Phrase retirée avant publication"


def _export(client, version=""):
    response = post(client, "/exports", {"version": version})
    assert response.status_code == 303
    assert jobs.wait_for_jobs(timeout=120)
    db.session.expire_all()
    return db.session.get(Export, int(response.headers["Location"].rstrip("/").split("/")[-1]))


def test_a_draft_export_edited_then_published_is_never_the_public_pdf(client):
    version = make_version(sections=[("Orientations", f"Texte gardé.\n\n{SECRET}.")])
    section = version.sections[0]
    login(client, make_editor())
    draft_export = _export(client, version.number)
    assert draft_export.source_state == "draft" and SECRET in normalise(pdf_text(
        client.get(f"/exports/{draft_export.id}/download").data))

    assert post(client, f"/roadmap/sections/{section.id}/edit",
                {"title": "Orientations", "body": "Texte gardé.", "revision": 1}).status_code == 302
    closes_on = (date.today() + timedelta(days=5)).isoformat()
    assert post(client, f"/roadmap/v/{version.number}/consultation",
                {"closes_on": closes_on, "closes_time": "12:00"}).status_code == 302
    consultation_export = _export(client, version.number)
    assert consultation_export.source_state == "consultation"
    assert post(client, f"/roadmap/v/{version.number}/publish").status_code == 302

    assert client.get("/roadmap.pdf").status_code == 404  # not served until rebuilt from the published text
    page = html.unescape(client.get("/exports").get_data(as_text=True))
    assert "La version à l’état de brouillon : non public" in page
    assert "La version en consultation : non public" in page

    published = _export(client)  # the current published version
    assert published.id not in (draft_export.id, consultation_export.id)
    assert published.source_state == "published"
    response = client.get("/roadmap.pdf")
    assert response.status_code == 200 and published.file_name in response.headers["Content-Disposition"]
    text = normalise(pdf_text(response.data))
    assert "Texte gardé." in text and SECRET not in text
    assert "La version publiée : c’est le PDF public" in html.unescape(client.get("/exports").get_data(as_text=True))


def test_the_fingerprint_holds_the_state_so_a_draft_file_is_not_reused_once_published(client):
    from roadmap.drafts.models import VersionState

    version = make_version(state=VersionState.CONSULTATION, sections=[("Un", "Texte.")])
    login(client, make_editor())
    before = _export(client, version.number)
    assert post(client, f"/roadmap/v/{version.number}/publish").status_code == 302
    after = _export(client, version.number)
    assert after.id != before.id and after.fingerprint != before.fingerprint
    assert after.source_state == "published" and client.get("/roadmap.pdf").status_code == 200


def test_publishing_starts_the_public_pdf_of_the_published_content(client, app):
    from roadmap.drafts.models import VersionState

    app.config["EXPORT_ON_PUBLISH"] = True
    version = make_version(state=VersionState.CONSULTATION, sections=[("Orientations", "Texte publié.")])
    login(client, make_editor())
    response = post(client, f"/roadmap/v/{version.number}/publish")
    assert response.status_code == 302
    assert "en cours de fabrication" in html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert jobs.wait_for_jobs(timeout=120)
    db.session.expire_all()
    export = db.session.scalar(db.select(Export))
    assert export.source_state == "published" and export.version_number == version.number
    response = client.get("/roadmap.pdf")
    assert response.status_code == 200 and "Texte publié." in normalise(pdf_text(response.data))


def test_publishing_while_another_export_runs_says_to_start_the_pdf_later(client, app):
    from roadmap.drafts.models import VersionState
    from roadmap.exports.models import ExportStage, ExportState

    app.config["EXPORT_ON_PUBLISH"] = True
    version = make_version(state=VersionState.CONSULTATION, sections=[("Un", "Texte.")])
    editor = make_editor()
    db.session.add(Export(state=ExportState.RUNNING, stage=ExportStage.LAYOUT, active_slot=1, fingerprint="autre",
                          version_number=None, created_by=editor))
    db.session.commit()
    login(client, editor)
    response = post(client, f"/roadmap/v/{version.number}/publish")
    assert response.status_code == 302  # the publication itself is not held up
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Un autre export est en cours" in page
    assert db.session.scalar(db.select(db.func.count(Export.id))) == 1
