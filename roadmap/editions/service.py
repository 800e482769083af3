"""The rules of the editions: who translates, what a translation records, when it is to update,
when an edition is complete, and which editions are published with a version.

Every function checks its rule itself and flush()es; the request commits once.
"""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from roadmap.accounts.models import User
from roadmap.core.errors import Conflict, Invalid, NotAllowed
from roadmap.core.i18n import LANGUAGE_NAMES, content_languages, default_content_language
from roadmap.core.markdown_bounds import MarkdownRefused, render_for_storage
from roadmap.core.timeutil import utcnow
from roadmap.drafts import diff
from roadmap.drafts.models import Section
from roadmap.editions.models import PublishedEdition, SectionTranslation, Translator
from roadmap.extensions import db

TITLE_MAX = 200
BODY_MAX = 50_000


class SourceChanged(Conflict):
    """The source section changed since the translator read it: the new source is shown."""


# --- Languages ----------------------------------------------------------------------------------

def source_language():
    """The language the roadmap is written in (CONTENT_LANGUAGE)."""
    return default_content_language()


def language_label(code):
    """A language's name in the reader's language, inside a sentence ("l'édition en anglais")."""
    from flask_babel import get_locale

    locale = get_locale()
    return (locale.languages.get(code) if locale is not None else None) or LANGUAGE_NAMES.get(code, code)


def edition_languages():
    """The languages of the editions: LANGUAGES but the source language."""
    return [code for code in content_languages() if code != source_language()]


def checked_edition(language):
    """`language` if it names an edition; Invalid (422) for the source or a language outside LANGUAGES."""
    if language not in edition_languages():
        raise Invalid(_("There is no edition in this language: choose one of the languages of the settings "
                        "other than the source language."))
    return language


# --- Who translates ------------------------------------------------------------------------------

def _logged_in(user):
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.active)


def is_translator(user, language):
    return _logged_in(user) and db.session.scalar(select(Translator.id).where(
        Translator.user_id == user.id, Translator.language == language)) is not None


def can_translate(user, language):
    """Editors, and the translators the editors appointed for this language."""
    return _logged_in(user) and (user.is_editor or is_translator(user, language))


def can_appoint(user):
    return _logged_in(user) and user.is_editor


def require_translate(user, language):
    checked_edition(language)
    if not can_translate(user, language):
        raise NotAllowed(_("Only the editors and the translators appointed for this language translate the "
                           "roadmap."))


def translators(language):
    return db.session.scalars(select(Translator).join(Translator.user).where(Translator.language == language)
                              .order_by(User.display_name)).all()


def translator_users(language):
    return [t.user for t in translators(language)]


def appoint_translator(editor, email, language):
    """Appoint the person with this e-mail address; appointing twice changes nothing. Returns the row."""
    if not can_appoint(editor):
        raise NotAllowed()
    checked_edition(language)
    user = db.session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None or not user.active:
        raise Invalid(_("Nobody with this e-mail address has an account: invite them first."))
    existing = db.session.scalar(select(Translator).where(Translator.user_id == user.id,
                                                          Translator.language == language))
    if existing is not None:
        return existing
    row = Translator(user_id=user.id, language=language, appointed_by_id=editor.id)
    db.session.add(row)
    db.session.flush()
    return row


def dismiss_translator(editor, translator_id):
    if not can_appoint(editor):
        raise NotAllowed()
    row = db.session.get(Translator, translator_id) if isinstance(translator_id, int) else None
    if row is None:
        raise Invalid(_("This person is not a translator."))
    db.session.delete(row)
    db.session.flush()


# --- Translations --------------------------------------------------------------------------------

def translation_of(section, language):
    return db.session.scalar(select(SectionTranslation).where(SectionTranslation.section_id == section.id,
                                                              SectionTranslation.language == language))


def translations_by_section(version, language):
    rows = db.session.scalars(select(SectionTranslation).join(Section).where(
        Section.version_id == version.id, SectionTranslation.language == language)).all()
    return {row.section_id: row for row in rows}


@dataclass
class SourceDiff:
    title_html: object
    blocks: list


def source_diff(translation, section):
    """What changed in the source section since the translation was made (roadmap/drafts/diff.py)."""
    title = section.title if translation.source_title == section.title else None
    return SourceDiff(title_html=diff.diff_words(translation.source_title, section.title) if title is None
                      else title, blocks=diff.diff_blocks(translation.source_body, section.body))


def _clean(title, body):
    title = (title or "").strip()
    if not title:
        raise Invalid(_("Write the translated title."))
    if len(title) > TITLE_MAX or len(body or "") > BODY_MAX:
        raise Invalid(_("At most %(max)d characters.", max=TITLE_MAX if len(title) > TITLE_MAX else BODY_MAX))
    try:
        return title, body or "", render_for_storage(body or "")
    except MarkdownRefused as refused:
        raise Invalid(refused.message) from None


