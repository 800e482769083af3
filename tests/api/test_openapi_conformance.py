"""Every answer of the API agrees with its OpenAPI document: its status is one the operation
declares, its body validates against that response's schema (formats checked: a `date-time`
carries its time zone), and a method it does not list is a 405 with an `Allow` header."""
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from roadmap.extensions import db
from roadmap.workshops.models import Alliance, AllianceRole
from tests.api.test_api import _swot, _use_case
from tests.factories import make_organisation, make_territory

HUGE = "99999999999999999999"
# Path parameters tried for each name: one that exists (filled in by the fixture), unknown ones.
BAD_PATH_VALUES = {"slug": ["nowhere", "x" * 300], "use_case_id": ["0", str(2**31 - 1), str(2**31), str(2**63 - 1), HUGE]}
BAD_PATH_VALUES["action_id"] = BAD_PATH_VALUES["experiment_id"] = BAD_PATH_VALUES["use_case_id"]
BAD_QUERY_VALUES = {"page": ["null", "0", "-1", "abc", "1.5", str(2**63 - 1), HUGE, "2", "1000000"],
                    "since": ["2026-03-01", "2026-03-01T08:00:00Z", "hier", "2026-03-01T08:00:00", "9999-01-01",
                              "2026-02-30", HUGE]}


@pytest.fixture
def api_world(app):
    from roadmap.drafts.models import VersionState
    from tests.drafts.factories import make_version

    rochelle = make_territory("La Rochelle")
    make_organisation("NuageCitoyen", territories=[rochelle])
    _swot(rochelle, "Le droit à la portabilité.", public=True)
    use_case = _use_case("Coach CO2", public=True)
    db.session.add(Alliance(use_case=use_case, territory=rochelle, role=AllianceRole.LEADING))
    make_version(VersionState.PUBLISHED, sections=(("Publiée", "Texte public."),))
    db.session.commit()
    from tests.followup.factories import make_action, make_experiment, make_indicator

    action = make_action()
    experiment = make_experiment(rochelle, action)
    make_indicator(experiment, values=[(experiment.starts_on, 3.0)])
    db.session.commit()
    return {"slug": rochelle.slug, "use_case_id": str(use_case.id), "action_id": str(action.id),
            "experiment_id": str(experiment.id)}


def _document(client):
    return client.get("/api/v1/openapi.json").get_json()


def _validate(document, operation, path, response):
    status = str(response.status_code)
    assert status in operation["responses"], f"{path}: {status} is not in the document"
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    assert response.mimetype == "application/json", path
    root = {**schema, "components": document["components"]}  # "#/components/..." resolves here
    errors = sorted(Draft202012Validator(root, format_checker=FormatChecker()).iter_errors(response.get_json()),
                    key=str)
    assert not errors, f"{path}: {errors[0].message} at {list(errors[0].absolute_path)}"


def _requests(document, world):
    """(path template, operation, concrete URL) for good and bad values of every parameter."""
    for template, operations in document["paths"].items():
        for method, operation in operations.items():
            assert method == "get"
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            queries = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            good = template
            for name in names:
                good = good.replace("{" + name + "}", world[name])
            yield template, operation, good
            for name in names:
                for value in BAD_PATH_VALUES[name]:
                    url = template
                    for other in names:
                        url = url.replace("{" + other + "}", value if other == name else world[other])
                    yield template, operation, url
            for name in queries:
                for value in BAD_QUERY_VALUES[name]:
                    yield template, operation, f"{good}?{name}={value}"


def test_every_answer_agrees_with_the_document(client, api_world):
    document = _document(client)
    seen = set()
    for template, operation, url in _requests(document, api_world):
        response = client.get(url)
        _validate(document, operation, url, response)
        seen.add((template, response.status_code))
    # The sweep did reach the answers that matter: each path's 200, and the errors.
    assert {t for t, s in seen if s == 200} == set(document["paths"])
    assert {s for _t, s in seen} >= {200, 404, 422}


def test_before_the_first_publication_the_roadmap_is_a_documented_404(client):
    document = _document(client)
    response = client.get("/api/v1/roadmap")
    assert response.status_code == 404
    _validate(document, document["paths"]["/api/v1/roadmap"]["get"], "/api/v1/roadmap", response)


def test_dates_carry_their_time_zone(client, api_world):
    assert client.get("/api/v1/roadmap").get_json()["published_at"].endswith("Z")
    assert client.get(f"/api/v1/territories/{api_world['slug']}/swot").get_json()["submitted_at"].endswith("Z")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_an_undocumented_method_is_a_405_with_allow(client, api_world, method):
    document = _document(client)
    for template in document["paths"]:
        url = template
        for name, value in api_world.items():
            url = url.replace("{" + name + "}", value)
        response = getattr(client, method)(url)
        assert response.status_code == 405, url
        allowed = {m.strip() for m in response.headers["Allow"].split(",")}
        assert {m.upper() for m in document["paths"][template]} <= allowed
        assert method.upper() not in allowed
        assert response.get_json()["status"] == 405


def test_page_null_is_refused_as_the_document_says(client, api_world):
    response = client.get("/api/v1/territories?page=null")
    assert response.status_code == 422 and "page" in response.get_json()["error"]
