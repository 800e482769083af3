"""A person's notifications and e-mail choices are in their data download, and go with their account."""
import json

from sqlalchemy import func, select

from roadmap.extensions import db
from roadmap.notifications import preferences
from roadmap.notifications.models import EmailPreference, Notification
from roadmap.notifications.service import notify
from tests.conftest import post
from tests.factories import PASSWORD, login, make_member, make_territory


def test_my_data_holds_my_notifications_and_email_choices_and_deletion_removes_them(client):
    lead = make_member(make_territory())
    preferences.set_preferences(lead, {"alliance_joined": "app"})
    notify("version_published", [lead], "/roadmap", {"number": 3})
    db.session.commit()
    login(client, lead)
    document = json.loads(client.get("/account/data.json").get_data(as_text=True))
    assert document["notifications"][0]["kind"] == "version_published"
    assert {"kind": "alliance_joined", "delivery": "app"} in document["email_preferences"]
    response = post(client, "/account/delete", {"password": PASSWORD, "comments": "anonymise", "confirm": "y"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    assert db.session.scalar(select(func.count()).select_from(EmailPreference)) == 0
