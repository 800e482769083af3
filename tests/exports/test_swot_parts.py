"""The SWOT in the consolidated PDF and the open data: the synthesis matrix, each territory's last
public SWOT as a four-quadrant grid in its annex, and nothing a lead kept among participants."""
import io
import json
import zipfile

from roadmap.exports.opendata import open_data
from roadmap.exports.render import build_html, fingerprint, make_context, render_pdf
from roadmap.extensions import db
from roadmap.swot import service
from tests.exports.helpers import normalise, pdf_reader, pdf_text
from tests.factories import make_lead, make_territory
from tests.swot.helpers import add

ROCHELLE_ITEMS = [
    ("strength", "technical", "Les données de mobilité du réseau Yélo sont centralisées."),
    ("weakness", "financial", "Aucun budget pérenne dédié au Self Data."),
    ("opportunity", "legal", "Le droit à la portabilité donne une base juridique."),
    ("threat", "human", "La méfiance d'une partie des habitants."),
]


def _submitted(name, items, public=True):
    territory = make_territory(name)
    lead = make_lead(territory)
    for quadrant, dimension, text in items:
        add(territory, lead, quadrant=quadrant, dimension=dimension, text=text)
    service.submit(territory, lead)
    if public:
        service.set_public(territory, lead, True)
    db.session.flush()
    return territory, lead


def _pdf_text():
    return normalise(pdf_text(render_pdf(build_html(make_context()))[0]))


def test_the_pdf_holds_the_synthesis_and_every_public_territorys_swot_items(app):
    _submitted("La Rochelle", ROCHELLE_ITEMS)
    _submitted("Helsinki", [("strength", "human", "Une culture de la participation citoyenne.")])
    _submitted("Barcelone", [("threat", "legal", "Un secret bien gardé de Barcelone.")], public=False)
    text = _pdf_text()
    assert "Synthèse des SWOT" in text and "Éléments par territoire" in text
    for _quadrant, _dimension, item in ROCHELLE_ITEMS + [("", "", "Une culture de la participation citoyenne.")]:
        assert item in text, item
    for label in ("Forces", "Faiblesses", "Opportunités", "Menaces", "Technique", "Juridique et politique"):
        assert label in text
    assert "Un secret bien gardé" not in text
    assert "Construite sur 2 territoires sur 3." in text
    assert "Non inclus : Barcelone (son SWOT n'est visible que des participants)." in text
    # Barcelone's annex is one line of the list of the other territories, not a page.
    assert "Territoires sans SWOT dans cette feuille de route" in text


def test_the_annex_shows_the_last_submitted_version_not_the_draft(app):
    territory, lead = _submitted("La Rochelle", ROCHELLE_ITEMS[:1])
    add(territory, lead, text="Une idée encore en brouillon")
    text = _pdf_text()
    assert ROCHELLE_ITEMS[0][2] in text and "Une idée encore en brouillon" not in text
    service.submit(territory, lead)
    db.session.flush()
    text = _pdf_text()
    assert "Une idée encore en brouillon" in text and "Version 2, soumise le" in text


def test_the_synthesis_starts_on_the_page_the_contents_give(app):
    _submitted("La Rochelle", ROCHELLE_ITEMS)
    reader = pdf_reader(render_pdf(build_html(make_context()))[0])
    toc = normalise(reader.pages[1].extract_text())
    page = int(toc.split("Synthèse des SWOT")[1].strip(" .").split()[0])
    assert "Synthèse des SWOT" in reader.pages[page - 1].extract_text()
    assert "Forces" in reader.pages[page - 1].extract_text()


def test_without_a_public_swot_there_is_no_synthesis_part(app):
    _submitted("Barcelone", ROCHELLE_ITEMS, public=False)
    assert "Synthèse des SWOT" not in _pdf_text()
    assert "swot" not in open_data(make_context())["content"]


def test_open_data_holds_the_matrix_and_the_public_swots_only(app, client):
    rochelle, _lead = _submitted("La Rochelle", ROCHELLE_ITEMS)
    _submitted("Barcelone", [("threat", "legal", "Un secret bien gardé de Barcelone.")], public=False)
    data = open_data(make_context())["content"]["swot"]
    assert [s["territory"] for s in data["swots"]] == [rochelle.slug]
    assert [i["text"] for i in data["swots"][0]["items"]] == [text for _q, _d, text in ROCHELLE_ITEMS]
    cell = next(c for c in data["matrix"] if c["quadrant"] == "strength" and c["dimension"] == "technical")
    assert cell == {"quadrant": "strength", "dimension": "technical", "items": 1, "territories": 1}
    assert sum(c["items"] for c in data["matrix"]) == len(ROCHELLE_ITEMS)
    public = json.loads(client.get("/open-data/roadmap.json").data)
    assert "secret" not in json.dumps(public)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/open-data/roadmap-csv.zip").data))
    csv_text = archive.read("swot_items.csv").decode()
    assert "Yélo" in csv_text and "secret" not in csv_text


def test_the_fingerprint_follows_submissions_and_the_public_flag_not_the_draft(app):
    territory, lead = _submitted("La Rochelle", ROCHELLE_ITEMS)
    first = fingerprint(make_context())
    add(territory, lead, text="Un brouillon")
    db.session.flush()
    assert fingerprint(make_context()) == first
    service.submit(territory, lead)
    db.session.flush()
    submitted = fingerprint(make_context())
    assert submitted != first
    service.set_public(territory, lead, False)
    db.session.flush()
    assert fingerprint(make_context()) != submitted
