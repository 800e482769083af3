"""SWOT pages in the shared role matrix (tests/permissions.py): a territory with one submitted
version and a newer draft; "outsider" is logged in and tied to nothing."""
import pytest

from roadmap.extensions import db
from roadmap.swot import service
from tests.factories import make_territory
from tests.permissions import assert_matrix, people
from tests.swot.helpers import item_data

LOGGED_IN_200 = {"anonymous": 302, "outsider": 200, "partner": 200, "member": 200, "lead": 200, "editor": 200}
EDIT_FORM = {"anonymous": 302, "outsider": 403, "partner": 403, "member": 200, "lead": 200, "editor": 403}
ADD_FORM = {**EDIT_FORM, "partner": 200}
LEAD_ONLY_POST = {"anonymous": 302, "outsider": 403, "partner": 403, "member": 403, "lead": 303, "editor": 403}

ROWS = [
    ("GET", "/territories/{slug}/swot", LOGGED_IN_200),
    ("GET", "/territories/{slug}/swot/items/new", ADD_FORM),
    ("GET", "/territories/{slug}/swot/items/{item}/edit", EDIT_FORM),
    ("GET", "/territories/{slug}/swot/versions", LOGGED_IN_200),
    ("GET", "/territories/{slug}/swot/versions/1", LOGGED_IN_200),
    ("GET", "/territories/{slug}/swot/compare?a=1&b=1", LOGGED_IN_200),
    ("GET", "/swot/synthesis", LOGGED_IN_200),
    ("GET", "/swot/synthesis/cell?quadrant=strength&dimension=technical", LOGGED_IN_200),
    ("GET", "/swot/synthesis.csv", LOGGED_IN_200),
    ("POST", "/territories/{slug}/swot/visibility", LEAD_ONLY_POST),
]


@pytest.mark.parametrize("method, url, expected", ROWS, ids=[f"{m} {u}" for m, u, _ in ROWS])
def test_swot_permission_matrix(app, method, url, expected):
    territory = make_territory("Lyon")
    persons = people(territory)
    with app.test_request_context():
        item = service.add_item(territory, persons["lead"], item_data())
        service.submit(territory, persons["lead"])
    db.session.commit()
    assert_matrix(app, persons, method, url.format(slug=territory.slug, item=item.id), expected)


def test_drafts_are_hidden_from_outsiders_and_visitors(app):
    territory = make_territory("Lyon")
    persons = people(territory)
    with app.test_request_context():
        service.add_item(territory, persons["lead"], item_data(text="Texte soumis"))
        service.submit(territory, persons["lead"])
        service.add_item(territory, persons["lead"], item_data(text="Brouillon caché"))
    db.session.commit()
    from tests.factories import login

    outsider = app.test_client()
    login(outsider, persons["outsider"])
    page = outsider.get(f"/territories/{territory.slug}/swot").get_data(as_text=True)
    assert "Texte soumis" in page and "Brouillon caché" not in page
    visitor = app.test_client().get(f"/territories/{territory.slug}").get_data(as_text=True)
    assert "Diagnostic SWOT" in visitor and "Texte soumis" not in visitor and "Voir la dernière" not in visitor
