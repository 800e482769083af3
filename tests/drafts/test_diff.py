"""Comparing versions on hand-written cases."""
from types import SimpleNamespace as NS

import pytest

from roadmap.drafts.diff import ADDED, CHANGED, REMOVED, SAME, compare_versions, diff_blocks, diff_words, summary


@pytest.fixture(autouse=True)
def _request(app):
    from flask import session

    with app.test_request_context("/"):
        session["lang"] = "en"
        yield


def _version(*sections):
    return NS(sections=[NS(key=k, title=t, body=b, position=i) for i, (k, t, b) in enumerate(sections, start=1)])


def _visible(html):
    """What a sighted reader sees, with the marks spelled out."""
    import re
    html = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", str(html))
    return html.replace("<ins>", "[+").replace("</ins>", "+]").replace("<del>", "[-").replace("</del>", "-]")


def test_word_changes_inside_a_paragraph():
    html = diff_words("Chaque territoire lance une expérimentation de six mois.",
                      "Chaque territoire lance deux expérimentations de six mois.")
    assert _visible(html) == "Chaque territoire lance [-une expérimentation-][+deux expérimentations+] de six mois."


def test_marks_are_announced_by_screen_readers():
    html = str(diff_words("a b", "a c"))
    assert '<del><span class="visually-hidden">deleted: </span>b' in html
    assert '<ins><span class="visually-hidden">inserted: </span>c' in html


def test_changed_text_is_escaped():
    html = str(diff_words("x", "<script>alert(1)</script>"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_paragraph_added_removed_and_reworded():
    old = "Premier paragraphe.\n\nDeuxième paragraphe sur les données.\n\nTroisième, supprimé."
    new = "Premier paragraphe.\n\nDeuxième paragraphe sur les données personnelles.\n\nUn ajout."
    kinds = [(kind, _visible(html)) for kind, html in diff_blocks(old, new)]
    assert kinds[0] == (SAME, "<p>Premier paragraphe.</p>")
    assert kinds[1] == (CHANGED, "Deuxième paragraphe sur les [-données.-][+données personnelles.+]")
    assert (REMOVED, "[-Troisième, supprimé.-]") in kinds and (ADDED, "[+Un ajout.+]") in kinds


def test_rewritten_paragraph_is_shown_as_removed_then_added():
    kinds = [kind for kind, _html in diff_blocks("Rien à voir avec la suite.", "Texte entièrement nouveau ici.")]
    assert kinds == [REMOVED, ADDED]


def test_sections_added_removed_moved_and_changed():
    old = _version(("a", "Intro", "x"), ("b", "Pistes", "y"), ("c", "Calendrier", "z"), ("f", "Chartes", "c"),
                   ("d", "Fin", "w"))
    new = _version(("a", "Introduction", "x"), ("c", "Calendrier", "z"), ("f", "Chartes", "c"),
                   ("e", "Mesurer", "m"), ("b", "Pistes", "y2"))
    diffs = compare_versions(old, new)
    by_title = {d.title: d for d in diffs}
    assert by_title["Introduction"].kind == CHANGED and not by_title["Introduction"].moved
    assert _visible(by_title["Introduction"].title_html) == "[-Intro-][+Introduction+]"
    assert by_title["Calendrier"].kind == SAME and not by_title["Calendrier"].moved
    assert by_title["Mesurer"].kind == ADDED
    assert by_title["Pistes"].kind == CHANGED and by_title["Pistes"].moved
    assert by_title["Fin"].kind == REMOVED
    assert summary(diffs) == {"added": 1, "removed": 1, "moved": 1, "changed": 2}


def test_removed_section_appears_where_it_was():
    old = _version(("a", "A", ""), ("b", "B", ""), ("c", "C", ""))
    new = _version(("a", "A", ""), ("c", "C", ""))
    assert [(d.title, d.kind) for d in compare_versions(old, new)] == [("A", SAME), ("B", REMOVED), ("C", SAME)]


def test_identical_versions_have_no_change():
    version = _version(("a", "A", "texte"), ("b", "B", "autre"))
    assert summary(compare_versions(version, version)) == {"added": 0, "removed": 0, "moved": 0, "changed": 0}
