import pytest

from roadmap.accounts.models import SecurityEvent
from roadmap.extensions import db
from tests.conftest import post
from tests.factories import PASSWORD, login, make_editor, make_user

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


def test_failures_on_one_account_from_one_address_make_that_address_wait(client, app):
    make_user(email="ana@example.org")
    db.session.commit()
    for _ in range(app.config["LOGIN_FREE_FAILURES"]):
        assert post(client, "/login", {"email": "ana@example.org", "password": "wrong-password"}).status_code == 200
    post(client, "/login", {"email": "ana@example.org", "password": "wrong-password"})
    blocked = post(client, "/login", {"email": "ana@example.org", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Trop de tentatives échouées depuis votre connexion" in blocked.get_data(as_text=True)
    assert 0 < int(blocked.headers["Retry-After"]) <= app.config["LOGIN_FIRST_DELAY"]


def test_the_owner_logs_in_from_another_address_while_an_attacker_waits(app):
    owner = make_user(email="ana@example.org")
    db.session.commit()
    attacker = app.test_client()
    for _ in range(12):
        post(attacker, "/login", {"email": "ana@example.org", "password": "guess"},
             environ_base={"REMOTE_ADDR": "198.51.100.66"})
    assert post(attacker, "/login", {"email": "ana@example.org", "password": PASSWORD},
                environ_base={"REMOTE_ADDR": "198.51.100.66"}).status_code == 429
    response = post(app.test_client(), "/login", {"email": owner.email, "password": PASSWORD},
                    environ_base={"REMOTE_ADDR": "203.0.113.10"})
    assert response.status_code == 302


@pytest.mark.parametrize("failures, delay", [(0, 0), (2, 0), (3, 30), (4, 60), (5, 120), (8, 900), (50, 900)])
def test_delays_grow_with_failures_of_one_account_from_one_address(app, failures, delay):
    from roadmap.accounts.service import pair_delay

    assert pair_delay(failures) == delay


def test_the_wait_ends_after_its_delay(client, app):
    from datetime import timedelta

    from roadmap.accounts.models import LoginAttempt
    from roadmap.core.timeutil import utcnow

    make_user(email="ana@example.org")
    long_ago = utcnow() - timedelta(seconds=app.config["LOGIN_FIRST_DELAY"] + 1)
    for _ in range(app.config["LOGIN_FREE_FAILURES"]):
        db.session.add(LoginAttempt(email="ana@example.org", address="127.0.0.1", at=long_ago))
    db.session.commit()
    assert post(client, "/login", {"email": "ana@example.org", "password": PASSWORD}).status_code == 302


def test_login_is_paused_after_too_many_failures_from_one_address(client, app):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    make_user(email="ana@example.org")
    db.session.commit()
    for n in range(3):
        post(client, "/login", {"email": f"guess{n}@example.org", "password": "x"})
    blocked = post(client, "/login", {"email": "ana@example.org", "password": PASSWORD})
    assert blocked.status_code == 429


def test_twenty_made_up_e_mails_from_one_address_do_not_lock_the_editor_out_from_another(app):
    """Behind the reverse proxy README asks for: each client is told apart by X-Forwarded-For."""
    app.config["TRUSTED_PROXIES"] = 1
    editor = make_editor(email="editor@example.org")
    db.session.commit()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = app.test_client()
    for n in range(20):
        post(attacker, "/login", {"email": f"made-up-{n}@example.org", "password": "x"}, environ_base=proxy,
             headers={"X-Forwarded-For": "198.51.100.66"})
    assert post(attacker, "/login", {"email": "other@example.org", "password": "x"}, environ_base=proxy,
                headers={"X-Forwarded-For": "198.51.100.66"}).status_code == 429
    response = post(app.test_client(), "/login", {"email": editor.email, "password": PASSWORD}, environ_base=proxy,
                    headers={"X-Forwarded-For": "203.0.113.10"})
    assert response.status_code == 302


def _failed_address(app, **request):
    from roadmap.accounts.models import LoginAttempt

    post(app.test_client(), "/login", {"email": "nobody@example.org", "password": "x"}, **request)
    return db.session.query(LoginAttempt).order_by(LoginAttempt.id.desc()).first().address


def test_behind_one_trusted_proxy_the_forwarded_address_is_counted(app):
    app.config["TRUSTED_PROXIES"] = 1
    assert _failed_address(app, environ_base={"REMOTE_ADDR": "10.0.0.2"},
                           headers={"X-Forwarded-For": "203.0.113.10"}) == "203.0.113.10"
    # What the client wrote itself before the proxy's entry is not believed.
    assert _failed_address(app, environ_base={"REMOTE_ADDR": "10.0.0.2"},
                           headers={"X-Forwarded-For": "192.0.2.99, 203.0.113.11"}) == "203.0.113.11"


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(app):
    assert app.config["TRUSTED_PROXIES"] == 0
    assert _failed_address(app, environ_base={"REMOTE_ADDR": "198.51.100.66"},
                           headers={"X-Forwarded-For": "203.0.113.10"}) == "198.51.100.66"


def test_the_owner_is_told_once_when_their_account_sees_repeated_failures(app):
    from tests.conftest import outbox_messages

    owner = make_user(email="ana@example.org", language="fr")
    db.session.commit()
    notice_after = app.config["LOGIN_NOTICE_AFTER"]
    for n in range(notice_after + 3):  # from several addresses, as a spread-out attack would
        post(app.test_client(), "/login", {"email": owner.email, "password": "guess"},
             environ_base={"REMOTE_ADDR": f"198.51.100.{n}"})
    notices = [m for m in outbox_messages(app) if m["To"] == owner.email]
    assert len(notices) == 1
    from email.header import decode_header, make_header

    assert str(make_header(decode_header(notices[0]["Subject"]))) == "Tentatives de connexion échouées sur votre compte"
    body = notices[0].get_payload(decode=True).decode()
    assert f"{notice_after} fois" in body and "/account/password" in body


def test_failures_with_an_unknown_e_mail_send_no_notice(app):
    from tests.conftest import outbox_messages

    for n in range(app.config["LOGIN_NOTICE_AFTER"] + 1):
        post(app.test_client(), "/login", {"email": "nobody@example.org", "password": "guess"},
             environ_base={"REMOTE_ADDR": f"198.51.100.{n}"})
    assert outbox_messages(app) == []


def test_the_password_is_checked_with_no_write_lock_held(client, app, monkeypatch):
    """Another writer must not wait for argon2: during the check, no transaction of this request
    is open, and on SQLite another connection can take the write lock at once."""
    import sqlite3

    from roadmap.accounts import service

    make_user(email="ana@example.org")
    db.session.commit()
    seen = []
    real_verify = service.verify_password

    def verify_and_look(stored_hash, password):
        seen.append(db.session().in_transaction())
        if db.engine.dialect.name == "sqlite":
            other = sqlite3.connect(db.engine.url.database, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")  # raises "database is locked" if the lock is held
                other.execute("ROLLBACK")
                seen.append("lock free")
            finally:
                other.close()
        return real_verify(stored_hash, password)

    monkeypatch.setattr(service, "verify_password", verify_and_look)
    assert post(client, "/login", {"email": "ana@example.org", "password": "wrong-password"}).status_code == 200
    assert post(client, "/login", {"email": "ana@example.org", "password": PASSWORD}).status_code == 302
    expected = [False, "lock free"] if db.engine.dialect.name == "sqlite" else [False]
    assert seen == expected * 2


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
