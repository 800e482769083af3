import pytest

from roadmap.accounts.models import SecurityEvent
from roadmap.extensions import db
from tests.conftest import post
from tests.factories import PASSWORD, login, make_user

WRONG = "Cette adresse e-mail et ce mot de passe ne correspondent à aucun compte."


def test_login_with_right_password_redirects_home(client, app):
    user = make_user(email="ana@example.org")
    db.session.commit()
    response = post(client, "/login", {"email": "ANA@example.org ", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/account").status_code == 200
    assert db.session.query(SecurityEvent).filter_by(user_id=user.id, kind="login").count() == 1


def test_unknown_email_and_wrong_password_get_the_same_message(client, app):
    make_user(email="ana@example.org")
    db.session.commit()
    unknown = post(client, "/login", {"email": "nobody@example.org", "password": PASSWORD})
    wrong = post(client, "/login", {"email": "ana@example.org", "password": "not-the-password"})
    assert WRONG in unknown.get_data(as_text=True)
    assert WRONG in wrong.get_data(as_text=True)
    assert 'value="ana@example.org"' in wrong.get_data(as_text=True)  # what was typed is kept


def test_empty_fields_are_reported_next_to_them(client, app):
    response = post(client, "/login", {"email": "", "password": ""})
    html = response.get_data(as_text=True)
    assert 'id="email-error"' in html and 'id="password-error"' in html
    assert 'aria-describedby="email-error"' in html


def test_inactive_account_cannot_log_in(client, app):
    make_user(email="gone@example.org", active=False)
    db.session.commit()
    response = post(client, "/login", {"email": "gone@example.org", "password": PASSWORD})
    assert WRONG in response.get_data(as_text=True)


def test_login_is_paused_after_too_many_failures_on_one_account(client, app):
    make_user(email="ana@example.org")
    db.session.commit()
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        post(client, "/login", {"email": "ana@example.org", "password": "wrong-password"})
    blocked = post(client, "/login", {"email": "ana@example.org", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Trop de tentatives" in blocked.get_data(as_text=True)


def test_login_is_paused_after_too_many_failures_from_one_address(client, app):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    make_user(email="ana@example.org")
    db.session.commit()
    for n in range(3):
        post(client, "/login", {"email": f"guess{n}@example.org", "password": "x"})
    blocked = post(client, "/login", {"email": "ana@example.org", "password": PASSWORD})
    assert blocked.status_code == 429


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)",
                                    "http:/evil", "\\\\evil"])
def test_next_never_leaves_the_site(client, app, target):
    make_user(email="ana@example.org")
    db.session.commit()
    response = post(client, f"/login?next={target}", {"email": "ana@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_to_a_path_of_the_site_is_followed(client, app):
    make_user(email="ana@example.org")
    db.session.commit()
    response = post(client, "/login?next=/account", {"email": "ana@example.org", "password": PASSWORD})
    assert response.headers["Location"] == "/account"


def test_logout_ends_the_session_even_for_a_copied_cookie(client, app):
    user = make_user()
    login(client, user)
    cookie = client.get_cookie("session")
    post(client, "/logout")
    assert client.get("/account").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    assert thief.get("/account").status_code == 302


def test_remember_me_sets_a_safe_cookie(client, app):
    user = make_user()
    db.session.commit()
    response = post(client, "/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("remember_token="))
    assert "HttpOnly" in remember and "SameSite=Lax" in remember
    session = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session and "SameSite=Lax" in session


def test_logged_in_user_visiting_login_goes_home(client, app):
    login(client, make_user())
    assert client.get("/login").status_code == 302
