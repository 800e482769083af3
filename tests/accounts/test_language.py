from roadmap.accounts.models import User
from roadmap.extensions import db
from tests.conftest import post
from tests.factories import login, make_user


def test_visitor_switches_to_english_and_back(client):
    response = post(client, "/language", {"language": "en", "next": "/process"})
    assert response.headers["Location"] == "/process"
    html = client.get("/process").get_data(as_text=True)
    assert 'lang="en"' in html and "The three steps of the process" in html
    post(client, "/language", {"language": "fr"})
    assert "Les trois étapes de la démarche" in client.get("/process").get_data(as_text=True)


def test_language_choice_is_remembered_for_the_user(client, app):
    user = make_user(language="fr")
    login(client, user)
    post(client, "/language", {"language": "en"})
    assert db.session.get(User, user.id).language == "en"
    other = app.test_client()
    login(other, user)
    assert 'lang="en"' in other.get("/").get_data(as_text=True)


def test_unknown_language_is_refused(client):
    assert post(client, "/language", {"language": "xx"}).status_code == 400


def test_language_switch_never_redirects_off_site(client):
    response = post(client, "/language", {"language": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_dates_follow_the_locale(client, app):
    from roadmap.process.service import get_process

    step = get_process().steps[0]
    db.session.commit()
    month_fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                "novembre", "décembre"][step.starts_on.month - 1]
    assert month_fr in client.get("/process").get_data(as_text=True)
    post(client, "/language", {"language": "en"})
    assert step.starts_on.strftime("%B") in client.get("/process").get_data(as_text=True)


def test_profile_saves_name_and_language(client, app):
    user = make_user()
    login(client, user)
    response = post(client, "/account", {"display_name": "Nouveau Nom", "language": "en"})
    assert response.status_code == 302
    user = db.session.get(User, user.id)
    assert user.display_name == "Nouveau Nom" and user.language == "en"


def test_profile_refuses_an_empty_name(client, app):
    login(client, make_user())
    response = post(client, "/account", {"display_name": "   ", "language": "fr"})
    assert response.status_code == 422
    assert 'id="display_name-error"' in response.get_data(as_text=True)
