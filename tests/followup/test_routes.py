"""Request tests of the follow-up pages: status, permissions (the wrong user is refused), CSRF,
bad input shown next to its field with nothing saved."""
from datetime import date

from sqlalchemy import func, select

from roadmap.extensions import db
from roadmap.followup.models import (Action, ActionFollower, Commitment, Experiment, Indicator, IndicatorValue,
                                     TimelineEntry)
from tests.conftest import post
from tests.factories import login
from tests.followup.factories import make_indicator


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _experiment_data(world, **overrides):
    data = {"territory": str(world["rochelle"].id), "title": "Coach CO2 bis", "action_id": str(world["action"].id),
            "use_case_id": "", "summary": "Essai.", "governance_model": "personal_cloud", "personal_data": "Trajets",
            "data_holders": "Opérateur", "principles": ["portability", "interoperability"],
            "starts_on": "2026-02-01", "ends_on": "", "status": "running", "progress": "10", "is_public": "y"}
    data.update(overrides)
    return data


def test_visitor_sees_the_overview_the_action_and_public_experiments_only(client, world):
    page = client.get("/suivi").get_data(as_text=True)
    assert "Petites expérimentations" in page
    action_page = client.get(f"/suivi/actions/{world['action'].id}").get_data(as_text=True)
    assert "Coach CO2" in action_page and "Essai discret" not in action_page
    assert client.get(f"/suivi/experiences/{world['public'].id}").status_code == 200
    assert client.get(f"/suivi/experiences/{world['private'].id}").status_code == 404
    territory_page = client.get(f"/suivi/territoires/{world['rochelle'].slug}").get_data(as_text=True)
    assert "Coach CO2" in territory_page and "Essai discret" not in territory_page


def test_member_sees_the_non_public_experiment_of_their_territory(client, world):
    login(client, world["member"])
    assert client.get(f"/suivi/experiences/{world['private'].id}").status_code == 200
    assert "Essai discret" in client.get("/suivi/territoires/" + world["rochelle"].slug).get_data(as_text=True)


def test_other_territory_gets_404_for_a_non_public_experiment(client, world):
    login(client, world["other_lead"])
    assert client.get(f"/suivi/experiences/{world['private'].id}").status_code == 404


def test_editor_creates_an_action_from_a_published_section(client, world):
    login(client, world["editor"])
    section_id = world["action"].section_id
    assert client.get(f"/suivi/actions/new?section={section_id}").status_code == 200
    response = post(client, "/suivi/actions/new", {"title": "Chartes de la donnée", "theme": "other",
                                                    "section": str(section_id), "description": "Une **charte**."})
    assert response.status_code == 302
    action = db.session.scalar(select(Action).where(Action.title == "Chartes de la donnée"))
    assert action.section_id == section_id and "<strong>charte</strong>" in action.description_html


def test_an_action_cannot_come_from_a_draft_section(client, world):
    from roadmap.drafts.models import VersionState
    from tests.drafts.factories import make_version

    draft = make_version(VersionState.DRAFT, sections=(("Brouillon", "Texte."),))
    login(client, world["editor"])
    before = _count(Action)
    response = post(client, "/suivi/actions/new", {"title": "X", "theme": "other", "section": str(draft.sections[0].id)})
    assert response.status_code == 422 and _count(Action) == before
    assert 'id="section-error"' in response.get_data(as_text=True)


def test_non_editor_cannot_create_an_action(client, world):
    login(client, world["lead"])
    assert client.get("/suivi/actions/new").status_code == 403
    assert post(client, "/suivi/actions/new", {"title": "X", "theme": "other", "section": ""}).status_code == 403


