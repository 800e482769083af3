import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from roadmap.accounts.models import Invitation, LoginAttempt, SecurityEvent, User
from roadmap.core.audit import AuditEvent, record_audit
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.privacy import service
from roadmap.territories.models import Membership
from tests.conftest import post
from tests.factories import (PASSWORD, login, make_editor, make_lead, make_member, make_organisation, make_partner,
                             make_territory)


def _everything_in_the_database():
    """Every value of every row of every table, as one string."""
    parts = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            parts.extend(str(value) for value in row)
    return "\n".join(parts)


def test_my_data_page_shows_profile_memberships_and_security_events(client, app):
    territory = make_territory("La Rochelle")
    user = make_member(territory, name="Léa Fournier", email="lea@example.org")
    login(client, user)
    html = client.get("/account/data").get_data(as_text=True)
    assert "Léa Fournier" in html and "lea@example.org" in html and "La Rochelle" in html
    assert "login" in html


def test_download_holds_every_kind_of_record_of_the_foundation(client, app):
    territory = make_territory("Lyon")
    editor = make_editor(email="boss@example.org")
    lead = make_lead(territory, email="lead@example.org", name="Sophie")
    db.session.add(Invitation(email="lead@example.org", role="lead", territory=territory, invited_by=editor,
                              expires_at=utcnow() + timedelta(days=1), accepted_at=utcnow()))
    record_audit(editor, "membership.role_changed", lead.memberships[0], subject=lead, summary="promoted")
    login(client, lead)
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    document = json.loads(response.get_data(as_text=True))
    assert document["schema"] == "feuille-de-route/my-data" and document["schema_version"] == 1
    assert document["profile"]["email"] == "lead@example.org"
    assert document["memberships"][0]["territory"] == "Lyon"
    assert document["invitations"][0]["direction"] == "received"
    assert {e["kind"] for e in document["security_events"]} >= {"login"}
    assert document["audit"][0]["as"] == "subject"
    assert document["profile"]["created_at"].endswith("Z")
    # the download itself is recorded
    assert db.session.query(SecurityEvent).filter_by(user_id=lead.id, kind="data_exported").count() == 1


def test_asking_for_another_persons_data_is_refused(client, app):
    me, other = make_member(make_territory()), make_member(make_territory())
    login(client, me)
    for url in ("/account/data", "/account/data.json", "/account/data/summary"):
        response = client.get(f"{url}?user={other.id}")
        assert response.status_code == 403
    assert other.email not in client.get("/account/data").get_data(as_text=True)


def test_visitor_must_log_in_to_see_data(client):
    assert client.get("/account/data.json").status_code == 302


def test_readable_summary_lists_the_same_data(client, app):
    user = make_partner(make_organisation("NuageCitoyen"), name="Thomas")
    login(client, user)
    html = client.get("/account/data/summary").get_data(as_text=True)
    assert "Thomas" in html and "NuageCitoyen" in html


# --- deletion ------------------------------------------------------------------

def _delete(client, password=PASSWORD, comments="anonymise", confirm="y"):
    return post(client, "/account/delete", {"password": password, "comments": comments, "confirm": confirm})


def test_deleting_the_account_erases_name_and_e_mail_from_every_table(client, app):
    territory = make_territory("Rennes")
    make_lead(territory)
    user = make_member(territory, name="Yannick Unique-Name", email="yannick.unique@example.org")
    db.session.add(LoginAttempt(email="yannick.unique@example.org", address="10.0.0.1"))
    db.session.add(Invitation(email="yannick.unique@example.org", role="member", territory=territory,
                              expires_at=utcnow() + timedelta(days=1), accepted_at=utcnow()))
    login(client, user)
    response = _delete(client)
    assert response.status_code == 302
    everything = _everything_in_the_database()
    assert "yannick.unique@example.org" not in everything
    assert "Yannick Unique-Name" not in everything
    erased = db.session.get(User, user.id)
    assert erased.deleted_at is not None and not erased.active
    assert str(erased.display_name) in ("ancien participant", "former participant")
    assert client.get("/account").status_code == 302  # logged out
    assert db.session.query(AuditEvent).filter_by(action="account.deleted").count() == 1


