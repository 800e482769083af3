"""The rules of the editions: who translates, to update, completeness, publication, no lost update."""
import pytest

from roadmap.core.errors import Conflict, Invalid, NotAllowed
from roadmap.drafts import service as drafts
from roadmap.drafts.models import VersionState
from roadmap.editions import service
from roadmap.editions.models import SectionTranslation
from roadmap.extensions import db
from roadmap.notifications.models import Notification
from tests.editions.helpers import EN_BODY, make_translator, translate, translate_all, two_sections
from tests.factories import make_editor, make_lead, make_territory, make_user


@pytest.fixture
def people(app):
    return {"editor": make_editor(), "translator": make_translator("en"),
            "lead": make_lead(make_territory("Helsinki"))}


def _change_source(editor, section, body="Texte réécrit : le premier paragraphe change."):
    return drafts.update_section(editor, section, section.title, body, section.revision)


def test_the_editions_are_the_settings_languages_but_the_source(app):
    assert service.source_language() == "fr" and service.edition_languages() == ["en"]


@pytest.mark.parametrize("language", ["fr", "de", "", "EN"])
def test_a_language_outside_the_editions_is_invalid(people, language):
    version = two_sections()
    with pytest.raises(Invalid):
        service.save_translation(people["editor"], version.sections[0], language, "T", "B", 1, 0)


@pytest.mark.parametrize("who, allowed", [("editor", True), ("translator", True), ("lead", False),
                                          ("other_translator", False), ("visitor", False)])
def test_only_editors_and_the_languages_translators_translate(people, who, allowed):
    from flask_login import AnonymousUserMixin

    people["other_translator"] = make_translator("fr")  # a row for another language gives nothing here
    people["visitor"] = AnonymousUserMixin()
    version = two_sections()
    assert service.can_translate(people[who], "en") is allowed
    if not allowed:
        with pytest.raises(NotAllowed):
            translate(people[who], version.sections[0])


def test_a_translation_records_its_source_and_is_up_to_date(people):
    version = two_sections()
    section = version.sections[0]
    translation = translate(people["translator"], section)
    assert (translation.source_revision, translation.source_title, translation.source_body) == \
        (section.revision, "Introduction", section.body)
    assert not translation.to_update(section) and "<p>First paragraph" in translation.body_html


def test_a_source_change_makes_the_translation_to_update_with_the_diff(people):
    version = two_sections()
    section = version.sections[0]
    translation = translate(people["translator"], section)
    _change_source(people["editor"], section)
    db.session.refresh(translation)
    assert translation.to_update(section)
    diff = service.source_diff(translation, section)
    changed = "".join(str(html) for kind, html in diff.blocks if kind != "same")
    assert "<ins>" in changed and "réécrit" in changed


def test_saving_from_an_old_source_is_refused_and_changes_nothing(people):
    version = two_sections()
    section = version.sections[0]
    seen = section.revision
    _change_source(people["editor"], section)
    with pytest.raises(service.SourceChanged):
        service.save_translation(people["translator"], section, "en", "Intro", EN_BODY, seen, 0)
    assert service.translation_of(section, "en") is None


def test_two_translators_saving_the_same_version_second_is_refused(people):
    version = two_sections()
    section = version.sections[0]
    first = translate(people["translator"], section)
    seen = first.edit_version
    service.save_translation(people["editor"], section, "en", "Editor's", EN_BODY, section.revision, seen)
    with pytest.raises(Conflict):
        service.save_translation(people["translator"], section, "en", "Mine", EN_BODY, section.revision, seen)
    db.session.refresh(first)
    assert first.title == "Editor's"


def test_an_empty_title_is_invalid(people):
    version = two_sections()
    with pytest.raises(Invalid):
        service.save_translation(people["editor"], version.sections[0], "en", "  ", EN_BODY, 1, 0)


