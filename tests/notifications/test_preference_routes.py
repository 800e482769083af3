"""The e-mail preferences form (profile) and the unsubscribe link of every e-mail."""
import re

from sqlalchemy import select

from roadmap.extensions import db
from roadmap.notifications import preferences
from roadmap.notifications.emails import unsubscribe_token
from roadmap.notifications.models import EmailDelivery, EmailPreference
from tests.conftest import csrf_token, post
from tests.factories import login, make_lead, make_territory


def _choices(**overrides):
    data = {f"kind_{kind}": delivery.value for kind, delivery in preferences.DEFAULTS.items()}
    data.update({f"kind_{kind}": value for kind, value in overrides.items()})
    return data


def _stored(user):
    return {r.kind: r.delivery for r in db.session.scalars(
        select(EmailPreference).where(EmailPreference.user_id == user.id))}


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get("/account/notifications")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/account/notifications", data=_choices()).status_code in (302, 400)


def test_the_profile_shows_the_three_choices_for_each_kind_with_the_defaults_checked(client):
    lead = make_lead(make_territory())
    login(client, lead)
    page = client.get("/account").get_data(as_text=True)
    assert "E-mail preferences" in page or "Préférences d’e-mail" in page
    assert "Dans l’application seulement" in page and "Par e-mail tout de suite" in page
    assert "Dans un résumé quotidien" in page
    checked = set(re.findall(r'<input checked id="[^"]+" name="(kind_[a-z_]+)" required type="radio" value="([a-z]+)"', page))
    assert checked == {(f"kind_{k}", d.value) for k, d in preferences.DEFAULTS.items()}
    assert client.get("/account/notifications").status_code == 200


def test_a_person_saves_their_choices(client):
    lead = make_lead(make_territory())
    login(client, lead)
    response = post(client, "/account/notifications", _choices(workshop_scheduled="app", swot_proposed="digest"))
    assert response.status_code == 302
    assert _stored(lead) == {"workshop_scheduled": EmailDelivery.APP, "swot_proposed": EmailDelivery.DIGEST}
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "enregistrées" in page or "saved" in page


def test_the_form_without_its_csrf_token_is_refused_and_changes_nothing(client):
    lead = make_lead(make_territory())
    login(client, lead)
    csrf_token(client)
    response = client.post("/account/notifications", data=_choices(workshop_scheduled="app"))
    assert response.status_code == 400
    assert _stored(lead) == {}


def test_a_bad_choice_is_shown_next_to_its_kind_and_nothing_is_saved(client):
    lead = make_lead(make_territory())
    login(client, lead)
    data = _choices(workshop_scheduled="app", comment_replied="sometimes")
    response = post(client, "/account/notifications", data)
    assert response.status_code == 422
    assert 'id="kind_comment_replied-error"' in response.get_data(as_text=True)
    data.pop("kind_comment_replied")
    assert post(client, "/account/notifications", data).status_code == 422
    assert _stored(lead) == {}


def test_one_persons_form_only_changes_their_own_choices(client):
    territory = make_territory()
    lead, other = make_lead(territory), make_lead(territory)
    login(client, lead)
    post(client, "/account/notifications", _choices(workshop_scheduled="app"))
    assert _stored(other) == {}


# --- unsubscribe ------------------------------------------------------------------------------

def test_the_unsubscribe_link_works_without_logging_in_and_asks_for_one_click(client):
    lead = make_lead(make_territory())
    token = unsubscribe_token(lead.id, "workshop_scheduled")
    page = client.get(f"/unsubscribe/{token}")
    assert page.status_code == 200 and lead.email in page.get_data(as_text=True)
    assert _stored(lead) == {}  # opening the link changes nothing (mail scanners open links)
    response = post(client, f"/unsubscribe/{token}")
    assert response.status_code == 200
    assert _stored(lead) == {"workshop_scheduled": EmailDelivery.APP}


def test_the_mail_clients_one_click_post_needs_no_form_token(client):
    """RFC 8058: the mail client posts List-Unsubscribe=One-Click to the link; the signature is the proof."""
    lead = make_lead(make_territory())
    response = client.post(f"/unsubscribe/{unsubscribe_token(lead.id, 'digest')}",
                           data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert EmailDelivery.DIGEST not in preferences.preferences_of(lead).values()


def test_a_tampered_link_shows_a_clear_page_and_changes_nothing(client):
    lead = make_lead(make_territory())
    token = unsubscribe_token(lead.id, "workshop_scheduled")
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for response in (client.get(f"/unsubscribe/{tampered}"), client.post(f"/unsubscribe/{tampered}"),
                     client.get("/unsubscribe/not-a-token")):
        assert response.status_code == 400
        assert "pas valable" in response.get_data(as_text=True)
    assert _stored(lead) == {}


def test_an_expired_link_shows_a_clear_page_and_changes_nothing(app, client):
    lead = make_lead(make_territory())
    token = unsubscribe_token(lead.id, "workshop_scheduled")
    app.config["UNSUBSCRIBE_MAX_AGE"] = -1
    response = client.post(f"/unsubscribe/{token}")
    assert response.status_code == 400 and "trop ancien" in response.get_data(as_text=True)
    assert _stored(lead) == {}


def test_a_link_signed_for_an_unknown_kind_is_refused(client):
    lead = make_lead(make_territory())
    assert client.post(f"/unsubscribe/{unsubscribe_token(lead.id, 'everything')}").status_code == 400
    assert client.get(f"/unsubscribe/{unsubscribe_token(lead.id + 999, 'digest')}").status_code == 400
