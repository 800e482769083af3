"""The permission matrix: role × route → expected status. Features add their own tables.

`people(territory)` builds one person per role around a territory; `assert_matrix` logs each in
turn and checks the status of each route. Anonymous requests to a protected page are
redirected to the log-in page (302).
"""
from tests.factories import login, make_editor, make_lead, make_member, make_organisation, make_partner, make_user

ROLES = ("anonymous", "outsider", "partner", "member", "lead", "editor")


def people(territory):
    organisation = make_organisation(territories=[territory])
    return {
        "anonymous": None,
        "outsider": make_user(),  # logged in, tied to nothing
        "partner": make_partner(organisation),
        "member": make_member(territory),
        "lead": make_lead(territory),
        "editor": make_editor(),
    }


def assert_matrix(app, persons, method, url, expected, data=None):
    """expected: {role: status}; every role of ROLES must be listed."""
    assert_matrix_rows(app, persons, [(method, url, expected, data)])


def assert_matrix_rows(app, persons, rows):
    """Several (method, url, expected, data) rows, each role logged in once for all of them."""
    from tests.conftest import post

    for _method, url, expected, _data in rows:
        assert set(expected) == set(ROLES), f"matrix row for {url} must list every role"
    failures = []
    for role in ROLES:
        client = app.test_client()
        if persons[role] is not None:
            login(client, persons[role])
        for method, url, expected, data in rows:
            if method == "GET":
                status = client.get(url).status_code
            else:
                status = post(client, url, data or {}).status_code
            if status != expected[role]:
                failures.append(f"{role}: {method} {url} → {status}, expected {expected[role]}")
    assert not failures, "\n".join(failures)


# Who sees a workshop (roadmap.workshops.permissions.can_view_workshop), by how the people of
# `people(territory)` are tied to it. Its page, calendar file, room and stream answer 200 to those
# who see it, 404 to the others (they do not learn it exists); visitors go to the log-in page.
def _sees(*roles):
    return {role: 302 if role == "anonymous" else 200 if role in roles or role == "editor" else 404
            for role in ROLES}


WORKSHOP_VISIBILITY = {
    "their territory invited": _sees("member", "lead"),
    "their territory hosts": _sees("member", "lead"),
    "the partner's organisation invited": _sees("partner"),
    "another territory invited": _sees(),
}
