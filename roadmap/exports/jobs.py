"""The one place that starts background jobs.

Embedded default: a daemon thread in the process that received the request. With gunicorn
each worker process runs its own threads; the database (Export.active_slot, unique) makes
sure only one export runs at a time across all processes and hosts. A job killed with its
process is recovered by `service.recover_stale_exports`. For heavy use, run
`flask --app wsgi export-pdf` from cron or a queue worker instead (same code path).
"""
import threading

_threads = {}
_lock = threading.Lock()


def start_export_job(app, export_id):
    from roadmap.exports.service import build_export

    def run():
        from flask_babel import force_locale

        with app.app_context(), force_locale(app.config["BABEL_DEFAULT_LOCALE"]):
            try:
                build_export(export_id)
            finally:
                from roadmap.extensions import db
                db.session.remove()

    thread = threading.Thread(target=run, name=f"export-{export_id}", daemon=True)
    with _lock:
        _threads[export_id] = thread
    thread.start()
    return thread


def wait_for_jobs(timeout=120):
    """Join every job started by this process (tests, CLI, orderly shutdown)."""
    with _lock:
        threads = list(_threads.values())
        _threads.clear()
    for thread in threads:
        thread.join(timeout)
    return all(not t.is_alive() for t in threads)
