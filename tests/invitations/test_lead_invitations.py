"""A territory's lead invites its members and partners; editors invite anybody. Several addresses at
once, all or none; resend (a new link, the old one refused) and revoke."""
import re

import pytest

from roadmap.accounts.models import Invitation, User
from roadmap.extensions import db
from roadmap.notifications.models import Notification
from roadmap.process import service as process_service
from roadmap.territories.models import Organisation
from tests.conftest import outbox_messages, post
from tests.factories import (
    login, make_editor, make_lead, make_member, make_organisation, make_partner, make_territory, make_user,
)

LINK_RE = re.compile(r"http://\S+/invitation/(\S+)")


@pytest.fixture
def rochelle(app):
    process_service.ensure_process()
    return make_territory("La Rochelle", slug="la-rochelle")


def _page(slug="la-rochelle"):
    return f"/territories/{slug}/invitations"


def _invite(client, addresses, role="member", path=None, **data):
    data = {"addresses": "\n".join(addresses) if isinstance(addresses, (list, tuple)) else addresses,
            "role": role, "organisation": 0, **data}
    return post(client, path or _page(), data)


def _tokens(app):
    return [LINK_RE.search(m.get_payload(decode=True).decode()).group(1) for m in outbox_messages(app)]


def _accept(client, token, name="Inès Garnier"):
    return post(client, f"/invitation/{token}", {"display_name": name, "language": "fr",
                                                 "password": "un-mot-de-passe-long",
                                                 "confirm": "un-mot-de-passe-long"})


# --- who may open the page -------------------------------------------------------------------------

@pytest.mark.parametrize("who, status", [
    ("lead", 200), ("editor", 200), ("other_lead", 403), ("member", 403), ("partner", 403), ("nobody", 403),
])
def test_only_the_territory_lead_and_the_editors_open_its_invitations(client, app, rochelle, who, status):
    other = make_territory("Lyon")
    people = {"lead": lambda: make_lead(rochelle), "editor": make_editor, "other_lead": lambda: make_lead(other),
              "member": lambda: make_member(rochelle),
              "partner": lambda: make_partner(make_organisation(territories=[rochelle])), "nobody": make_user}
    login(client, people[who]())
    assert client.get(_page()).status_code == status
    response = _invite(client, ["a@example.org"])
    assert response.status_code == (302 if status == 200 else 403)
    assert db.session.query(Invitation).count() == (1 if status == 200 else 0)


def test_a_visitor_is_sent_to_log_in(client, app, rochelle):
    response = client.get(_page())
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_unknown_territory_is_not_found(client, app, rochelle):
    login(client, make_editor())
    assert client.get(_page("nulle-part")).status_code == 404


def test_the_form_needs_its_csrf_token(client, app, rochelle):
    login(client, make_lead(rochelle))
    response = client.post(_page(), data={"addresses": "a@example.org", "role": "member", "organisation": 0})
    assert response.status_code == 400
    assert db.session.query(Invitation).count() == 0


@pytest.mark.parametrize("role", ["lead", "editor"])
def test_a_lead_cannot_give_the_lead_or_editor_role(client, app, rochelle, role):
    login(client, make_lead(rochelle))
    assert _invite(client, ["a@example.org"], role=role).status_code == 403
    assert db.session.query(Invitation).count() == 0 and outbox_messages(app) == []


def test_a_lead_cannot_invite_for_another_territory_even_by_changing_the_form(client, app, rochelle):
    lyon = make_territory("Lyon", slug="lyon")
    login(client, make_lead(rochelle))
    assert _invite(client, ["a@example.org"], path=_page("lyon")).status_code == 403
    assert _invite(client, ["b@example.org"], territory=lyon.id).status_code == 302
    assert db.session.query(Invitation).one().territory_id == rochelle.id  # the page's territory, not the form's


# --- several addresses, all or none -------------------------------------------------------------------

