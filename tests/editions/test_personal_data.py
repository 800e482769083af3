"""A translator's own data: their appointments and translations are in the download; deleting the
account removes the appointments and keeps the translations without their name."""
import json

from roadmap.editions import service
from roadmap.editions.models import Translator
from roadmap.extensions import db
from tests.conftest import post
from tests.editions.helpers import make_translator, translate, two_sections
from tests.factories import PASSWORD, login


def test_a_translators_download_and_deletion(client, app):
    person = make_translator("en", email="aino@example.fi", name="Aino Virtanen")
    version = two_sections()
    translate(person, version.sections[0], title="Introduction by Aino")
    db.session.commit()
    login(client, person)
    document = json.loads(client.get("/account/data.json").get_data(as_text=True))
    assert document["translator_appointments"] == [{"language": "en", "appointed_at": document[
        "translator_appointments"][0]["appointed_at"]}]
    assert document["roadmap_translations"][0]["title"] == "Introduction by Aino"
    assert post(client, "/account/delete", {"password": PASSWORD, "comments": "anonymise",
                                            "confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Translator.id))) == 0
    translation = service.translation_of(version.sections[0], "en")
    assert translation.title == "Introduction by Aino" and translation.translated_by_id is None