def test_lead_commits_their_territory_and_withdraws(client, world):
    action = world["action"]
    login(client, world["lead"])
    page = client.get(f"/suivi/actions/{action.id}").get_data(as_text=True)
    assert "Commit your territory" in page or "Engager votre territoire" in page
    response = post(client, f"/suivi/actions/{action.id}/commit",
                    {"territory": str(world["rochelle"].id), "role": "leading"})
    assert response.status_code == 303
    commitment = db.session.scalar(select(Commitment).where(Commitment.action_id == action.id))
    assert commitment.territory_id == world["rochelle"].id and commitment.role.value == "leading"
    response = post(client, f"/suivi/actions/{action.id}/withdraw", {"withdraw-territory": str(world["rochelle"].id)})
    assert response.status_code == 303 and _count(Commitment) == 0


def test_lead_cannot_commit_another_territory(client, world):
    login(client, world["lead"])
    response = post(client, f"/suivi/actions/{world['action'].id}/commit",
                    {"territory": str(world["lyon"].id), "role": "leading"})
    assert response.status_code == 403 and _count(Commitment) == 0


def test_member_cannot_commit(client, world):
    login(client, world["member"])
    response = post(client, f"/suivi/actions/{world['action'].id}/commit",
                    {"territory": str(world["rochelle"].id), "role": "leading"})
    assert response.status_code == 403 and _count(Commitment) == 0


def test_commit_needs_the_csrf_token(client, world):
    login(client, world["lead"])
    response = client.post(f"/suivi/actions/{world['action'].id}/commit",
                           data={"territory": str(world["rochelle"].id), "role": "leading"})
    assert response.status_code == 400 and _count(Commitment) == 0


def test_editor_records_an_organisations_commitment(client, world):
    login(client, world["editor"])
    response = post(client, f"/suivi/actions/{world['action'].id}/commitments",
                    {"record-party": f"o{world['partner_org'].id}", "record-role": "supporting"})
    assert response.status_code == 303
    assert db.session.scalar(select(Commitment.organisation_id)) == world["partner_org"].id


def test_a_person_follows_and_unfollows_an_action(client, world):
    login(client, world["outsider"])
    post(client, f"/suivi/actions/{world['action'].id}/follow", {"follow": "1"})
    assert _count(ActionFollower) == 1
    post(client, f"/suivi/actions/{world['action'].id}/follow", {"follow": "0"})
    assert _count(ActionFollower) == 0


