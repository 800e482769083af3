"""Closing a live session asks first on a real page; an editor can reopen it the same day."""
from datetime import timedelta

from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.workshops import room
from roadmap.workshops.models import Workshop, WorkshopState
from roadmap.workshops.permissions import can_reopen
from roadmap.workshops.times import utc_to_paris
from tests.conftest import post
from tests.factories import login, make_editor, make_lead, make_territory
from tests.workshops.helpers import make_workshop


def _live(editor, **kwargs):
    workshop = make_workshop(editor, **kwargs)
    workshop.state = WorkshopState.LIVE
    db.session.commit()
    return workshop


def _state(workshop):
    db.session.expire_all()
    return db.session.get(Workshop, workshop.id).state


def test_close_button_leads_to_a_confirmation_page_that_changes_nothing(client):
    editor = make_editor(language="en")
    workshop = _live(editor)
    login(client, editor)
    response = client.get(f"/workshops/{workshop.id}/close")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "read-only" in page and "reopen the session until midnight today" in page
    assert f'action="/workshops/{workshop.id}/close"' in page and 'name="csrf_token"' in page
    assert _state(workshop) == WorkshopState.LIVE


def test_confirmation_page_of_a_session_that_is_not_live_is_refused(client):
    editor = make_editor()
    workshop = make_workshop(editor)
    login(client, editor)
    assert client.get(f"/workshops/{workshop.id}/close").status_code == 409


def test_lead_gets_no_confirmation_page_nor_reopens(client):
    territory = make_territory()
    workshop = _live(make_editor(), territories=[territory])
    room.close_session(workshop.id, make_editor())
    db.session.commit()
    login(client, make_lead(territory))
    assert client.get(f"/workshops/{workshop.id}/close").status_code == 403
    assert post(client, f"/workshops/{workshop.id}/reopen").status_code == 403
    assert _state(workshop) == WorkshopState.CLOSED


def test_editor_reopens_a_session_closed_today(client):
    editor = make_editor(language="en")
    workshop = _live(editor)
    login(client, editor)
    assert post(client, f"/workshops/{workshop.id}/close").status_code == 302
    assert "Reopen the session" in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert post(client, f"/workshops/{workshop.id}/reopen").status_code == 302
    assert _state(workshop) == WorkshopState.LIVE
    assert db.session.get(Workshop, workshop.id).closed_at is None


def test_session_closed_on_an_earlier_day_cannot_be_reopened(client):
    editor = make_editor()
    workshop = _live(editor)
    room.close_session(workshop.id, editor)
    workshop.closed_at = utcnow() - timedelta(days=1)
    db.session.commit()
    login(client, editor)
    assert post(client, f"/workshops/{workshop.id}/reopen").status_code == 409
    assert _state(workshop) == WorkshopState.CLOSED
    assert "/reopen" not in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)


def test_a_live_or_planned_session_cannot_be_reopened(client):
    editor = make_editor()
    workshop = _live(editor)
    login(client, editor)
    assert post(client, f"/workshops/{workshop.id}/reopen").status_code == 409


def test_same_day_is_the_paris_day(app):
    editor = make_editor()
    workshop = make_workshop(editor)
    workshop.state = WorkshopState.CLOSED
    # 23:30 in Paris, then 00:30 the next day in Paris: another day although under an hour later.
    late = utcnow().replace(hour=12, minute=0, second=0, microsecond=0)
    while utc_to_paris(late).hour != 23:
        late += timedelta(hours=1)
    workshop.closed_at = late.replace(minute=30)
    assert can_reopen(editor, workshop, now=workshop.closed_at + timedelta(minutes=20))
    assert not can_reopen(editor, workshop, now=workshop.closed_at + timedelta(hours=1))


def test_reopen_without_csrf_is_refused(client):
    editor = make_editor()
    workshop = _live(editor)
    room.close_session(workshop.id, editor)
    db.session.commit()
    login(client, editor)
    assert client.post(f"/workshops/{workshop.id}/reopen").status_code == 400
    assert _state(workshop) == WorkshopState.CLOSED
