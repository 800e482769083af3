"""The translation pages: a text with its translations, the form to add or replace one, removal.

Thin: check the language and the permission (the kind's own rules, kinds.py), call the service,
render or redirect. Every page works without JavaScript.
"""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from roadmap import machine_translation
from roadmap.content_translations import kinds, service
from roadmap.content_translations.forms import RemoveForm, TranslationForm
from roadmap.core.errors import NotAllowed
from roadmap.core.i18n import content_languages
from roadmap.extensions import db

bp = Blueprint("content_translations", __name__)


@bp.get("/translations/<any(swot_item, card, comment):kind>/<int:object_id>")
def translations(kind, object_id):
    """The original text and its translations: where a translated text's "show the original" leads."""
    original = kinds.original(kind, object_id, current_user)
    existing = service.translations_of(kind, object_id)
    done = {t.language for t in existing}
    missing = [code for code in content_languages() if code != original.language and code not in done]
    return render_template("content_translations/translations.html", original=original, translations=existing,
                           missing=missing, remove_form=RemoveForm(),
                           may_remove={t.language: kinds.may_remove(current_user, original, t) for t in existing})


def _form_page(original, language, form, current, status=200, conflict=None, engine_error=None):
    return render_template("content_translations/form.html", original=original, language=language, form=form,
                           current=current, conflict=conflict, engine_error=engine_error,
                           machine=machine_translation.enabled()), status


@bp.route("/translations/<any(swot_item, card, comment):kind>/<int:object_id>/<language>",
          methods=["GET", "POST"])
@login_required
def translate(kind, object_id, language):
    original = kinds.original(kind, object_id, current_user)
    language = service.target_language(original, language)  # 422 outside LANGUAGES or the text's own
    if not original.may_translate:
        raise NotAllowed(_("Only the participants can translate this text."))
    current = service.get_translation(kind, object_id, language)
    form = TranslationForm().bound_to(kinds.max_length(kind))
    if not form.is_submitted():
        if current is not None:
            form.text.data, form.seen_version.data, form.source.data = current.text, str(current.version), current.source.value
        return _form_page(original, language, form, current)
    if request.form.get("action") == "suggest" and machine_translation.enabled():
        return _suggest(original, language, form, current)
    if not form.validate():
        return _form_page(original, language, form, current, 422)
    try:
        service.save_translation(original, current_user, language, form.text.data,
                                 int(form.seen_version.data or 0), form.source.data or "human")
    except service.TranslationConflict as conflict:
        db.session.rollback()
        theirs = service.get_translation(kind, object_id, language)
        form.seen_version.data = str(theirs.version) if theirs else "0"  # saving again now replaces, knowingly
        return _form_page(original, language, form, theirs, 409, conflict=theirs)
    db.session.commit()
    flash(_("The translation has been saved."), "success")
    return redirect(original.url, code=303)


def _suggest(original, language, form, current):
    """The engine's suggestion fills the form, marked as machine-made; nothing is saved."""
    try:
        suggestion = machine_translation.suggest(original.text, original.language, language)
    except machine_translation.EngineError as error:
        return _form_page(original, language, form, current, 200, engine_error=error.message)
    form.text.data, form.source.data = suggestion[:kinds.max_length(original.kind)], "machine"
    form.text.errors = []
    return _form_page(original, language, form, current)


@bp.post("/translations/<any(swot_item, card, comment):kind>/<int:object_id>/<language>/remove")
@login_required
def remove(kind, object_id, language):
    original = kinds.original(kind, object_id, current_user)
    language = service.target_language(original, language)
    if RemoveForm().validate_on_submit():  # CSRFProtect has refused a form without its token already
        service.remove_translation(original, current_user, language)
        db.session.commit()
        flash(_("The translation has been removed."), "success")
    return redirect(url_for(".translations", kind=kind, object_id=object_id), code=303)
