import re
from datetime import timedelta

import pytest

from roadmap.accounts.models import Invitation, User
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.territories.models import MembershipRole
from tests.conftest import outbox_messages, post
from tests.factories import login, make_editor, make_lead, make_organisation, make_partner, make_territory

LINK_RE = re.compile(r"http://\S+/invitation/(\S+)")


def _invite(client, app, **data):
    if "email" in data:  # the form takes several addresses, one per line
        data["addresses"] = data.pop("email")
    return post(client, "/invitations", data)


def _token_from_mail(app):
    body = outbox_messages(app)[-1].get_payload(decode=True).decode()
    return LINK_RE.search(body).group(1)


def _accept(client, token, **overrides):
    data = {"display_name": "Inès Garnier", "language": "fr", "password": "un-mot-de-passe-long",
            "confirm": "un-mot-de-passe-long"}
    data.update(overrides)
    return post(client, f"/invitation/{token}", data)


def test_editor_invites_a_territory_lead_who_accepts(client, app):
    territory = make_territory("La Rochelle")
    login(client, make_editor())
    response = _invite(client, app, email="Ines@Example.org", role="lead", territory=territory.id, organisation=0)
    assert response.status_code == 302
    messages = outbox_messages(app)
    assert messages[-1]["To"] == "ines@example.org"
    token = _token_from_mail(app)
    post(client, "/logout")
    assert client.get(f"/invitation/{token}").status_code == 200
    response = _accept(client, token)
    assert response.status_code == 302
    user = db.session.query(User).filter_by(email="ines@example.org").one()
    assert user.memberships[0].territory_id == territory.id
    assert user.memberships[0].role == MembershipRole.LEAD
    assert client.get("/account").status_code == 200


def test_partner_invitation_ties_the_account_to_its_organisation(client, app):
    organisation = make_organisation("NuageCitoyen")
    login(client, make_editor())
    _invite(client, app, email="p@example.org", role="partner", organisation=organisation.id, territory=0)
    post(client, "/logout")
    _accept(client, _token_from_mail(app))
    user = db.session.query(User).filter_by(email="p@example.org").one()
    assert user.memberships[0].organisation_id == organisation.id


def test_invitation_works_only_once(client, app):
    login(client, make_editor())
    _invite(client, app, email="e@example.org", role="editor", territory=0, organisation=0)
    post(client, "/logout")
    token = _token_from_mail(app)
    assert _accept(client, token).status_code == 302
    post(client, "/logout")
    assert client.get(f"/invitation/{token}").status_code == 404
    assert _accept(client, token).status_code == 404


def test_expired_invitation_is_refused_with_a_clear_message(client, app):
    login(client, make_editor())
    _invite(client, app, email="late@example.org", role="editor", territory=0, organisation=0)
    post(client, "/logout")
    invitation = db.session.query(Invitation).one()
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.get(f"/invitation/{_token_from_mail(app)}")
    assert response.status_code == 410
    assert "a expiré" in response.get_data(as_text=True)


def test_tampered_token_is_refused(client, app):
    assert client.get("/invitation/not-a-token").status_code == 404


@pytest.mark.parametrize("data, field", [
    ({"email": "", "role": "editor"}, "email"),
    ({"email": "not-an-email", "role": "editor"}, "email"),
    ({"email": "x" * 250 + "@example.org", "role": "editor"}, "email"),
    ({"email": "lead@example.org", "role": "lead", "territory": 0}, "territory"),
    ({"email": "p@example.org", "role": "partner", "organisation": 0}, "organisation"),
])
def test_bad_invitation_input_is_reported_next_to_the_field(client, app, data, field):
    login(client, make_editor())
    data = {"territory": 0, "organisation": 0, **data}
    response = _invite(client, app, **data)
    assert response.status_code == 422
    field = "addresses" if field == "email" else field
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.session.query(Invitation).count() == 0


def test_inviting_an_existing_account_is_refused(client, app):
    editor = make_editor(email="boss@example.org")
    login(client, editor)
    response = _invite(client, app, email="BOSS@example.org", role="editor", territory=0, organisation=0)
    assert response.status_code == 422
    assert "déjà un compte" in response.get_data(as_text=True)


