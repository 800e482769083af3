"""The PDF per edition: the English PDF holds the English sections, the French one the French; each
edition's file is its own (fingerprint, public /roadmap.pdf?edition=)."""
import pytest

from roadmap.drafts.models import VersionState
from roadmap.editions import service
from roadmap.exports import jobs
from roadmap.exports import service as exports
from roadmap.exports.models import Export
from roadmap.exports.render import build_html, fingerprint, make_context, render_pdf
from roadmap.extensions import db
from tests.conftest import post
from tests.editions.helpers import make_translator, translate, translate_all, two_sections
from tests.exports.helpers import normalise, pdf_text
from tests.factories import login, make_editor


@pytest.fixture
def people(app):
    return {"editor": make_editor(), "translator": make_translator("en")}


def _pdf(version_number, edition=None):
    return normalise(pdf_text(render_pdf(build_html(make_context(exports.options_for(version_number, edition))))[0]))


def test_the_english_pdf_holds_the_english_sections_and_the_french_one_the_french(people):
    version = two_sections(VersionState.PUBLISHED)
    translate_all(people["translator"], version)
    english, french = _pdf(version.number, "en"), _pdf(version.number)
    assert "Introduction EN" in english and "First paragraph of the text." in english
    assert "A data cooperative." in english and "Premier paragraphe" not in english
    assert "The roadmap" in english  # the document's own words are in English too
    assert "Premier paragraphe du texte." in french and "First paragraph" not in french


def test_the_html_of_an_edition_says_its_language(people):
    version = two_sections(VersionState.PUBLISHED)
    translate(people["translator"], version.sections[0])  # the second section is not translated yet
    html = build_html(make_context(exports.options_for(version.number, "en")))
    assert '<html lang="en">' in html and 'lang="fr"' in html  # the untranslated section keeps its own


def test_each_edition_has_its_fingerprint_which_follows_its_translations(people):
    version = two_sections(VersionState.PUBLISHED)
    translate_all(people["translator"], version)

    def fp(edition=None):
        return fingerprint(make_context(exports.options_for(version.number, edition)))

    source, english = fp(), fp("en")
    assert source != english
    translate(people["translator"], version.sections[0], title="Introduction, revised")
    assert fp("en") != english and fp() == source  # the source's file is still good


def test_an_edition_outside_the_settings_is_refused(people):
    from roadmap.core.errors import Invalid

    version = two_sections(VersionState.PUBLISHED)
    with pytest.raises(Invalid):
        exports.options_for(version.number, "fr")


def test_the_editor_exports_the_english_edition_and_it_is_public_once_published(client, people):
    version = two_sections(VersionState.PUBLISHED)
    translate_all(people["translator"], version)
    login(client, people["editor"])
    assert "edition" in client.get("/exports").get_data(as_text=True)
    assert post(client, "/exports", {"version": "", "edition": "de"}).status_code == 422
    response = post(client, "/exports", {"version": "", "edition": "en"})
    assert response.status_code == 303 and jobs.wait_for_jobs(timeout=120)
    db.session.expire_all()
    export = db.session.scalar(db.select(Export))
    assert export.edition == "en" and export.file_name.endswith(".pdf") and "-en-" in export.file_name
    assert client.get("/roadmap.pdf?edition=en").status_code == 404  # the edition is not published yet
    service.publish_edition(people["editor"], version, "en")
    db.session.commit()
    pdf = client.get("/roadmap.pdf?edition=en")
    assert pdf.status_code == 200 and "First paragraph of the text." in normalise(pdf_text(pdf.data))
    assert client.get("/roadmap.pdf").status_code == 404  # the source's own file is not this one
    assert client.get("/roadmap.pdf?edition=xx").status_code == 422


def test_the_open_data_holds_the_published_editions_texts_with_their_language_and_origin(client, people):
    import json

    version = two_sections(VersionState.PUBLISHED)
    translate_all(people["translator"], version)
    db.session.commit()
    before = client.get("/open-data/roadmap.json")
    assert "editions" not in json.loads(before.data)["content"]["roadmap"]["sections"][0]  # not published yet
    service.publish_edition(people["editor"], version, "en")
    db.session.commit()
    after = client.get("/open-data/roadmap.json")
    assert after.headers["ETag"] != before.headers["ETag"]
    first = json.loads(after.data)["content"]["roadmap"]["sections"][0]
    edition, = first["editions"]
    assert edition["title"] == {"text": "Introduction EN", "lang": "en", "source": "human"}
    assert edition["body_markdown"]["text"].startswith("First paragraph") and edition["to_update"] is False


def test_publishing_a_version_makes_the_pdfs_of_the_source_and_of_its_published_editions(client, app, people):
    from datetime import timedelta

    from tests.drafts.factories import make_version

    app.config["EXPORT_ON_PUBLISH"] = True
    make_version(VersionState.CONSULTATION, sections=[("Intro", "v1")], closes_in=timedelta(days=-1))
    version = two_sections(VersionState.DRAFT)
    translate_all(people["translator"], version)
    login(client, people["editor"])
    assert post(client, f"/roadmap/v/{version.number}/publish").status_code == 302
    assert jobs.wait_for_jobs(timeout=120)
    db.session.expire_all()
    assert sorted((e.edition or "") for e in db.session.scalars(db.select(Export))) == ["", "en"]
    english = client.get("/roadmap.pdf?edition=en")
    assert english.status_code == 200 and "First paragraph of the text." in normalise(pdf_text(english.data))
    french = client.get("/roadmap.pdf")
    assert french.status_code == 200 and "Premier paragraphe du texte." in normalise(pdf_text(french.data))
