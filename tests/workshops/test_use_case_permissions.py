"""Who may edit a use case, make it public and commit a territory to it: joining an alliance never
grants the right to edit by itself (the take-over of issue 21, item 1)."""
import pytest
from flask_login import AnonymousUserMixin

from roadmap.core.errors import NotAllowed, NotFound
from roadmap.extensions import db
from roadmap.workshops import permissions, service
from roadmap.workshops.models import Alliance, AllianceRole, UseCase
from tests.conftest import post
from tests.factories import login, make_editor, make_lead, make_member, make_organisation, make_partner, \
    make_territory, make_user
from tests.workshops.helpers import make_use_case, make_workshop, second_client

ALL_ROLES = {r.value for r in AllianceRole}


@pytest.fixture
def cast(app):
    """A private use case written by a lead (its author), and one person per role around it."""
    author_territory, lyon = make_territory("La Rochelle"), make_territory("Lyon")
    author = make_lead(author_territory, name="Autrice")
    use_case = make_use_case(author, title="Coach CO2")
    db.session.flush()
    people = {
        "visitor": AnonymousUserMixin(),
        "outsider": make_user(),
        "partner": make_partner(make_organisation(territories=[lyon])),
        "member of Lyon": make_member(lyon),
        "lead of Lyon": make_lead(lyon),
        "author": author,
        "editor": make_editor(),
    }
    return {"use_case": use_case, "lyon": lyon, "people": people}


def _ally(use_case, territory, role):
    if role is not None:
        db.session.add(Alliance(use_case_id=use_case.id, territory_id=territory.id, role=role))
        db.session.flush()
        db.session.expire(use_case, ["alliances"])


# (person, alliance role of Lyon) → may edit, may make public, roles open to them in the alliance
MATRIX = [
    ("visitor", None, False, False, set()),
    ("outsider", None, False, False, set()),
    ("partner", "participating", False, False, set()),
    ("member of Lyon", "leading", False, False, set()),
    ("lead of Lyon", None, False, False, {"observing"}),
    ("lead of Lyon", "observing", False, False, {"observing"}),
    ("lead of Lyon", "participating", True, False, ALL_ROLES),
    ("lead of Lyon", "leading", True, False, ALL_ROLES),
    ("author", None, True, True, ALL_ROLES),
    ("author", "observing", True, True, ALL_ROLES),
    ("editor", None, True, True, set()),  # editors are tied to no territory: nothing to commit
    ("editor", "observing", True, True, set()),
]


@pytest.mark.parametrize("person, alliance, edits, publishes, roles", MATRIX,
                         ids=[f"{p}-{a or 'no alliance'}" for p, a, *_ in MATRIX])
def test_use_case_rights_by_role_and_alliance_role(cast, person, alliance, edits, publishes, roles):
    use_case, user = cast["use_case"], cast["people"][person]
    _ally(use_case, cast["lyon"], alliance)
    assert permissions.can_edit_use_case(user, use_case) is edits
    assert permissions.can_publish_use_case(user, use_case) is publishes
    assert {r.value for r in permissions.alliance_roles_open_to(user, use_case)} == roles


@pytest.mark.parametrize("person", ["lead of Lyon", "member of Lyon"])
def test_invitees_of_a_workshop_on_the_use_case_may_take_part(cast, person):
    use_case, user = cast["use_case"], cast["people"][person]
    make_workshop(make_editor(), territories=[cast["lyon"]], use_cases=[use_case])
    expected = ALL_ROLES if person == "lead of Lyon" else set()
    assert {r.value for r in permissions.alliance_roles_open_to(user, use_case)} == expected
    assert not permissions.can_edit_use_case(user, use_case)  # not before the territory takes part


