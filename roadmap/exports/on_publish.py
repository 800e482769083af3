"""The public PDF follows the publication: as soon as a version is published, the export of its
published content starts, so that `/roadmap.pdf` (served only from a published-state export) is
back within minutes without an editor having to think of it."""
from flask import flash
from flask_babel import gettext as _

from roadmap.core.errors import Conflict
from roadmap.drafts.signals import version_published
from roadmap.extensions import db


def export_published_version(app, version_number, user, **_extra):
    if not app.config.get("EXPORT_ON_PUBLISH", True):
        return
    from roadmap.exports import jobs, service

    try:
        export, reused = service.request_export(user, service.options_for(version_number))
    except Conflict:  # another export is being made: the editor starts this one when it ends
        db.session.rollback()
        flash(_("Another export is being made: start the PDF of the published version from the exports "
                "page once it has finished."), "info")
        return
    export_id, done = export.id, export.state.value == "done"
    db.session.commit()
    if not reused:
        jobs.start_export_job(app, export_id)
    if not done:
        flash(_("The PDF of the published version is being made: it will be the public PDF in a few minutes."),
              "info")


def register_export_on_publish(app):
    version_published.connect(export_published_version, app, weak=False)
