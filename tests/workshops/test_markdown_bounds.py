"""Workshop agendas and minutes are bounded when saved and served as rendered then."""
import html

import pytest

from roadmap.core import markdown as markdown_module
from roadmap.extensions import db
from roadmap.workshops.models import Workshop, WorkshopState
from tests.conftest import post
from tests.core.test_markdown_bounds import BRACKETS, DEEP_DIVS, DEEP_QUOTE, HEADINGS
from tests.factories import login, make_editor
from tests.workshops.helpers import make_workshop
from tests.workshops.test_workshops import _form


def _field_error(page, field):
    start = page.index(f'id="{field}-error"')
    return page[start:page.index("</p>", start)]


@pytest.mark.parametrize("agenda, words", [
    (DEEP_QUOTE, "trop imbriqué"), (DEEP_DIVS, "trop imbriqué"), (HEADINGS, "trop de titres"),
    (BRACKETS, "prend trop de temps"),
])
def test_an_agenda_past_the_bounds_is_refused_next_to_its_field(app, client, agenda, words):
    if words == "prend trop de temps":  # only the time bound is tested against a short limit
        app.config["MARKDOWN_RENDER_TIMEOUT"] = 0.3
    login(client, make_editor())
    response = post(client, "/workshops/new", _form(agenda=agenda))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert words in _field_error(page, "agenda") and html.escape(agenda, quote=False) in page
    assert db.session.query(Workshop).count() == 0


def test_minutes_past_the_bounds_are_refused_next_to_their_field(client):
    editor = make_editor()
    workshop = make_workshop(editor)
    workshop.state = WorkshopState.CLOSED
    db.session.commit()
    login(client, editor)
    response = post(client, f"/workshops/{workshop.id}/minutes", {"minutes": DEEP_DIVS})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "trop imbriqué" in _field_error(page, "minutes") and html.escape(DEEP_DIVS, quote=False) in page
    db.session.expire_all()
    assert db.session.get(Workshop, workshop.id).minutes == ""


def test_agenda_and_minutes_are_served_as_rendered_when_saved(client, monkeypatch):
    editor = make_editor()
    workshop = make_workshop(editor, agenda="**Accueil** des territoires")
    workshop.state = WorkshopState.CLOSED
    db.session.commit()
    login(client, editor)
    assert post(client, f"/workshops/{workshop.id}/minutes", {"minutes": "- *décision* prise"}).status_code == 302
    db.session.expire_all()
    stored = db.session.get(Workshop, workshop.id)
    assert stored.agenda_html == "<p><strong>Accueil</strong> des territoires</p>"
    assert stored.minutes_html == "<ul>\n<li><em>décision</em> prise</li>\n</ul>"

    def no_rendering(_text):
        raise AssertionError("Markdown rendered on a page view")

    monkeypatch.setattr(markdown_module, "markdown_to_html", no_rendering)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "<strong>Accueil</strong> des territoires" in page and "<em>décision</em> prise" in page
