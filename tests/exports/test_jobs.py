"""Exports run in the background, one at a time, never twice, and never leave a half file listed."""
import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from roadmap.core.errors import Conflict
from roadmap.core.timeutil import utcnow
from roadmap.exports import jobs, service
from roadmap.exports.models import Export, ExportStage, ExportState
from roadmap.exports.parts import ExportOptions
from roadmap.extensions import db
from tests.conftest import post
from tests.exports.helpers import pdf_reader, some_territories
from tests.factories import login, make_editor


def _start(client):
    response = post(client, "/exports")
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def _finish():
    assert jobs.wait_for_jobs(timeout=120)
    db.session.expire_all()


def test_editor_starts_an_export_that_runs_in_the_background_and_is_listed(app, client):
    some_territories(3)
    editor = make_editor(name="Claire Éditrice")
    login(client, editor)
    export_id = _start(client)
    _finish()
    export = db.session.get(Export, export_id)
    assert export.state == ExportState.DONE and export.stage == ExportStage.FINISHED
    assert export.active_slot is None and export.finished_at and export.created_by_id == editor.id
    path = service.export_dir() / export.file_name
    assert path.is_file() and path.stat().st_size == export.size_bytes
    assert len(pdf_reader(path.read_bytes()).pages) == export.page_count == export.pages_done
    assert not list(service.export_dir().glob(".*.part"))
    page = client.get("/exports").get_data(as_text=True)
    assert "Claire Éditrice" in page and f"/exports/{export_id}/download" in page
    download = client.get(f"/exports/{export_id}/download")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert "attachment" in download.headers["Content-Disposition"]
    progress = client.get(f"/exports/{export_id}/progress").get_json()
    assert progress["state"] == "done" and progress["download_url"].endswith("/download")


def test_unchanged_content_is_served_at_once_without_a_second_render(app, client):
    some_territories(2)
    login(client, make_editor())
    first = _start(client)
    _finish()
    response = post(client, "/exports", follow_redirects=True)
    assert response.request.path == f"/exports/{first}"
    assert "changé depuis cet export" in response.get_data(as_text=True)
    assert db.session.query(Export).count() == 1


def test_changed_content_makes_a_new_export(app, client):
    territories = some_territories(2)
    login(client, make_editor())
    first = _start(client)
    _finish()
    territories[0].name = "La Rochelle Agglomération"
    db.session.commit()
    second = _start(client)
    _finish()
    assert second != first
    assert [e.id for e in service.listed_exports()] == [second, first]


def test_a_second_export_while_one_runs_is_refused_with_409(app, client):
    some_territories(1)
    editor = make_editor()
    running = Export(state=ExportState.RUNNING, active_slot=1, fingerprint="other", created_by=editor)
    db.session.add(running)
    db.session.commit()
    login(client, editor)
    response = post(client, "/exports")
    assert response.status_code == 409
    assert "déjà en cours" in response.get_data(as_text=True)


def test_the_same_export_asked_twice_shows_the_running_one(app):
    editor = make_editor()
    export, reused = service.request_export(editor, ExportOptions())
    db.session.commit()
    again, reused_again = service.request_export(editor, ExportOptions())
    assert not reused and reused_again and again.id == export.id


