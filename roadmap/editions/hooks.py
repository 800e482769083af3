"""What the editions hear from the roadmap (roadmap/drafts/signals.py): a new version, a changed
section, a version being published."""
from flask import flash
from flask_babel import gettext as _
from sqlalchemy import select

from roadmap.core.i18n import LANGUAGE_NAMES
from roadmap.drafts.models import Section
from roadmap.editions import service
from roadmap.editions.models import SectionTranslation
from roadmap.extensions import db
from roadmap.notifications.events import url_for
from roadmap.notifications.service import notify


def copy_translations(_app, version, previous, **_extra):
    """The new version's sections are copies of the previous ones (same key, same text): so are
    their translations. One that was to update stays so (source revision 0 never matches)."""
    if previous is None:
        return
    new_by_key = {s.key: s for s in version.sections}
    rows = db.session.execute(select(SectionTranslation, Section).join(Section).where(
        Section.version_id == previous.id)).all()
    for translation, old in rows:
        new = new_by_key.get(old.key)
        if new is None:
            continue
        db.session.add(SectionTranslation(
            section_id=new.id, language=translation.language, title=translation.title, body=translation.body,
            body_html=translation.body_html, source_title=translation.source_title,
            source_body=translation.source_body, translated_by_id=translation.translated_by_id,
            updated_at=translation.updated_at, edit_version=1,
            source_revision=(new.revision or 1) if not translation.to_update(old) else 0))
    db.session.flush()


def tell_translators(_app, section, user, **_extra):
    """A translation that was up to date has become "to update": the translators of its language are told."""
    rows = db.session.scalars(select(SectionTranslation).where(
        SectionTranslation.section_id == section.id,
        SectionTranslation.source_revision == section.revision - 1)).all()
    for translation in rows:
        notify("translation_to_update", service.translator_users(translation.language),
               url_for("editions.translate", number=section.version.number, lang=translation.language,
                       section_id=section.id),
               {"section": section.title, "code": translation.language,
                "language": LANGUAGE_NAMES.get(translation.language, translation.language),
                "number": section.version.number}, user)


def publish_with_version(_app, version, user, form, **_extra):
    """The editions published with the version, as its confirmation form says; the editor is told
    which were not, and why."""
    outcome = service.publish_editions_with(user, version, set(form.getlist("edition_confirm")))
    for language, refusal in outcome.items():
        name = service.language_label(language)
        if refusal is None:
            flash(_("The edition in %(language)s is published with the version.", language=name), "success")
        else:
            flash(_("The edition in %(language)s is not published: %(reason)s", language=name, reason=refusal),
                  "info")
