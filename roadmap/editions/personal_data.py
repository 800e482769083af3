"""What the editions hold about a person: the languages they were appointed to translate, and the
translations they saved last (shared work: they stay, without their name, when the account goes)."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from roadmap.editions.models import SectionTranslation, Translator
from roadmap.extensions import db
from roadmap.privacy.registry import PersonalDataProvider, iso


def _appointments(user):
    rows = db.session.scalars(select(Translator).where(Translator.user_id == user.id).order_by(Translator.language))
    return [{"language": r.language, "appointed_at": iso(r.created_at)} for r in rows]


def _translations(user):
    rows = db.session.scalars(select(SectionTranslation).where(SectionTranslation.translated_by_id == user.id)
                              .order_by(SectionTranslation.id))
    return [{"version": r.section.version.number, "section": r.section.title, "language": r.language,
             "title": r.title, "text": r.body, "saved_at": iso(r.updated_at)} for r in rows]


def _erase_appointments(user, keep_comments):
    db.session.execute(delete(Translator).where(Translator.user_id == user.id))


def _erase_translations(user, keep_comments):
    db.session.execute(update(SectionTranslation).where(SectionTranslation.translated_by_id == user.id)
                       .values(translated_by_id=None).execution_options(synchronize_session=False))


PROVIDERS = [
    PersonalDataProvider("translator_appointments", _l("Languages you translate the roadmap into"), _appointments,
                         _erase_appointments),
    PersonalDataProvider("roadmap_translations", _l("Your translations of the roadmap"), _translations,
                         _erase_translations),
]
