"""The public use cases as canvas pages with their alliances, in the PDF and the open data."""
import io
import zipfile

from roadmap.exports.opendata import open_data
from roadmap.exports.render import build_html, fingerprint, make_context, render_pdf
from roadmap.extensions import db
from roadmap.workshops.models import Alliance, AllianceRole, UseCase
from tests.exports.helpers import normalise, pdf_text
from tests.factories import make_territory


def _use_case(title, public=True, **fields):
    use_case = UseCase(title=title, theme="mobility", governance_model="personal_cloud", is_public=public,
                       problem="Les habitants ne connaissent pas leur empreinte carbone.",
                       citizen_return="Chacun récupère ses trajets.", **fields)
    db.session.add(use_case)
    db.session.flush()
    return use_case


def test_public_use_cases_are_canvas_pages_with_their_alliance(app):
    rochelle = make_territory("La Rochelle")
    coach = _use_case("Coach CO2", partners="Mobilités Partagées")
    db.session.add(Alliance(use_case=coach, territory=rochelle, role=AllianceRole.LEADING))
    _use_case("Projet confidentiel", public=False)
    db.session.flush()
    text = normalise(pdf_text(render_pdf(build_html(make_context()))[0]))
    for expected in ("Cas d'usage", "Coach CO2", "Le problème", "empreinte carbone", "Ce que le citoyen récupère",
                     "Chacun récupère ses trajets.", "La Rochelle · Pilote", "Mobilités Partagées"):
        assert expected in text, expected
    assert "Projet confidentiel" not in text


def test_open_data_and_csv_hold_only_public_use_cases(app, client):
    rochelle = make_territory("La Rochelle")
    coach = _use_case("Coach CO2")
    db.session.add(Alliance(use_case=coach, territory=rochelle, role=AllianceRole.PARTICIPATING))
    _use_case("Projet confidentiel", public=False)
    db.session.flush()
    data = open_data(make_context())["content"]["use-cases"]
    assert [u["title"] for u in data] == ["Coach CO2"]
    assert data[0]["alliance"] == [{"territory": rochelle.slug, "role": "participating"}]
    archive = zipfile.ZipFile(io.BytesIO(client.get("/open-data/roadmap-csv.zip").data))
    csv_text = archive.read("use_cases.csv").decode()
    assert "Coach CO2" in csv_text and "confidentiel" not in csv_text


def test_editing_a_use_case_changes_the_fingerprint(app):
    coach = _use_case("Coach CO2")
    before = fingerprint(make_context())
    coach.title = "Coach carbone"
    db.session.flush()
    assert fingerprint(make_context()) != before
