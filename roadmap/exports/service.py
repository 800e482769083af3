"""The rules of PDF exports: one at a time, never the same work twice, never a half file listed."""
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from roadmap.core.errors import Conflict, NotFound
from roadmap.core.timeutil import utcnow
from roadmap.drafts.labels import STATE_LABELS
from roadmap.drafts.models import RoadmapVersion, VersionState
from roadmap.drafts.service import current_version
from roadmap.exports.models import ACTIVE_STATES, Export, ExportStage, ExportState
from roadmap.exports.parts import ExportOptions
from roadmap.core.bounded import Refused
from roadmap.exports.render import build_html, fingerprint, make_context, render_pdf_bounded
from roadmap.extensions import db

PART_SUFFIX = ".part"
ALREADY_RUNNING = _l("An export is already being made. Wait until it is done, then start yours.")
PROGRESS_EVERY = 0.5  # seconds between two progress commits


def export_dir():
    folder = Path(current_app.config["EXPORT_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def options_for(version_number=None, edition=None):
    """Export options for roadmap version `version_number` (NotFound if it does not exist); without
    a number, the current published version, or no roadmap at all before the first publication.
    An `edition` (roadmap/editions: Invalid outside them) holds its translations, in its language."""
    locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    if edition:
        from roadmap.editions.service import checked_edition

        locale = checked_edition(edition)
    if version_number is None:
        version = current_version()
    else:
        version = db.session.scalar(select(RoadmapVersion).where(RoadmapVersion.number == version_number))
        if version is None:
            raise NotFound(_l("Version %(number)s of the roadmap does not exist.", number=version_number))
    if version is None:
        if edition:
            raise NotFound()
        return ExportOptions(locale=locale)
    with force_locale(locale):
        label = _("Version %(number)d — %(state)s", number=version.number, state=STATE_LABELS[version.state])
    return ExportOptions(version_number=version.number, version_label=label, locale=locale, edition=edition)


def file_exists(export):
    return bool(export.file_name) and (export_dir() / export.file_name).is_file()


def listed_exports():
    """Done exports whose file is really there, newest first."""
    exports = db.session.scalars(
        select(Export).where(Export.state == ExportState.DONE).order_by(Export.created_at.desc(), Export.id.desc())
    ).all()
    return [e for e in exports if file_exists(e)]


def failed_exports(limit=10):
    """The latest failed exports, newest first: the list says why each failed."""
    return db.session.scalars(select(Export).where(Export.state == ExportState.FAILED)
                              .order_by(Export.created_at.desc(), Export.id.desc()).limit(limit)).all()


def active_export():
    return db.session.scalar(select(Export).where(Export.state.in_(ACTIVE_STATES)))


def done_export_with(fp):
    for export in db.session.scalars(
        select(Export).where(Export.fingerprint == fp, Export.state == ExportState.DONE)
        .order_by(Export.id.desc())
    ):
        if file_exists(export):
            return export
    return None


def get_export(export_id):
    export = db.session.get(Export, export_id)
    if export is None:
        raise NotFound()
    return export


def recover_stale_exports():
    """A job killed with its process leaves a row 'running' and maybe a .part file: after
    EXPORT_STALE_AFTER seconds without progress, mark it failed and delete its partial file."""
    seconds = current_app.config.get("EXPORT_STALE_AFTER", 600)
    stale = db.session.scalars(select(Export).where(
        Export.state.in_(ACTIVE_STATES), Export.updated_at < utcnow() - timedelta(seconds=seconds))).all()
    for export in stale:
        # A technical note for the editors' page, which says "failed" in the reader's language.
        _mark_failed(export, f"interrupted: no progress for {seconds} s (process killed?)", "interrupted")
    cutoff = time.time() - seconds
    for part in export_dir().glob(f".*{PART_SUFFIX}"):
        try:
            if part.stat().st_mtime < cutoff:
                part.unlink()
        except FileNotFoundError:
            pass
    db.session.flush()
    return stale


def request_export(user, options):
    """An export of this content: (export, reused). Reused when a done export has the same
    fingerprint (served at once) or the running one is making the same content. Conflict when
    another export is running: the database's unique active slot decides between two starts."""
    fp = fingerprint(make_context(options))
    done = done_export_with(fp)
    if done is not None:
        return done, True
    recover_stale_exports()
    running = active_export()
    if running is not None:
        if running.fingerprint == fp:
            return running, True
        raise Conflict(ALREADY_RUNNING)
    export = Export(state=ExportState.QUEUED, stage=ExportStage.WAITING, active_slot=1, fingerprint=fp,
                    version_number=options.version_number, version_label=options.version_label,
                    document=options.document, edition=options.edition, created_by=user)
    try:
        with db.session.begin_nested():
            db.session.add(export)
    except IntegrityError:
        raise Conflict(ALREADY_RUNNING) from None
    return export, False


def _file_name(export):
    if export.document == "followup":
        return f"suivi-feuille-de-route-{export.created_at:%Y%m%d-%H%M%S}-{export.id}.pdf"
    label = f"version-{export.version_number}" if export.version_number else "contenu-actuel"
    if export.edition:
        label += f"-{export.edition}"
    return f"feuille-de-route-{label}-{export.created_at:%Y%m%d-%H%M%S}-{export.id}.pdf"


def _mark_failed(export, message, reason="error"):
    export.state, export.active_slot, export.finished_at = ExportState.FAILED, None, utcnow()
    export.error, export.failure_reason = str(message)[:500], reason


def write_atomically(target, content):
    """Write to a hidden .part file in the same folder, fsync, then rename: readers see either
    nothing or the whole file."""
    target = Path(target)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}{PART_SUFFIX}")
    try:
        with open(temporary, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


class _Progress:
    """Saves the stage and the pages laid out so far, at most every PROGRESS_EVERY seconds."""

    def __init__(self, export):
        self.export, self.last = export, 0.0

    def stage(self, stage, commit=True):
        self.export.stage = stage
        if commit:
            db.session.commit()

    def page(self, number):
        self.export.pages_done = number
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY:
            self.last = now
            self.export.updated_at = utcnow()
            db.session.commit()


def build_export(export_id, writer=write_atomically):
    """Run one queued export to its end (called by the job thread or the CLI). Commits."""
    export = db.session.get(Export, export_id)
    if export is None or export.state != ExportState.QUEUED:
        return export
    progress = _Progress(export)
    export.state = ExportState.RUNNING
    progress.stage(ExportStage.COLLECTING)
    try:
        ctx = make_context(ExportOptions(export.version_number, export.version_label,
                                         export.edition or current_app.config["BABEL_DEFAULT_LOCALE"],
                                         document=export.document, edition=export.edition))
        export.fingerprint = fingerprint(ctx)
        export.source_state = _version_state(export.version_number)
        html = build_html(ctx)
        progress.stage(ExportStage.LAYOUT)

        def laid_out(pages):
            export.page_count = export.pages_done = pages
            progress.stage(ExportStage.WRITING)

        pdf, pages = render_pdf_bounded(html, on_page=progress.page, on_stage=laid_out)
        export.file_name = _file_name(export)
        writer(export_dir() / export.file_name, pdf)
        export.state, export.stage, export.active_slot = ExportState.DONE, ExportStage.FINISHED, None
        export.page_count, export.pages_done, export.size_bytes = pages, pages, len(pdf)
        export.finished_at = utcnow()
        db.session.commit()
    except Refused as refused:  # stopped at its time or memory limit, or failed in the child
        db.session.rollback()
        export = db.session.get(Export, export_id)
        current_app.logger.warning("export %s stopped: %s", export_id, refused)
        _mark_failed(export, str(refused), refused.reason)
        db.session.commit()
    except Exception as error:  # the job must record any failure, then free the slot
        db.session.rollback()
        export = db.session.get(Export, export_id)
        current_app.logger.exception("export %s failed", export_id)
        _mark_failed(export, f"{type(error).__name__}: {error}")
        db.session.commit()
    return export


def _version_state(number):
    """The state of roadmap version `number` now, as stored on an export (None without a version)."""
    if number is None:
        return None
    state = db.session.scalar(select(RoadmapVersion.state).where(RoadmapVersion.number == number))
    return state.value if state is not None else None


def published_export(edition=None):
    """The latest done export of the current published roadmap version made from its published
    content (NotFound if none). A file made while that version was a draft or in consultation is
    never served: its text may have changed before publication (and its fingerprint, which holds
    the state, differs from the published version's). An edition's only once it is published."""
    version = current_version()
    if version is None:
        raise NotFound()
    if edition:
        from roadmap.editions.service import checked_edition, published_languages

        if checked_edition(edition) not in published_languages(version):
            raise NotFound()
    for export in db.session.scalars(select(Export).where(
            Export.state == ExportState.DONE, Export.version_number == version.number, Export.document == "roadmap",
            Export.edition.is_(None) if not edition else Export.edition == edition,
            Export.source_state == VersionState.PUBLISHED.value).order_by(Export.id.desc())):
        if file_exists(export):
            return export
    raise NotFound()
