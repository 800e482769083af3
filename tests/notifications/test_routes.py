"""/notifications: login required, own notifications only, newest first, paginated, read on open,
"mark all as read" with CSRF; the header's count, per person even on cached pages."""
from datetime import timedelta

from sqlalchemy import select

from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.notifications.models import Notification
from roadmap.notifications.service import PER_PAGE, notify
from tests.conftest import post
from tests.factories import login, make_user


def _tell(user, count=1, link="/territories"):
    for i in range(count):
        row = notify("invitation_accepted", [user], link, {"name": f"Nom {i}"})[0]
        row.created_at = utcnow() - timedelta(minutes=count - i)
    db.session.commit()


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get("/notifications")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_list_shows_ones_own_newest_first_and_the_header_counts_them(app, client):
    me, other = make_user(), make_user()
    _tell(me, 2)
    notify("invitation_accepted", [other], "/", {"name": "Secret Autre"})
    login(client, me)
    page = client.get("/notifications").get_data(as_text=True)
    assert page.index("Nom 1 a accepté votre invitation.") < page.index("Nom 0 a accepté")
    assert "Secret Autre" not in page
    assert 'Notifications <span class="nav-badge">(2<span class="visually-hidden"> non lues</span>)</span>' in page
    assert 'class="table-scroll" role="region" tabindex="0"' in page


def test_opening_one_marks_it_read_and_goes_to_the_thing(app, client):
    me = make_user()
    _tell(me, 1, link="/territories")
    login(client, me)
    ident = db.session.scalar(select(Notification.id))
    response = client.get(f"/notifications/{ident}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/territories")
    assert db.session.get(Notification, ident).read_at is not None
    assert "nav-badge\">(" not in client.get("/notifications").get_data(as_text=True)


def test_another_persons_notification_is_not_found(app, client):
    me, other = make_user(), make_user()
    _tell(other)
    login(client, me)
    ident = db.session.scalar(select(Notification.id))
    assert client.get(f"/notifications/{ident}").status_code == 404
    assert db.session.get(Notification, ident).read_at is None


def test_mark_all_as_read_needs_the_csrf_token(app, client):
    me = make_user()
    _tell(me, 3)
    login(client, me)
    assert client.post("/notifications/read").status_code == 400
    assert db.session.scalar(select(db.func.count()).where(Notification.read_at.is_(None))) == 3
    response = post(client, "/notifications/read")
    assert response.status_code == 302
    assert db.session.scalar(select(db.func.count()).where(Notification.read_at.is_(None))) == 0


def test_the_list_is_paginated(app, client):
    me = make_user()
    _tell(me, PER_PAGE + 2)
    login(client, me)
    first = client.get("/notifications").get_data(as_text=True)
    second = client.get("/notifications?page=2").get_data(as_text=True)
    assert f"Nom {PER_PAGE + 1} a accepté" in first and "Nom 0 a accepté" not in first
    assert "Nom 0 a accepté" in second and 'rel="prev"' in second


def test_the_header_count_never_leaks_between_people_on_cached_pages(app):
    me, other = make_user(), make_user()
    _tell(me, 4)
    mine, theirs = app.test_client(), app.test_client()
    login(mine, me)
    login(theirs, other)
    for _ in range(2):  # the second request may be served from the page cache
        assert "(4<span" in mine.get("/territories").get_data(as_text=True)
        assert "nav-badge\">(" not in theirs.get("/territories").get_data(as_text=True)
    _tell(other, 1)
    assert "(1<span" in theirs.get("/territories").get_data(as_text=True)


def test_an_unknown_kind_or_an_outside_link_is_refused(app):
    import pytest

    me = make_user()
    with pytest.raises(ValueError):
        notify("no_such_kind", [me], "/")
    with pytest.raises(ValueError):
        notify("invitation_accepted", [me], "//evil.example/")
