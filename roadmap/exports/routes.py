"""Exports: the editors' page, the job's progress, downloads, open data and paper canvases."""
from flask import (Blueprint, Response, current_app, flash, jsonify, redirect, render_template, request,
                   send_from_directory, url_for)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from roadmap.core.caching import browser_cacheable, same_for_everyone
from roadmap.core.errors import NotFound
from roadmap.core.i18n import number
from roadmap.core.permissions import editor_required
from roadmap.exports import jobs, service
from roadmap.exports.canvases import CANVASES, canvas_pdf
from roadmap.exports.forms import StartExportForm
from roadmap.exports.opendata import open_data_json, open_data_zip
from roadmap.exports.render import fingerprint, make_context
from roadmap.exports.swot_parts import swot_overview
from roadmap.extensions import db

bp = Blueprint("exports", __name__)


@bp.get("/exports")
@editor_required
def export_list():
    service.recover_stale_exports()
    db.session.commit()
    return render_template("exports/list.html", form=StartExportForm(), exports=service.listed_exports(),
                           failed=service.failed_exports(), running=service.active_export(), swots=swot_overview())


@bp.post("/exports")
@editor_required
def export_start():
    form = StartExportForm()
    if not form.validate_on_submit():
        return render_template("exports/list.html", form=form, exports=service.listed_exports(),
                               failed=service.failed_exports(), running=service.active_export(), swots=swot_overview()), 422
    export, reused = service.request_export(current_user, service.options_for(form.version.data,
                                                                              form.edition.data or None))
    export_id, done = export.id, export.state.value == "done"
    db.session.commit()  # the job reads the row in its own session; nothing touches it here after
    if reused and done:
        flash(_("Nothing has changed since this export: here it is, ready at once."), "info")
    elif reused:
        flash(_("The same export is already being made: here is its progress."), "info")
    else:
        jobs.start_export_job(current_app._get_current_object(), export_id)
    return redirect(url_for("exports.export_detail", export_id=export_id), 303)


@bp.get("/exports/<int:export_id>")
@editor_required
def export_detail(export_id):
    export = service.get_export(export_id)
    return render_template("exports/detail.html", export=export, file_ready=service.file_exists(export))


@bp.get("/exports/<int:export_id>/progress")
@editor_required
def export_progress(export_id):
    export = service.get_export(export_id)
    payload = export.to_progress()
    payload["download_url"] = (url_for("exports.export_download", export_id=export.id)
                               if export.state.value == "done" and service.file_exists(export) else None)
    response = jsonify(payload)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/exports/<int:export_id>/download")
@editor_required
def export_download(export_id):
    export = service.get_export(export_id)
    if export.state.value != "done" or not service.file_exists(export):
        raise NotFound()
    return send_from_directory(service.export_dir(), export.file_name, as_attachment=True,
                               mimetype="application/pdf")


@bp.get("/roadmap.pdf")
@same_for_everyone
def published_pdf():
    """The PDF of the published roadmap version: public (404 while none is published); ?edition=en
    for a published edition (422 outside the editions, 404 while it is not published)."""
    export = service.published_export(request.args.get("edition") or None)
    return send_from_directory(service.export_dir(), export.file_name, mimetype="application/pdf",
                               download_name=export.file_name)


def _open_data_response(build, mimetype, name):
    """The fingerprint is the ETag: a client that has the current data gets 304, nothing is built."""
    ctx = make_context(service.options_for())  # the published version: what a visitor may read
    etag = fingerprint(ctx)[:32]
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(build(ctx), mimetype=mimetype)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/open-data/roadmap.json")
@same_for_everyone
def open_data_json_download():
    return _open_data_response(open_data_json, "application/json", "feuille-de-route.json")


@bp.get("/open-data/roadmap-csv.zip")
@same_for_everyone
def open_data_csv_download():
    return _open_data_response(open_data_zip, "application/zip", "feuille-de-route-csv.zip")


@bp.app_template_filter("file_size")
def file_size(size):
    """1 234 567 → "1,2 Mo" in French, "1.2 MB" in English."""
    if size is None:
        return ""
    if size < 1024 * 1024:
        return _("%(size)s kB", size=number(size / 1024, 1))
    return _("%(size)s MB", size=number(size / 1024 / 1024, 1))


@bp.app_template_filter("export_source")
def export_source(export):
    """From which state of its version a file was made: only "published" ones are public."""
    if export.document == "followup":
        return _("The follow-up addendum (public content only): the latest one is at /suivi/addendum.pdf")
    if export.version_number is None:
        return _("The current content (no roadmap version)")
    if export.source_state == "published":
        return _("The published version: this is the public PDF")
    if export.source_state == "consultation":
        return _("The version in consultation: not public, its text may have changed since")
    if export.source_state == "draft":
        return _("The draft version: not public, its text may have changed since")
    return _("Unknown state: not public")


@bp.app_template_filter("failure_reason")
def failure_reason(export):
    """Why an export failed, in the reader's language (the technical detail stays in the log)."""
    reason, config = export.failure_reason, current_app.config
    if reason == "time":
        return _("Stopped: the layout took longer than the limit of %(seconds)s s (EXPORT_TIMEOUT). A very long "
                 "or very complex text is the likely cause.", seconds=f"{float(config['EXPORT_TIMEOUT']):g}")
    if reason == "memory":
        return _("Stopped: the layout needed more memory than the limit of %(mb)s MB (EXPORT_MEMORY_MB).",
                 mb=f"{float(config['EXPORT_MEMORY_MB']):g}")
    if reason == "recursion":
        return _("Failed: a text is nested too deeply to be laid out.")
    if reason == "interrupted":
        return _("Interrupted: the server process stopped during the export.")
    return _("Failed because of an error in the layout (details in the server log).")


@bp.get("/canvases")
def canvas_list():
    return render_template("exports/canvases.html", canvases=CANVASES)


@bp.get("/canvases/<kind>.pdf")
@browser_cacheable(max_age=3600)  # a blank canvas, in the reader's language
def canvas_download(kind):
    if kind not in CANVASES:
        raise NotFound()
    locale = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return Response(canvas_pdf(kind, locale), mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="canevas-{kind}.pdf"'})
