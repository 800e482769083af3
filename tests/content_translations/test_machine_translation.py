"""The machine translation hook: off by default; when on, a suggestion fills the form, is saved only
when a person submits it, and is marked as machine-made; an engine failure is a message, not a 500.
A fake engine is registered in each test: never the network."""
import pytest

from roadmap import machine_translation
from roadmap.content_translations.models import ContentTranslation, TranslationSource
from roadmap.extensions import db
from tests.conftest import post
from tests.content_translations.helpers import french_item, url
from tests.factories import login, make_member


@pytest.fixture
def fake_engine(app, monkeypatch):
    calls = []

    def engine(text, source, target, config):
        calls.append((text, source, target))
        return f"[{source}→{target}] {text}"

    monkeypatch.setitem(machine_translation.ENGINES, "fake", engine)
    app.config["MACHINE_TRANSLATION"] = "fake"
    return calls


def _translations():
    db.session.expire_all()
    return db.session.query(ContentTranslation).all()


def test_off_by_default_the_form_offers_no_suggestion(app, client):
    assert app.config["MACHINE_TRANSLATION"] == ""
    territory, _lead, item = french_item()
    login(client, make_member(territory, language="en"))
    page = client.get(url("swot_item", item.id, "en")).get_data(as_text=True)
    assert "Propose a machine translation" not in page
    # A forged "suggest" is an ordinary save attempt, not a call to an engine.
    response = post(client, url("swot_item", item.id, "en"), {"text": "", "action": "suggest"})
    assert response.status_code == 422 and _translations() == []


def test_a_suggestion_fills_the_form_and_nothing_is_saved(app, client, fake_engine):
    territory, _lead, item = french_item()
    login(client, make_member(territory, language="en"))
    assert "Propose a machine translation" in client.get(url("swot_item", item.id, "en")).get_data(as_text=True)
    response = post(client, url("swot_item", item.id, "en"), {"text": "", "action": "suggest"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert fake_engine == [("Données de mobilité détenues par la ville", "fr", "en")]
    assert "[fr→en] Données de mobilité détenues par la ville" in page
    assert 'name="source" type="hidden" value="machine"' in page and "Machine-made suggestion" in page
    assert _translations() == []


def test_an_accepted_suggestion_is_stored_as_machine_and_shown_as_reviewed(app, client, fake_engine):
    territory, _lead, item = french_item()
    reviewer = make_member(territory, language="en", name="Helka Virtanen")
    login(client, reviewer)
    response = post(client, url("swot_item", item.id, "en"),
                    {"text": "Mobility data held by the city", "source": "machine", "action": "save"})
    assert response.status_code == 303
    [translation] = _translations()
    assert translation.source == TranslationSource.MACHINE and translation.translator_id == reviewer.id
    board = client.get(f"/territories/{territory.slug}/swot").get_data(as_text=True)
    assert "Machine translation reviewed by Helka Virtanen" in board
    assert "Machine translation reviewed by Helka Virtanen" in client.get(url("swot_item", item.id)).get_data(as_text=True)


def test_a_bad_source_value_is_refused(app, client):
    territory, _lead, item = french_item()
    login(client, make_member(territory, language="en"))
    response = post(client, url("swot_item", item.id, "en"), {"text": "Mobility data", "source": "oracle"})
    assert response.status_code == 422 and _translations() == []


@pytest.mark.parametrize("failure", [TimeoutError("slow"), ConnectionError("down"), RuntimeError("bug")])
def test_an_engine_failure_is_a_message_next_to_the_field(app, client, monkeypatch, failure):
    def broken(text, source, target, config):
        raise failure

    monkeypatch.setitem(machine_translation.ENGINES, "broken", broken)
    app.config["MACHINE_TRANSLATION"] = "broken"
    territory, _lead, item = french_item()
    login(client, make_member(territory, language="en"))
    response = post(client, url("swot_item", item.id, "en"), {"text": "My start", "action": "suggest"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="suggest-error" role="alert">The machine translation failed.' in page
    assert "My start" in page  # what was typed is kept
    assert _translations() == []


def test_libretranslate_timeout_and_unreachable_server_are_engine_errors(app):
    config = {"MACHINE_TRANSLATION_URL": "http://127.0.0.1:9", "MACHINE_TRANSLATION_TIMEOUT": 0.5}
    with app.test_request_context():
        with pytest.raises(machine_translation.EngineError):
            machine_translation.ENGINES["libretranslate"]("Bonjour", "fr", "en", config)
        with pytest.raises(machine_translation.EngineError):
            machine_translation.ENGINES["libretranslate"]("Bonjour", "fr", "en", {})


def test_argos_without_the_package_is_an_engine_error(app, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_argos(name, *args, **kwargs):
        if name.startswith("argostranslate"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_argos)
    app.config["MACHINE_TRANSLATION"] = "argos"
    with app.test_request_context():
        with pytest.raises(machine_translation.EngineError):
            machine_translation.suggest("Bonjour", "fr", "en")


def test_suggest_is_a_plain_function_for_other_features(app, fake_engine):
    with app.test_request_context():
        assert machine_translation.suggest("Bonjour", "fr", "en") == "[fr→en] Bonjour"
        app.config["MACHINE_TRANSLATION"] = ""
        with pytest.raises(machine_translation.EngineError):
            machine_translation.suggest("Bonjour", "fr", "en")