def test_a_lead_who_observes_cannot_take_over_a_private_use_case(cast, client):
    """The reported attack: join as an observer, then edit and make it public."""
    use_case, lyon, lead = cast["use_case"], cast["lyon"], cast["people"]["lead of Lyon"]
    login(client, lead)
    assert client.get(f"/use-cases/{use_case.id}/edit").status_code == 403
    assert post(client, f"/use-cases/{use_case.id}/alliance", {"territory": lyon.id, "role": "observing"}
                ).status_code == 302
    assert client.get(f"/use-cases/{use_case.id}/edit").status_code == 403
    edit = post(client, f"/use-cases/{use_case.id}/edit", {"title": "Volé", "theme": "mobility",
                                                          "governance_model": "personal_cloud", "is_public": "y"})
    assert edit.status_code == 403
    for role in ("participating", "leading"):  # nor upgrade itself into a contributor
        response = post(client, f"/use-cases/{use_case.id}/alliance", {"territory": lyon.id, "role": role})
        assert response.status_code == 403
    db.session.expire_all()
    use_case = db.session.get(UseCase, use_case.id)
    assert use_case.title == "Coach CO2" and not use_case.is_public
    assert [a.role for a in use_case.alliances] == [AllianceRole.OBSERVING]
    visitor = second_client(client.application)
    assert visitor.get(f"/use-cases/{use_case.id}").status_code == 404
    assert visitor.get(f"/api/v1/use-cases/{use_case.id}").status_code == 404
    assert "Coach CO2" not in visitor.get("/use-cases").get_data(as_text=True)


def test_observer_is_offered_only_observing_with_a_hint(cast, client):
    use_case = cast["use_case"]
    login(client, cast["people"]["lead of Lyon"])
    page = client.get(f"/use-cases/{use_case.id}").get_data(as_text=True)
    assert 'value="observing"' in page and 'value="participating"' not in page and 'value="leading"' not in page
    assert "en observateur. Pour le porter ou y participer" in page


def test_a_contributing_lead_edits_but_does_not_decide_who_sees_it(cast, client):
    use_case, lyon = cast["use_case"], cast["lyon"]
    _ally(use_case, lyon, "participating")
    db.session.commit()
    login(client, cast["people"]["lead of Lyon"])
    form = client.get(f"/use-cases/{use_case.id}/edit").get_data(as_text=True)
    assert 'name="is_public"' not in form
    versions = db.session.get(UseCase, use_case.id).versions()
    from roadmap.workshops.forms import format_versions

    response = post(client, f"/use-cases/{use_case.id}/edit", {
        "title": "Coach CO2 partagé", "theme": "mobility", "governance_model": "personal_cloud",
        "is_public": "y", "versions": format_versions(versions)})
    assert response.status_code == 302
    db.session.expire_all()
    use_case = db.session.get(UseCase, use_case.id)
    assert use_case.title == "Coach CO2 partagé" and not use_case.is_public


def test_the_author_makes_it_public(cast, client):
    from roadmap.workshops.forms import format_versions

    use_case = cast["use_case"]
    login(client, cast["people"]["author"])
    assert 'name="is_public"' in client.get(f"/use-cases/{use_case.id}/edit").get_data(as_text=True)
    response = post(client, f"/use-cases/{use_case.id}/edit", {
        "title": "Coach CO2", "theme": "mobility", "governance_model": "personal_cloud", "is_public": "y",
        "versions": format_versions(use_case.versions())})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(UseCase, use_case.id).is_public


def test_the_service_refuses_a_change_of_publication_from_a_contributor(cast):
    use_case, lead = cast["use_case"], cast["people"]["lead of Lyon"]
    _ally(use_case, cast["lyon"], "leading")
    with pytest.raises(NotAllowed):
        service.update_use_case(use_case, {}, True, lead)
    assert not use_case.is_public
    service.update_use_case(use_case, {}, None, lead)  # the form without the box: unchanged
    assert not use_case.is_public


def test_whoever_may_not_see_a_private_use_case_cannot_join_it(cast, client):
    use_case, lyon = cast["use_case"], cast["lyon"]
    with pytest.raises(NotFound):
        service.join_alliance(use_case, lyon.id, "observing", AnonymousUserMixin())
    with pytest.raises(NotFound):
        service.leave_alliance(use_case, lyon.id, AnonymousUserMixin())
    db.session.commit()
    response = post(client, f"/use-cases/{use_case.id}/alliance", {"territory": lyon.id, "role": "observing"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.scalar(db.select(db.func.count(Alliance.id))) == 0


def test_a_change_of_publication_is_in_the_audit_log(cast):
    from roadmap.core.audit import AuditEvent

    use_case, author = cast["use_case"], cast["people"]["author"]
    service.update_use_case(use_case, {}, True, author)
    service.update_use_case(use_case, {}, True, author)  # unchanged: nothing recorded
    service.update_use_case(use_case, {}, False, author)
    events = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_id, e.target_id) for e in events] == [
        ("use_case.made_public", author.id, use_case.id), ("use_case.made_private", author.id, use_case.id)]
