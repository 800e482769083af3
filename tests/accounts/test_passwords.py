import re

from roadmap.extensions import db
from tests.conftest import outbox_messages, post
from tests.factories import PASSWORD, login, make_user

RESET_RE = re.compile(r"http://\S+/password/reset/(\S+)")
NEW = "a-brand-new-password"


def _reset_token(app):
    return RESET_RE.search(outbox_messages(app)[-1].get_payload(decode=True).decode()).group(1)


def test_forgotten_password_is_reset_by_e_mail(client, app):
    user = make_user(email="ana@example.org")
    db.session.commit()
    response = post(client, "/password/forgot", {"email": "ana@example.org"})
    assert response.status_code == 302
    token = _reset_token(app)
    assert post(client, f"/password/reset/{token}", {"password": NEW, "confirm": NEW}).status_code == 302
    assert post(client, "/login", {"email": user.email, "password": NEW}).status_code == 302


def test_reset_link_works_only_once(client, app):
    make_user(email="ana@example.org")
    db.session.commit()
    post(client, "/password/forgot", {"email": "ana@example.org"})
    token = _reset_token(app)
    post(client, f"/password/reset/{token}", {"password": NEW, "confirm": NEW})
    again = post(client, f"/password/reset/{token}", {"password": NEW + "x", "confirm": NEW + "x"})
    assert again.status_code == 404


def test_unknown_address_gets_the_same_answer_and_no_mail(client, app):
    response = post(client, "/password/forgot", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert outbox_messages(app) == []


def test_forgot_password_with_bad_address_shows_error(client, app):
    response = post(client, "/password/forgot", {"email": "nope"})
    assert response.status_code == 422
    assert 'id="email-error"' in response.get_data(as_text=True)


def test_reset_with_short_password_is_refused(client, app):
    make_user(email="ana@example.org")
    db.session.commit()
    post(client, "/password/forgot", {"email": "ana@example.org"})
    response = post(client, f"/password/reset/{_reset_token(app)}", {"password": "short", "confirm": "short"})
    assert response.status_code == 422


def test_change_password_needs_the_current_one(client, app):
    user = make_user()
    login(client, user)
    response = post(client, "/account/password", {"current_password": "wrong", "password": NEW, "confirm": NEW})
    assert response.status_code == 422
    assert "mot de passe actuel" in response.get_data(as_text=True)


def test_change_password_ends_other_sessions_but_keeps_this_one(client, app):
    user = make_user()
    other = app.test_client()
    login(other, user)
    login(client, user)
    response = post(client, "/account/password", {"current_password": PASSWORD, "password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302
