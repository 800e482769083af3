"""Exports run in the job queue (roadmap/core/queue.py), like every background work.

The database (Export.active_slot, unique) makes sure only one export runs at a time across all
processes and hosts. A job killed with its consumer is recovered by
`service.recover_stale_exports`. `flask --app wsgi export-pdf` runs the same code path at once.
"""
from flask import current_app


def start_export_job(app, export_id):
    """Queue the export once the request has committed (in the tests, it runs then, inline)."""
    from roadmap.core.deferred import after_response

    # No retry: a failed export says why in the list; the editor starts it again.
    after_response(build_export_job, export_id, retries=0)


def build_export_job(export_id):
    from flask_babel import force_locale

    from roadmap.exports.service import build_export

    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        build_export(export_id)


def wait_for_jobs(timeout=120):
    """Kept for the tests and commands that waited for export threads: with the queue inline (the
    tests) the job has already run when the request returned; otherwise the consumer runs it."""
    return True

