"""The read-only API: visitor-visible data only, described by an OpenAPI document that lists
exactly the routes that exist."""
from roadmap.api.openapi import CONVERTER_RE, api_rules
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
