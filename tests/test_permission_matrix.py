"""Foundation routes: who gets what."""
import pytest

from tests.factories import make_territory
from tests.permissions import assert_matrix, people

ALL_200 = dict.fromkeys(("anonymous", "outsider", "partner", "member", "lead", "editor"), 200)
LOGGED_IN_200 = {**ALL_200, "anonymous": 302}
EDITOR_ONLY = {"anonymous": 302, "outsider": 403, "partner": 403, "member": 403, "lead": 403, "editor": 200}

ROWS = [
    ("GET", "/", ALL_200),
    ("GET", "/process", ALL_200),
    ("GET", "/territories", ALL_200),
    ("GET", "/territories/{slug}", ALL_200),
    ("GET", "/organisations", ALL_200),
    ("GET", "/healthz", ALL_200),
    ("GET", "/account", LOGGED_IN_200),
    ("GET", "/account/password", LOGGED_IN_200),
    ("GET", "/invitations", EDITOR_ONLY),
    ("GET", "/territories/new", EDITOR_ONLY),
    ("GET", "/territories/{slug}/edit", EDITOR_ONLY),
    ("GET", "/organisations/new", EDITOR_ONLY),
    ("GET", "/process/steps/{step_id}/edit", EDITOR_ONLY),
]


@pytest.mark.parametrize("method, url, expected", ROWS, ids=[f"{m} {u}" for m, u, _ in ROWS])
def test_foundation_permission_matrix(app, method, url, expected):
    from roadmap.process.service import get_process

    territory = make_territory("Lyon")
    persons = people(territory)
    step = get_process().steps[0]
    assert_matrix(app, persons, method, url.format(slug=territory.slug, step_id=step.id), expected)


def test_members_of_a_territory_are_hidden_from_visitors(client, app):
    territory = make_territory("Lyon")
    persons = people(territory)
    html = client.get(f"/territories/{territory.slug}").get_data(as_text=True)
    assert persons["lead"].display_name not in html
