import pytest

from roadmap.extensions import db
from roadmap.territories.models import Organisation, Territory
from tests.conftest import post
from tests.factories import login, make_editor, make_lead, make_territory


def test_editor_creates_a_territory(client, app):
    login(client, make_editor())
    response = post(client, "/territories/new", {"name": "Métropole de Lyon", "country": "fr", "kind": "metropolis",
                                                "description": "Une métropole."})
    assert response.status_code == 302
    territory = db.session.query(Territory).one()
    assert territory.slug == "metropole-de-lyon" and territory.country == "FR"
    assert client.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize("data, field", [
    ({"name": "", "country": "FR", "kind": "city"}, "name"),
    ({"name": "X" * 121, "country": "FR", "kind": "city"}, "name"),
    ({"name": "Ville", "country": "France", "kind": "city"}, "country"),
    ({"name": "Ville", "country": "ZZ", "kind": "city"}, "country"),
    ({"name": "Ville", "country": "FR", "kind": "galaxy"}, "kind"),
])
def test_bad_territory_input_is_refused_next_to_the_field(client, app, data, field):
    login(client, make_editor())
    response = post(client, "/territories/new", data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.session.query(Territory).count() == 0


def test_duplicate_territory_name_is_refused(client, app):
    make_territory("Rennes", slug="rennes")
    login(client, make_editor())
    response = post(client, "/territories/new", {"name": "Rennes", "country": "FR", "kind": "city"})
    assert response.status_code == 422
    assert "déjà ce nom" in response.get_data(as_text=True)


def test_editor_edits_a_territory(client, app):
    territory = make_territory("Nantes")
    login(client, make_editor())
    response = post(client, f"/territories/{territory.slug}/edit",
                    {"name": "Nantes Métropole", "country": "FR", "kind": "metropolis"})
    assert response.status_code == 302
    assert db.session.get(Territory, territory.id).name == "Nantes Métropole"


def test_editor_creates_an_organisation_tied_to_territories(client, app):
    a, b = make_territory("A"), make_territory("B")
    login(client, make_editor())
    response = post(client, "/organisations/new", {"name": "NuageCitoyen", "kind": "sme", "description": "",
                                                  "territories": [a.id, b.id]})
    assert response.status_code == 302
    organisation = db.session.query(Organisation).one()
    assert {t.id for t in organisation.territories} == {a.id, b.id}
    assert "NuageCitoyen" in client.get(f"/territories/{a.slug}").get_data(as_text=True)


def test_lead_cannot_create_a_territory(client, app):
    login(client, make_lead(make_territory()))
    response = post(client, "/territories/new", {"name": "Pirate", "country": "FR", "kind": "city"})
    assert response.status_code == 403


def test_unknown_territory_is_404(client):
    assert client.get("/territories/atlantis").status_code == 404
    assert client.get("/organisations/999/edit").status_code in (302, 404)


def test_long_lists_are_paginated(client, app):
    for n in range(55):
        make_territory(f"Ville {n:02d}", slug=f"ville-{n:02d}")
    first = client.get("/territories").get_data(as_text=True)
    assert "Ville 00" in first and "Ville 54" not in first and 'rel="next"' in first
    assert "Ville 54" in client.get("/territories?page=2").get_data(as_text=True)
    assert 'rel="next"' in client.get("/").get_data(as_text=True)
