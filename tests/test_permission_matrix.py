"""Foundation routes: who gets what."""
import pytest

from tests.factories import make_territory
from tests.permissions import ROLES, WORKSHOP_VISIBILITY, assert_matrix, assert_matrix_rows, people

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


def _workshop(tie, territory, organisation):
    from tests.factories import make_editor
    from tests.workshops.helpers import make_use_case, make_workshop

    editor = make_editor()
    use_case = make_use_case(editor)
    fields = {"online_url": "https://visio.example.org/salle-secrete", "use_cases": [use_case]}
    if tie == "their territory invited":
        workshop = make_workshop(editor, territories=[territory], **fields)
    elif tie == "their territory hosts":
        workshop = make_workshop(editor, host_territory_id=territory.id, **fields)
    elif tie == "the partner's organisation invited":
        workshop = make_workshop(editor, organisation_ids=[organisation.id], **fields)
    else:
        workshop = make_workshop(editor, territories=[make_territory("Ailleurs")], **fields)
    return workshop, use_case


def _refused_if_seen(row, seen_status):
    """What a POST of the room answers: 404 to whoever does not see the workshop, else seen_status."""
    return {role: seen_status.get(role, status) if status == 200 else status for role, status in row.items()}


@pytest.mark.parametrize("tie", list(WORKSHOP_VISIBILITY))
def test_workshop_permission_matrix(app, tie):
    from roadmap.extensions import db

    territory = make_territory("Lyon")
    persons = people(territory)
    organisation = persons["partner"].memberships[0].organisation
    workshop, use_case = _workshop(tie, territory, organisation)
    db.session.commit()
    row = WORKSHOP_VISIBILITY[tie]
    base = f"/workshops/{workshop.id}"
    # The room of a planned workshop: the invited who did not register are refused (403); the
    # editor takes part, but the room is not open yet (409).
    room_row = _refused_if_seen(row, {"partner": 403, "member": 403, "lead": 403, "editor": 200})
    post_row = _refused_if_seen(row, {"partner": 403, "member": 403, "lead": 403, "editor": 409})
    card = {"use_case_id": use_case.id, "kind": "idea", "text": "Carte"}
    field = {"use_case_id": use_case.id, "field": "problem", "value": "pirate", "version": 0}
    assert_matrix_rows(app, persons, [
        ("GET", base, row, None),
        ("GET", f"{base}/calendar.ics", row, None),
        ("GET", f"{base}/live/stream?lifetime=0.1", room_row, None),
        ("GET", f"{base}/live/state", room_row, None),
        ("POST", f"{base}/live/cards", post_row, card),
        ("POST", f"{base}/live/fields", post_row, field),
        ("POST", f"{base}/live/timer", post_row, {"minutes": "5"}),
        ("POST", f"{base}/live/lock", post_row, {"locked": "y"}),
        ("GET", f"{base}/edit", EDITOR_ONLY, None),  # refused before the workshop is looked up: 403 for any id
        ("POST", f"{base}/register", _refused_if_seen(row, dict.fromkeys(ROLES, 302)), None),
    ])

@pytest.mark.parametrize("tie", list(WORKSHOP_VISIBILITY))
def test_workshop_list_shows_only_the_workshops_a_role_sees(app, tie):
    from roadmap.extensions import db
    from tests.factories import login

    territory = make_territory("Lyon")
    persons = people(territory)
    organisation = persons["partner"].memberships[0].organisation
    workshop, _use_case = _workshop(tie, territory, organisation)
    workshop.title = "Atelier confidentiel"
    db.session.commit()
    for role, status in WORKSHOP_VISIBILITY[tie].items():
        client = app.test_client()
        if persons[role] is None:
            assert client.get("/workshops").status_code == 302
            continue
        login(client, persons[role])
        page = client.get("/workshops").get_data(as_text=True)
        assert ("Atelier confidentiel" in page) is (status == 200), role
        assert ("salle-secrete" in client.get("/").get_data(as_text=True)) is False, role
