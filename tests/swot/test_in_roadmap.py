"""Submitting a SWOT version asks whether it may appear in the published roadmap (default: yes)."""
import pytest
from sqlalchemy import func, select

from roadmap.core.errors import Invalid
from roadmap.extensions import db
from roadmap.swot import queries, service
from roadmap.swot.models import SwotVersion
from tests.conftest import post
from tests.factories import login, make_lead, make_territory
from tests.swot.helpers import add, form

URL = "/territories/la-rochelle/swot"


@pytest.fixture
def rochelle(app):
    return make_territory("La Rochelle", slug="la-rochelle")


@pytest.fixture
def lead(rochelle):
    return make_lead(rochelle)


def _versions():
    db.session.expire_all()
    return db.session.scalars(select(SwotVersion).order_by(SwotVersion.number)).all()


def test_the_submit_form_asks_the_question_with_yes_checked(client, lead):
    login(client, lead)
    post(client, URL + "/items/new", form(text="Une force"))
    page = client.get(URL).get_data(as_text=True)
    assert "Cette version peut-elle figurer dans la feuille de route publiée et ses données ouvertes ?" in page
    yes = page.split('value="yes"')[0].rsplit("<input", 1)[1] + page.split('value="yes"')[1].split(">", 1)[0]
    assert "checked" in yes
    assert 'value="no"' in page


def test_yes_records_the_consent_and_makes_the_swot_public(client, app, lead):
    login(client, lead)
    post(client, URL + "/items/new", form(text="Une force"))
    assert post(client, URL + "/submit", {"in_roadmap": "yes"}).status_code == 303
    (version,) = _versions()
    assert version.in_roadmap and version.swot.is_public
    assert app.test_client().get(URL).status_code == 200  # visitors read what the public roadmap holds


def test_no_records_the_refusal_and_leaves_the_swot_private(client, app, rochelle, lead):
    login(client, lead)
    post(client, URL + "/items/new", form(text="Une force"))
    response = post(client, URL + "/submit", {"in_roadmap": "no"}, follow_redirects=True)
    assert "Elle ne figurera ni dans la feuille de route publiée ni dans ses données ouvertes." in \
        response.get_data(as_text=True)
    (version,) = _versions()
    assert not version.in_roadmap and not version.swot.is_public
    assert queries.roadmap_presence([rochelle.id]) == {rochelle.id: queries.RoadmapPresence.DECLINED}
    assert app.test_client().get(URL).status_code == 302


def test_a_post_without_an_answer_keeps_the_default_yes(client, lead):
    login(client, lead)
    post(client, URL + "/items/new", form(text="Une force"))
    assert post(client, URL + "/submit", {}).status_code == 303
    assert _versions()[0].in_roadmap


def test_an_answer_other_than_yes_or_no_is_refused_next_to_the_question(client, lead):
    login(client, lead)
    post(client, URL + "/items/new", form(text="Une force"))
    response = post(client, URL + "/submit", {"in_roadmap": "peut-être"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="in_roadmap-error"' in page and "Répondez oui ou non." in page
    assert db.session.scalar(select(func.count(SwotVersion.id))) == 0


def test_the_same_items_may_be_submitted_again_only_to_change_the_answer(rochelle, lead):
    add(rochelle, lead, text="Une force")
    assert service.submit(rochelle, lead, in_roadmap=False).number == 1
    with pytest.raises(Invalid):
        service.submit(rochelle, lead, in_roadmap=False)
    second = service.submit(rochelle, lead, in_roadmap=True)
    assert second.number == 2 and second.in_roadmap and second.swot.is_public
    assert queries.roadmap_presence([rochelle.id]) == {rochelle.id: queries.RoadmapPresence.INCLUDED}


def test_a_later_no_is_never_bypassed_by_an_earlier_yes(rochelle, lead):
    add(rochelle, lead, text="Une force")
    service.submit(rochelle, lead, in_roadmap=True)
    add(rochelle, lead, text="Une faiblesse", quadrant="weakness")
    service.submit(rochelle, lead, in_roadmap=False)
    in_roadmap = queries.SynthesisFilters(roadmap_only=True)
    assert queries.last_versions(in_roadmap) == {}
    assert queries.territories_with_a_version(in_roadmap, [rochelle.id]) == set()
    assert queries.roadmap_presence([rochelle.id])[rochelle.id] == queries.RoadmapPresence.DECLINED


def test_presence_says_why_a_territory_is_left_out(app):
    nothing, private = make_territory("Nantes"), make_territory("Helsinki")
    lead = make_lead(private)
    add(private, lead, text="Une force")
    service.submit(private, lead, in_roadmap=True)
    service.set_public(private, lead, False)
    assert queries.roadmap_presence([nothing.id, private.id]) == {
        nothing.id: queries.RoadmapPresence.NOT_SUBMITTED, private.id: queries.RoadmapPresence.PRIVATE}
