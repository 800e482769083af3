"""A section is bounded when saved (nesting, headings, blocks, size, rendering time) and its HTML,
rendered once then, is what the pages serve."""
import html

import pytest

from roadmap.core import markdown as markdown_module
from roadmap.drafts.models import Section
from roadmap.extensions import db
from tests.conftest import post
from tests.core.test_markdown_bounds import BLOCKS, BRACKETS, DEEP_DIVS, DEEP_LIST, DEEP_QUOTE, HEADINGS
from tests.drafts.factories import make_version
from tests.factories import login, make_editor


def _field_error(page):
    start = page.index('id="body-error"')
    return page[start:page.index("</p>", start)]


@pytest.mark.parametrize("body, words", [
    (DEEP_QUOTE, "trop imbriqué"), (DEEP_DIVS, "trop imbriqué"), (DEEP_LIST, "trop imbriqué"),
    (HEADINGS, "trop de titres"), (BLOCKS, "trop de paragraphes"), (BRACKETS, "prend trop de temps"),
])
def test_a_section_that_would_break_the_export_is_refused_next_to_its_field(app, client, body, words):
    if words == "prend trop de temps":  # only the time bound is tested against a short limit
        app.config["MARKDOWN_RENDER_TIMEOUT"] = 0.3
    section = make_version().sections[0]
    before = section.body
    login(client, make_editor())
    response = post(client, f"/roadmap/sections/{section.id}/edit", {"title": "Titre", "body": body, "revision": 1})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert words in _field_error(page)
    assert html.escape(body, quote=False) in page  # nothing typed is lost
    db.session.expire_all()
    assert db.session.get(Section, section.id).body == before


def test_a_new_section_is_refused_the_same_way(client):
    version = make_version(sections=())
    login(client, make_editor())
    response = post(client, f"/roadmap/v/{version.number}/sections/new", {"title": "Titre", "body": DEEP_QUOTE})
    assert response.status_code == 422 and "trop imbriqué" in _field_error(response.get_data(as_text=True))
    assert db.session.query(Section).count() == 0


def test_a_far_too_long_section_is_not_echoed_back_whole(client):
    # 1 MB, under the request-size limit (answered 413 above it), twenty times the field's limit.
    section = make_version().sections[0]
    login(client, make_editor())
    response = post(client, f"/roadmap/sections/{section.id}/edit",
                    {"title": "Titre", "body": "a" * 1_000_000, "revision": 1})
    assert response.status_code == 422
    assert len(response.get_data()) < 200_000
    error = _field_error(response.get_data(as_text=True))
    assert "1000000" in error and "50000 premiers caractères" in error


def test_the_html_is_rendered_once_when_saved_and_served_as_stored(client, monkeypatch):
    version = make_version()
    section = version.sections[0]
    login(client, make_editor())
    response = post(client, f"/roadmap/sections/{section.id}/edit",
                    {"title": "Titre", "body": "## Mobilité\n\nLe **coach** CO2.", "revision": 1})
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Section, section.id)
    assert stored.body_html == '<h2 id="md-mobilite">Mobilité</h2>\n<p>Le <strong>coach</strong> CO2.</p>'

    def no_rendering(_text):
        raise AssertionError("Markdown rendered on a page view")

    monkeypatch.setattr(markdown_module, "markdown_to_html", no_rendering)
    page = client.get(f"/roadmap/v/{version.number}").get_data(as_text=True)
    assert "<strong>coach</strong> CO2." in page


def test_a_new_version_copies_the_stored_html(client):
    from roadmap.drafts import service
    from roadmap.drafts.models import VersionState

    make_version(state=VersionState.PUBLISHED, sections=[("Un", "*texte*")])
    version = service.create_next_version(make_editor())
    assert [s.body_html for s in version.sections] == ["<p><em>texte</em></p>"]