@pytest.mark.parametrize("data, field", [
    ({"display_name": ""}, "display_name"),
    ({"password": "short", "confirm": "short"}, "password"),
    ({"confirm": "something-else-entirely"}, "confirm"),
])
def test_bad_account_creation_input_keeps_what_was_typed(client, app, data, field):
    login(client, make_editor())
    _invite(client, app, email="new@example.org", role="editor", territory=0, organisation=0)
    post(client, "/logout")
    response = _accept(client, _token_from_mail(app), **data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    if data.get("display_name") != "":
        assert 'value="Inès Garnier"' in html
    assert db.session.query(User).filter_by(email="new@example.org").count() == 0


@pytest.mark.parametrize("who", ["anonymous", "lead", "partner"])
def test_only_editors_can_invite(client, app, who):
    territory = make_territory()
    if who == "lead":
        login(client, make_lead(territory))
    elif who == "partner":
        login(client, make_partner(make_organisation(territories=[territory])))
    response = _invite(client, app, email="x@example.org", role="editor", territory=0, organisation=0)
    assert response.status_code in (302, 403) if who == "anonymous" else response.status_code == 403
    assert db.session.query(Invitation).count() == 0


@pytest.mark.parametrize("address", [
    "victim@x.fr,attacker@evil.example",
    "victim@x.fr, attacker@evil.example",
    "victim@x.fr;attacker@evil.example",
    "<attacker@evil.example>victim@x.fr",
    "Victim <victim@x.fr>",
    "victim@x.fr attacker@evil.example",
    '"victim,attacker"@x.fr',
])
def test_invitation_accepts_exactly_one_address(client, app, address):
    territory = make_territory("La Rochelle")
    login(client, make_editor())
    response = _invite(client, app, email=address, role="lead", territory=territory.id, organisation=0)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="addresses-error"' in html
    assert ("Saisissez une seule adresse e-mail" in html or "Saisissez une adresse e-mail valide" in html)
    assert db.session.query(Invitation).count() == 0
    assert outbox_messages(app) == []


def test_a_list_of_addresses_gets_the_one_address_message(client, app):
    login(client, make_editor())
    response = _invite(client, app, email="victim@x.fr,attacker@evil.example", role="editor",
                       territory=0, organisation=0)
    html = response.get_data(as_text=True)
    assert "Saisissez une seule adresse e-mail, par exemple nom@exemple.fr." in html
    assert "victim@x.fr,attacker@evil.example</textarea>" in html  # what was typed is kept


def test_invitation_address_is_not_checked_against_dns(client, app):
    login(client, make_editor())
    response = _invite(client, app, email="someone@aucun-serveur-dns-zq7.fr", role="editor", territory=0,
                       organisation=0)
    assert response.status_code == 302
    assert outbox_messages(app)[-1]["To"] == "someone@aucun-serveur-dns-zq7.fr"


def test_the_same_invitation_form_sent_twice_invites_once(client, app):
    login(client, make_editor())
    html = client.get("/invitations").get_data(as_text=True)
    token = re.search(r'name="once"[^>]*value="([^"]+)"', html).group(1)
    data = {"addresses": "ines@example.org", "role": "editor", "territory": 0, "organisation": 0, "once": token}
    first = _invite(client, app, **data)
    again = _invite(client, app, **data)
    assert first.status_code == 302 and again.status_code == 302
    assert db.session.query(Invitation).filter_by(email="ines@example.org").count() == 1
    assert len(outbox_messages(app)) == 1
    assert "avait déjà été envoyé" in client.get("/invitations").get_data(as_text=True)


def test_a_refused_invitation_keeps_its_form_token_for_the_corrected_one(client, app):
    login(client, make_editor())
    html = client.get("/invitations").get_data(as_text=True)
    token = re.search(r'name="once"[^>]*value="([^"]+)"', html).group(1)
    refused = _invite(client, app, email="a@x.fr,b@y.fr", role="editor", territory=0, organisation=0, once=token)
    assert f'value="{token}"' in refused.get_data(as_text=True)
    assert _invite(client, app, email="a@x.fr", role="editor", territory=0, organisation=0,
                   once=token).status_code == 302
    assert db.session.query(Invitation).count() == 1
