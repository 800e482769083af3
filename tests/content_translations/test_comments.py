"""Translations of comments: the rules of the consultation, and the shared card cache showing each
reader the text of their language."""
import pytest

from roadmap.content_translations.models import ContentTranslation
from roadmap.core.timeutil import utcnow
from roadmap.drafts.models import VersionState
from roadmap.extensions import db
from tests.conftest import post
from tests.content_translations.helpers import url
from tests.drafts.factories import make_comment, make_version
from tests.factories import login, make_editor, make_lead, make_member, make_territory, make_user


@pytest.fixture
def consultation(app):
    territory = make_territory("La Rochelle")
    author = make_lead(territory, name="Julien Morel", language="fr")
    version = make_version(VersionState.CONSULTATION)
    comment = make_comment(author, version.sections[0], body="Le commentaire de Julien.")
    comment.language = "fr"
    db.session.commit()
    app.extensions["fragment_cache"].entries.clear()
    return {"author": author, "version": version, "comment": comment, "territory": territory}


def _page(app, user, consultation):
    browser = app.test_client()
    login(browser, user)
    return browser.get(f"/roadmap/v/{consultation['version'].number}").get_data(as_text=True)


def test_a_participant_translates_a_comment_and_each_reader_sees_their_language(app, client, consultation):
    comment = consultation["comment"]
    english, french = make_user(language="en", name="Helka"), make_user(language="fr", name="Awa")
    before = _page(app, english, consultation)
    assert url("comment", comment.id, "en") in before  # "Translate", among the reader's actions
    login(client, english)
    assert post(client, url("comment", comment.id, "en"), {"text": "Julien's comment."}).status_code == 303

    cache = app.extensions["fragment_cache"]
    english_page = _page(app, english, consultation)
    french_page = _page(app, french, consultation)
    assert '<p class="comment-body translated-text" lang="en">Julien&#39;s comment.</p>' in english_page
    assert "Le commentaire de Julien." not in english_page
    assert "Le commentaire de Julien." in french_page and "Julien&#39;s comment." not in french_page
    # A second English reader gets the translated card from the cache.
    misses = cache.misses
    other_english = _page(app, make_user(language="en"), consultation)
    assert cache.misses == misses and "Julien&#39;s comment." in other_english


def test_a_replaced_translation_makes_a_new_card(app, client, consultation):
    comment = consultation["comment"]
    english = make_user(language="en")
    login(client, english)
    post(client, url("comment", comment.id, "en"), {"text": "First words."})
    assert "First words." in _page(app, english, consultation)
    post(client, url("comment", comment.id, "en"), {"text": "Better words.", "seen_version": "1"})
    page = _page(app, english, consultation)
    assert "Better words." in page and "First words." not in page


def test_an_edited_comment_flags_its_translation_in_the_card(app, client, consultation):
    comment = consultation["comment"]
    english = make_user(language="en")
    login(client, english)
    post(client, url("comment", comment.id, "en"), {"text": "Julien's comment."})
    assert "may be outdated" not in _page(app, english, consultation)
    comment.body, comment.edited_at = "Le commentaire de Julien, corrigé.", utcnow()
    db.session.commit()
    assert "may be outdated" in _page(app, english, consultation)


def test_a_comment_of_a_draft_version_cannot_be_translated_by_a_participant(app, client):
    version = make_version(VersionState.DRAFT)
    comment = make_comment(make_editor(), version.sections[0], body="Note interne.")
    login(client, make_user(language="en"))
    assert post(client, url("comment", comment.id, "en"), {"text": "Internal note."}).status_code == 404
    assert db.session.query(ContentTranslation).count() == 0


def test_a_hidden_comment_cannot_be_translated(app, client, consultation):
    comment = consultation["comment"]
    comment.hidden_at, comment.hidden_reason = utcnow(), "Hors sujet"
    db.session.commit()
    login(client, make_member(consultation["territory"], language="en"))
    assert client.get(url("comment", comment.id, "en")).status_code == 404


def test_a_too_long_comment_translation_is_refused(app, client, consultation):
    login(client, make_user(language="en"))
    response = post(client, url("comment", consultation["comment"].id, "en"), {"text": "x" * 5001})
    assert response.status_code == 422 and "At most 5000 characters." in response.get_data(as_text=True)


def test_the_comment_author_removes_a_translation_of_their_comment(app, client, consultation):
    comment = consultation["comment"]
    translator = make_user(language="en")
    db.session.add(ContentTranslation(kind="comment", object_id=comment.id, language="en", source_language="fr",
                                      text="Julien's comment.", original_hash="x", translator_id=translator.id))
    stranger = make_user(language="en")
    login(client, stranger)
    assert post(client, url("comment", comment.id, "en") + "/remove").status_code == 403
    browser = app.test_client()
    login(browser, consultation["author"])
    assert post(browser, url("comment", comment.id, "en") + "/remove").status_code == 303
    assert db.session.query(ContentTranslation).count() == 0


def test_translate_is_no_longer_offered_once_translated(app, client, consultation):
    comment = consultation["comment"]
    english = make_user(language="en")
    login(client, english)
    post(client, url("comment", comment.id, "en"), {"text": "Julien's comment."})
    page = _page(app, english, consultation)
    assert url("comment", comment.id, "en") not in page and url("comment", comment.id) in page
