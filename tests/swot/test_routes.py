"""Every SWOT page and action, over HTTP: status, permissions, CSRF, bad input."""
import pytest
from sqlalchemy import func, select

from roadmap.extensions import db
from roadmap.swot.models import ItemStatus, SwotItem, SwotVersion
from tests.conftest import csrf_token, post
from tests.factories import (login, make_editor, make_lead, make_member, make_organisation, make_partner,
                             make_territory, make_user)
from tests.swot.helpers import form


@pytest.fixture
def rochelle(app):
    return make_territory("La Rochelle", slug="la-rochelle")


@pytest.fixture
def lead(rochelle):
    return make_lead(rochelle)


def url(path=""):
    return "/territories/la-rochelle/swot" + path


def items():
    return db.session.scalars(select(SwotItem).order_by(SwotItem.id)).all()


def add_item(client, **fields):
    response = post(client, url("/items/new"), form(**fields))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return items()[-1]


def test_lead_sees_the_four_quadrant_draft(client, lead):
    login(client, lead)
    page = client.get(url()).get_data(as_text=True)
    for title in ("Forces", "Faiblesses", "Opportunités", "Menaces"):
        assert title in page
    assert "Soumettre comme version 1" in page


def test_member_adds_an_item_without_javascript(client, rochelle):
    login(client, make_member(rochelle))
    assert client.get(url("/items/new?quadrant=weakness")).status_code == 200
    response = post(client, url("/items/new"), form(text="Peu de compétences en interne", quadrant="weakness",
                                                   dimension="human", importance="3",
                                                   evidence_url="https://example.org/etude"))
    assert response.status_code == 303
    item, = items()
    assert (item.text, item.quadrant.value, item.importance, item.status) == (
        "Peu de compétences en interne", "weakness", 3, ItemStatus.ACCEPTED)
    assert "Peu de compétences en interne" in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("field, value, message", [
    ("text", "", "Ce champ est obligatoire."),
    ("text", "x" * 1001, "1000 caractères au maximum."),
    ("quadrant", "dragon", "Choisissez un quadrant dans la liste."),
    ("dimension", "magic", "Choisissez une dimension dans la liste."),
    ("importance", "4", "Choisissez une importance entre 1 et 3."),
    ("importance", "abc", "Choisissez une importance entre 1 et 3."),
    ("evidence_url", "javascript:alert(1)", "commençant par http:// ou https://"),
    ("evidence_url", "data:text/html;base64,PHNjcmlwdD4=", "commençant par http:// ou https://"),
    ("evidence_url", "file:///etc/passwd", "commençant par http:// ou https://"),
])
def test_bad_input_is_refused_next_to_the_field_and_kept(client, lead, field, value, message):
    login(client, lead)
    data = form(text="Texte tapé par la personne", evidence_note="Ma note")
    data[field] = value
    response = post(client, url("/items/new"), data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert f'id="{field}-error"' in page
    assert "Ma note" in page and (field == "text" or "Texte tapé par la personne" in page)
    assert items() == []


def test_member_edits_an_item(client, lead):
    login(client, lead)
    item = add_item(client, text="Avant")
    page = client.get(url(f"/items/{item.id}/edit")).get_data(as_text=True)
    assert 'name="seen_version" type="hidden" value="1"' in page
    response = post(client, url(f"/items/{item.id}/edit"), form(text="Après", seen_version="1"))
    assert response.status_code == 303
    db.session.expire_all()
    assert (items()[0].text, items()[0].version) == ("Après", 2)


def test_bad_edit_is_refused_and_keeps_the_text(client, lead):
    login(client, lead)
    item = add_item(client, text="Avant")
    response = post(client, url(f"/items/{item.id}/edit"),
                    form(text="Nouveau texte", evidence_url="ftp://x", seen_version="1"))
    assert response.status_code == 422
    assert "Nouveau texte" in response.get_data(as_text=True)
    db.session.expire_all()
    assert items()[0].text == "Avant"


def test_edit_without_the_seen_version_is_refused(client, lead):
    login(client, lead)
    item = add_item(client)
    assert post(client, url(f"/items/{item.id}/edit"), form(text="Autre")).status_code == 422


def test_member_deletes_and_moves_items(client, lead):
    login(client, lead)
    first, second = add_item(client, text="Un"), add_item(client, text="Deux")
    response = post(client, url(f"/items/{second.id}/move"), {"direction": "up"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#item-{second.id}")
    db.session.expire_all()
    assert [i.text for i in sorted(items(), key=lambda i: i.position)] == ["Deux", "Un"]
    assert post(client, url(f"/items/{second.id}/move"), {"direction": "left"}).status_code == 422
    assert post(client, url(f"/items/{first.id}/delete")).status_code == 303
    assert [i.text for i in items()] == ["Deux"]


def test_unknown_item_is_404(client, lead):
    login(client, lead)
    assert client.get(url("/items/999/edit")).status_code == 404
    assert post(client, url("/items/999/delete")).status_code == 404


def test_partner_proposal_accepted_by_the_lead(client, app, rochelle, lead):
    partner = make_partner(make_organisation("NuageCitoyen", territories=[rochelle]))
    login(client, partner)
    page = client.get(url()).get_data(as_text=True)
    assert "Proposer un élément" in page and "Soumettre" not in page
    response = post(client, url("/items/new"), form(text="Cloud personnel", quadrant="opportunity"))
    assert response.status_code == 303
    proposal, = items()
    assert proposal.status == ItemStatus.PROPOSED
    assert "En attente de la personne référente" in client.get(url()).get_data(as_text=True) \
        or "Cloud personnel" in client.get(url()).get_data(as_text=True)
    other = app.test_client()
    login(other, lead)
    assert "Propositions des partenaires" in other.get(url()).get_data(as_text=True)
    assert post(client, url(f"/proposals/{proposal.id}/accept")).status_code == 403
    assert post(other, url(f"/proposals/{proposal.id}/accept")).status_code == 303
    db.session.expire_all()
    assert items()[0].status == ItemStatus.ACCEPTED


def test_lead_declines_a_proposal(client, rochelle, lead):
    partner = make_partner(make_organisation(territories=[rochelle]))
    login(client, partner)
    post(client, url("/items/new"), form(text="Idée"))
    proposal, = items()
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    login(client, lead)
    assert post(client, url(f"/proposals/{proposal.id}/decline")).status_code == 303
    db.session.expire_all()
    assert items()[0].status == ItemStatus.DECLINED


def test_submit_versions_and_compare(client, lead):
    login(client, lead)
    item = add_item(client, text="Première version")
    assert post(client, url("/submit")).status_code == 303
    post(client, url(f"/items/{item.id}/edit"), form(text="Seconde version", seen_version="1"))
    add_item(client, text="Ajout", quadrant="threat")
    assert post(client, url("/submit")).status_code == 303
    assert db.session.scalar(select(func.count(SwotVersion.id))) == 2
    listing = client.get(url("/versions")).get_data(as_text=True)
    assert "Version 1" in listing and "Version 2" in listing
    v1 = client.get(url("/versions/1")).get_data(as_text=True)
    assert "Première version" in v1 and "Seconde version" not in v1
    diff = client.get(url("/compare?a=1&b=2"))
    assert diff.status_code == 200
    text = diff.get_data(as_text=True)
    assert "1 élément ajouté" in text and "1 élément modifié" in text and "Seconde version" in text
    assert client.get(url("/versions/9")).status_code == 404
    assert client.get(url("/compare?a=1")).status_code == 404


def test_submitting_an_empty_swot_is_refused_clearly(client, lead):
    login(client, lead)
    response = post(client, url("/submit"))
    assert response.status_code == 422
    assert "Le SWOT est vide" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(SwotVersion.id))) == 0


def test_member_cannot_submit(client, rochelle, lead):
    login(client, make_member(rochelle))
    add_item(client)
    assert post(client, url("/submit")).status_code == 403


def test_public_flag_lets_visitors_see_the_last_version(client, app, lead):
    login(client, lead)
    add_item(client, text="Version publique")
    post(client, url("/submit"), {"in_roadmap": "no"})  # no: the SWOT stays as private as it was
    add_item(client, text="Brouillon secret")
    visitor = app.test_client()
    assert visitor.get(url()).status_code == 302  # not public yet: log in first
    assert post(client, url("/visibility"), {"is_public": "y"}).status_code == 303
    page = visitor.get(url())
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Version publique" in text and "Brouillon secret" not in text
    assert visitor.get(url("/versions/1")).status_code == 200
    assert visitor.get(url("/versions")).status_code == 302
    post(client, url("/visibility"), {})
    assert visitor.get(url()).status_code == 302


def test_draft_is_hidden_from_other_participants_who_see_the_submitted_version(client, app, lead):
    login(client, lead)
    add_item(client, text="Soumis")
    post(client, url("/submit"))
    add_item(client, text="Brouillon")
    stranger = app.test_client()
    login(stranger, make_lead(make_territory("Lyon")))
    text = stranger.get(url()).get_data(as_text=True)
    assert "Soumis" in text and "Brouillon" not in text
    assert stranger.get(url("/versions")).status_code == 200


def test_editor_and_tied_partner_see_the_draft(client, app, rochelle, lead):
    login(client, lead)
    add_item(client, text="Brouillon")
    for user in (make_editor(), make_partner(make_organisation(territories=[rochelle]))):
        other = app.test_client()
        login(other, user)
        assert "Brouillon" in other.get(url()).get_data(as_text=True)


# role × action → status; "lyon" is the lead of another territory.
ACTIONS = {
    "view_draft": ("get", ""),
    "new_form": ("get", "/items/new"),
    "add": ("post", "/items/new"),
    "edit_form": ("get", "/items/{item}/edit"),
    "edit": ("post", "/items/{item}/edit"),
    "delete": ("post", "/items/{item}/delete"),
    "move": ("post", "/items/{item}/move"),
    "accept": ("post", "/proposals/{proposal}/accept"),
    "submit": ("post", "/submit"),
    "publish": ("post", "/visibility"),
    "versions": ("get", "/versions"),
}
TABLE = {
    #               view  newf  add   editf edit  del   move  acc   sub   pub   vers
    "lead":        (200, 200, 303, 200, 303, 303, 303, 303, 303, 303, 200),
    "member":      (200, 200, 303, 200, 303, 303, 303, 403, 403, 403, 200),
    "tied_partner": (200, 200, 303, 403, 403, 403, 403, 403, 403, 403, 200),
    "other_partner": (200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "lyon_lead":   (200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "editor":      (200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "visitor":     (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
}


@pytest.mark.parametrize("role", TABLE)
@pytest.mark.parametrize("action", ACTIONS)
def test_permissions_table(app, client, rochelle, lead, role, action):
    from roadmap.swot import service
    from tests.swot.helpers import item_data

    with app.test_request_context():
        item = service.add_item(rochelle, lead, item_data(text="Existant"))
        partner_org = make_organisation("Tied", territories=[rochelle])
        proposal = service.add_item(rochelle, make_partner(partner_org), item_data(text="Proposé"))
    users = {
        "lead": lead, "member": make_member(rochelle), "tied_partner": make_partner(partner_org),
        "other_partner": make_partner(make_organisation("Other", territories=[make_territory("Nantes")])),
        "lyon_lead": make_lead(make_territory("Lyon")), "editor": make_editor(), "visitor": None,
    }
    db.session.commit()
    if users[role] is not None:
        login(client, users[role])
    method, path = ACTIONS[action]
    path = url(path.format(item=item.id, proposal=proposal.id))
    if method == "get":
        response = client.get(path)
    else:
        token = csrf_token(client, "/login" if users[role] is None else "/")
        response = client.post(path, data={**form(text="Modifié", seen_version=str(item.version)),
                                           "direction": "down", "csrf_token": token})
    expected = TABLE[role][list(ACTIONS).index(action)]
    assert response.status_code == expected, response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("path", [
    "/items/new", "/items/1/edit", "/items/1/delete", "/items/1/move", "/proposals/1/accept",
    "/proposals/1/decline", "/proposals/1/withdraw", "/submit", "/visibility",
])
def test_posts_without_csrf_token_are_refused(client, lead, path):
    login(client, lead)
    assert client.post(url(path), data=form(seen_version="1")).status_code == 400


def test_unknown_territory_is_404(client, lead):
    login(client, lead)
    assert client.get("/territories/nowhere/swot").status_code == 404


def test_territory_page_shows_the_swot_state_and_home_the_progress(client, lead):
    login(client, lead)
    assert "pas commencé" in client.get("/territories/la-rochelle").get_data(as_text=True)
    add_item(client)
    add_item(client)
    assert "brouillon de 2 éléments" in client.get("/").get_data(as_text=True)
    post(client, url("/submit"))
    page = client.get("/territories/la-rochelle").get_data(as_text=True)
    assert "soumis v1 le" in page and "Ouvrir le SWOT" in page


def test_htmx_invalid_form_tells_htmx_to_replace_only_the_form(client, lead):
    login(client, lead)
    response = post(client, url("/items/new?quadrant=threat"), form(text="", quadrant="threat"),
                    headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#item-form-new-threat"
    assert response.headers["HX-Reselect"] == "#item-form-new-threat"


def test_logged_out_user_cannot_post(client, lead):
    assert post(client, url("/items/new"), form()).status_code == 302
    assert items() == []


def test_new_user_without_rights_gets_403(client, rochelle):
    login(client, make_user())
    assert client.get(url("/items/new")).status_code == 403


def test_the_lead_sees_what_the_draft_changes_since_the_last_version(client, app, lead):
    login(client, lead)
    assert client.get(url("/changes")).status_code == 404  # nothing submitted yet
    add_item(client, text="Soumis")
    post(client, url("/submit"))
    assert "mêmes éléments" in client.get(url("/changes")).get_data(as_text=True)
    add_item(client, text="Nouveauté", quadrant="opportunity")
    page = client.get(url("/changes")).get_data(as_text=True)
    assert "Modifications depuis la version 1" in page and "1 élément ajouté" in page and "Nouveauté" in page
    stranger = app.test_client()
    login(stranger, make_lead(make_territory("Lyon")))
    assert stranger.get(url("/changes")).status_code == 403
    assert app.test_client().get(url("/changes")).status_code == 302


def test_partner_withdraws_their_pending_proposal_but_not_another_ones(client, app, rochelle, lead):
    organisation = make_organisation(territories=[rochelle])
    author, colleague = make_partner(organisation), make_partner(organisation)
    login(client, author)
    post(client, url("/items/new"), form(text="Idée à retirer"))
    proposal_id = items()[0].id
    assert "Retirer" in client.get(url()).get_data(as_text=True)
    other = app.test_client()
    login(other, colleague)
    assert post(other, url(f"/proposals/{proposal_id}/withdraw")).status_code == 403
    assert post(client, url(f"/proposals/{proposal_id}/withdraw")).status_code == 303
    assert items() == []
    assert client.post(url(f"/proposals/{proposal_id}/withdraw")).status_code == 400  # no CSRF token


def _new_item_form_token(client, slug):
    import re

    html = client.get(f"/territories/{slug}/swot/items/new").get_data(as_text=True)
    return re.search(r'name="once"[^>]*value="([^"]+)"', html).group(1)


def test_the_same_new_item_form_sent_twice_adds_one_item(client, app):
    from roadmap.swot.models import SwotItem

    territory = make_territory("La Rochelle")
    login(client, make_lead(territory))
    token = _new_item_form_token(client, territory.slug)
    data = form(text="Une seule fois", once=token)
    first = post(client, f"/territories/{territory.slug}/swot/items/new", data)
    again = post(client, f"/territories/{territory.slug}/swot/items/new", data)
    assert first.status_code == 303 and again.status_code == 303
    assert db.session.query(SwotItem).filter_by(text="Une seule fois").count() == 1
    board = client.get(f"/territories/{territory.slug}/swot").get_data(as_text=True)
    assert "avait déjà été envoyé" in board


def test_two_new_item_forms_add_two_items(client, app):
    from roadmap.swot.models import SwotItem

    territory = make_territory("La Rochelle")
    login(client, make_lead(territory))
    for _ in range(2):
        token = _new_item_form_token(client, territory.slug)
        post(client, f"/territories/{territory.slug}/swot/items/new", form(text="Deux fois", once=token))
    assert db.session.query(SwotItem).filter_by(text="Deux fois").count() == 2


def test_two_simultaneous_submits_of_one_new_item_form_add_one_item(app):
    import threading

    from roadmap.swot.models import SwotItem
    from tests.conftest import csrf_token
    from tests.workshops.helpers import second_client

    territory = make_territory("La Rochelle")
    lead = make_lead(territory)
    db.session.commit()
    url = f"/territories/{territory.slug}/swot/items/new"
    browser = second_client(app)
    login(browser, lead)
    token, csrf = _new_item_form_token(browser, territory.slug), csrf_token(browser)
    tabs = []
    for _ in range(2):  # the same browser's cookies: a double click sends two requests at once
        tab = second_client(app)
        tab.set_cookie("session", browser.get_cookie("session").value)
        tabs.append(tab)
    data = form(text="En même temps", once=token, csrf_token=csrf)
    barrier, statuses = threading.Barrier(2), []

    def send(tab):
        barrier.wait()
        statuses.append(tab.post(url, data=data).status_code)

    threads = [threading.Thread(target=send, args=(tab,)) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses == [303, 303]
    db.session.commit()
    assert db.session.query(SwotItem).filter_by(text="En même temps").count() == 1


def _proposal(client, rochelle, lead):
    partner = make_partner(make_organisation(territories=[rochelle]))
    login(client, partner)
    post(client, url("/items/new"), form(text="Idée à décliner"))
    proposal, = items()
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    return partner, proposal


def test_decline_button_leads_to_a_confirmation_page(client, rochelle, lead):
    _partner, proposal = _proposal(client, rochelle, lead)
    login(client, lead)
    board = client.get(url()).get_data(as_text=True)
    assert f'href="{url(f"/proposals/{proposal.id}/decline")}"' in board  # a link to the page, no one-click form
    response = client.get(url(f"/proposals/{proposal.id}/decline"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Idée à décliner" in page
    assert f'action="{url(f"/proposals/{proposal.id}/decline")}"' in page
    db.session.expire_all()
    assert items()[0].status == ItemStatus.PROPOSED  # looking is not declining


def test_only_the_lead_gets_the_decline_confirmation(client, rochelle, lead):
    partner, proposal = _proposal(client, rochelle, lead)
    login(client, partner)
    assert client.get(url(f"/proposals/{proposal.id}/decline")).status_code == 403


def test_decline_confirmation_of_a_decided_proposal_is_not_found(client, rochelle, lead):
    _partner, proposal = _proposal(client, rochelle, lead)
    login(client, lead)
    assert post(client, url(f"/proposals/{proposal.id}/decline")).status_code == 303
    assert client.get(url(f"/proposals/{proposal.id}/decline")).status_code == 404
