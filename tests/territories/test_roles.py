from roadmap.core.audit import AuditEvent
from roadmap.extensions import db
from roadmap.territories.models import Membership
from tests.conftest import post
from tests.factories import login, make_editor, make_lead, make_member, make_territory


def _change(client, territory, membership, role):
    return post(client, f"/territories/{territory.slug}/members/{membership.id}/role", {"role": role})


def test_lead_hands_over_to_a_member(client, app):
    territory = make_territory("Lyon")
    lead, member = make_lead(territory), make_member(territory)
    login(client, lead)
    membership = member.memberships[0]
    assert _change(client, territory, membership, "lead").status_code == 302
    assert db.session.get(Membership, membership.id).role.value == "lead"
    assert _change(client, territory, lead.memberships[0], "member").status_code == 302
    assert db.session.get(Membership, lead.memberships[0].id).role.value == "member"
    assert db.session.query(AuditEvent).filter_by(action="membership.role_changed").count() == 2


def test_the_last_lead_cannot_step_down(client, app):
    territory = make_territory("Lyon")
    lead = make_lead(territory)
    login(client, lead)
    response = _change(client, territory, lead.memberships[0], "member")
    assert response.status_code == 302
    assert db.session.get(Membership, lead.memberships[0].id).role.value == "lead"
    assert db.session.query(AuditEvent).count() == 0


def test_a_member_or_another_territorys_lead_cannot_change_roles(client, app):
    lyon, rennes = make_territory("Lyon"), make_territory("Rennes")
    target = make_member(lyon)
    for intruder in (make_member(lyon), make_lead(rennes)):
        other = app.test_client()
        login(other, intruder)
        assert _change(other, lyon, target.memberships[0], "lead").status_code == 403
    assert db.session.get(Membership, target.memberships[0].id).role.value == "member"


def test_editor_changes_a_role_and_a_wrong_territory_is_404(client, app):
    lyon, rennes = make_territory("Lyon"), make_territory("Rennes")
    member = make_member(lyon)
    login(client, make_editor())
    assert _change(client, rennes, member.memberships[0], "lead").status_code == 404
    assert _change(client, lyon, member.memberships[0], "lead").status_code == 302
