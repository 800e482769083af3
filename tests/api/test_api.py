"""The read-only API: visitor-visible data only, described by an OpenAPI document that lists
exactly the routes that exist."""
from roadmap.api.openapi import CONVERTER_RE, PAGE_PARAMETER, api_rules
from roadmap.core.params import MAX_PAGE
from tests.factories import make_lead, make_organisation, make_territory


def test_territories_are_listed_with_their_partners(client):
    lyon = make_territory("Métropole de Lyon", kind="metropolis")
    make_organisation("NuageCitoyen", territories=[lyon])
    make_lead(lyon, email="lead@lyon.example")
    response = client.get("/api/v1/territories")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    territory = response.get_json()["territories"][0]
    assert territory["name"] == "Métropole de Lyon" and territory["kind"] == "metropolis"
    assert territory["partners"] == [{"name": "NuageCitoyen", "kind": "sme"}]
    assert "lead@lyon.example" not in response.get_data(as_text=True)


def test_one_territory_and_an_unknown_one(client):
    territory = make_territory("La Rochelle")
    assert client.get(f"/api/v1/territories/{territory.slug}").get_json()["name"] == "La Rochelle"
    missing = client.get("/api/v1/territories/nowhere")
    assert missing.status_code == 404 and missing.get_json()["status"] == 404


def test_openapi_lists_exactly_the_routes_that_exist(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    routes = {CONVERTER_RE.sub(lambda m: "{" + m["name"] + "}", rule.rule) for rule in api_rules(app)}
    assert set(document["paths"]) == routes
    assert {"/api/v1/territories", "/api/v1/territories/{slug}", "/api/v1/roadmap", "/api/v1/openapi.json"} <= routes
    detail = document["paths"]["/api/v1/territories/{slug}"]["get"]
    assert detail["parameters"][0]["name"] == "slug" and "404" in detail["responses"]


def test_the_api_is_read_only(client):
    assert client.post("/api/v1/territories").status_code in (400, 405)


def test_the_published_roadmap_and_never_a_draft(client):
    from roadmap.drafts.models import VersionState
    from tests.drafts.factories import make_version

    assert client.get("/api/v1/roadmap").status_code == 404
    make_version(VersionState.PUBLISHED, sections=(("Publiée", "Texte public."),))
    make_version(VersionState.CONSULTATION, sections=(("En consultation", "Pas pour les visiteurs."),))
    make_version(VersionState.DRAFT, sections=(("Brouillon", "Secret."),))
    data = client.get("/api/v1/roadmap").get_json()
    assert data["number"] == 1 and [s["title"] for s in data["sections"]] == ["Publiée"]


def _swot(territory, text, public):
    from roadmap.swot import service
    from tests.swot.helpers import add

    lead = make_lead(territory)
    add(territory, lead, quadrant="opportunity", dimension="legal", text=text, importance=3)
    service.submit(territory, lead)
    service.set_public(territory, lead, public)
    return lead


def test_a_public_swot_is_served_and_a_private_one_is_not_even_to_its_lead(app, client):
    from tests.factories import login

    rochelle, barcelone = make_territory("La Rochelle"), make_territory("Barcelone")
    _swot(rochelle, "Le droit à la portabilité.", public=True)
    barcelone_lead = _swot(barcelone, "Un secret de Barcelone.", public=False)
    data = client.get(f"/api/v1/territories/{rochelle.slug}/swot").get_json()
    assert data["version"] == 1 and data["licence"] == "CC-BY-4.0"
    assert data["items"] == [{"quadrant": "opportunity", "dimension": "legal", "importance": 3,
                              "text": "Le droit à la portabilité.", "evidence_url": "", "evidence_note": "",
                              "lang": "fr"}]
    listed = {t["slug"]: t["swot"] for t in client.get("/api/v1/territories").get_json()["territories"]}
    assert listed == {rochelle.slug: f"/api/v1/territories/{rochelle.slug}/swot", barcelone.slug: None}
    login(client, barcelone_lead)
    assert client.get(f"/api/v1/territories/{barcelone.slug}/swot").status_code == 404
    assert client.get("/api/v1/territories/nowhere/swot").status_code == 404


def test_a_territory_without_a_submitted_swot_has_none(client):
    territory = make_territory("Helsinki")
    assert client.get(f"/api/v1/territories/{territory.slug}").get_json()["swot"] is None
    assert client.get(f"/api/v1/territories/{territory.slug}/swot").status_code == 404


def _use_case(title, public):
    from roadmap.extensions import db
    from roadmap.workshops.models import UseCase

    use_case = UseCase(title=title, theme="mobility", governance_model="personal_cloud", is_public=public)
    db.session.add(use_case)
    db.session.flush()
    return use_case


def test_public_use_cases_are_listed_a_page_at_a_time_with_their_alliance(app, client):
    from roadmap.api.routes import PAGE_SIZE
    from roadmap.extensions import db
    from roadmap.workshops.models import Alliance, AllianceRole

    rochelle = make_territory("La Rochelle")
    coach = _use_case("Aaa Coach CO2", public=True)
    db.session.add(Alliance(use_case=coach, territory=rochelle, role=AllianceRole.LEADING))
    for n in range(PAGE_SIZE):
        _use_case(f"Cas {n:03d}", public=True)
    secret = _use_case("Projet confidentiel", public=False)
    first = client.get("/api/v1/use-cases").get_json()
    assert (first["total"], first["pages"], first["page"]) == (PAGE_SIZE + 1, 2, 1)
    assert first["use_cases"][0]["alliance"] == [{"territory": rochelle.slug, "role": "leading"}]
    assert first["next"] == "/api/v1/use-cases?page=2"
    second = client.get(first["next"]).get_json()
    assert len(second["use_cases"]) == 1 and second["next"] is None
    titles = [u["title"] for u in first["use_cases"] + second["use_cases"]]
    assert "Projet confidentiel" not in titles and len(set(titles)) == PAGE_SIZE + 1
    assert client.get(f"/api/v1/use-cases/{coach.id}").get_json()["title"] == "Aaa Coach CO2"
    assert client.get(f"/api/v1/use-cases/{secret.id}").status_code == 404
    assert client.get("/api/v1/use-cases/999999").status_code == 404
    assert client.get("/api/v1/use-cases?page=abc").status_code == 422  # the document says: an integer ≥ 1


def test_openapi_describes_the_swot_and_use_case_routes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/territories/{slug}/swot", "/api/v1/use-cases", "/api/v1/use-cases/{use_case_id}"} <= set(paths)
    parameter = paths["/api/v1/use-cases/{use_case_id}"]["get"]["parameters"][0]
    assert parameter["schema"] == {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}  # as the converter
    for listed in ("/api/v1/use-cases", "/api/v1/territories"):
        assert paths[listed]["get"]["parameters"] == [PAGE_PARAMETER]
        assert PAGE_PARAMETER["schema"] == {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}
        assert "422" in paths[listed]["get"]["responses"]
