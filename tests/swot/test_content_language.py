"""A SWOT item stores the language it is written in: the writer's interface language unless chosen."""
import pytest
from sqlalchemy import select

from roadmap.extensions import db
from roadmap.swot.models import SwotItem
from tests.conftest import post
from tests.factories import login, make_member, make_territory
from tests.swot.helpers import form

NEW = "/territories/la-rochelle/swot/items/new"


@pytest.fixture
def rochelle(app):
    return make_territory("La Rochelle", slug="la-rochelle")


def _items():
    return db.session.scalars(select(SwotItem).order_by(SwotItem.id)).all()


def _error(page, field):
    start = page.index(f'id="{field}-error"')
    return page[start:page.index("</p>", start)]


@pytest.mark.parametrize("interface", ["fr", "en"])
def test_an_item_is_in_its_writers_language_by_default(client, rochelle, interface):
    login(client, make_member(rochelle, language=interface))
    assert post(client, NEW, form(text="Un texte")).status_code == 303
    assert _items()[-1].language == interface


def test_the_writer_says_the_item_is_in_another_language_and_the_board_marks_it(client, rochelle):
    login(client, make_member(rochelle, language="fr"))
    assert post(client, NEW, form(text="Open data portal since 2015", language="en")).status_code == 303
    item, = _items()
    assert item.language == "en"
    page = client.get("/territories/la-rochelle/swot").get_data(as_text=True)
    assert '<p class="swot-text" lang="en">Open data portal since 2015</p>' in page
    # Changing only the language is saved too, and a text in the interface's language is not marked.
    response = post(client, f"/territories/la-rochelle/swot/items/{item.id}/edit",
                    form(text=item.text, language="fr", seen_version=str(item.version)))
    assert response.status_code == 303
    db.session.refresh(item)
    assert item.language == "fr"
    assert '<p class="swot-text">Open data portal since 2015</p>' in \
        client.get("/territories/la-rochelle/swot").get_data(as_text=True)


def test_the_form_offers_the_configured_languages_with_the_writers_chosen(client, rochelle):
    login(client, make_member(rochelle, language="en"))
    page = client.get(NEW + "?quadrant=strength").get_data(as_text=True)
    assert '<option lang="en" selected value="en">English</option>' in page
    assert '<option lang="fr" value="fr">Français</option>' in page


@pytest.mark.parametrize("language", ["de", "xx", "fr-FR"])
def test_a_language_outside_the_settings_is_refused_next_to_the_field(client, rochelle, language):
    login(client, make_member(rochelle, language="fr"))
    response = post(client, NEW, form(text="Un texte", language=language))
    assert response.status_code == 422
    assert "Choisissez une langue dans la liste." in _error(response.get_data(as_text=True), "language")
    assert _items() == []
