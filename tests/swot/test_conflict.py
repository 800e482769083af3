"""No lost update: the second of two concurrent saves is refused and shown both texts."""
from roadmap.extensions import db
from roadmap.swot.models import SwotItem
from tests.conftest import post
from tests.factories import login, make_lead, make_member, make_territory
from tests.swot.helpers import form


def test_second_save_of_the_same_item_is_refused_with_both_texts(app, client):
    territory = make_territory("La Rochelle", slug="la-rochelle")
    lead, member = make_lead(territory), make_member(territory)
    login(client, lead)
    post(client, "/territories/la-rochelle/swot/items/new", form(text="Texte d'origine"))
    item = db.session.scalars(db.select(SwotItem)).one()
    url = f"/territories/la-rochelle/swot/items/{item.id}/edit"
    other = app.test_client()
    login(other, member)
    # Both open the form and see version 1.
    assert 'value="1"' in client.get(url).get_data(as_text=True)
    assert 'value="1"' in other.get(url).get_data(as_text=True)
    assert post(other, url, form(text="Texte de Léa", seen_version="1")).status_code == 303
    response = post(client, url, form(text="Texte de Julien", seen_version="1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Quelqu'un d'autre a enregistré cet élément" in page
    assert "Texte de Léa" in page and "Texte de Julien" in page
    assert 'name="seen_version" type="hidden" value="2"' in page  # saving again is a knowing overwrite
    db.session.expire_all()
    assert db.session.get(SwotItem, item.id).text == "Texte de Léa"
    # Julien merges and saves: accepted, version 3.
    assert post(client, url, form(text="Texte de Léa et de Julien", seen_version="2")).status_code == 303
    db.session.expire_all()
    saved = db.session.get(SwotItem, item.id)
    assert (saved.text, saved.version) == ("Texte de Léa et de Julien", 3)


def test_conflict_with_htmx_replaces_only_the_form(app, client):
    territory = make_territory("La Rochelle", slug="la-rochelle")
    lead = make_lead(territory)
    login(client, lead)
    post(client, "/territories/la-rochelle/swot/items/new", form(text="Origine"))
    item = db.session.scalars(db.select(SwotItem)).one()
    url = f"/territories/la-rochelle/swot/items/{item.id}/edit"
    post(client, url, form(text="Premier", seen_version="1"))
    response = post(client, url, form(text="Second", seen_version="1"), headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == f"#item-form-{item.id}"


def test_editing_an_item_deleted_meanwhile_says_so(app, client):
    territory = make_territory("La Rochelle", slug="la-rochelle")
    login(client, make_lead(territory))
    post(client, "/territories/la-rochelle/swot/items/new", form(text="Origine"))
    item_id = db.session.scalars(db.select(SwotItem.id)).one()
    post(client, f"/territories/la-rochelle/swot/items/{item_id}/delete")
    response = post(client, f"/territories/la-rochelle/swot/items/{item_id}/edit", form(seen_version="1"))
    assert response.status_code == 404
    assert "supprimé" in response.get_data(as_text=True)
