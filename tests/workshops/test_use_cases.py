"""Use cases: the canvas, filters, visibility, versions in the edit form, alliances."""
import pytest

from roadmap.extensions import db
from roadmap.workshops.models import Alliance, UseCase
from tests.conftest import post
from tests.factories import login, make_editor, make_lead, make_organisation, make_partner, make_territory
from tests.workshops.helpers import make_use_case, make_workshop

CANVAS = {"title": "Coach CO2", "theme": "mobility", "governance_model": "personal_cloud",
          "problem": "Empreinte carbone inconnue", "citizens": "Habitants", "personal_data": "Trajets",
          "data_holders": "Opérateur", "citizen_return": "Bilan CO2", "service": "Application",
          "individual_benefits": "Économies", "collective_benefits": "Moins d'émissions",
          "risks_safeguards": "Surveillance : cloud personnel", "indicators": "2 000 utilisateurs",
          "partners": "NuageCitoyen"}


def test_lead_proposes_a_use_case_with_the_full_canvas(client):
    lead = make_lead(make_territory("La Rochelle"))
    login(client, lead)
    assert client.get("/use-cases/new").status_code == 200
    response = post(client, "/use-cases/new", CANVAS)
    assert response.status_code == 302
    use_case = db.session.scalar(db.select(UseCase))
    assert use_case.citizen_return == "Bilan CO2" and use_case.governance_model.value == "personal_cloud"
    page = client.get(f"/use-cases/{use_case.id}").get_data(as_text=True)
    for text in ("Surveillance : cloud personnel", "Cloud personnel", "Mobilité", "2 000 utilisateurs"):
        assert text in page


def test_partner_cannot_propose_a_use_case(client):
    login(client, make_partner(make_organisation()))
    assert client.get("/use-cases/new").status_code == 403
    assert post(client, "/use-cases/new", CANVAS).status_code == 403


def test_use_case_without_title_or_with_unknown_model_is_refused(client):
    login(client, make_editor())
    response = post(client, "/use-cases/new", {**CANVAS, "title": "  "})
    assert response.status_code == 422 and 'id="title-error"' in response.get_data(as_text=True)
    assert post(client, "/use-cases/new", {**CANVAS, "governance_model": "blockchain"}).status_code == 422
    assert db.session.scalar(db.select(db.func.count(UseCase.id))) == 0


def test_use_case_form_without_csrf_is_refused(client):
    login(client, make_editor())
    assert client.post("/use-cases/new", data=CANVAS).status_code == 400


def test_list_filters_by_theme_governance_and_territory(client):
    editor = make_editor()
    lyon, rennes = make_territory("Lyon"), make_territory("Rennes")
    coach = make_use_case(editor, "Coach CO2", theme="mobility", governance_model="personal_cloud")
    energie = make_use_case(editor, "Mon énergie", theme="energy", governance_model="direct_transfer")
    db.session.add_all([Alliance(use_case_id=coach.id, territory_id=lyon.id, role="leading"),
                        Alliance(use_case_id=energie.id, territory_id=rennes.id, role="observing")])
    login(client, editor)

    def titles(query):
        page = client.get("/use-cases" + query).get_data(as_text=True)
        return [t for t in ("Coach CO2", "Mon énergie") if f">{t}</a>" in page]

    assert titles("") == ["Coach CO2", "Mon énergie"]
    assert titles("?theme=energy") == ["Mon énergie"]
    assert titles("?governance=personal_cloud") == ["Coach CO2"]
    assert titles(f"?territory={rennes.id}") == ["Mon énergie"]
    assert titles("?theme=mobility&governance=direct_transfer") == []
    assert client.get("/use-cases?theme=nonsense").status_code == 200


def test_the_list_comes_a_page_at_a_time_and_keeps_the_filters(client):
    from roadmap.workshops.queries import PAGE_SIZE

    editor = make_editor()
    for n in range(PAGE_SIZE + 1):
        make_use_case(editor, f"Cas {n:03d}", theme="energy")
    make_use_case(editor, "Zzz mobilité", theme="mobility")
    login(client, editor)
    first = client.get("/use-cases?theme=energy").get_data(as_text=True)
    assert f"{PAGE_SIZE + 1} cas d'usage" in first
    assert ">Cas 000</a>" in first and f">Cas {PAGE_SIZE:03d}</a>" not in first
    assert 'href="/use-cases?page=2&amp;theme=energy"' in first
    second = client.get("/use-cases?page=2&theme=energy").get_data(as_text=True)
    assert f">Cas {PAGE_SIZE:03d}</a>" in second and ">Zzz mobilité</a>" not in second
    assert client.get("/use-cases?page=-3").status_code == 422  # out of range: refused, one rule for every list