def test_visitor_cannot_follow(client, world):
    response = post(client, f"/suivi/actions/{world['action'].id}/follow", {"follow": "1"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_member_records_an_experiment(client, world):
    login(client, world["member"])
    assert client.get("/suivi/experiences/new").status_code == 200
    response = post(client, "/suivi/experiences/new", _experiment_data(world))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    experiment = db.session.scalar(select(Experiment).where(Experiment.title == "Coach CO2 bis"))
    assert experiment.principles == ["portability", "interoperability"] and experiment.is_public


def test_a_person_of_no_territory_cannot_record_an_experiment(client, world):
    login(client, world["partner"])
    assert client.get("/suivi/experiences/new").status_code == 403


def test_lead_cannot_record_an_experiment_for_another_territory(client, world):
    login(client, world["other_lead"])
    before = _count(Experiment)
    response = post(client, "/suivi/experiences/new", _experiment_data(world))
    assert response.status_code == 422 and _count(Experiment) == before  # not one of the form's choices


def test_progress_outside_0_100_is_refused_next_to_the_field(client, world):
    login(client, world["member"])
    before = _count(Experiment)
    for value in ("101", "-1", "abc"):
        response = post(client, "/suivi/experiences/new", _experiment_data(world, progress=value))
        assert response.status_code == 422 and 'id="progress-error"' in response.get_data(as_text=True)
    assert _count(Experiment) == before


def test_editing_progress_outside_the_range_saves_nothing(client, world):
    experiment = world["public"]
    login(client, world["lead"])
    data = _experiment_data(world, progress="150", title="Changé")
    response = post(client, f"/suivi/experiences/{experiment.id}/edit", data)
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Experiment, experiment.id).title == "Coach CO2"


def test_other_territory_cannot_edit_an_experiment(client, world):
    for role in ("other_lead", "partner", "editor"):
        c = client.application.test_client()
        login(c, world[role])
        assert c.get(f"/suivi/experiences/{world['public'].id}/edit").status_code == 403, role
        assert post(c, f"/suivi/experiences/{world['public'].id}/edit", _experiment_data(world)).status_code == 403


def test_a_value_that_is_not_a_number_is_refused(client, world):
    indicator = make_indicator(world["public"])
    login(client, world["member"])
    url = f"/suivi/experiences/{world['public'].id}/indicators/{indicator.id}/values"
    prefix = f"value-{indicator.id}"
    for typed in ("douze", "NaN", "inf", "1e999", ""):
        response = post(client, url, {f"{prefix}-measured_on": "2026-02-01", f"{prefix}-value": typed,
                                      f"{prefix}-source": "Comptage"})
        assert response.status_code == 422, typed
        assert f'id="{prefix}-value-error"' in response.get_data(as_text=True)
    assert _count(IndicatorValue) == 0


def test_a_value_dated_before_the_start_is_refused(client, world):
    indicator = make_indicator(world["public"])
    login(client, world["member"])
    prefix = f"value-{indicator.id}"
    response = post(client, f"/suivi/experiences/{world['public'].id}/indicators/{indicator.id}/values",
                    {f"{prefix}-measured_on": "2025-12-31", f"{prefix}-value": "12", f"{prefix}-source": ""})
    assert response.status_code == 422
    assert f'id="{prefix}-measured_on-error"' in response.get_data(as_text=True)
    assert _count(IndicatorValue) == 0


def test_a_value_with_a_comma_is_recorded(client, world):
    indicator = make_indicator(world["public"])
    login(client, world["member"])
    prefix = f"value-{indicator.id}"
    response = post(client, f"/suivi/experiences/{world['public'].id}/indicators/{indicator.id}/values",
                    {f"{prefix}-measured_on": "2026-02-01", f"{prefix}-value": "12,5", f"{prefix}-source": "Enquête"})
    assert response.status_code == 303
    assert db.session.scalar(select(IndicatorValue.value)) == 12.5


def test_the_unit_cannot_change_once_values_exist(client, world):
    indicator = make_indicator(world["public"], values=[(date(2026, 2, 1), 10.0)])
    login(client, world["member"])
    url = f"/suivi/experiences/{world['public'].id}/indicators/{indicator.id}/edit"
    assert client.get(url).status_code == 200
    response = post(client, url, {"name": "Participants", "unit": "foyers", "baseline": "0", "target": "500"})
    assert response.status_code == 422 and 'id="unit-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Indicator, indicator.id).unit == "personnes"


def test_the_unit_may_change_while_there_is_no_value(client, world):
    indicator = make_indicator(world["public"])
    login(client, world["member"])
    response = post(client, f"/suivi/experiences/{world['public'].id}/indicators/{indicator.id}/edit",
                    {"name": "Participants", "unit": "foyers", "baseline": "", "target": ""})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Indicator, indicator.id).unit == "foyers"


def test_an_entry_dated_before_the_start_is_refused(client, world):
    login(client, world["member"])
    response = post(client, f"/suivi/experiences/{world['public'].id}/entries",
                    {"entry-happened_on": "2025-01-01", "entry-text": "Trop tôt"})
    assert response.status_code == 422 and 'id="entry-happened_on-error"' in response.get_data(as_text=True)
    assert _count(TimelineEntry) == 0


