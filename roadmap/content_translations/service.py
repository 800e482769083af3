"""The rules of short translations: the only place that changes them. Services flush; the view commits."""
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from roadmap.content_translations import kinds
from roadmap.content_translations.models import ContentTranslation, TranslationSource, text_hash
from roadmap.core.errors import Conflict, Invalid, NotAllowed, NotFound
from roadmap.core.i18n import checked_language
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db


class TranslationConflict(Conflict):
    """Somebody saved a translation into this language since the form was opened: theirs is `current`."""

    def __init__(self, current):
        super().__init__(_("Somebody else saved a translation into this language in the meantime."))
        self.current = current


def target_language(original, language):
    """The language a translation of `original` may be made into: one of LANGUAGES, not the text's own
    (Invalid, 422, otherwise)."""
    if not language:
        raise Invalid(_("Choose a language from the list."))
    language = checked_language(language)
    if language == original.language:
        raise Invalid(_("The text is already written in this language."))
    return language


def get_translation(kind, object_id, language):
    return db.session.scalar(select(ContentTranslation).options(joinedload(ContentTranslation.translator)).where(
        ContentTranslation.kind == kind, ContentTranslation.object_id == object_id,
        ContentTranslation.language == language))


def translations_of(kind, object_id):
    return db.session.scalars(select(ContentTranslation).options(joinedload(ContentTranslation.translator)).where(
        ContentTranslation.kind == kind, ContentTranslation.object_id == object_id)
        .order_by(ContentTranslation.language)).all()


def translations_for_page(kind, object_ids, language):
    """{object_id: ContentTranslation} into `language` for all the texts of a page: one query."""
    ids = sorted({i for i in object_ids if i is not None})
    if not ids:
        return {}
    return {t.object_id: t for t in db.session.scalars(
        select(ContentTranslation).options(joinedload(ContentTranslation.translator)).where(
            ContentTranslation.kind == kind, ContentTranslation.language == language,
            ContentTranslation.object_id.in_(ids)))}


def _checked_text(kind, text):
    text = (text or "").strip()
    if not text:
        raise Invalid(_("This field is required."))
    limit = kinds.max_length(kind)
    if len(text) > limit:
        raise Invalid(_("At most %(max)d characters.", max=limit))
    return text


def save_translation(original, user, language, text, seen_version, source=TranslationSource.HUMAN):
    """Add or replace the translation of `original` into `language`, made (or, from a machine,
    accepted) by `user`. It replaces an existing one only if the form showed that one
    (`seen_version`: its version, 0 for none): otherwise TranslationConflict, nothing changed."""
    if not original.may_translate:
        raise NotAllowed(_("Only the participants can translate this text."))
    language = target_language(original, language)
    text = _checked_text(original.kind, text)
    source = TranslationSource(source)
    current = get_translation(original.kind, original.object_id, language)
    values = {"text": text, "source": source, "translator_id": user.id, "source_language": original.language,
              "original_hash": text_hash(original.text), "updated_at": utcnow()}
    if current is None:
        # None saved yet, or the one the form showed was removed since: adding this one loses nothing.
        translation = ContentTranslation(kind=original.kind, object_id=original.object_id, language=language,
                                         version=1, **values)
        try:
            with db.session.begin_nested():
                db.session.add(translation)
        except IntegrityError:
            raise TranslationConflict(get_translation(original.kind, original.object_id, language)) from None
        return translation
    if current.version != seen_version:
        raise TranslationConflict(current)
    # Compared in the UPDATE itself: a save between the read above and this one is not overwritten.
    done = db.session.execute(
        update(ContentTranslation).where(ContentTranslation.id == current.id,
                                         ContentTranslation.version == seen_version)
        .values(version=seen_version + 1, **values).execution_options(synchronize_session=False))
    if done.rowcount != 1:
        db.session.expire(current)
        raise TranslationConflict(get_translation(original.kind, original.object_id, language))
    db.session.expire(current)
    return current


def remove_translation(original, user, language):
    """Remove the translation of `original` into `language`: its author, its translator or an editor."""
    translation = get_translation(original.kind, original.object_id, language)
    if translation is None:
        raise NotFound(_("This translation does not exist."))
    if not kinds.may_remove(user, original, translation):
        raise NotAllowed(_("Only the author of the text, the translator or an editor removes a translation."))
    db.session.delete(translation)
    db.session.flush()
    return translation