def test_a_lead_invites_several_members_at_once(client, app, rochelle):
    lead = make_lead(rochelle, name="Claire Martin")
    login(client, lead)
    response = _invite(client, ["a@example.org", "", "  B@Example.org  "], message="Bienvenue dans l'équipe !")
    assert response.status_code == 302
    invitations = db.session.query(Invitation).order_by(Invitation.email).all()
    assert [(i.email, i.role.value, i.territory_id, i.invited_by_id) for i in invitations] == [
        ("a@example.org", "member", rochelle.id, lead.id), ("b@example.org", "member", rochelle.id, lead.id)]
    assert sorted(m["To"] for m in outbox_messages(app)) == ["a@example.org", "b@example.org"]
    assert "a@example.org" in client.get(_page()).get_data(as_text=True)


def test_twenty_addresses_with_one_bad_send_nothing_and_mark_the_bad_one(client, app, rochelle):
    login(client, make_lead(rochelle))
    addresses = [f"personne{n}@example.org" for n in range(20)]
    addresses[13] = "personne13@exemple"
    response = _invite(client, addresses)
    assert response.status_code == 422
    assert db.session.query(Invitation).count() == 0 and outbox_messages(app) == []
    html = response.get_data(as_text=True)
    error = re.search(r'<div class="error" id="addresses-error">(.*?)</div>', html, re.S).group(1)
    assert "Ligne 14, « personne13@exemple »" in error and "rien n’a été envoyé" in error
    assert error.count("<li") == 1
    assert "personne19@example.org" in html.split('id="addresses"')[1]  # what was typed is kept
    assert 'aria-describedby="addresses-hint addresses-error"' in html


@pytest.mark.parametrize("problem, expected", [
    ("duplicate", "figure déjà sur une ligne précédente"),
    ("account", "a déjà un compte"),
    ("pending", "Une invitation attend déjà cette adresse"),
    ("list", "Saisissez une seule adresse e-mail"),
])
def test_each_refused_address_says_why_and_nothing_is_sent(client, app, rochelle, problem, expected):
    make_user(email="deja@example.org")
    lead = make_lead(rochelle)
    login(client, lead)
    if problem == "pending":
        assert _invite(client, ["attend@example.org"]).status_code == 302
    before = len(outbox_messages(app))
    bad = {"duplicate": "ok@example.org", "account": "deja@example.org", "pending": "attend@example.org",
           "list": "a@x.fr, b@y.fr"}[problem]
    response = _invite(client, ["ok@example.org", bad])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Ligne 2" in html and expected in html
    assert db.session.query(Invitation).filter(Invitation.email == "ok@example.org").count() == 0
    assert len(outbox_messages(app)) == before


def test_too_many_addresses_are_refused(client, app, rochelle):
    login(client, make_lead(rochelle))
    response = _invite(client, [f"p{n}@example.org" for n in range(51)])
    assert response.status_code == 422 and "Au plus 50 adresses" in response.get_data(as_text=True)


def test_an_empty_list_is_refused_next_to_the_field(client, app, rochelle):
    login(client, make_lead(rochelle))
    response = _invite(client, "\n  \n")
    assert response.status_code == 422 and 'id="addresses-error"' in response.get_data(as_text=True)


# --- the e-mail ----------------------------------------------------------------------------------------

def test_the_email_says_who_invites_for_what_with_which_role_and_what_is_expected_now(client, app, rochelle):
    login(client, make_lead(rochelle, name="Claire Martin"))
    _invite(client, ["a@example.org"], message="Nous comptons sur vous\npour le diagnostic.")
    [message] = outbox_messages(app)
    assert " ".join(message["Subject"].split()) == "Claire Martin vous invite sur la feuille de route territoriale du Self Data"
    body = message.get_payload(decode=True).decode()
    assert "Claire Martin vous invite à participer" in body
    assert "pour La Rochelle, en tant que membre du territoire" in body.replace("\n", " ")
    assert "Le programme en est à l’étape « Diagnostics SWOT »" in body
    assert "Contribuez au SWOT de La Rochelle" in body
    assert "> Nous comptons sur vous\n> pour le diagnostic." in body
    assert re.search(r"http://\S+/invitation/\S+", body)