def test_an_edition_is_complete_when_every_section_is_translated_and_up_to_date(people):
    version = two_sections()
    status = service.edition_status(version, "en")
    assert not status.complete and len(status.missing) == 2
    translate_all(people["translator"], version)
    assert service.edition_status(version, "en").complete
    _change_source(people["editor"], version.sections[1])
    status = service.edition_status(version, "en")
    assert not status.complete and status.publishable_with_confirmation
    assert [s.title for s in status.to_update] == ["Gouvernance"]


def test_publishing_a_complete_edition_an_edition_to_update_with_and_without_confirmation(people):
    version = two_sections()
    with pytest.raises(Invalid):  # incomplete: never
        service.publish_edition(people["editor"], version, "en", confirmed=True)
    translate_all(people["translator"], version)
    _change_source(people["editor"], version.sections[1])
    with pytest.raises(Invalid):  # to update, not confirmed
        service.publish_edition(people["editor"], version, "en")
    assert service.published_languages(version) == []
    row = service.publish_edition(people["editor"], version, "en", confirmed=True)
    assert service.published_languages(version) == ["en"] and row.published_to_update == [version.sections[1].key]


def test_only_editors_publish_an_edition(people):
    version = two_sections()
    translate_all(people["translator"], version)
    with pytest.raises(NotAllowed):
        service.publish_edition(people["translator"], version, "en")


def test_translators_of_the_language_alone_are_told_when_their_translation_becomes_to_update(people):
    version = two_sections()
    french_translator = make_translator("fr")
    bystander = make_user()
    translate(people["translator"], version.sections[0])
    _change_source(people["editor"], version.sections[0])
    told = db.session.scalars(db.select(Notification).where(Notification.kind == "translation_to_update")).all()
    assert [n.user_id for n in told] == [people["translator"].id]
    assert french_translator.id not in [n.user_id for n in told] and bystander.id not in [n.user_id for n in told]
    _change_source(people["editor"], version.sections[0], "Encore une fois.")  # already to update: not again
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(
        Notification.kind == "translation_to_update")) == 1


def test_a_new_version_copies_the_translations_and_keeps_them_to_update_if_they_were(people):
    version = two_sections(VersionState.PUBLISHED)
    translate_all(people["translator"], version)
    stale = db.session.scalar(db.select(SectionTranslation).where(
        SectionTranslation.section_id == version.sections[1].id))
    stale.source_revision = 0  # as if its source had changed before publication
    db.session.flush()
    new = drafts.create_next_version(people["editor"])
    status = service.edition_status(new, "en")
    assert not status.missing and [s.key for s in status.to_update] == [version.sections[1].key]


def test_appointing_a_translator(people):
    someone = make_user(email="aino@example.fi")
    service.appoint_translator(people["editor"], "Aino@example.fi", "en")
    service.appoint_translator(people["editor"], "aino@example.fi", "en")  # twice: nothing more
    assert [t.user for t in service.translators("en")].count(someone) == 1
    with pytest.raises(Invalid):
        service.appoint_translator(people["editor"], "nobody@example.org", "en")
    with pytest.raises(NotAllowed):
        service.appoint_translator(people["translator"], "aino@example.fi", "en")


def test_the_notification_names_the_language_in_the_readers_words(people):
    from flask_babel import force_locale

    from roadmap.notifications.labels import notification_text

    version = two_sections()
    translate(people["translator"], version.sections[0])
    _change_source(people["editor"], version.sections[0])
    told = db.session.scalar(db.select(Notification).where(Notification.kind == "translation_to_update"))
    with force_locale("fr"):
        assert "traduction en anglais est à mettre à jour" in notification_text(told)
    with force_locale("en"):
        assert "translation into English is to update" in notification_text(told)


def test_a_first_translation_saved_twice_from_the_same_empty_form_second_is_refused(people):
    version = two_sections()
    section = version.sections[0]
    service.save_translation(people["editor"], section, "en", "First", EN_BODY, section.revision, 0)
    with pytest.raises(Conflict):
        service.save_translation(people["translator"], section, "en", "Second", EN_BODY, section.revision, 0)
    assert service.translation_of(section, "en").title == "First"
