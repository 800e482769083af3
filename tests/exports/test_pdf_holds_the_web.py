"""The PDF holds what the web shows: what supports each section, the results of the workshops; and
its layout keeps a SWOT quadrant on one page and the heat map's headers inside their cells."""
import io
import json
import zipfile

import weasyprint

from roadmap.drafts import service as drafts_service
from roadmap.exports.opendata import open_data
from roadmap.exports.parts import ExportOptions
from roadmap.exports.render import build_html, fingerprint, make_context, render_pdf, static_fetcher
from roadmap.extensions import db
from roadmap.swot import service as swot_service
from roadmap.swot.models import SwotVersionItem
from roadmap.workshops import room
from roadmap.workshops import service as workshop_service
from tests.drafts.factories import make_version
from tests.exports.helpers import normalise, pdf_text
from tests.factories import make_editor, make_lead, make_territory
from tests.swot.helpers import add
from tests.workshops.helpers import make_use_case, make_workshop, register


def _text(ctx):
    return normalise(pdf_text(render_pdf(build_html(ctx))[0]))


def _frozen(text):
    return db.session.scalar(db.select(SwotVersionItem).where(SwotVersionItem.text == text))


def _swot(name, slug, text, in_roadmap, quadrant="strength"):
    territory = make_territory(name, slug=slug)
    lead = make_lead(territory)
    add(territory, lead, text=text, quadrant=quadrant)
    swot_service.submit(territory, lead, in_roadmap=in_roadmap)
    swot_service.set_public(territory, lead, True)
    return territory


def test_the_pdf_prints_what_supports_each_section_as_a_visitor_of_the_roadmap_reads_it(app):
    editor = make_editor()
    _swot("La Rochelle", "la-rochelle", "Les données de mobilité sont centralisées.", in_roadmap=True)
    _swot("Barcelone", "barcelone", "Un secret que Barcelone garde pour elle.", in_roadmap=False,
          quadrant="weakness")
    coach = make_use_case(editor, "Coach CO2", is_public=True)
    basket = make_use_case(editor, "Panier local", is_public=False)
    version = make_version(sections=(("Mutualiser", "Les territoires s'allient."), ("Mesurer", "Des indicateurs.")))
    section = version.sections[0]
    for text in ("Les données de mobilité sont centralisées.", "Un secret que Barcelone garde pour elle."):
        drafts_service.cite_swot_item(editor, section, _frozen(text).id)
    drafts_service.cite_use_case(editor, section, coach.id)
    drafts_service.cite_use_case(editor, section, basket.id)
    db.session.commit()
    ctx = make_context(ExportOptions(version_number=version.number, version_label="Version 1"))
    text = _text(ctx)
    supported = text.split("Mutualiser Les territoires s'allient.")[1].split("Mesurer Des indicateurs.")[0]
    assert "Appuyé par :" in supported
    assert "La Rochelle — force : Les données de mobilité sont centralisées. (v1)" in supported
    assert "Barcelone — faiblesse (ce SWOT ne figure pas dans la feuille de route)" in supported
    assert "Cas d'usage : Coach CO2" in supported and "Un cas d'usage qui n'est pas encore public" in supported
    assert "garde pour elle" not in text and "Panier local" not in text
    assert text.count("Appuyé par :") == 1  # the second section cites nothing


def test_citing_one_more_item_changes_the_fingerprint(app):
    editor = make_editor()
    _swot("La Rochelle", "la-rochelle", "Les données de mobilité sont centralisées.", in_roadmap=True)
    version = make_version()
    options = ExportOptions(version_number=version.number, version_label="Version 1")
    before = fingerprint(make_context(options))
    drafts_service.cite_swot_item(editor, version.sections[0], _frozen("Les données de mobilité sont centralisées.").id)
    db.session.flush()
    assert fingerprint(make_context(options)) != before


def _closed_workshop():
    editor = make_editor(name="Claire Éditrice")
    territory = make_territory("Rennes Métropole", slug="rennes-metropole")
    alice, bruno = make_lead(territory, name="Alice Martin"), make_lead(territory, name="Bruno Petit")
    health = make_use_case(editor, "Air et santé", is_public=True)
    basket = make_use_case(editor, "Panier local", is_public=False)
    workshop = make_workshop(editor, territories=[territory], use_cases=[health, basket],
                             title="Atelier santé et alimentation")
    register(workshop, alice, bruno)
    room.open_session(workshop.id, editor)
    few = room.add_card(workshop.id, alice, health.id, "risk", "Un hébergement certifié est indispensable.")
    many = room.add_card(workshop.id, bruno, health.id, "idea", "Relier les symptômes aux capteurs de quartier.")
    room.add_card(workshop.id, alice, basket.id, "question", "Quelles enseignes rendront les tickets ?")
    for voter, card, count in ((alice, many, 2), (bruno, many, 1), (bruno, few, 1)):
        for _ in range(count):
            room.add_dot(workshop.id, voter, card.id)
    room.close_session(workshop.id, editor)
    workshop_service.save_minutes(workshop, "## Décisions\n\nRennes pilote **50 patients**.", editor)
    live = make_workshop(editor, territories=[territory], use_cases=[health], title="Atelier encore ouvert")
    register(live, alice)
    room.open_session(live.id, editor)
    room.add_card(live.id, alice, health.id, "idea", "Une carte d'un atelier en cours.")
    db.session.commit()
    return workshop


