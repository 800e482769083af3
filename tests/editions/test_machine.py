"""A machine suggestion for a section's translation (roadmap.machine_translation, off by default):
it fills the form, nothing is saved until a person submits it, and it stays marked as machine-made."""
import pytest

from roadmap import machine_translation
from roadmap.drafts.models import VersionState
from roadmap.editions import printing, service
from roadmap.extensions import db
from tests.conftest import post
from tests.editions.helpers import make_translator, two_sections
from tests.factories import login, make_lead, make_territory


@pytest.fixture
def fake_engine(app, monkeypatch):
    calls = []

    def engine(text, source, target, config):
        calls.append((source, target))
        return f"[{source}→{target}] {text}"

    monkeypatch.setitem(machine_translation.ENGINES, "fake", engine)
    app.config["MACHINE_TRANSLATION"] = "fake"
    return calls


def _url(version, section):
    return f"/roadmap/v/{version.number}/editions/en/sections/{section.id}"


def _suggest(client, version, section):
    return post(client, _url(version, section), {"title": "", "body": "", "action": "suggest", "edit_version": 0,
                                                 "source_revision": section.revision})


def test_without_an_engine_no_suggestion_is_offered(client, app):
    version = two_sections()
    login(client, make_translator("en"))
    html = client.get(_url(version, version.sections[0])).get_data(as_text=True)
    assert 'value="suggest"' not in html


def test_a_suggestion_fills_the_form_and_saves_nothing(client, fake_engine):
    version = two_sections()
    section = version.sections[0]
    login(client, make_translator("en"))
    assert 'value="suggest"' in client.get(_url(version, section)).get_data(as_text=True)
    response = _suggest(client, version, section)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and fake_engine == [("fr", "en"), ("fr", "en")]
    assert "[fr→en] Introduction" in html and 'name="source" type="hidden" value="machine"' in html
    assert 'id="machine-mark"' in html
    db.session.expire_all()
    assert service.translation_of(section, "en") is None


def test_the_accepted_suggestion_is_kept_as_machine_made_and_shown_so(client, fake_engine):
    version = two_sections(VersionState.PUBLISHED)
    section = version.sections[0]
    translator = make_translator("en", name="Aino")
    login(client, translator)
    response = post(client, _url(version, section), {
        "title": "Introduction (reviewed)", "body": "First paragraph.", "source": "machine", "action": "save",
        "edit_version": 0, "source_revision": section.revision})
    assert response.status_code == 302
    db.session.expire_all()
    translation = service.translation_of(section, "en")
    assert translation.source == "machine" and translation.translated_by_id == translator.id
    assert printing.edition_texts([translation])[0]["body_markdown"]["source"] == "machine"
    page = client.get(f"/roadmap/v/{version.number}?edition=en").get_data(as_text=True)
    assert "Traduction automatique relue par Aino" in page


def test_a_translation_typed_by_a_person_is_human(client, fake_engine):
    version = two_sections()
    section = version.sections[0]
    login(client, make_translator("en"))
    post(client, _url(version, section), {"title": "Introduction", "body": "Text.", "edit_version": 0,
                                          "source_revision": section.revision})
    db.session.expire_all()
    assert service.translation_of(section, "en").source == "human"


def test_a_bad_source_value_is_refused(client, fake_engine):
    version = two_sections()
    section = version.sections[0]
    login(client, make_translator("en"))
    response = post(client, _url(version, section), {"title": "T", "body": "B", "source": "oracle",
                                                     "edit_version": 0, "source_revision": section.revision})
    assert response.status_code == 422
    db.session.expire_all()
    assert service.translation_of(section, "en") is None


def test_an_engine_failure_is_a_message_next_to_the_button(client, app, monkeypatch):
    def broken(text, source, target, config):
        raise TimeoutError("no answer")

    monkeypatch.setitem(machine_translation.ENGINES, "broken", broken)
    app.config["MACHINE_TRANSLATION"] = "broken"
    version = two_sections()
    login(client, make_translator("en"))
    response = _suggest(client, version, version.sections[0])
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="suggest-error"' in html


def test_someone_who_may_not_translate_gets_no_suggestion(client, fake_engine):
    version = two_sections()
    login(client, make_lead(make_territory("Helsinki")))
    assert _suggest(client, version, version.sections[0]).status_code == 403
    assert fake_engine == []
