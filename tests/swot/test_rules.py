"""The rules of the SWOT, through its services."""
import pytest

from roadmap.core.errors import Invalid, NotAllowed, NotFound
from roadmap.extensions import db
from roadmap.swot import queries, service
from roadmap.swot.models import FrozenVersion, ItemStatus, Quadrant, SwotVersionItem
from tests.factories import make_lead, make_member, make_organisation, make_partner, make_territory
from tests.swot.helpers import add, item_data


@pytest.fixture(autouse=True)
def request_context(app):
    """Messages are translated for a request: the services run inside one, as in the app."""
    with app.test_request_context():
        yield


@pytest.fixture
def rochelle(app):
    return make_territory("La Rochelle")


def test_member_adds_items_at_the_end_of_their_quadrant(rochelle):
    member = make_member(rochelle)
    first = add(rochelle, member, text="Premier")
    second = add(rochelle, member, text="Second")
    other = add(rochelle, member, text="Menace", quadrant="threat")
    assert (first.position, second.position, other.position) == (1, 2, 1)
    assert first.status == ItemStatus.ACCEPTED and first.author_id == member.id


def test_items_move_up_and_down_within_their_quadrant(rochelle):
    lead = make_lead(rochelle)
    a, b, c = (add(rochelle, lead, text=t) for t in "abc")
    service.move_item(rochelle, c.id, lead, "up")
    assert [i.text for i in queries.by_quadrant(queries.draft_items(a.swot_id))[Quadrant.STRENGTH]] == list("acb")
    service.move_item(rochelle, a.id, lead, "up")  # already first: nothing moves
    service.move_item(rochelle, a.id, lead, "down")
    assert [i.text for i in queries.draft_items(a.swot_id)] == list("cab")


def test_move_refuses_an_unknown_direction(rochelle):
    lead = make_lead(rochelle)
    item = add(rochelle, lead)
    with pytest.raises(Invalid):
        service.move_item(rochelle, item.id, lead, "sideways")


@pytest.mark.parametrize("fields", [
    dict(text=""), dict(text="   "), dict(text="x" * 1001), dict(importance=0), dict(importance=4),
    dict(evidence_url="javascript:alert(1)"), dict(evidence_url="data:text/html,hi"),
    dict(evidence_url="file:///etc/passwd"), dict(evidence_url="http://"),
])
def test_service_refuses_bad_items(rochelle, fields):
    lead = make_lead(rochelle)
    with pytest.raises(Invalid):
        service.add_item(rochelle, lead, item_data(**fields))


def test_partner_tied_to_the_territory_proposes_and_the_lead_accepts(rochelle):
    lead = make_lead(rochelle)
    partner = make_partner(make_organisation("NuageCitoyen", territories=[rochelle]))
    proposal = add(rochelle, partner, text="Cloud personnel disponible", quadrant="opportunity")
    assert proposal.status == ItemStatus.PROPOSED
    assert queries.draft_items(proposal.swot_id) == []
    service.decide_proposal(rochelle, proposal.id, lead, accept=True)
    assert [i.text for i in queries.draft_items(proposal.swot_id)] == ["Cloud personnel disponible"]


def test_the_lead_declines_a_proposal_and_its_author_sees_it(rochelle):
    lead = make_lead(rochelle)
    partner = make_partner(make_organisation(territories=[rochelle]))
    proposal = add(rochelle, partner)
    service.decide_proposal(rochelle, proposal.id, lead, accept=False)
    assert proposal.status == ItemStatus.DECLINED
    assert queries.proposals(proposal.swot_id) == []
    assert queries.proposals(proposal.swot_id, author_id=partner.id) == [proposal]
    with pytest.raises(NotFound):
        service.decide_proposal(rochelle, proposal.id, lead, accept=True)


def test_a_member_who_is_not_lead_cannot_decide_on_proposals(rochelle):
    member = make_member(rochelle)
    partner = make_partner(make_organisation(territories=[rochelle]))
    proposal = add(rochelle, partner)
    with pytest.raises(NotAllowed):
        service.decide_proposal(rochelle, proposal.id, member, accept=True)


def test_partner_not_tied_to_territory_cannot_propose_item(rochelle):
    partner = make_partner(make_organisation(territories=[make_territory("Lyon")]))
    with pytest.raises(NotAllowed):
        add(rochelle, partner)


def test_lead_of_lyon_cannot_edit_la_rochelle_swot(rochelle):
    lyon_lead = make_lead(make_territory("Lyon"))
    item = add(rochelle, make_lead(rochelle))
    with pytest.raises(NotAllowed):
        service.update_item(rochelle, item.id, lyon_lead, item.version, item_data(text="Piraté"))
    with pytest.raises(NotAllowed):
        service.delete_item(rochelle, item.id, lyon_lead)
    with pytest.raises(NotAllowed):
        add(rochelle, lyon_lead)


def test_submitting_an_empty_swot_is_refused(rochelle):
    with pytest.raises(Invalid, match="vide"):
        service.submit(rochelle, make_lead(rochelle))


def test_only_the_lead_submits(rochelle):
    member = make_member(rochelle)
    add(rochelle, member)
    with pytest.raises(NotAllowed):
        service.submit(rochelle, member)