def test_wrong_password_deletes_nothing(client, app):
    user = make_member(make_territory(), email="stay@example.org")
    login(client, user)
    response = _delete(client, password="not-my-password")
    assert response.status_code == 422
    assert "password-error" in response.get_data(as_text=True)
    assert db.session.get(User, user.id).deleted_at is None


def test_deletion_needs_the_confirmation_box(client, app):
    user = make_member(make_territory())
    login(client, user)
    assert _delete(client, confirm="").status_code == 422
    assert db.session.get(User, user.id).deleted_at is None


def test_last_lead_of_a_territory_must_hand_over_first(client, app):
    territory = make_territory("Nantes")
    lead = make_lead(territory)
    login(client, lead)
    response = _delete(client)
    assert response.status_code == 409
    assert "Nantes" in response.get_data(as_text=True)
    assert db.session.get(User, lead.id).deleted_at is None
    assert db.session.query(Membership).filter_by(user_id=lead.id).count() == 1


def test_last_editor_must_hand_over_first(client, app):
    editor = make_editor()
    login(client, editor)
    assert _delete(client).status_code == 409
    assert db.session.get(User, editor.id).deleted_at is None


def test_an_editor_can_leave_when_another_editor_remains(client, app):
    make_editor()
    editor = make_editor()
    login(client, editor)
    assert _delete(client).status_code == 302


# --- retention -------------------------------------------------------------------

def test_purge_removes_what_has_expired_and_keeps_the_rest(app):
    user = make_member(make_territory())
    territory = user.memberships[0].territory
    old = utcnow() - timedelta(days=400)
    db.session.add_all([
        Invitation(email="late@example.org", role="member", territory=territory, expires_at=utcnow() - timedelta(days=1)),
        Invitation(email="soon@example.org", role="member", territory=territory, expires_at=utcnow() + timedelta(days=1)),
        SecurityEvent(user_id=user.id, kind="login", at=old),
        SecurityEvent(user_id=user.id, kind="login"),
        LoginAttempt(email="x@example.org", address="1.2.3.4", at=old),
    ])
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert {i.email for i in db.session.query(Invitation)} == {"soon@example.org"}
    assert db.session.query(SecurityEvent).count() == 1
    assert db.session.query(LoginAttempt).count() == 0
    again = app.test_cli_runner().invoke(args=["purge"])
    assert "0 invitations" in again.output


def test_privacy_notice_exists_in_both_languages(client):
    assert "Ce que nous conservons" in client.get("/privacy").get_data(as_text=True)
    post(client, "/language", {"language": "en"})
    assert "What we store" in client.get("/privacy").get_data(as_text=True)


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("member", 403), ("editor", 200)])
def test_audit_log_is_for_editors(client, app, who, status):
    if who == "member":
        login(client, make_member(make_territory()))
    elif who == "editor":
        login(client, make_editor())
    assert client.get("/audit").status_code == status


def test_editors_filter_the_audit_log_and_people_see_their_part(client, app):
    territory = make_territory("Lyon")
    editor = make_editor(name="Claire")
    lead = make_lead(territory, name="Sophie")
    other = make_member(territory, name="Hugo")
    record_audit(editor, "membership.role_changed", lead.memberships[0], subject=lead, summary="about Sophie")
    record_audit(editor, "export.created", None, summary="pdf v1")
    login(client, editor)
    html = client.get("/audit?action=export.created").get_data(as_text=True)
    assert "pdf v1" in html and "about Sophie" not in html
    assert client.get("/audit?since=not-a-date").status_code == 422
    sophie = app.test_client()
    login(sophie, lead)
    assert "about Sophie" in sophie.get("/account/audit").get_data(as_text=True)
    hugo = app.test_client()
    login(hugo, other)
    assert "about Sophie" not in hugo.get("/account/audit").get_data(as_text=True)
