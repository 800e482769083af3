"""The editions' pages: status, permissions, CSRF, bad input, the side-by-side form and its conflicts."""
import re

import pytest

from roadmap.drafts import service as drafts
from roadmap.drafts.models import VersionState
from roadmap.editions import service
from roadmap.extensions import db
from tests.conftest import post
from tests.editions.helpers import EN_BODY, make_translator, translate, translate_all, two_sections
from tests.factories import login, make_editor, make_lead, make_territory, make_user


@pytest.fixture
def people(app):
    return {"editor": make_editor(email="editrice@example.org"),
            "translator": make_translator("en", email="aino@example.fi"),
            "lead": make_lead(make_territory("Helsinki"))}


def _hidden(html, name):
    return re.search(rf'name="{name}"[^>]*value="([^"]*)"', html).group(1)


def _url(version, section=None, lang="en"):
    base = f"/roadmap/v/{version.number}/editions/{lang}"
    return base + (f"/sections/{section.id}" if section else "")


def _form(section, title="Introduction", body=EN_BODY, source_revision=None, edit_version=0):
    return {"title": title, "body": body, "edit_version": edit_version,
            "source_revision": section.revision if source_revision is None else source_revision}


def test_side_by_side_page_shows_the_source_and_the_form(client, people):
    version = two_sections()
    login(client, people["translator"])
    page = client.get(_url(version, version.sections[0]))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Premier paragraphe du texte." in html and 'name="title"' in html and 'name="body"' in html
    assert _hidden(html, "source_revision") == str(version.sections[0].revision)
    assert 'lang="en"' in html  # the translation's fields are marked as English


def test_translator_saves_a_translation(client, people):
    version = two_sections()
    section = version.sections[0]
    login(client, people["translator"])
    response = post(client, _url(version, section), _form(section))
    assert response.status_code == 302
    db.session.expire_all()
    assert service.translation_of(section, "en").body == EN_BODY


@pytest.mark.parametrize("who", ["lead", "other"])
def test_others_may_not_translate(client, people, who):
    people["other"] = make_translator("fr")
    version = two_sections()
    section = version.sections[0]
    login(client, people[who])
    assert client.get(_url(version, section)).status_code == 403
    assert client.get(_url(version)).status_code == 403
    assert post(client, _url(version, section), _form(section)).status_code == 403
    assert service.translation_of(section, "en") is None


def test_a_visitor_is_sent_to_log_in(client, people):
    version = two_sections()
    assert client.get(_url(version, version.sections[0])).status_code == 302


def test_without_csrf_token_nothing_is_saved(client, people):
    version = two_sections()
    section = version.sections[0]
    login(client, people["translator"])
    response = client.post(_url(version, section), data=_form(section))
    assert response.status_code == 400 and service.translation_of(section, "en") is None


@pytest.mark.parametrize("lang", ["fr", "de", "xx"])
def test_a_language_outside_the_editions_is_422(client, people, lang):
    version = two_sections()
    login(client, people["editor"])
    assert client.get(_url(version, version.sections[0], lang)).status_code == 422
    assert client.get(_url(version, lang=lang)).status_code == 422


def test_unknown_version_or_a_section_of_another_version_is_404(client, people):
    version, other = two_sections(), two_sections()
    login(client, people["editor"])
    assert client.get(f"/roadmap/v/99/editions/en").status_code == 404
    assert client.get(_url(version, other.sections[0])).status_code == 404


@pytest.mark.parametrize("field, value", [("title", ""), ("source_revision", "abc"), ("edit_version", "")])
def test_bad_input_is_422_and_keeps_the_text(client, people, field, value):
    version = two_sections()
    section = version.sections[0]
    login(client, people["translator"])
    data = _form(section, body="Typed text kept")
    data[field] = value
    response = post(client, _url(version, section), data)
    assert response.status_code == 422 and "Typed text kept" in response.get_data(as_text=True)
    assert service.translation_of(section, "en") is None


