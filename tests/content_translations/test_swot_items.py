"""Translations of SWOT items: who may add, replace and remove them, bad input, what pages show."""
import pytest

from roadmap.content_translations.models import ContentTranslation, TranslationSource
from roadmap.extensions import db
from roadmap.swot import service as swot_service
from tests.conftest import post
from tests.content_translations.helpers import french_item, url
from tests.factories import login, make_editor, make_member, make_territory, make_user
from tests.swot.helpers import item_data


def _translations():
    db.session.expire_all()
    return db.session.query(ContentTranslation).all()


def test_a_member_of_another_language_adds_an_english_translation(client):
    territory, _lead, item = french_item()
    reader = make_member(territory, language="en", name="Helka Virtanen")
    login(client, reader)
    board = client.get(f"/territories/{territory.slug}/swot").get_data(as_text=True)
    assert url("swot_item", item.id, "en") in board  # "Translate" next to the French text
    form = client.get(url("swot_item", item.id, "en"))
    assert form.status_code == 200 and 'lang="fr"' in form.get_data(as_text=True)
    response = post(client, url("swot_item", item.id, "en"), {"text": "Mobility data held by the city",
                                                              "seen_version": "0"})
    assert response.status_code == 303
    [translation] = _translations()
    assert (translation.kind, translation.object_id, translation.language, translation.source) == \
        ("swot_item", item.id, "en", TranslationSource.HUMAN)
    assert translation.translator_id == reader.id and translation.source_language == "fr"
    page = client.get(f"/territories/{territory.slug}/swot").get_data(as_text=True)
    assert '<p class="swot-text translated-text" lang="en">Mobility data held by the city</p>' in page
    assert "Translated from French by Helka Virtanen" in page
    assert url("swot_item", item.id) in page  # "show the original", a plain link


def test_a_french_reader_keeps_the_original(client):
    territory, lead, item = french_item()
    db.session.add(ContentTranslation(kind="swot_item", object_id=item.id, language="en", source_language="fr",
                                      text="Mobility data", original_hash="x", translator_id=lead.id))
    login(client, make_member(territory, language="fr"))
    page = client.get(f"/territories/{territory.slug}/swot").get_data(as_text=True)
    assert "Données de mobilité détenues par la ville" in page and "Mobility data" not in page
    assert "/translations/swot_item" not in page  # nothing to translate into one's own language


def test_the_original_page_shows_both_texts_with_their_languages(client):
    territory, _lead, item = french_item()
    login(client, make_member(territory, language="en"))
    post(client, url("swot_item", item.id, "en"), {"text": "Mobility data held by the city"})
    page = client.get(url("swot_item", item.id)).get_data(as_text=True)
    assert '<blockquote class="original-text" lang="fr">Données de mobilité détenues par la ville</blockquote>' in page
    assert '<blockquote lang="en">Mobility data held by the city</blockquote>' in page


def test_someone_who_cannot_see_the_draft_cannot_translate_it(client):
    territory, _lead, item = french_item()
    login(client, make_member(make_territory("Lyon"), language="en"))  # another territory's member
    assert client.get(url("swot_item", item.id, "en")).status_code == 404
    assert post(client, url("swot_item", item.id, "en"), {"text": "Mobility data"}).status_code == 404
    assert _translations() == []


def test_a_visitor_is_sent_to_log_in(client):
    _territory, _lead, item = french_item()
    response = client.get(url("swot_item", item.id, "en"))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_once_submitted_every_participant_may_translate_the_version(client):
    _territory, _lead, item = french_item(submit=True)
    login(client, make_user(language="en"))  # a participant of no territory: reads every version
    assert post(client, url("swot_item", item.id, "en"), {"text": "Mobility data"}).status_code == 303
    assert len(_translations()) == 1


def test_the_form_needs_its_csrf_token(client):
    territory, _lead, item = french_item()
    login(client, make_member(territory, language="en"))
    assert client.post(url("swot_item", item.id, "en"), data={"text": "Mobility data"}).status_code == 400
    assert _translations() == []


@pytest.mark.parametrize("text, message", [("", "This field is required."), ("   ", "This field is required."),
                                           ("x" * 1001, "At most 1000 characters.")])
def test_an_empty_or_too_long_translation_is_refused_next_to_the_field(client, text, message):
    territory, _lead, item = french_item()
    login(client, make_member(territory, language="en"))
    response = post(client, url("swot_item", item.id, "en"), {"text": text})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _translations() == []


@pytest.mark.parametrize("language", ["de", "xx", "EN"])
def test_a_language_outside_the_settings_is_refused(client, language):
    territory, _lead, item = french_item()
    login(client, make_member(territory, language="en"))
    assert client.get(url("swot_item", item.id, language)).status_code == 422
    assert post(client, url("swot_item", item.id, language), {"text": "Mobility data"}).status_code == 422
    assert _translations() == []


def test_a_translation_into_the_texts_own_language_is_refused(client):
    territory, _lead, item = french_item()
    login(client, make_member(territory, language="en"))
    response = post(client, url("swot_item", item.id, "fr"), {"text": "Des données"})
    assert response.status_code == 422
    assert "already written in this language" in response.get_data(as_text=True)
    assert _translations() == []


def test_a_later_translation_replaces_the_one_its_translator_saw(client):
    territory, _lead, item = french_item()
    login(client, make_member(territory, language="en"))
    post(client, url("swot_item", item.id, "en"), {"text": "Mobility data"})
    form = client.get(url("swot_item", item.id, "en")).get_data(as_text=True)
    assert 'name="seen_version" type="hidden" value="1"' in form
    assert post(client, url("swot_item", item.id, "en"), {"text": "Mobility data held by the city",
                                                          "seen_version": "1"}).status_code == 303
    [translation] = _translations()
    assert translation.text == "Mobility data held by the city" and translation.version == 2


