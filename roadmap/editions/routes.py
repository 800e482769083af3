"""The editions' pages: translators per language, an edition's state, side-by-side translation."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from roadmap.core.errors import Conflict, Invalid, NotAllowed, NotFound
from roadmap.core.permissions import editor_required, login_required
from roadmap.drafts.models import RoadmapVersion, Section
from roadmap import machine_translation
from roadmap.editions import service
from roadmap.editions.forms import AppointForm, DismissForm, PublishEditionForm, TranslationForm
from roadmap.extensions import db

bp = Blueprint("editions", __name__)


def _version(number, language):
    """The version for somebody who translates `language` (any state: translations come before publication)."""
    service.require_translate(current_user, language)
    version = db.session.scalar(db.select(RoadmapVersion).where(RoadmapVersion.number == number))
    if version is None:
        raise NotFound()
    return version


def _versions():
    """Every version, latest first: translators work on drafts too, before they are published."""
    return db.session.scalars(db.select(RoadmapVersion).order_by(RoadmapVersion.number.desc())).all()


@bp.get("/editions")
@login_required
def index():
    languages = [code for code in service.edition_languages() if service.can_translate(current_user, code)]
    if not languages:
        raise NotAllowed(_("Only the editors and the translators appointed for a language translate the roadmap."))
    versions = _versions()
    version = versions[0] if versions else None
    return render_template("editions/index.html", languages=languages, version=version, versions=versions,
                           statuses={code: service.edition_status(version, code) for code in languages}
                           if version else {},
                           translators={code: service.translators(code) for code in languages},
                           can_appoint=service.can_appoint(current_user), appoint_form=AppointForm(),
                           dismiss_form=DismissForm())


@bp.post("/editions/<lang>/translators")
@editor_required
def appoint(lang):
    service.checked_edition(lang)
    form = AppointForm()
    if form.validate_on_submit():
        try:
            row = service.appoint_translator(current_user, form.email.data, lang)
        except Invalid as error:
            db.session.rollback()
            form.email.errors = list(form.email.errors) + [error.message]
        else:
            db.session.commit()
            flash(_("%(name)s translates the roadmap from now on.", name=row.user.display_name), "success")
            return redirect(url_for("editions.index", _anchor=f"translators-{lang}"))
    languages = service.edition_languages()
    return render_template("editions/index.html", languages=languages, version=None, versions=_versions(),
                           statuses={},
                           translators={code: service.translators(code) for code in languages}, can_appoint=True,
                           appoint_form=form, appoint_language=lang, dismiss_form=DismissForm()), 422


@bp.post("/editions/translators/<int:translator_id>/remove")
@editor_required
def dismiss(translator_id):
    if not DismissForm().validate_on_submit():
        raise Invalid()
    service.dismiss_translator(current_user, translator_id)
    db.session.commit()
    flash(_("This person no longer translates the roadmap."), "success")
    return redirect(url_for("editions.index"))


@bp.get("/roadmap/v/<int:number>/editions/<lang>")
@login_required
def edition(number, lang):
    version = _version(number, lang)
    status = service.edition_status(version, lang)
    diffs = {s.id: service.source_diff(t, s) for s, t in status.rows if t is not None and t.to_update(s)}
    return render_template("editions/edition.html", version=version, language=lang, status=status, diffs=diffs,
                           published=lang in service.published_languages(version),
                           can_publish=service.can_appoint(current_user) and version.state.value == "published",
                           publish_form=PublishEditionForm())


@bp.post("/roadmap/v/<int:number>/editions/<lang>/publish")
@editor_required
def publish(number, lang):
    """An edition finished after its version was published joins it (the same rules as at publication)."""
    version = _version(number, lang)
    form = PublishEditionForm()
    if not form.validate_on_submit():
        raise Invalid()
    if version.state.value != "published":
        raise Conflict(_("An edition is published with its version: publish the version first."))
    service.publish_edition(current_user, version, lang, confirmed=form.confirm.data)
    db.session.commit()
    flash(_("The edition is published with version %(number)d.", number=number), "success")
    return redirect(url_for("drafts.version", number=number, edition=lang))


def _section(version, section_id):
    section = db.session.get(Section, section_id)
    if section is None or section.version_id != version.id:
        raise NotFound()
    return section


@bp.route("/roadmap/v/<int:number>/editions/<lang>/sections/<int:section_id>", methods=["GET", "POST"])
@login_required
def translate(number, lang, section_id):
    """The source on one side, the translation's form on the other (no JavaScript needed)."""
    version = _version(number, lang)
    section = _section(version, section_id)
    translation = service.translation_of(section, lang)
    form = TranslationForm(obj=translation)
    if not form.is_submitted():
        form.source_revision.data = section.revision
        form.edit_version.data = translation.edit_version if translation else 0
        if translation is None:
            form.title.data = ""
    conflict, status, engine_error = None, 200, None
    if form.is_submitted() and request.form.get("action") == "suggest" and machine_translation.enabled():
        engine_error = _suggest(form, section, lang)
    elif form.validate_on_submit():
        try:
            service.save_translation(current_user, section, lang, form.title.data, form.body.data,
                                     form.source_revision.data, form.edit_version.data, source=form.source.data)
        except Conflict as error:
            db.session.rollback()
            conflict, status = error, 409
            section = _section(version, section_id)
            translation = service.translation_of(section, lang)
            # The next save is based on what is shown now (raw_data: what the hidden field renders).
            if isinstance(error, service.SourceChanged):
                form.source_revision.data = section.revision
                form.source_revision.raw_data = [str(section.revision)]
            else:
                form.edit_version.data = translation.edit_version if translation else 0
                form.edit_version.raw_data = [str(form.edit_version.data)]
        except Invalid as error:
            db.session.rollback()
            form.body.errors = list(form.body.errors) + [error.message]
            status = 422
        else:
            db.session.commit()
            flash(_("The translation has been saved."), "success")
            return redirect(url_for("editions.edition", number=number, lang=lang, _anchor=f"section-{section.id}"))
    elif form.is_submitted():
        status = 422
    # What changed in the source since the translation was made (a first translation has no base).
    diff = service.source_diff(translation, section) if translation is not None and translation.to_update(section) \
        else None
    return render_template("editions/translate.html", version=version, language=lang, section=section,
                           translation=translation, form=form, diff=diff, machine=machine_translation.enabled(),
                           engine_error=engine_error, conflict=conflict.message if conflict else None), status


def _suggest(form, section, lang):
    """The engine's suggestion fills the form, marked as machine-made; nothing is saved. The error
    for the person when the engine fails (the form keeps what it had)."""
    service.require_translate(current_user, lang)
    try:
        title = machine_translation.suggest(section.title, section.language, lang)
        body = machine_translation.suggest(section.body, section.language, lang) if section.body.strip() else ""
    except machine_translation.EngineError as error:
        return error.message
    form.title.data, form.body.data = title[:service.TITLE_MAX], body[:service.BODY_MAX]
    form.source.data = "machine"
    form.title.errors, form.body.errors = [], []
    return None
