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
    from roadmap.exports import service

    try:
        export, reused = service.request_export(user, service.options_for(version_number))
    except Conflict:  # another export is being made: the editor starts this one when it ends
        db.session.rollback()
        flash(_("Another export is being made: start the PDF of the published version from the exports "
                "page once it has finished."), "info")
        return
    export_id, done = export.id, export.state.value == "done"
    db.session.commit()
    from roadmap.core.deferred import after_response

    # The source's PDF, then those of the editions published with it (roadmap/editions), one after the
    # other in one job: only one export runs at a time.
    after_response(build_publication_exports, None if reused else export_id, version_number, user.id, retries=0)
    if not done:
        flash(_("The PDF of the published version is being made: it will be the public PDF in a few minutes."),
              "info")


def register_export_on_publish(app):
    version_published.connect(export_published_version, app, weak=False)


def build_publication_exports(export_id, version_number, user_id):
    """The job of a publication: the source's export (None: an existing file was reused), then the editions'."""
    from roadmap.exports.jobs import build_export_job

    if export_id is not None:
        build_export_job(export_id)
    export_published_editions(version_number, user_id)


def export_published_editions(version_number, user_id):
    """Make the PDF of each edition published with version `version_number`, in turn. Stops at the
    first refusal (another export is being made): the editor starts the rest from the exports page."""
    from flask import current_app
    from flask_babel import force_locale

    from roadmap.accounts.models import User
    from roadmap.drafts.models import RoadmapVersion
    from roadmap.editions.service import published_languages
    from roadmap.exports import service

    version = db.session.scalar(db.select(RoadmapVersion).where(RoadmapVersion.number == version_number))
    if version is None:
        return
    for language in published_languages(version):
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            try:
                export, reused = service.request_export(db.session.get(User, user_id),
                                                        service.options_for(version_number, language))
            except Conflict:
                db.session.rollback()
                current_app.logger.info("edition %s of version %s: another export runs", language, version_number)
                return
            export_id = export.id
            db.session.commit()
            if not reused:
                service.build_export(export_id)