def test_a_partner_invited_by_a_lead_with_a_new_organisation_is_tied_to_the_territory(client, app, rochelle):
    lead = make_lead(rochelle)
    login(client, lead)
    response = _invite(client, ["p@example.org"], role="partner", organisation=-1,
                       new_organisation_name="Énergies Partagées", new_organisation_kind="association")
    assert response.status_code == 302
    organisation = db.session.query(Organisation).filter_by(name="Énergies Partagées").one()
    assert organisation.territories == []  # tied when the invitation is accepted
    body = outbox_messages(app)[-1].get_payload(decode=True).decode()
    assert "pour Énergies Partagées, partenaire de La Rochelle" in body.replace("\n", " ")
    assert "Proposez des éléments au SWOT de La Rochelle" in body
    [token] = _tokens(app)
    post(client, "/logout")
    response = _accept(client, token, name="Paul Partenaire")
    assert response.status_code == 302 and response.headers["Location"].endswith("/territories/la-rochelle")
    db.session.expire_all()
    user = db.session.query(User).filter_by(email="p@example.org").one()
    assert user.memberships[0].organisation_id == organisation.id
    assert [t.id for t in db.session.get(Organisation, organisation.id).territories] == [rochelle.id]
    html = client.get("/territories/la-rochelle").get_data(as_text=True)
    assert "Proposez des éléments au SWOT de La Rochelle" in html
    notification = db.session.query(Notification).filter_by(user_id=lead.id, kind="invitation_accepted").one()
    assert notification.link == "/territories/la-rochelle/invitations"


def test_a_partner_needs_an_organisation_or_a_name_for_a_new_one(client, app, rochelle):
    login(client, make_lead(rochelle))
    assert 'id="organisation-error"' in _invite(client, ["p@example.org"], role="partner").get_data(as_text=True)
    response = _invite(client, ["p@example.org"], role="partner", organisation=-1)
    assert response.status_code == 422 and 'id="new_organisation_name-error"' in response.get_data(as_text=True)
    make_organisation("Existe Déjà")
    response = _invite(client, ["p@example.org"], role="partner", organisation=-1,
                       new_organisation_name="Existe Déjà")
    assert response.status_code == 422 and "Une organisation porte déjà ce nom." in response.get_data(as_text=True)
    assert db.session.query(Invitation).count() == 0


def test_a_lead_lands_on_the_territory_page_with_the_next_step(client, app, rochelle):
    login(client, make_editor())
    _invite(client, ["lead@example.org"], role="lead", path="/invitations", territory=rochelle.id)
    post(client, "/logout")
    response = _accept(client, _tokens(app)[-1])
    assert response.headers["Location"].endswith("/territories/la-rochelle")
    html = client.get("/territories/la-rochelle").get_data(as_text=True)
    assert "Votre prochaine étape" in html
    assert "Remplissez le SWOT de La Rochelle : ses forces" in html
    assert 'href="/territories/la-rochelle/swot"' in html
    assert "Inviter des membres et des partenaires" in html


# --- resend and revoke ---------------------------------------------------------------------------------

def _one_invitation(client, app, rochelle):
    login(client, make_lead(rochelle))
    _invite(client, ["a@example.org"])
    return db.session.query(Invitation).one()


def test_resending_gives_a_new_link_and_the_old_one_stops_working(client, app, rochelle):
    invitation = _one_invitation(client, app, rochelle)
    [old] = _tokens(app)
    response = post(client, f"/invitations/{invitation.id}/resend", {"next": _page()})
    assert response.status_code == 302 and response.headers["Location"].endswith(_page())
    tokens = _tokens(app)
    assert len(tokens) == 2 and tokens[1] != old
    post(client, "/logout")
    assert client.get(f"/invitation/{old}").status_code == 404
    assert client.get(f"/invitation/{tokens[1]}").status_code == 200


def test_revoking_stops_the_link_and_the_list_says_so(client, app, rochelle):
    invitation = _one_invitation(client, app, rochelle)
    [token] = _tokens(app)
    assert post(client, f"/invitations/{invitation.id}/revoke").status_code == 302
    assert "Révoquée" in client.get(_page()).get_data(as_text=True)
    post(client, "/logout")
    assert client.get(f"/invitation/{token}").status_code == 404
    assert _accept(client, token).status_code == 404
    assert db.session.query(User).filter_by(email="a@example.org").count() == 0