def test_a_translation_saved_meanwhile_is_not_overwritten(client, app):
    territory, _lead, item = french_item()
    other = make_member(territory, language="en", name="Other Translator")
    login(client, make_member(territory, language="en"))
    # Both opened the empty form (seen_version 0); the other one saved first.
    with app.test_request_context():
        from roadmap.content_translations import kinds, service
        service.save_translation(kinds.original("swot_item", item.id, other), other, "en", "Their text", 0)
        db.session.commit()
    response = post(client, url("swot_item", item.id, "en"), {"text": "My own text", "seen_version": "0"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Their text" in page and "My own text" in page  # theirs shown, the typed text kept
    assert 'name="seen_version" type="hidden" value="1"' in page  # saving again replaces, knowingly
    assert [t.text for t in _translations()] == ["Their text"]
    assert post(client, url("swot_item", item.id, "en"), {"text": "Merged text", "seen_version": "1"}).status_code == 303
    assert [t.text for t in _translations()] == ["Merged text"]


def test_an_edit_of_the_original_flags_the_translation_as_maybe_outdated(client, app):
    territory, lead, item = french_item()
    login(client, make_member(territory, language="en"))
    post(client, url("swot_item", item.id, "en"), {"text": "Mobility data held by the city"})
    assert "may be outdated" not in client.get(f"/territories/{territory.slug}/swot").get_data(as_text=True)
    with app.test_request_context():
        swot_service.update_item(territory, item.id, lead, item.version, item_data(text="Données de mobilité et d'énergie"))
        db.session.commit()
    page = client.get(f"/territories/{territory.slug}/swot").get_data(as_text=True)
    assert "Mobility data held by the city" in page and "may be outdated" in page
    # Translating again from the new text clears the flag.
    post(client, url("swot_item", item.id, "en"), {"text": "Mobility and energy data", "seen_version": "1"})
    assert "may be outdated" not in client.get(f"/territories/{territory.slug}/swot").get_data(as_text=True)


@pytest.mark.parametrize("who, allowed", [("author", True), ("translator", True), ("editor", True),
                                          ("other_member", False)])
def test_who_may_remove_a_translation(client, who, allowed):
    territory, lead, item = french_item()
    translator = make_member(territory, language="en")
    db.session.add(ContentTranslation(kind="swot_item", object_id=item.id, language="en", source_language="fr",
                                      text="Mobility data", original_hash="x", translator_id=translator.id))
    user = {"author": lead, "translator": translator, "editor": make_editor(language="en"),
            "other_member": make_member(territory, language="en")}[who]
    login(client, user)
    response = post(client, url("swot_item", item.id, "en") + "/remove")
    assert response.status_code == (303 if allowed else 403)
    assert len(_translations()) == (0 if allowed else 1)


def test_removing_needs_the_csrf_token(client):
    territory, lead, item = french_item()
    db.session.add(ContentTranslation(kind="swot_item", object_id=item.id, language="en", source_language="fr",
                                      text="Mobility data", original_hash="x", translator_id=lead.id))
    login(client, lead)
    assert client.post(url("swot_item", item.id, "en") + "/remove").status_code == 400
    assert len(_translations()) == 1


def test_a_french_reader_sees_an_english_item_in_french_marked_in_french(client):
    territory, _lead, item = french_item(text="Open data portal since 2015")
    item.language = "en"
    db.session.commit()
    login(client, make_member(territory, language="fr", name="Awa Diallo"))
    assert post(client, url("swot_item", item.id, "fr"), {"text": "Portail de données ouvertes depuis 2015"}).status_code == 303
    page = client.get(f"/territories/{territory.slug}/swot").get_data(as_text=True)
    assert 'lang="fr">Portail de données ouvertes depuis 2015</p>' in page
    assert "Traduit de l’anglais par Awa Diallo" in page and "Voir l’original" in page


def test_my_data_holds_the_translations_i_made(client):
    import json

    territory, _lead, item = french_item()
    me = make_member(territory, language="en")
    login(client, me)
    post(client, url("swot_item", item.id, "en"), {"text": "Mobility data held by the city"})
    document = json.loads(client.get("/account/data.json").get_data(as_text=True))
    assert [(t["kind"], t["lang"], t["text"]) for t in document["translations"]] == \
        [("swot_item", "en", "Mobility data held by the city")]


def test_two_first_translations_at_once_the_second_is_told(app, monkeypatch):
    """Both read "no translation yet"; the database's unique key refuses the second insert: a conflict
    with the first one shown, not a 500."""
    from roadmap.content_translations import kinds, service

    territory, _lead, item = french_item()
    first, second = make_member(territory, language="en"), make_member(territory, language="en")
    db.session.commit()
    with app.test_request_context():
        service.save_translation(kinds.original("swot_item", item.id, first), first, "en", "First", 0)
        db.session.commit()
        real = service.get_translation
        calls = []

        def stale_then_real(*args):
            calls.append(args)
            return None if len(calls) == 1 else real(*args)  # the second writer read before the first saved

        monkeypatch.setattr(service, "get_translation", stale_then_real)
        with pytest.raises(service.TranslationConflict) as conflict:
            service.save_translation(kinds.original("swot_item", item.id, second), second, "en", "Second", 0)
        assert conflict.value.current.text == "First"
        db.session.rollback()
    assert [t.text for t in _translations()] == ["First"]
