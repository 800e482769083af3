"""Who may do what in a room, by role and by state of the workshop."""
import pytest

from roadmap.core.errors import Conflict, NotAllowed
from roadmap.extensions import db
from roadmap.workshops import permissions, room
from roadmap.workshops.models import WorkshopState
from tests.factories import make_editor, make_lead, make_organisation, make_partner, make_territory
from tests.workshops.helpers import make_use_case, make_workshop, register


@pytest.fixture
def people(app):
    editor = make_editor()
    invited, elsewhere = make_territory("Invité"), make_territory("Ailleurs")
    organisation = make_organisation()
    use_case = make_use_case(editor)
    workshop = make_workshop(editor, territories=[invited], use_cases=[use_case])
    workshop.invited_organisations = [organisation]
    roles = {
        "editor": editor,
        "registered lead": make_lead(invited),
        "registered partner": make_partner(organisation),
        "invited, not registered": make_lead(invited),
        "declined": make_lead(invited),
        "not invited": make_lead(elsewhere),
    }
    register(workshop, roles["registered lead"], roles["registered partner"])
    from roadmap.workshops import service
    service.answer_invitation(workshop, roles["declined"], "declined")
    db.session.flush()
    return {"workshop": workshop, "use_case": use_case, "roles": roles}


TAKES_PART = {"editor", "registered lead", "registered partner"}


@pytest.mark.parametrize("role", ["editor", "registered lead", "registered partner", "invited, not registered",
                                  "declined", "not invited"])
@pytest.mark.parametrize("state", ["planned", "live", "closed"])
def test_who_may_add_a_card(people, role, state):
    workshop, user = people["workshop"], people["roles"][role]
    workshop.state = WorkshopState(state)
    db.session.flush()
    assert permissions.is_participant(user, workshop) == (role in TAKES_PART)
    if role not in TAKES_PART:
        expected = NotAllowed
    elif state != "live":
        expected = Conflict
    else:
        expected = None
    if expected is None:
        assert room.add_card(workshop.id, user, people["use_case"].id, "idea", "Carte").id
    else:
        with pytest.raises(expected):
            room.add_card(workshop.id, user, people["use_case"].id, "idea", "Carte")


@pytest.mark.parametrize("role,allowed", [("editor", True), ("registered lead", False), ("not invited", False)])
def test_who_may_facilitate(people, role, allowed):
    workshop, user = people["workshop"], people["roles"][role]
    if allowed:
        room.open_session(workshop.id, user)
        room.set_timer(workshop.id, user, 5)
        room.set_canvas_lock(workshop.id, user, True)
        assert workshop.canvas_locked and workshop.timer_ends_at
    else:
        with pytest.raises(NotAllowed):
            room.open_session(workshop.id, user)


@pytest.mark.parametrize("role,allowed", [
    ("editor", True), ("registered lead", True), ("registered partner", True), ("invited, not registered", True),
    ("declined", True), ("not invited", False)])
def test_who_is_invited(people, role, allowed):
    assert permissions.is_invited(people["roles"][role], people["workshop"]) is allowed


@pytest.mark.parametrize("role,allowed", [
    ("editor", True), ("registered lead", True), ("registered partner", True), ("invited, not registered", True),
    ("declined", True), ("not invited", False)])
def test_who_sees_a_workshop_and_the_list_query_agrees(people, role, allowed):
    from roadmap.workshops.models import Workshop

    user, workshop = people["roles"][role], people["workshop"]
    assert permissions.can_view_workshop(user, workshop) is allowed
    listed = db.session.scalars(db.select(Workshop.id).where(permissions.visible_workshops(user))).all()
    assert (workshop.id in listed) is allowed


def test_admins_see_every_workshop_and_visitors_none(people, app):
    from flask_login import AnonymousUserMixin

    from roadmap.workshops.models import Workshop
    from tests.factories import make_user

    admin, workshop = make_user(admin=True), people["workshop"]
    assert permissions.can_view_workshop(admin, workshop)
    visitor = AnonymousUserMixin()
    assert not permissions.can_view_workshop(visitor, workshop)
    assert db.session.scalars(db.select(Workshop.id).where(permissions.visible_workshops(visitor))).all() == []