def test_a_revoked_invitation_can_be_resent(client, app, rochelle):
    invitation = _one_invitation(client, app, rochelle)
    post(client, f"/invitations/{invitation.id}/revoke")
    post(client, f"/invitations/{invitation.id}/resend")
    post(client, "/logout")
    assert _accept(client, _tokens(app)[-1]).status_code == 302


@pytest.mark.parametrize("action", ["resend", "revoke"])
@pytest.mark.parametrize("who, status", [("other_lead", 403), ("member", 403), ("editor", 302)])
def test_only_who_may_invite_resends_or_revokes(client, app, rochelle, action, who, status):
    invitation = _one_invitation(client, app, rochelle)
    post(client, "/logout")
    person = {"other_lead": lambda: make_lead(make_territory("Lyon")), "member": lambda: make_member(rochelle),
              "editor": make_editor}[who]()
    login(client, person)
    assert post(client, f"/invitations/{invitation.id}/{action}").status_code == status
    db.session.expire_all()
    changed = db.session.get(Invitation, invitation.id)
    assert (len(outbox_messages(app)) == 2 if action == "resend" else changed.revoked_at is not None) \
        == (status == 302)


def test_a_lead_cannot_resend_an_editors_lead_invitation(client, app, rochelle):
    login(client, make_editor())
    _invite(client, ["lead@example.org"], role="lead", path="/invitations", territory=rochelle.id)
    invitation = db.session.query(Invitation).one()
    post(client, "/logout")
    login(client, make_lead(rochelle))
    assert post(client, f"/invitations/{invitation.id}/resend").status_code == 403


@pytest.mark.parametrize("action", ["resend", "revoke"])
def test_resend_and_revoke_need_the_csrf_token_and_an_existing_invitation(client, app, rochelle, action):
    invitation = _one_invitation(client, app, rochelle)
    assert client.post(f"/invitations/{invitation.id}/{action}").status_code == 400
    assert post(client, f"/invitations/999999/{action}").status_code == 404


def test_an_accepted_invitation_cannot_be_resent_or_revoked(client, app, rochelle):
    invitation = _one_invitation(client, app, rochelle)
    [token] = _tokens(app)
    post(client, "/logout")
    _accept(client, token)
    post(client, "/logout")
    login(client, make_editor())
    for action in ("resend", "revoke"):
        response = post(client, f"/invitations/{invitation.id}/{action}")
        assert response.status_code == 302
    assert "déjà été acceptée" in client.get("/invitations").get_data(as_text=True)
    assert len(outbox_messages(app)) == 1


def test_a_resend_with_an_outside_next_goes_back_to_the_list(client, app, rochelle):
    invitation = _one_invitation(client, app, rochelle)
    response = post(client, f"/invitations/{invitation.id}/resend", {"next": "//evil.example/"})
    assert response.headers["Location"].endswith(_page())


def test_editors_see_every_invitation_and_invite_a_partner_for_a_territory(client, app, rochelle):
    organisation = make_organisation("NuageCitoyen")
    login(client, make_editor())
    response = _invite(client, ["p@example.org", "q@example.org"], role="partner", path="/invitations",
                       organisation=organisation.id, territory=rochelle.id)
    assert response.status_code == 302
    assert {i.territory_id for i in db.session.query(Invitation)} == {rochelle.id}
    html = client.get("/invitations").get_data(as_text=True)
    assert "p@example.org" in html and "q@example.org" in html and "Renvoyer" in html


def test_a_form_without_a_role_is_refused_next_to_the_field(client, app, rochelle):
    login(client, make_lead(rochelle))
    response = post(client, _page(), {"addresses": "a@example.org", "organisation": 0})
    assert response.status_code == 422 and 'id="role-error"' in response.get_data(as_text=True)
    assert db.session.query(Invitation).count() == 0