def test_visitors_see_only_public_use_cases(client):
    editor = make_editor()
    public = make_use_case(editor, "Public", is_public=True)
    draft = make_use_case(editor, "Brouillon")
    db.session.commit()
    page = client.get("/use-cases").get_data(as_text=True)
    assert ">Public</a>" in page and ">Brouillon</a>" not in page
    assert client.get(f"/use-cases/{public.id}").status_code == 200
    assert client.get(f"/use-cases/{draft.id}").status_code == 404


def test_stale_edit_is_refused_with_the_other_text_and_a_merge_prompt(client):
    editor = make_editor()
    use_case = make_use_case(editor, problem="Au départ")
    login(client, editor)
    page = client.get(f"/use-cases/{use_case.id}/edit").get_data(as_text=True)
    import re
    versions = re.search(r'name="versions" type="hidden" value="([^"]+)"', page).group(1)
    from roadmap.workshops import service
    service.save_canvas_field(use_case, "problem", "Texte de l'autre", 1, make_lead(make_territory()))
    db.session.commit()
    response = post(client, f"/use-cases/{use_case.id}/edit", {**CANVAS, "problem": "Mon texte",
                                                               "versions": versions})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Texte de l&#39;autre" in page and "Mon texte" in page and 'id="problem-error"' in page
    db.session.expire_all()
    assert db.session.get(UseCase, use_case.id).problem == "Texte de l'autre"
    assert db.session.get(UseCase, use_case.id).title == "Coach CO2"  # nothing else was saved either
    new_versions = re.search(r'name="versions" type="hidden" value="([^"]+)"', page).group(1)
    merged = post(client, f"/use-cases/{use_case.id}/edit", {**CANVAS, "problem": "Fusion", "versions": new_versions})
    assert merged.status_code == 302
    db.session.expire_all()
    assert db.session.get(UseCase, use_case.id).problem == "Fusion"


def test_only_editors_authors_and_alliance_leads_edit_a_use_case(client):
    editor = make_editor()
    territory = make_territory()
    use_case = make_use_case(editor)
    outsider = make_lead(territory)
    login(client, outsider)
    assert client.get(f"/use-cases/{use_case.id}/edit").status_code == 403
    assert post(client, f"/use-cases/{use_case.id}/edit", CANVAS).status_code == 403
    db.session.add(Alliance(use_case_id=use_case.id, territory_id=territory.id, role="participating"))
    db.session.commit()
    assert client.get(f"/use-cases/{use_case.id}/edit").status_code == 200


@pytest.mark.parametrize("role", ["leading", "participating", "observing"])
def test_lead_joins_changes_and_leaves_the_alliance_for_their_territory(client, role):
    territory = make_territory("La Rochelle")
    lead = make_lead(territory)
    editor = make_editor()
    use_case = make_use_case(editor)
    make_workshop(editor, territories=[territory], use_cases=[use_case])  # where alliances are formed
    login(client, lead)
    assert post(client, f"/use-cases/{use_case.id}/alliance", {"territory": territory.id, "role": role}).status_code == 302
    alliance = db.session.scalar(db.select(Alliance))
    assert alliance.role.value == role and alliance.territory_id == territory.id
    post(client, f"/use-cases/{use_case.id}/alliance", {"territory": territory.id, "role": "observing"})
    assert db.session.scalar(db.select(db.func.count(Alliance.id))) == 1
    page = client.get(f"/territories/{territory.slug}").get_data(as_text=True)
    assert "Coach CO2" in page
    assert post(client, f"/use-cases/{use_case.id}/alliance/leave", {"leave-territory": territory.id}).status_code == 302
    assert db.session.scalar(db.select(db.func.count(Alliance.id))) == 0
    assert post(client, f"/use-cases/{use_case.id}/alliance/leave", {"leave-territory": territory.id}).status_code == 409