def save_translation(user, section, language, title, body, seen_source_revision, seen_edit_version, now=None,
                     source="human"):
    """Save the translation of `section` made from the source revision the translator was shown.

    Refused with SourceChanged (409) when the source moved on since `seen_source_revision`, and
    with Conflict when somebody saved this translation since `seen_edit_version` (0: none existed):
    nothing is lost, the form is shown again with what was typed."""
    require_translate(user, language)
    title, body, body_html = _clean(title, body)
    now = now or utcnow()
    if seen_source_revision != section.revision:
        raise SourceChanged(_("The source section changed while you were translating. The new source and what "
                              "changed are shown; your text is kept: update it and save again."))
    values = dict(title=title, body=body, body_html=body_html, source_revision=section.revision,
                  source_title=section.title, source_body=section.body, translated_by_id=user.id, updated_at=now,
                  source="machine" if source == "machine" else "human")
    existing = translation_of(section, language)
    if existing is None:
        if seen_edit_version:
            raise Conflict(_("This translation was removed in the meantime."))
        translation = SectionTranslation(section_id=section.id, language=language, edit_version=1, **values)
        try:
            with db.session.begin_nested():
                db.session.add(translation)
        except IntegrityError:  # the unique (section, language): somebody else saved first
            raise Conflict(_("Somebody else saved this translation in the meantime. Their text is shown; copy "
                             "your changes into it and save again.")) from None
        return translation
    result = db.session.execute(
        update(SectionTranslation).where(SectionTranslation.id == existing.id,
                                         SectionTranslation.edit_version == seen_edit_version)
        .values(edit_version=SectionTranslation.edit_version + 1, **values)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict(_("Somebody else saved this translation in the meantime. Their text is shown; copy "
                         "your changes into it and save again."))
    db.session.refresh(existing)
    return existing


# --- Completeness and publication -----------------------------------------------------------------

@dataclass
class EditionStatus:
    language: str
    rows: list  # [(section, translation or None)]
    missing: list = field(default_factory=list)  # sections without a translation
    to_update: list = field(default_factory=list)  # sections whose translation is to update

    @property
    def complete(self):
        return bool(self.rows) and not self.missing and not self.to_update

    @property
    def publishable_with_confirmation(self):
        return bool(self.rows) and not self.missing and bool(self.to_update)


def edition_status(version, language):
    by_section = translations_by_section(version, language)
    status = EditionStatus(language, [(s, by_section.get(s.id)) for s in version.sections])
    for section, translation in status.rows:
        if translation is None:
            status.missing.append(section)
        elif translation.to_update(section):
            status.to_update.append(section)
    return status


def published_languages(version):
    return [row.language for row in db.session.scalars(
        select(PublishedEdition).where(PublishedEdition.version_id == version.id)
        .order_by(PublishedEdition.language))]


def publication_plan(version):
    """[(EditionStatus, already published?)] for every edition language."""
    published = set(published_languages(version))
    return [(edition_status(version, language), language in published) for language in edition_languages()]


def publish_edition(user, version, language, confirmed=False, now=None):
    """Publish one edition with its version. A complete edition is published; one with sections to
    update only when `confirmed`; an incomplete one never. Publishing twice changes nothing."""
    if not can_appoint(user):
        raise NotAllowed()
    checked_edition(language)
    status = edition_status(version, language)
    if status.missing or not status.rows:
        raise Invalid(ngettext("The edition in %(language)s is incomplete: %(num)d section has no translation.",
                               "The edition in %(language)s is incomplete: %(num)d sections have no translation.",
                               len(status.missing) or 1, language=language_label(language)))
    if status.to_update and not confirmed:
        raise Invalid(_("Some sections of this edition are to update: tick the confirmation to publish it as "
                        "it is."))
    existing = db.session.scalar(select(PublishedEdition).where(PublishedEdition.version_id == version.id,
                                                                PublishedEdition.language == language))
    if existing is None:
        existing = PublishedEdition(version_id=version.id, language=language, published_by_id=user.id,
                                    published_at=now or utcnow())
        db.session.add(existing)
    existing.published_to_update = [s.key for s in status.to_update]
    db.session.flush()
    return existing


def publish_editions_with(user, version, confirmed_languages):
    """At the version's publication: each edition that may be published is. ({language: None or why not})."""
    outcome = {}
    for status, _published in publication_plan(version):
        try:
            publish_edition(user, version, status.language, status.language in confirmed_languages)
            outcome[status.language] = None
        except Invalid as why:
            outcome[status.language] = why.message
    return outcome