def test_submission_freezes_a_version_and_later_edits_work_on_the_draft(rochelle):
    lead = make_lead(rochelle)
    item = add(rochelle, lead, text="Avant")
    v1 = service.submit(rochelle, lead)
    service.update_item(rochelle, item.id, lead, item.version, item_data(text="Après"))
    add(rochelle, lead, text="Nouveau")
    db.session.expire_all()
    assert [i.text for i in queries.version_items(v1.id)] == ["Avant"]
    v2 = service.submit(rochelle, lead)
    assert (v1.number, v2.number) == (1, 2)
    assert sorted(i.text for i in queries.version_items(v2.id)) == ["Après", "Nouveau"]


def test_submitting_an_unchanged_draft_is_refused(rochelle):
    lead = make_lead(rochelle)
    add(rochelle, lead)
    service.submit(rochelle, lead)
    with pytest.raises(Invalid, match="Rien n.a changé"):
        service.submit(rochelle, lead)


def test_a_submitted_version_cannot_be_changed(rochelle):
    lead = make_lead(rochelle)
    add(rochelle, lead)
    version = service.submit(rochelle, lead)
    frozen = db.session.get(SwotVersionItem, queries.version_items(version.id)[0].id)
    frozen.text = "Réécrit"
    with pytest.raises(FrozenVersion):
        db.session.flush()
    db.session.rollback()


def test_comparison_lists_added_removed_and_changed_items_by_quadrant(rochelle):
    lead = make_lead(rochelle)
    kept = add(rochelle, lead, text="Gardé")
    changed = add(rochelle, lead, text="Budget limité", quadrant="weakness", dimension="financial")
    removed = add(rochelle, lead, text="Retiré", quadrant="threat")
    v1 = service.submit(rochelle, lead)
    service.update_item(rochelle, changed.id, lead, changed.version,
                        item_data(text="Budget limité à 50 k€", quadrant="weakness", dimension="financial",
                                  importance=3))
    service.delete_item(rochelle, removed.id, lead)
    add(rochelle, lead, text="Ajouté", quadrant="opportunity")
    v2 = service.submit(rochelle, lead)
    diff = service.compare(queries.version_items(v1.id), queries.version_items(v2.id))
    assert [i.text for i in diff[Quadrant.OPPORTUNITY]["added"]] == ["Ajouté"]
    assert [i.text for i in diff[Quadrant.THREAT]["removed"]] == ["Retiré"]
    (before, after, fields), = diff[Quadrant.WEAKNESS]["changed"]
    assert (before.text, after.text, fields) == ("Budget limité", "Budget limité à 50 k€", ["text", "importance"])
    assert diff[Quadrant.STRENGTH] == {"added": [], "removed": [], "changed": []}
    assert kept.id


def test_an_item_moved_to_another_quadrant_shows_as_changed_under_its_new_quadrant(rochelle):
    lead = make_lead(rochelle)
    item = add(rochelle, lead, text="Ambigu", quadrant="opportunity")
    v1 = service.submit(rochelle, lead)
    service.update_item(rochelle, item.id, lead, item.version, item_data(text="Ambigu", quadrant="threat"))
    v2 = service.submit(rochelle, lead)
    diff = service.compare(queries.version_items(v1.id), queries.version_items(v2.id))
    assert diff[Quadrant.THREAT]["changed"][0][2] == ["quadrant"]


def test_progress_tells_not_started_draft_and_submitted(app):
    a, b, c = make_territory("A"), make_territory("B"), make_territory("C")
    lead_b, lead_c = make_lead(b), make_lead(c)
    add(b, lead_b)
    add(b, lead_b)
    add(c, lead_c)
    service.submit(c, lead_c)
    states = queries.progress([a.id, b.id, c.id])
    assert states[a.id] == "pas commencé"
    assert states[b.id] == "brouillon de 2 éléments"
    assert states[c.id].startswith("soumis v1 le ")


def test_set_public_belongs_to_the_lead(rochelle):
    with pytest.raises(NotAllowed):
        service.set_public(rochelle, make_member(rochelle), True)
    assert service.set_public(rochelle, make_lead(rochelle), True).is_public


def test_progress_tells_when_the_draft_changed_since_the_last_version(rochelle):
    lead = make_lead(rochelle)
    add(rochelle, lead)
    service.submit(rochelle, lead)
    assert "brouillon modifié" not in queries.progress([rochelle.id])[rochelle.id]
    add(rochelle, lead, text="Nouveau")
    assert queries.progress([rochelle.id])[rochelle.id].endswith("brouillon modifié depuis (2 éléments)")


def test_reordering_alone_can_be_submitted_as_a_new_version(rochelle):
    lead = make_lead(rochelle)
    add(rochelle, lead, text="a")
    second = add(rochelle, lead, text="b")
    service.submit(rochelle, lead)
    service.move_item(rochelle, second.id, lead, "up")
    assert service.submit(rochelle, lead).number == 2


def test_second_of_two_saves_from_the_same_version_is_a_conflict(rochelle):
    lead, member = make_lead(rochelle), make_member(rochelle)
    item = add(rochelle, lead, text="Origine")
    seen = item.version
    service.update_item(rochelle, item.id, member, seen, item_data(text="Léa"))
    with pytest.raises(service.EditConflict) as conflict:
        service.update_item(rochelle, item.id, lead, seen, item_data(text="Julien"))
    assert conflict.value.current.text == "Léa" and conflict.value.current.version == seen + 1
