"""The consolidated PDF: what it holds, its table of contents, bookmarks, metadata and font."""
from markupsafe import Markup

from roadmap.exports.parts import DocumentPart, register_territory_annex_section
from roadmap.exports.render import build_html, fingerprint, make_context, render_pdf
from roadmap.extensions import db
from roadmap.process.service import DEFAULT_TITLE, get_process
from tests.exports.helpers import current_pdf, normalise, pdf_reader, pdf_text, some_territories, with_swot_in_roadmap
from tests.factories import make_territory


def test_pdf_holds_the_cover_title_and_every_territory(app):
    get_process()
    territories = some_territories(6)
    pdf, pages = current_pdf()
    text = normalise(pdf_text(pdf))
    assert DEFAULT_TITLE in text
    assert "CC BY 4.0" in text
    for territory in territories:
        assert territory.name in text
    assert "Mobilités Partagées" in text
    assert pages == len(pdf_reader(pdf).pages)


def _outline_pages(reader):
    pages = {}

    def walk(entries):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                pages.setdefault(entry.title, reader.get_destination_page_number(entry) + 1)

    walk(reader.outline)
    return pages


def test_table_of_contents_page_numbers_match_where_the_parts_start(app):
    get_process()
    for territory in some_territories(5)[:3]:
        with_swot_in_roadmap(territory)
    reader = pdf_reader(current_pdf()[0])
    starts = _outline_pages(reader)
    toc_text = reader.pages[1].extract_text()
    entries = [line.rsplit(" ", 1) for line in toc_text.splitlines() if "..." in line]
    # process, SWOT synthesis, territories annex + 3 full annexes + the other territories' list, partners
    assert len(entries) >= 8
    for label, number in entries:
        title = label.rstrip(". ").strip()
        assert starts[title] == int(number), title
        # The part really starts there: its heading is on that page.
        assert title in normalise(reader.pages[int(number) - 1].extract_text())


def test_pdf_has_metadata_bookmarks_page_numbers_and_the_embedded_font(app):
    get_process()
    some_territories(2)
    pdf, pages = current_pdf()
    reader = pdf_reader(pdf)
    assert reader.metadata.title == DEFAULT_TITLE
    assert reader.metadata.author
    root = reader.trailer["/Root"]
    assert root.get("/Lang") == "fr"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged for screen readers
    assert reader.outline
    assert f"2 / {pages}" in reader.pages[1].extract_text()
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("Source-Sans-3" in name for name in fonts), fonts


def test_every_french_letter_is_printed_with_the_vendored_font(app):
    make_territory("Œuvre «ÉÈÊËÀÂÎÏÔÙÛÜŸÇ» àâçéèêëîïôùûüÿœæ €")
    text = pdf_text(current_pdf()[0])
    assert "Œuvre «ÉÈÊËÀÂÎÏÔÙÛÜŸÇ» àâçéèêëîïôùûüÿœæ €" in normalise(text)


class _FakePart(DocumentPart):
    id = "fake-part"
    order = 250
    title = "Une partie ajoutée"

    def html(self, ctx):
        return Markup(f'<section id="{self.anchor}"><h1>{self.title}</h1><p>Son contenu</p></section>')

    def data(self, ctx):
        return {"items": 1}

    def fingerprint_parts(self, ctx):
        return [self.version]

    version = 1


class _FakeAnnexSection:
    order = 20

    def html_by_territory(self, ctx, territories):
        return {t.id: Markup(f"<p>Annexe ajoutée pour {t.name}</p>") for t in territories}

    def fingerprint_parts(self, ctx):
        return ["v1"]


def test_a_feature_plugs_a_part_and_an_annex_section_in_with_a_few_lines(app):
    territory = make_territory("La Rochelle")
    part, section = _FakePart(), _FakeAnnexSection()
    app.extensions["document_parts"][part.id] = part
    register_territory_annex_section(app, section)
    try:
        ctx = make_context()
        assert [p.id for p in ctx.parts] == ["cover", "contents", "process", "roadmap", "swot", "fake-part",
                                             "use-cases", "workshops", "consultation", "followup", "territories",
                                             "partners"]
        text = normalise(pdf_text(render_pdf(build_html(ctx))[0]))
        assert "Une partie ajoutée" in text and f"Annexe ajoutée pour {territory.name}" in text
        before = fingerprint(make_context())
        part.version = 2
        assert fingerprint(make_context()) != before
    finally:
        del app.extensions["document_parts"][part.id]
        app.extensions["territory_annex_sections"].remove(section)


def test_fingerprint_changes_with_the_content_only(app):
    territory = make_territory("La Rochelle")
    first = fingerprint(make_context())
    assert fingerprint(make_context()) == first
    territory.description = "Nouvelle description"
    db.session.flush()
    assert fingerprint(make_context()) != first


def test_with_fifty_territories_the_cover_stays_one_page(app):
    from tests.factories import make_territory as territory

    for n in range(50):
        territory(f"Communauté d'agglomération n° {n + 1}")
    reader = pdf_reader(current_pdf()[0])
    first, second = reader.pages[0].extract_text(), reader.pages[1].extract_text()
    assert "Communauté d'agglomération n° 50" in normalise(first)
    assert "CC BY 4.0" in first and "Sommaire" in second
