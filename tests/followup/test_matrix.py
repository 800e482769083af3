"""Route × role → status for the follow-up (tests/permissions.py's people around one territory)."""
from tests.followup.factories import make_action, make_experiment, make_indicator
from tests.permissions import ROLES, assert_matrix_rows, people
from tests.factories import make_territory

ALL_200 = dict.fromkeys(ROLES, 200)
EDITOR_ONLY = {"anonymous": 302, "outsider": 403, "partner": 403, "member": 403, "lead": 403, "editor": 200}
TERRITORY_PEOPLE = {"anonymous": 302, "outsider": 403, "partner": 403, "member": 200, "lead": 200, "editor": 403}
SEES_PRIVATE = {"anonymous": 404, "outsider": 404, "partner": 200, "member": 200, "lead": 200, "editor": 200}
EDIT_PRIVATE = {"anonymous": 302, "outsider": 404, "partner": 403, "member": 200, "lead": 200, "editor": 403}


def test_followup_permission_matrix(app):
    territory = make_territory("La Rochelle")
    persons = people(territory)
    other = make_territory("Lyon")
    action = make_action()
    public = make_experiment(territory, action)
    private = make_experiment(territory, action, title="Discrète", public=False)
    elsewhere = make_experiment(other, action, title="Lyonnaise", public=False)
    indicator = make_indicator(private)
    assert_matrix_rows(app, persons, [
        ("GET", "/suivi", ALL_200, None),
        ("GET", f"/suivi/actions/{action.id}", ALL_200, None),
        ("GET", f"/suivi/territoires/{territory.slug}", ALL_200, None),
        ("GET", f"/suivi/experiences/{public.id}", ALL_200, None),
        ("GET", f"/suivi/experiences/{private.id}", SEES_PRIVATE, None),
        ("GET", f"/suivi/experiences/{elsewhere.id}", {**dict.fromkeys(ROLES, 404), "editor": 200}, None),
        ("GET", "/suivi/actions/new", EDITOR_ONLY, None),
        ("GET", f"/suivi/actions/{action.id}/edit", EDITOR_ONLY, None),
        ("GET", "/suivi/experiences/new", {**TERRITORY_PEOPLE, "partner": 403}, None),
        ("GET", f"/suivi/experiences/{public.id}/edit", {**TERRITORY_PEOPLE, "outsider": 403}, None),
        ("GET", f"/suivi/experiences/{private.id}/edit", EDIT_PRIVATE, None),
        ("GET", f"/suivi/experiences/{elsewhere.id}/edit",
         {"anonymous": 302, "outsider": 404, "partner": 404, "member": 404, "lead": 404, "editor": 403}, None),
        ("GET", f"/suivi/experiences/{private.id}/indicators/{indicator.id}/edit", EDIT_PRIVATE, None),
        ("POST", f"/suivi/experiences/{elsewhere.id}/indicators",
         {"anonymous": 302, "outsider": 404, "partner": 404, "member": 404, "lead": 404, "editor": 403},
         {"indicator-name": "X", "indicator-unit": "u"}),
        ("POST", "/suivi/addendum", {**EDITOR_ONLY, "editor": 303}, None),
    ])
    from roadmap.exports import jobs

    assert jobs.wait_for_jobs(timeout=120)  # the editor's addendum started a job: let it end
