"""The open data carries each text with its language and origin, and its translations:
{"text", "lang", "source": "human" | "machine"} in the JSON; a lang column and text_/source_ pairs in the CSV."""
import csv
import io
import json
import zipfile

from roadmap.content_translations.models import ContentTranslation, TranslationSource, text_hash
from roadmap.drafts.models import CommentStatus, VersionState
from roadmap.extensions import db
from roadmap.swot import service as swot_service
from roadmap.workshops import room
from tests.drafts.factories import make_comment, make_version
from tests.factories import make_lead, make_territory, make_user
from tests.swot.helpers import add
from tests.workshops.helpers import live_room


def _translate(kind, object_id, text, original, source=TranslationSource.HUMAN, by=None):
    db.session.add(ContentTranslation(kind=kind, object_id=object_id, language="en", source_language="fr", text=text,
                                      source=source, original_hash=text_hash(original),
                                      translator_id=by.id if by else None))


def _data(app):
    territory = make_territory("La Rochelle")
    lead = make_lead(territory)
    item = add(territory, lead, text="Données de mobilité")
    other = add(territory, lead, text="Équipe réduite", quadrant="weakness", dimension="human")
    swot_service.get_swot(territory.id).is_public = True
    swot_service.submit(territory, lead, in_roadmap=True)
    _translate("swot_item", item.id, "Mobility data", "Données de mobilité", TranslationSource.MACHINE, lead)
    room_data = live_room()
    room_data["use_case"].is_public = True
    card = room.add_card(room_data["workshop"].id, room_data["a"], room_data["use_case"].id, "idea", "Covoiturage", "fr")
    room.close_session(room_data["workshop"].id, room_data["editor"])
    _translate("card", card["id"] if isinstance(card, dict) else card.id, "Car pooling", "Covoiturage")
    db.session.commit()
    return item, other


def test_the_json_gives_each_text_with_its_translations_and_their_origin(app, client):
    _data(app)
    content = json.loads(client.get("/open-data/roadmap.json").data)["content"]
    items = {i["text"]: i for s in content["swot"]["swots"] for i in s["items"]}
    assert items["Données de mobilité"]["source"] == "human"
    assert items["Données de mobilité"]["texts"] == [
        {"text": "Données de mobilité", "lang": "fr", "source": "human"},
        {"text": "Mobility data", "lang": "en", "source": "machine"}]
    assert items["Équipe réduite"]["texts"] == [{"text": "Équipe réduite", "lang": "fr", "source": "human"}]
    [workshop] = content["workshops"]
    [card] = [c for u in workshop["use_cases"] for c in u["cards"]]
    assert card["texts"] == [{"text": "Covoiturage", "lang": "fr", "source": "human"},
                             {"text": "Car pooling", "lang": "en", "source": "human"}]


def test_the_csv_has_the_language_and_a_column_pair_per_language(app, client):
    _data(app)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/open-data/roadmap-csv.zip").data))
    rows = list(csv.DictReader(io.StringIO(archive.read("swot_items.csv").decode("utf-8-sig"))))
    by_text = {r["text"]: r for r in rows}
    assert by_text["Données de mobilité"]["lang"] == "fr"
    assert (by_text["Données de mobilité"]["text_fr"], by_text["Données de mobilité"]["source_fr"]) == \
        ("Données de mobilité", "human")
    assert (by_text["Données de mobilité"]["text_en"], by_text["Données de mobilité"]["source_en"]) == \
        ("Mobility data", "machine")
    assert by_text["Équipe réduite"]["text_en"] == "" and by_text["Équipe réduite"]["source_en"] == ""
    cards = list(csv.DictReader(io.StringIO(archive.read("workshop_cards.csv").decode("utf-8-sig"))))
    assert [(c["text"], c["lang"], c["text_en"], c["source_en"]) for c in cards] == \
        [("Covoiturage", "fr", "Car pooling", "human")]


def test_the_consultation_comments_carry_their_language_and_translations(app, client):
    author = make_user()
    version = make_version(VersionState.PUBLISHED)
    comment = make_comment(author, version.sections[0], body="Très bien.", status=CommentStatus.ACCEPTED,
                           answer="Merci.", answer_language="fr")
    comment.language = "fr"
    _translate("comment", comment.id, "Very good.", "Très bien.")
    db.session.commit()
    archive = zipfile.ZipFile(io.BytesIO(client.get("/open-data/roadmap-csv.zip").data))
    rows = list(csv.DictReader(io.StringIO(archive.read("consultation_comments.csv").decode("utf-8-sig"))))
    assert [(r["comment"], r["lang"], r["text_en"], r["source_en"]) for r in rows] == \
        [("Très bien.", "fr", "Very good.", "human")]