def test_partner_proposes_an_entry_the_lead_accepts(client, world):
    experiment = world["public"]
    partner_client = client.application.test_client()
    login(partner_client, world["partner"])
    response = post(partner_client, f"/suivi/experiences/{experiment.id}/entries",
                    {"entry-happened_on": "2026-03-01", "entry-text": "Atelier avec les habitants"})
    assert response.status_code == 303
    entry = db.session.scalar(select(TimelineEntry))
    assert entry.accepted is False
    assert "Atelier avec les habitants" not in client.get(f"/suivi/experiences/{experiment.id}").get_data(as_text=True)
    member_client = client.application.test_client()
    login(member_client, world["member"])
    assert post(member_client, f"/suivi/experiences/{experiment.id}/entries/{entry.id}/accept").status_code == 403
    login(client, world["lead"])
    assert post(client, f"/suivi/experiences/{experiment.id}/entries/{entry.id}/accept").status_code == 303
    visitor = client.application.test_client()
    assert "Atelier avec les habitants" in visitor.get(f"/suivi/experiences/{experiment.id}").get_data(as_text=True)


def test_partner_of_another_territory_cannot_propose(client, world):
    login(client, world["other_partner"])
    response = post(client, f"/suivi/experiences/{world['public'].id}/entries",
                    {"entry-happened_on": "2026-03-01", "entry-text": "Intrus"})
    assert response.status_code == 403 and _count(TimelineEntry) == 0


def test_member_adds_an_indicator_and_the_page_draws_it(client, world):
    login(client, world["member"])
    response = post(client, f"/suivi/experiences/{world['public'].id}/indicators",
                    {"indicator-name": "CO2 évité", "indicator-unit": "kg", "indicator-baseline": "0",
                     "indicator-target": "1000"})
    assert response.status_code == 303
    indicator = db.session.scalar(select(Indicator))
    prefix = f"value-{indicator.id}"
    post(client, f"/suivi/experiences/{world['public'].id}/indicators/{indicator.id}/values",
         {f"{prefix}-measured_on": "2026-02-01", f"{prefix}-value": "120", f"{prefix}-source": "Appli"})
    page = client.application.test_client().get(f"/suivi/experiences/{world['public'].id}").get_data(as_text=True)
    assert 'role="img"' in page and "<table" in page and "120" in page


def test_reuse_an_experiment_keeps_the_origin_both_ways(client, world):
    from tests.factories import make_lead

    lyon_lead = make_lead(world["lyon"])
    login(client, lyon_lead)
    source = world["public"]
    form_page = client.get(f"/suivi/experiences/new?from={source.id}").get_data(as_text=True)
    assert "Coach CO2" in form_page
    data = _experiment_data(world, territory=str(world["lyon"].id), title="Coach CO2 Lyon")
    data["from"] = str(source.id)
    response = post(client, "/suivi/experiences/new", data)
    assert response.status_code == 303
    copy = db.session.scalar(select(Experiment).where(Experiment.title == "Coach CO2 Lyon"))
    assert copy.origin_experiment_id == source.id
    visitor = client.application.test_client()
    assert "Coach CO2 Lyon" in visitor.get(f"/suivi/experiences/{source.id}").get_data(as_text=True)
    assert f"/suivi/experiences/{source.id}" in visitor.get(f"/suivi/experiences/{copy.id}").get_data(as_text=True)


def test_reusing_a_non_public_experiment_of_another_territory_is_not_found(client, world):
    login(client, world["other_lead"])
    assert client.get(f"/suivi/experiences/new?from={world['private'].id}").status_code == 404