def test_nobody_commits_another_territory(client):
    mine, theirs = make_territory("Mine"), make_territory("Theirs")
    use_case = make_use_case(make_editor())
    login(client, make_lead(mine))
    response = post(client, f"/use-cases/{use_case.id}/alliance", {"territory": theirs.id, "role": "leading"})
    assert response.status_code in (403, 422)
    assert db.session.scalar(db.select(db.func.count(Alliance.id))) == 0


def test_partner_and_editor_without_territory_cannot_join(client):
    use_case = make_use_case(make_editor())
    territory = make_territory()
    login(client, make_partner(make_organisation(territories=[territory])))
    response = post(client, f"/use-cases/{use_case.id}/alliance", {"territory": territory.id, "role": "leading"})
    assert response.status_code == 403


def test_alliance_without_csrf_is_refused(client):
    territory = make_territory()
    lead = make_lead(territory)
    use_case = make_use_case(make_editor())
    login(client, lead)
    assert client.post(f"/use-cases/{use_case.id}/alliance", data={"territory": territory.id, "role": "leading"}).status_code == 400
    assert client.post(f"/use-cases/{use_case.id}/alliance/leave", data={"leave-territory": territory.id}).status_code == 400


def test_territory_page_hides_private_use_cases_from_visitors(client):
    territory = make_territory()
    public = make_use_case(make_editor(), "Public", is_public=True)
    private = make_use_case(make_editor(), "Privé")
    db.session.add_all([Alliance(use_case_id=public.id, territory_id=territory.id, role="leading"),
                        Alliance(use_case_id=private.id, territory_id=territory.id, role="leading")])
    db.session.commit()
    page = client.get(f"/territories/{territory.slug}").get_data(as_text=True)
    assert ">Public</a>" in page and ">Privé</a>" not in page


def test_demo_is_idempotent_and_has_coach_co2(app):
    from roadmap.demo import seed
    from roadmap.workshops.models import Card, Dot, Workshop

    def row_counts():
        return {t.name: db.session.scalar(db.select(db.func.count()).select_from(t))
                for t in db.metadata.sorted_tables}

    seed()
    db.session.commit()
    first = row_counts()
    seed()
    db.session.commit()
    assert row_counts() == first
    titles = set(db.session.scalars(db.select(UseCase.title)))
    assert "Coach CO2" in titles and len(titles) >= 4
    assert db.session.scalar(db.select(db.func.count(Alliance.id))) >= 8
    # The live co-design workshop (5 cards, 7 dots), the closed one of three weeks ago (4 cards, 6 dots,
    # its minutes) and the coming sharing session.
    assert db.session.scalar(db.select(db.func.count(Card.id))) == 9
    assert db.session.scalar(db.select(db.func.count(Dot.id))) == 13
    assert db.session.scalar(db.select(db.func.count(Workshop.id))) == 3


def test_use_case_edit_without_csrf_is_refused(client):
    editor = make_editor()
    use_case = make_use_case(editor)
    login(client, editor)
    assert client.post(f"/use-cases/{use_case.id}/edit", data={**CANVAS, "problem": "Sans jeton"}).status_code == 400
    db.session.expire_all()
    assert db.session.get(UseCase, use_case.id).problem == ""


def test_unknown_use_case_is_not_found(client):
    login(client, make_editor())
    assert client.get("/use-cases/999").status_code == 404
    assert client.get("/use-cases/999/edit").status_code == 404


def test_an_edit_through_the_form_reaches_the_live_rooms(client):
    from roadmap.workshops import room
    from tests.workshops.helpers import live_room

    data = live_room()
    login(client, data["editor"])
    page = client.get(f"/use-cases/{data['use_case'].id}/edit").get_data(as_text=True)
    import re
    versions = re.search(r'name="versions" type="hidden" value="([^"]+)"', page).group(1)
    response = post(client, f"/use-cases/{data['use_case'].id}/edit",
                    {**CANVAS, "problem": "Changé hors de la salle", "versions": versions})
    assert response.status_code == 302
    events = [e for e in room.events_since(data["workshop"].id, 0) if e["kind"] == "field"]
    problem = next(e for e in events if e["data"]["field"] == "problem")
    assert problem["data"]["value"] == "Changé hors de la salle" and problem["data"]["version"] == 2
