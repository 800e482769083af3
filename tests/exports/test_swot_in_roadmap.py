"""A lead who answers no when submitting never sees their SWOT in the PDF, the JSON, the CSV or the
API; the export page and the PDF say which territories are in and why the others are not."""
import io
import json
import zipfile

from roadmap.exports.render import build_html, make_context, render_pdf
from roadmap.extensions import db
from roadmap.swot import service
from tests.exports.helpers import normalise, pdf_reader, pdf_text
from tests.factories import login, make_editor, make_lead, make_territory
from tests.swot.helpers import add

SECRET = "Un diagnostic que Barcelone garde pour elle."


def _submit(name, slug, text, in_roadmap, public=True):
    territory = make_territory(name, slug=slug)
    lead = make_lead(territory)
    add(territory, lead, quadrant="weakness", dimension="organisational", text=text)
    service.submit(territory, lead, in_roadmap=in_roadmap)
    service.set_public(territory, lead, public)  # public on the site: the "no" must still keep it out
    db.session.commit()
    return territory


def _world():
    rochelle = _submit("La Rochelle", "la-rochelle", "Les données de mobilité sont centralisées.", in_roadmap=True)
    barcelone = _submit("Barcelone", "barcelone", SECRET, in_roadmap=False)
    nantes = make_territory("Nantes Métropole", slug="nantes-metropole")
    db.session.commit()
    return rochelle, barcelone, nantes


def test_a_no_keeps_the_swot_out_of_the_pdf(app):
    _world()
    pdf = render_pdf(build_html(make_context()))[0]
    text = normalise(pdf_text(pdf))
    assert "Les données de mobilité sont centralisées." in text
    assert "garde pour elle" not in text
    assert "Construite sur 1 territoire sur 3." in text
    assert ("Non inclus : Barcelone (sa personne référente n'a pas accepté qu'il figure dans la feuille de "
            "route), Nantes Métropole (aucun SWOT soumis).") in text


def test_a_no_keeps_the_swot_out_of_the_json(app, client):
    _world()
    data = client.get("/open-data/roadmap.json").get_data(as_text=True)
    assert "centralisées" in data and "garde pour elle" not in data
    swots = json.loads(data)["content"]["swot"]["swots"]
    assert [s["territory"] for s in swots] == ["la-rochelle"]


def test_a_no_keeps_the_swot_out_of_the_csv(app, client):
    _world()
    archive = zipfile.ZipFile(io.BytesIO(client.get("/open-data/roadmap-csv.zip").data))
    everything = "".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    assert "centralisées" in everything and "garde pour elle" not in everything


def test_a_no_keeps_the_swot_out_of_the_api(app, client):
    _rochelle, barcelone, _nantes = _world()
    assert client.get(f"/api/v1/territories/{barcelone.slug}/swot").status_code == 404
    assert client.get(f"/api/v1/territories/{barcelone.slug}").get_json()["swot"] is None
    assert client.get("/api/v1/territories/la-rochelle/swot").status_code == 200


def test_a_territory_without_a_swot_in_the_roadmap_is_one_line_of_the_annex(app):
    _world()
    html = build_html(make_context())
    assert '<section class="annex-territory" id="territory-la-rochelle">' in html
    assert '<li id="territory-barcelone">' in html and '<li id="territory-nantes-metropole">' in html
    assert 'class="annex-territory" id="territory-barcelone"' not in html
    reader = pdf_reader(render_pdf(html)[0])
    pages = [normalise(page.extract_text()) for page in reader.pages]
    (short_list,) = [p for p in pages if "Territoires sans SWOT dans cette feuille de route" in p and "Nantes Métropole" in p]
    assert "Barcelone" in short_list and "aucun SWOT soumis" in short_list


def test_the_export_page_says_which_territories_appear_with_a_swot_and_why_not(app, client):
    _world()
    login(client, make_editor())
    page = normalise(client.get("/exports").get_data(as_text=True))
    assert "1 territoire sur 3 figurera avec son SWOT." in page
    assert "Avec un SWOT :</strong> La Rochelle" in page
    assert "Barcelone</a> — sa personne référente n'a pas accepté qu'il figure dans la feuille de route" in page
    assert "Nantes Métropole</a> — aucun SWOT soumis" in page