def test_reuse_a_use_case_shows_the_link_both_ways(client, world):
    from roadmap.workshops.models import UseCase

    use_case = UseCase(title="Mon énergie en clair", is_public=True)
    db.session.add(use_case)
    db.session.commit()
    login(client, world["other_lead"])
    page = client.get(f"/use-cases/{use_case.id}").get_data(as_text=True)
    assert f"/suivi/experiences/new?reuse_use_case={use_case.id}" in page
    assert "Mon énergie en clair" in client.get(f"/suivi/experiences/new?reuse_use_case={use_case.id}").get_data(
        as_text=True)
    data = _experiment_data(world, territory=str(world["lyon"].id), title="Énergie Lyon", action_id="",
                            use_case_id=str(use_case.id))
    data["reuse_use_case"] = str(use_case.id)
    assert post(client, "/suivi/experiences/new", data).status_code == 303
    copy = db.session.scalar(select(Experiment).where(Experiment.title == "Énergie Lyon"))
    assert copy.origin_use_case_id == use_case.id
    visitor = client.application.test_client()
    assert "Énergie Lyon" in visitor.get(f"/use-cases/{use_case.id}").get_data(as_text=True)
    assert f"/use-cases/{use_case.id}" in visitor.get(f"/suivi/experiences/{copy.id}").get_data(as_text=True)


def test_a_visitor_is_not_offered_to_reuse(client, world):
    page = client.get(f"/suivi/experiences/{world['public'].id}").get_data(as_text=True)
    assert "?from=" not in page


def test_my_data_lists_followed_actions_and_entries_and_erasing_removes_follows(client, world):
    from roadmap.followup import personal_data
    from roadmap.followup import service as followup_service

    user = world["member"]
    followup_service.follow(user, world["action"])
    followup_service.add_entry(user, world["public"], date(2026, 2, 1), "Lancement")
    db.session.commit()
    assert personal_data._followed(user)[0]["action"] == world["action"].id
    assert personal_data._entries(user)[0]["text"] == "Lancement"
    personal_data._erase(user, keep_comments=True)
    assert _count(ActionFollower) == 0 and _count(TimelineEntry) == 1


def test_an_unknown_or_huge_action_id_is_refused_next_to_the_field(client, world):
    login(client, world["member"])
    before = _count(Experiment)
    for value in ("999999", str(2**40)):
        response = post(client, "/suivi/experiences/new", _experiment_data(world, action_id=value))
        assert response.status_code == 422 and 'id="action_id-error"' in response.get_data(as_text=True)
    assert _count(Experiment) == before


def test_a_huge_section_id_is_refused_next_to_the_field(client, world):
    login(client, world["editor"])
    response = post(client, "/suivi/actions/new", {"title": "X", "theme": "other", "section": str(2**40)})
    assert response.status_code == 422 and 'id="section-error"' in response.get_data(as_text=True)


def test_editors_see_the_published_sections_without_an_action(client, world):
    from roadmap.drafts.models import VersionState
    from tests.drafts.factories import make_version

    version = make_version(VersionState.PUBLISHED, sections=(("Piste 3 : des chartes", "Texte."),
                                                              ("Piste 4 : mutualiser", "Texte.")))
    db.session.commit()
    login(client, world["editor"])
    page = client.get("/suivi").get_data(as_text=True)
    assert f"/suivi/actions/new?section={version.sections[0].id}" in page
    visitor = client.application.test_client()
    assert "/suivi/actions/new" not in visitor.get("/suivi").get_data(as_text=True)


def test_the_territory_page_links_to_its_follow_up(client, world):
    page = client.get(f"/territories/{world['rochelle'].slug}").get_data(as_text=True)
    assert f"/suivi/territoires/{world['rochelle'].slug}" in page


def test_the_start_cannot_move_after_a_measured_value(client, world):
    make_indicator(world["public"], values=[(date(2026, 2, 1), 10.0)])
    login(client, world["lead"])
    response = post(client, f"/suivi/experiences/{world['public'].id}/edit",
                    _experiment_data(world, starts_on="2026-03-01"))
    assert response.status_code == 422 and 'id="starts_on-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Experiment, world["public"].id).starts_on == date(2026, 1, 5)


def test_the_end_before_the_start_is_refused(client, world):
    login(client, world["member"])
    response = post(client, "/suivi/experiences/new", _experiment_data(world, ends_on="2026-01-01"))
    assert response.status_code == 422 and 'id="ends_on-error"' in response.get_data(as_text=True)
