"""The PDF is laid out in a child process with a time and a memory limit; a stopped export says why."""
import html

from roadmap.exports import jobs, service
from roadmap.exports.models import Export, ExportState
from roadmap.extensions import db
from tests.conftest import post
from tests.exports.helpers import some_territories
from tests.factories import login, make_editor


def _export(client):
    response = post(client, "/exports")
    assert response.status_code == 303
    assert jobs.wait_for_jobs(timeout=120)
    db.session.expire_all()
    return db.session.get(Export, int(response.headers["Location"].rstrip("/").split("/")[-1]))


def test_an_export_past_its_time_limit_is_stopped_and_the_list_says_why(app, client):
    app.config["EXPORT_TIMEOUT"] = 0.2
    some_territories(3)
    login(client, make_editor())
    before = set(service.export_dir().iterdir()) if service.export_dir().exists() else set()
    export = _export(client)
    assert export.state == ExportState.FAILED and export.failure_reason == "time"
    assert export.active_slot is None and export.file_name is None
    assert set(service.export_dir().iterdir()) == before  # no half-written file left behind
    page = html.unescape(client.get("/exports").get_data(as_text=True))
    assert "Exports échoués" in page and "la mise en page a dépassé la limite de 0.2 s" in page
    detail = html.unescape(client.get(f"/exports/{export.id}").get_data(as_text=True))
    assert "dépassé la limite de 0.2 s" in detail
    # The slot is free: with the usual limit the same content is exported.
    app.config["EXPORT_TIMEOUT"] = 300
    assert _export(client).state == ExportState.DONE


def test_an_export_past_its_memory_limit_is_stopped_and_the_list_says_why(app, client):
    app.config["EXPORT_MEMORY_MB"] = 64  # far less than WeasyPrint's own libraries
    some_territories(1)
    login(client, make_editor())
    export = _export(client)
    assert export.state == ExportState.FAILED and export.failure_reason == "memory"
    page = html.unescape(client.get("/exports").get_data(as_text=True))
    assert "plus de mémoire que la limite de 64 Mo" in page


def test_the_page_progress_still_reaches_the_export_from_the_child(app, client):
    some_territories(2)
    login(client, make_editor())
    export = _export(client)
    assert export.state == ExportState.DONE and export.page_count >= 3 and export.pages_done == export.page_count
