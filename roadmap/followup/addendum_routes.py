"""The follow-up addendum PDF: started by an editor in one click, made in the background by the
exports' job (same queue, same progress page), the latest one downloadable by everybody."""
from flask import abort, current_app, flash, redirect, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from roadmap.core.caching import same_for_everyone
from roadmap.core.errors import NotFound
from roadmap.core.permissions import editor_required
from roadmap.exports import jobs
from roadmap.exports import service as exports
from roadmap.exports.models import Export, ExportState
from roadmap.exports.parts import ExportOptions
from roadmap.extensions import db
from roadmap.followup.forms import EmptyForm
from roadmap.followup.routes import bp

DOCUMENT = "followup"


def addendum_options():
    return ExportOptions(locale=current_app.config["BABEL_DEFAULT_LOCALE"], document=DOCUMENT)


@bp.post("/suivi/addendum")
@editor_required
def addendum_start():
    if not EmptyForm().validate_on_submit():
        abort(400)
    export, reused = exports.request_export(current_user, addendum_options())
    export_id, done = export.id, export.state == ExportState.DONE
    db.session.commit()
    if reused and done:
        flash(_("Nothing has changed since this export: here it is, ready at once."), "info")
    elif reused:
        flash(_("The same export is already being made: here is its progress."), "info")
    else:
        jobs.start_export_job(current_app._get_current_object(), export_id)
    return redirect(url_for("exports.export_detail", export_id=export_id), 303)


def latest_addendum():
    for export in db.session.scalars(select(Export).where(
            Export.state == ExportState.DONE, Export.document == DOCUMENT).order_by(Export.id.desc())):
        if exports.file_exists(export):
            return export
    raise NotFound(_("No follow-up addendum has been made yet."))


def addendum_ready():
    try:
        latest_addendum()
    except NotFound:
        return False
    return True


@bp.get("/suivi/addendum.pdf")
@same_for_everyone
def addendum_pdf():
    """Public: it holds only what visitors may see."""
    export = latest_addendum()
    return send_from_directory(exports.export_dir(), export.file_name, mimetype="application/pdf",
                               download_name=export.file_name)