def test_the_database_itself_refuses_two_active_exports(app):
    db.session.add(Export(state=ExportState.RUNNING, active_slot=1, fingerprint="a"))
    db.session.flush()
    db.session.add(Export(state=ExportState.QUEUED, active_slot=1, fingerprint="b"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_two_concurrent_requests_one_wins_the_other_is_told(app):
    """Both pass the Python check; the unique active slot decides."""
    editor = make_editor()
    db.session.commit()
    original = service.active_export
    service.active_export = lambda: None
    try:
        service.request_export(editor, ExportOptions())
        db.session.commit()
        some_territories(1)  # other content: not the same export
        with app.test_request_context(), pytest.raises(Conflict):
            service.request_export(editor, ExportOptions())
    finally:
        service.active_export = original
    db.session.rollback()
    assert db.session.query(Export).count() == 1


def test_a_crash_in_the_middle_of_writing_leaves_no_listed_file(app):
    some_territories(2)
    export, _ = service.request_export(make_editor(), ExportOptions())
    db.session.commit()

    def crashing_writer(target, content):
        # Half the file under the temporary name, then the disk is full.
        temporary = Path(target).with_name(f".{Path(target).name}.test{service.PART_SUFFIX}")
        try:
            with open(temporary, "wb") as handle:
                handle.write(content[: len(content) // 2])
                raise OSError("No space left on device")
        finally:
            temporary.unlink(missing_ok=True)

    result = service.build_export(export.id, writer=crashing_writer)
    assert result.state == ExportState.FAILED and "No space left" in result.error
    assert result.active_slot is None
    assert service.listed_exports() == []
    assert not (service.export_dir() / (result.file_name or "none")).exists()
    assert not list(service.export_dir().glob(".*.part"))


def test_write_atomically_never_shows_a_partial_file(app, monkeypatch, tmp_path):
    target = tmp_path / "doc.pdf"

    def killed(*args):
        raise KeyboardInterrupt  # the process is killed between the write and the rename

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        service.write_atomically(target, b"%PDF-1.7 half")
    assert not target.exists()
    assert not list(tmp_path.iterdir())


def test_a_killed_export_is_never_listed_and_is_recovered_later(app):
    """The process died mid-write: the row says running, a .part file is left behind."""
    some_territories(1)
    export, _ = service.request_export(make_editor(), ExportOptions())
    export.state = ExportState.RUNNING
    export.file_name = "feuille-de-route-killed.pdf"
    db.session.commit()
    part = service.export_dir() / f".{export.file_name}.dead{service.PART_SUFFIX}"
    part.write_bytes(b"%PDF-1.7 half a file")
    assert service.listed_exports() == []

    # Still fresh: not touched (it may be running in another worker).
    assert service.recover_stale_exports() == []
    assert part.exists()

    old = utcnow() - timedelta(seconds=app.config["EXPORT_STALE_AFTER"] + 60)
    export.updated_at = old
    db.session.commit()
    os.utime(part, (old.timestamp() - 3600, old.timestamp() - 3600))
    assert service.recover_stale_exports() == [export]
    db.session.commit()
    assert export.state == ExportState.FAILED and export.active_slot is None
    assert not part.exists()
    assert service.listed_exports() == []
    # The slot is free again.
    again, reused = service.request_export(None, ExportOptions())
    assert not reused and again.id != export.id


def test_a_done_export_whose_file_vanished_is_not_listed_nor_reused(app, client):
    some_territories(1)
    login(client, make_editor())
    first = _start(client)
    _finish()
    export = db.session.get(Export, first)
    (service.export_dir() / export.file_name).unlink()
    assert service.listed_exports() == []
    assert client.get(f"/exports/{first}/download").status_code == 404
    second = _start(client)
    _finish()
    assert second != first


def test_the_database_refuses_a_finished_export_holding_the_slot(app):
    db.session.add(Export(state=ExportState.DONE, active_slot=1, fingerprint="a"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_two_editors_starting_at_the_same_instant_one_runs_the_other_is_told(app):
    import threading

    from roadmap.drafts.models import VersionState
    from tests.drafts.factories import make_version

    make_version(VersionState.PUBLISHED)
    make_version(VersionState.CONSULTATION)
    editor = make_editor()
    editor_id, user_class = editor.id, type(editor)
    db.session.commit()
    barrier, outcomes = threading.Barrier(2), []

    def start(number):
        with app.app_context(), app.test_request_context("/exports", method="POST"):
            barrier.wait()
            try:
                service.request_export(db.session.get(user_class, editor_id), service.options_for(number))
                db.session.commit()
                outcomes.append("started")
            except Conflict:
                db.session.rollback()
                outcomes.append("told")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=start, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["started", "told"]
    assert db.session.query(Export).count() == 1


def test_the_pages_laid_out_so_far_are_reported_while_rendering(app):
    from roadmap.exports.render import build_html, make_context, render_pdf

    some_territories(3)
    seen, stages = [], []
    _pdf, pages = render_pdf(build_html(make_context()), on_page=seen.append, on_stage=stages.append)
    assert seen and seen[0] == 1 and max(seen) == pages
    assert stages == [pages]
