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


def test_forgot_password_answers_alike_for_existing_and_unknown_accounts(client, app, monkeypatch):
    """The e-mail goes out after the answer: the answer carries nothing that tells them apart, and no
    e-mail is sent while the request runs."""
    from roadmap.accounts import service

    make_user(email="ana@example.org")
    db.session.commit()
    sent_during_request = []
    real_send = service.send_password_reset

    def spy(email):
        from flask import g

        sent_during_request.append(bool(g.get("deferred_work")))
        return real_send(email)

    monkeypatch.setattr(service, "send_password_reset", spy)
    answers = []
    for email in ("ana@example.org", "nobody@example.org"):
        response = post(app.test_client(), "/password/forgot", {"email": email})
        answers.append((response.status_code, response.headers["Location"], response.get_data()))
    assert answers[0] == answers[1]
    assert sent_during_request == [False, False]  # run from the queue, not inside the request
    assert [m["To"] for m in outbox_messages(app)] == ["ana@example.org"]


def test_one_account_gets_a_limited_number_of_reset_mails(client, app):
    make_user(email="ana@example.org")
    db.session.commit()
    limit = app.config["RESET_MAX_PER_ACCOUNT"]
    for n in range(limit + 5):  # from many addresses: the per-address limit does not stop it
        response = post(app.test_client(), "/password/forgot", {"email": "ana@example.org"},
                        environ_base={"REMOTE_ADDR": f"198.51.100.{n}"})
        assert response.status_code == 302  # the same answer every time
    assert len(outbox_messages(app)) == limit


def test_one_address_asking_too_often_is_told_to_wait(client, app):
    limit = app.config["RESET_MAX_PER_ADDRESS"]
    for n in range(limit):
        assert post(client, "/password/forgot", {"email": f"someone{n}@example.org"}).status_code == 302
    refused = post(client, "/password/forgot", {"email": "ana@example.org"})
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "Trop de demandes depuis votre connexion" in html and 'id="email-error"' in html
    assert 'value="ana@example.org"' in html
    assert int(refused.headers["Retry-After"]) > 0
