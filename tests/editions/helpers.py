"""Editions for tests: a version with sections, translators, translations."""
from roadmap.drafts.models import VersionState
from roadmap.editions import service
from roadmap.editions.models import Translator
from roadmap.extensions import db
from tests.drafts.factories import make_version
from tests.factories import make_user

FR_BODY = "Premier paragraphe du texte.\n\nDeuxième paragraphe : les territoires partagent."
EN_BODY = "First paragraph of the text.\n\nSecond paragraph: the territories share."


def two_sections(state=VersionState.DRAFT, **kwargs):
    return make_version(state, sections=[("Introduction", FR_BODY), ("Gouvernance", "Une coopérative de données.")],
                        **kwargs)


def make_translator(language="en", **kwargs):
    user = make_user(**kwargs)
    db.session.add(Translator(user_id=user.id, language=language))
    db.session.flush()
    return user


def translate(user, section, title="Introduction (en)", body=EN_BODY, language="en"):
    existing = service.translation_of(section, language)
    return service.save_translation(user, section, language, title, body, section.revision,
                                    existing.edit_version if existing else 0)


def translate_all(user, version, language="en"):
    for section in version.sections:
        translate(user, section, title=f"{section.title} EN", body=EN_BODY if section.position == 1
                  else "A data cooperative.", language=language)