def test_the_pdf_holds_the_results_of_the_closed_workshops(app):
    _closed_workshop()
    text = _text(make_context())
    part = text.split("Ce que les ateliers ont produit")[1]
    assert "Atelier santé et alimentation" in part and "Cas d'usage : Air et santé" in part
    # Cards most dots first, with their count, never their author.
    cards = part.lower()  # the kind is printed in small capitals
    assert cards.index("3 gommettes idée relier les symptômes") < cards.index("1 gommette risque un hébergement")
    assert "Alice Martin" not in part and "Bruno Petit" not in part
    assert "Compte rendu" in part and "Rennes pilote 50 patients." in part
    # Only public use cases; a live room's counts still move: not in the document.
    assert "Quelles enseignes" not in text and "Panier local" not in text
    assert "Atelier encore ouvert" not in text and "atelier en cours" not in text


def test_the_open_data_holds_the_results_of_the_closed_workshops(app, client):
    _closed_workshop()
    (workshop,) = open_data(make_context())["content"]["workshops"]
    assert workshop["title"] == "Atelier santé et alimentation"
    assert workshop["minutes_markdown"].startswith("## Décisions")
    (use_case,) = workshop["use_cases"]
    assert [(c["dots"], c["kind"]) for c in use_case["cards"]] == [(3, "idea"), (1, "risk")]
    archive = zipfile.ZipFile(io.BytesIO(client.get("/open-data/roadmap-csv.zip").data))
    cards = archive.read("workshop_cards.csv").decode("utf-8-sig")
    assert "Relier les symptômes" in cards and "Quelles enseignes" not in cards
    assert "Alice" not in json.dumps(open_data(make_context()))


def test_without_a_closed_workshop_there_is_no_results_part(app):
    assert "Résultats des ateliers" not in _text(make_context())
    assert "workshops" not in open_data(make_context())["content"]


def test_adding_a_card_or_writing_the_minutes_changes_the_fingerprint(app):
    workshop = _closed_workshop()
    before = fingerprint(make_context())
    workshop_service.save_minutes(workshop, "Autre compte rendu.", make_editor())
    db.session.flush()
    assert fingerprint(make_context()) != before


# --- Layout ------------------------------------------------------------------------------------

def _layout(ctx):
    fetcher = static_fetcher()
    return weasyprint.HTML(string=build_html(ctx), base_url=fetcher.base_url, url_fetcher=fetcher).render()


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _classes(box):
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def test_the_heat_maps_headers_stay_inside_their_cells(app):
    _swot("La Rochelle", "la-rochelle", "Les données de mobilité sont centralisées.", in_roadmap=True)
    document = _layout(make_context())
    headers = [cell for page in document.pages for table in _boxes(page._page_box)
               if "swot-matrix" in _classes(table) for group in _boxes(table) if group.element_tag == "thead"
               for cell in _boxes(group) if cell.element_tag == "th" and type(cell).__name__ == "TableCellBox"]
    names = ["".join(t.text for t in _boxes(h) if type(t).__name__ == "TextBox") for h in headers]
    assert any("Organisation" in n for n in names) and "Total" in names, names
    for header in headers:
        left = header.content_box_x()
        right = left + header.width
        for text in (b for b in _boxes(header) if type(b).__name__ == "TextBox"):
            assert left - 0.5 <= text.position_x and text.position_x + text.width <= right + 0.5, text.text


def test_a_swot_quadrant_never_leaves_items_alone_on_the_next_page(app):
    territory = make_territory("Helsinki", slug="helsinki", description="Ville pionnière. " * 40)
    lead = make_lead(territory)
    for quadrant in ("strength", "weakness", "opportunity", "threat"):
        for n in range(7):
            add(territory, lead, quadrant=quadrant, text=f"Un élément assez long pour tenir deux lignes, numéro {n}.",
                evidence_note="Une source citée en justificatif.")
    swot_service.submit(territory, lead, in_roadmap=True)
    db.session.commit()
    document = _layout(make_context())
    pages_of = {}
    for number, page in enumerate(document.pages):
        for box in _boxes(page._page_box):
            if "quadrant" in _classes(box) and box.element_tag == "div":
                pages_of.setdefault(id(box.element), set()).add(number)
    assert len(pages_of) >= 4  # the four quadrants of the annex (the synthesis has none)
    assert all(len(pages) == 1 for pages in pages_of.values()), pages_of