def test_source_changed_while_translating_is_409_with_the_new_source_its_diff_and_the_typed_text(client, people):
    version = two_sections()
    section = version.sections[0]
    translate(people["translator"], section)
    seen_revision, seen_version = section.revision, service.translation_of(section, "en").edit_version
    drafts.update_section(people["editor"], section, section.title, "Un texte source tout nouveau.", section.revision)
    login(client, people["translator"])
    response = post(client, _url(version, section), _form(section, body="My careful translation",
                                                        source_revision=seen_revision, edit_version=seen_version))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "My careful translation" in html and "Un texte source tout nouveau." in html and "<ins>" in html
    assert _hidden(html, "source_revision") == str(seen_revision + 1)  # a second save goes through
    db.session.expire_all()
    assert service.translation_of(section, "en").body == EN_BODY


def test_translation_saved_by_somebody_else_meanwhile_is_409(client, people):
    version = two_sections()
    section = version.sections[0]
    translate(people["editor"], section, title="By the editor")
    login(client, people["translator"])
    response = post(client, _url(version, section), _form(section, body="Mine", edit_version=0))
    assert response.status_code == 409 and "Mine" in response.get_data(as_text=True)


def test_the_edition_page_shows_to_update_sections_with_the_diff(client, people):
    version = two_sections()
    translate_all(people["translator"], version)
    drafts.update_section(people["editor"], version.sections[1], "Gouvernance", "Une coopérative changée.",
                          version.sections[1].revision)
    login(client, people["translator"])
    html = client.get(_url(version)).get_data(as_text=True)
    assert "To update" in html or "À mettre à jour" in html
    assert "changée" in html and "<ins>" in html
    side = client.get(_url(version, version.sections[1])).get_data(as_text=True)
    assert "changée" in side and "<ins>" in side


def test_editions_index_and_appointing_translators(client, people):
    make_user(email="new@example.fi")
    two_sections()
    login(client, people["editor"])
    assert client.get("/editions").status_code == 200
    assert post(client, "/editions/en/translators", {"email": "new@example.fi"}).status_code == 302
    assert "new@example.fi" in [t.user.email for t in service.translators("en")]
    assert post(client, "/editions/en/translators", {"email": "nobody@example.org"}).status_code == 422
    assert post(client, "/editions/de/translators", {"email": "new@example.fi"}).status_code == 422
    row = [t for t in service.translators("en") if t.user.email == "new@example.fi"][0]
    assert client.post(f"/editions/translators/{row.id}/remove").status_code == 400  # no CSRF token
    assert post(client, f"/editions/translators/{row.id}/remove").status_code == 302
    assert "new@example.fi" not in [t.user.email for t in service.translators("en")]


def test_only_editors_appoint(client, people):
    make_user(email="new@example.fi")
    login(client, people["translator"])
    assert client.get("/editions").status_code == 200  # a translator sees the editions they work on
    assert post(client, "/editions/en/translators", {"email": "new@example.fi"}).status_code == 403
    row = service.translators("en")[0]
    assert post(client, f"/editions/translators/{row.id}/remove").status_code == 403


def test_the_lead_has_no_editions_page(client, people):
    login(client, people["lead"])
    assert client.get("/editions").status_code == 403


def test_publishing_an_edition_after_its_version(client, people):
    version = two_sections(VersionState.PUBLISHED)
    translate_all(people["translator"], version)
    login(client, people["translator"])
    assert post(client, _url(version) + "/publish").status_code == 403
    editor = client.application.test_client()
    login(editor, people["editor"])
    assert editor.post(_url(version) + "/publish").status_code == 400  # no CSRF token
    assert post(editor, _url(version) + "/publish").status_code == 302
    assert service.published_languages(version) == ["en"]


def test_publishing_an_edition_of_a_draft_alone_is_refused(client, people):
    version = two_sections()
    translate_all(people["translator"], version)
    login(client, people["editor"])
    assert post(client, _url(version) + "/publish").status_code == 409
    assert service.published_languages(version) == []
