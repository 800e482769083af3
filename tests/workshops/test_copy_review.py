"""The working copy → the use case: the facilitator's review, the confirmation, the version check."""
import pytest

from roadmap.extensions import db
from roadmap.workshops import room
from roadmap.workshops.models import UseCase
from tests.conftest import csrf_token
from tests.factories import login
from tests.workshops.helpers import live_room, second_client


@pytest.fixture
def data(app):
    data = live_room()
    w, uc = data["workshop"].id, data["use_case"]
    versions = uc.versions()
    room.edit_field(w, data["a"], uc.id, "problem", "Le problème écrit en atelier", versions["problem"])
    room.edit_field(w, data["a"], uc.id, "service", "Un service", versions["service"])
    room.edit_field(w, data["b"], uc.id, "governance_model", "data_cooperative", versions["governance_model"])
    db.session.commit()
    return data


def _url(data, path=""):
    return f"/workshops/{data['workshop'].id}/working-copy{path}"


def _use_case(data):
    db.session.expire_all()
    return db.session.get(UseCase, data["use_case"].id)


def test_review_shows_a_diff_per_changed_field_to_the_facilitator_only(client, data):
    login(client, data["a"])
    assert client.get(_url(data)).status_code == 403
    editor = second_client(client.application)
    login(editor, data["editor"])
    page = editor.get(_url(data)).get_data(as_text=True)
    assert "Le problème écrit en atelier" in page and "<ins>" in page
    assert page.count('name="change"') == 3


def test_apply_one_field_after_a_confirmation(client, data):
    login(client, data["editor"])
    uc = data["use_case"]
    key = f"{uc.id}:problem:{uc.versions()['problem']}"
    confirm = client.post(_url(data, "/apply"), data={"change": key, "csrf_token": csrf_token(client)})
    assert confirm.status_code == 200 and "Appliquer" in confirm.get_data(as_text=True)
    assert _use_case(data).problem == ""  # not yet: the confirmation page only
    done = client.post(_url(data, "/apply"), data={"change": key, "confirmed": "y",
                                                   "csrf_token": csrf_token(client)})
    assert done.status_code == 302
    assert _use_case(data).problem == "Le problème écrit en atelier"
    assert _use_case(data).service == ""


def test_apply_all_at_once(client, data):
    login(client, data["editor"])
    page = client.get(_url(data)).get_data(as_text=True)
    import re

    keys = re.findall(r'name="seen" value="([^"]+)"', page)
    done = client.post(_url(data, "/apply"), data={"change": keys, "confirmed": "y",
                                                   "csrf_token": csrf_token(client)})
    assert done.status_code == 302
    use_case = _use_case(data)
    assert (use_case.problem, use_case.service, use_case.governance_model.value) == (
        "Le problème écrit en atelier", "Un service", "data_cooperative")
    assert "rien à appliquer" in client.get(_url(data)).get_data(as_text=True).lower()


def test_a_use_case_changed_since_the_review_is_refused_and_nothing_applied(client, data):
    from roadmap.workshops.service import save_canvas_field

    uc = data["use_case"]
    stale = [f"{uc.id}:problem:{uc.versions()['problem']}", f"{uc.id}:service:{uc.versions()['service']}"]
    save_canvas_field(uc, "problem", "Changé ailleurs", uc.versions()["problem"], data["editor"])
    db.session.commit()
    login(client, data["editor"])
    response = client.post(_url(data, "/apply"), data={"change": stale, "confirmed": "y",
                                                       "csrf_token": csrf_token(client)})
    assert response.status_code == 409
    assert _use_case(data).problem == "Changé ailleurs" and _use_case(data).service == ""


@pytest.mark.parametrize("keys", [[], ["nonsense"], ["1:password:1"], ["x:problem:1"]])
def test_bad_choices_are_refused(client, data, keys):
    login(client, data["editor"])
    response = client.post(_url(data, "/apply"), data={"change": keys, "confirmed": "y",
                                                       "csrf_token": csrf_token(client)})
    assert response.status_code == 422


def test_without_csrf_or_as_participant_nothing_is_applied(client, data):
    uc = data["use_case"]
    key = f"{uc.id}:problem:{uc.versions()['problem']}"
    login(client, data["editor"])
    assert client.post(_url(data, "/apply"), data={"change": key, "confirmed": "y"}).status_code == 400
    alice = second_client(client.application)
    login(alice, data["a"])
    assert alice.post(_url(data, "/apply"), data={"change": key, "confirmed": "y",
                                                  "csrf_token": csrf_token(alice)}).status_code == 403
    assert _use_case(data).problem == ""
