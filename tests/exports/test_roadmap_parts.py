"""The roadmap and the synthesis of its consultation in the PDF and the open data."""
import json

from roadmap.drafts.models import CommentStatus, VersionState
from roadmap.exports.opendata import open_data
from roadmap.exports.render import build_html, fingerprint, make_context, render_pdf
from roadmap.exports.service import options_for
from roadmap.extensions import db
from tests.drafts.factories import make_comment, make_version
from tests.exports.helpers import normalise, pdf_reader, pdf_text
from tests.factories import make_user

SECTIONS = (("Qu'est-ce que le Self Data ?", "Les données **reviennent** aux habitants."),
            ("Piste 1 : expérimenter", "Six mois, deux cents habitants."))


def _consulted_version(state=VersionState.PUBLISHED):
    version = make_version(state, sections=SECTIONS)
    author = make_user(name="Auteur Secret")
    first, second = version.sections
    make_comment(author, first, "Définition claire.", status=CommentStatus.ACCEPTED, answer="Merci, gardée.")
    make_comment(author, first, "Citer les privés.", status=CommentStatus.PARTLY_ACCEPTED, quote="habitants",
                 answer="Une phrase sera ajoutée.")
    make_comment(author, second, "Trop court.", status=CommentStatus.DECLINED, answer="Assumé.")
    make_comment(author, second, "Commentaire masqué", status=CommentStatus.ACCEPTED, hidden_at=version.created_at,
                 hidden_reason="hors sujet")
    make_comment(author, second, "En attente.")
    return version


def test_without_a_version_number_the_current_published_version_is_exported(app):
    assert options_for().version_number is None  # nothing published: no roadmap part
    make_version(VersionState.PUBLISHED)
    make_version(VersionState.CONSULTATION)
    assert options_for().version_number == 1
    assert options_for(2).version_label == "Version 2 — En consultation"


def test_pdf_holds_the_sections_and_the_synthesis_of_the_consultation(app):
    _consulted_version()
    pdf, _pages = render_pdf(build_html(make_context(options_for())))
    text = normalise(pdf_text(pdf))
    for expected in ("La feuille de route", "Qu'est-ce que le Self Data ?", "Piste 1 : expérimenter",
                     "Synthèse de la consultation", "Définition claire.", "Merci, gardée.",
                     "Une phrase sera ajoutée.", "Version 1 — Publiée"):
        assert expected in text, expected
    assert "Commentaire masqué" not in text and "Auteur Secret" not in text
    assert "Trop court." in text and "Assumé." in text  # declined: with the editors' justification
    assert "En attente." not in text  # open: counted, not quoted


def test_toc_lists_the_roadmap_sections_at_their_pages(app):
    _consulted_version()
    reader = pdf_reader(render_pdf(build_html(make_context(options_for())))[0])
    toc = normalise(reader.pages[1].extract_text())
    assert "Piste 1 : expérimenter" in toc and "Synthèse de la consultation" in toc


def test_open_data_has_the_roadmap_and_the_consultation_without_people(app):
    _consulted_version()
    data = open_data(make_context(options_for()))
    assert data["version"] == {"number": 1, "label": "Version 1 — Publiée"}
    assert [s["title"] for s in data["content"]["roadmap"]["sections"]] == [t for t, _b in SECTIONS]
    consultation = data["content"]["consultation"]
    assert consultation["comments"] == 4
    assert consultation["by_status"] == {"open": 1, "accepted": 1, "partly_accepted": 1, "declined": 1,
                                         "answered": 0}
    assert [c["answer"] for c in consultation["accepted"]] == ["Merci, gardée.", "Une phrase sera ajoutée."]
    dumped = json.dumps(data, ensure_ascii=False)
    assert "Auteur Secret" not in dumped and "Commentaire masqué" not in dumped and "@" not in dumped


def test_csv_has_the_comments_with_their_status(app, client):
    import io
    import zipfile

    _consulted_version()
    archive = zipfile.ZipFile(io.BytesIO(client.get("/open-data/roadmap-csv.zip").data))
    comments = archive.read("consultation_comments.csv").decode()
    assert "declined" in comments and "Trop court." in comments and "masqué" not in comments
    assert "roadmap_sections.csv" in archive.namelist()


def test_a_draft_or_a_consultation_is_never_in_the_public_open_data(app, client):
    make_version(VersionState.CONSULTATION, sections=(("Brouillon confidentiel", "Pas encore public."),))
    body = client.get("/open-data/roadmap.json").get_data(as_text=True)
    assert "Brouillon confidentiel" not in body


def test_a_new_comment_changes_the_fingerprint(app):
    version = _consulted_version()
    before = fingerprint(make_context(options_for()))
    make_comment(make_user(), version.sections[0], "Encore un.")
    db.session.flush()
    assert fingerprint(make_context(options_for())) != before


def test_final_version_pdf_holds_the_synthesis_of_the_earlier_consultation(app):
    from roadmap.drafts import service
    from tests.factories import make_editor

    editor = make_editor()
    v1 = _consulted_version(VersionState.CONSULTATION)
    v2 = service.create_next_version(editor)
    service.update_section(editor, v2.sections[0], "Définition revue", "Les données reviennent.", 1)
    service.publish_version(editor, v2)
    db.session.flush()
    context = make_context(options_for())
    assert context.version_number == v2.number
    text = normalise(pdf_text(render_pdf(build_html(context))[0]))
    assert "4 commentaires" in text and "Consultation sur la version 1" in text
    for answer in ("Merci, gardée.", "Une phrase sera ajoutée.", "Assumé."):
        assert answer in text, answer
    assert "Pris en compte dans : Définition revue" in text
    assert "Commentaire masqué" not in text and "Auteur Secret" not in text
    data = open_data(make_context(options_for()))["content"]["consultation"]
    assert data["consulted_versions"] == [v1.number] and data["comments"] == 4
    assert [c["answer"] for c in data["answered"]] == ["Merci, gardée.", "Une phrase sera ajoutée.", "Assumé."]


def test_final_version_pdf_names_each_section_once_and_where_the_comparison_is(app):
    from roadmap.drafts import service
    from tests.factories import make_editor

    editor = make_editor()
    _consulted_version(VersionState.CONSULTATION)
    v2 = service.create_next_version(editor)
    service.publish_version(editor, v2)
    db.session.flush()
    html = build_html(make_context(options_for()))
    answers = html[html.index('class="answered-section"'):]
    # The answered comments of a section sit under one heading, each marked by its status.
    assert answers.count("<h3>Qu&#39;est-ce que le Self Data ?</h3>") == 1
    assert answers.count("<h3>Piste 1 : expérimenter</h3>") == 1
    assert "accepted-comment status-declined" in answers and "accepted-comment status-accepted" in answers
    text = normalise(pdf_text(render_pdf(html)[0]))
    assert "/roadmap/compare?from=1&to=2" in text.replace(" ", "")
    assert "Ce qui a changé après la consultation" in text
