"""Every exports route: who may use it, bad input, CSRF."""
import csv
import io
import json
import zipfile

import pytest

from roadmap.exports import jobs, service
from roadmap.exports.models import Export, ExportState
from roadmap.extensions import db
from tests.conftest import csrf_token, post
from roadmap.drafts.models import VersionState
from tests.drafts.factories import make_version
from tests.exports.helpers import pdf_reader, some_territories
from tests.factories import login, make_editor, make_lead, make_territory
from tests.permissions import assert_matrix, people

ALL_200 = dict.fromkeys(("anonymous", "outsider", "partner", "member", "lead", "editor"), 200)
EDITOR_ONLY = {"anonymous": 302, "outsider": 403, "partner": 403, "member": 403, "lead": 403, "editor": 200}
ALL_404 = dict.fromkeys(ALL_200, 404)


def _done_export(app, label=None, number=None, source_state=None):
    export = Export(state=ExportState.DONE, active_slot=None, fingerprint="f" * 64, version_label=label,
                    version_number=number, source_state=source_state, file_name=f"test-{label or 'current'}.pdf", page_count=1,
                    pages_done=1, size_bytes=9)
    db.session.add(export)
    db.session.flush()
    (service.export_dir() / export.file_name).write_bytes(b"%PDF-1.7\n")
    return export


ROWS = [
    ("GET", "/exports", EDITOR_ONLY),
    ("GET", "/exports/{export_id}", EDITOR_ONLY),
    ("GET", "/exports/{export_id}/progress", EDITOR_ONLY),
    ("GET", "/exports/{export_id}/download", EDITOR_ONLY),
    ("GET", "/roadmap.pdf", ALL_404),
    ("GET", "/open-data/roadmap.json", ALL_200),
    ("GET", "/open-data/roadmap-csv.zip", ALL_200),
    ("GET", "/canvases", ALL_200),
    ("GET", "/api/v1/territories", ALL_200),
    ("GET", "/api/v1/territories/{slug}", ALL_200),
    ("GET", "/api/v1/openapi.json", ALL_200),
]


@pytest.mark.parametrize("method, url, expected", ROWS, ids=[f"{m} {u}" for m, u, _ in ROWS])
def test_exports_permission_matrix(app, method, url, expected):
    territory = make_territory("Lyon")
    persons = people(territory)
    export = _done_export(app)
    assert_matrix(app, persons, method, url.format(export_id=export.id, slug=territory.slug), expected)


def test_only_editors_may_start_an_export(app):
    territory = make_territory("Lyon")
    persons = people(territory)
    expected = {"anonymous": 302, "outsider": 403, "partner": 403, "member": 403, "lead": 403, "editor": 303}
    assert_matrix(app, persons, "POST", "/exports", expected)
    jobs.wait_for_jobs()
    assert db.session.query(Export).count() == 1


def test_a_lead_is_refused_with_403_and_nothing_starts(app, client):
    login(client, make_lead(make_territory("Lyon")))
    assert post(client, "/exports").status_code == 403
    assert db.session.query(Export).count() == 0


def test_start_without_csrf_token_is_refused(app, client):
    login(client, make_editor())
    assert client.post("/exports").status_code == 400
    assert db.session.query(Export).count() == 0


@pytest.mark.parametrize("version", ["abc", "0", "-2"])
def test_a_malformed_version_is_shown_next_to_the_field(app, client, version):
    login(client, make_editor())
    response = post(client, "/exports", {"version": version})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in page and f'value="{version}"' in page
    assert db.session.query(Export).count() == 0


def test_a_version_that_does_not_exist_is_404(app, client):
    login(client, make_editor())
    response = post(client, "/exports", {"version": "3"})
    assert response.status_code == 404
    assert "La version 3 de la feuille de route n" in response.get_data(as_text=True)


def test_a_roadmap_version_in_consultation_is_exported_with_its_label(app, client):
    make_version(VersionState.PUBLISHED)
    make_version(VersionState.CONSULTATION)
    login(client, make_editor())
    response = post(client, "/exports", {"version": "2"})
    assert response.status_code == 303
    jobs.wait_for_jobs()
    db.session.expire_all()
    export = db.session.query(Export).one()
    assert export.version_number == 2 and export.state == ExportState.DONE
    assert export.version_label == "Version 2 — En consultation"
    assert "Version 2 — En consultation" in pdf_reader((service.export_dir() / export.file_name).read_bytes()) \
        .pages[0].extract_text()


@pytest.mark.parametrize("suffix", ["", "/progress", "/download"])
def test_an_unknown_export_is_404(app, client, suffix):
    login(client, make_editor())
    assert client.get(f"/exports/999{suffix}").status_code == 404


def test_a_failed_or_running_export_cannot_be_downloaded(app, client):
    login(client, make_editor())
    failed = Export(state=ExportState.FAILED, fingerprint="x", error="boom")
    running = Export(state=ExportState.RUNNING, active_slot=1, fingerprint="y", pages_done=12)
    db.session.add_all([failed, running])
    db.session.commit()
    assert client.get(f"/exports/{failed.id}/download").status_code == 404
    assert client.get(f"/exports/{running.id}/download").status_code == 404
    progress = client.get(f"/exports/{running.id}/progress").get_json()
    assert progress == {"id": running.id, "state": "running", "stage": "waiting", "pages_done": 12,
                        "page_count": None, "size_bytes": None, "error": None, "download_url": None}
    page = client.get(f"/exports/{running.id}").get_data(as_text=True)
    assert 'data-progress-url="/exports/%d/progress"' % running.id in page
    assert "Actualisez cette page" in page  # the no-JavaScript fallback
    assert "a échoué" in client.get(f"/exports/{failed.id}").get_data(as_text=True)


def test_the_exports_page_lists_only_done_exports_whose_file_exists(app, client):
    login(client, make_editor())
    shown = _done_export(app, "Version 1")
    gone = _done_export(app, "Version 0")
    (service.export_dir() / gone.file_name).unlink()
    db.session.add(Export(state=ExportState.FAILED, fingerprint="z", file_name="failed.pdf"))
    page = client.get("/exports").get_data(as_text=True)
    assert f"/exports/{shown.id}/download" in page
    assert f"/exports/{gone.id}/download" not in page
    assert "failed.pdf" not in page


def test_the_pdf_of_the_published_version_is_public(app, client):
    make_version(VersionState.PUBLISHED, number=1)
    make_version(VersionState.PUBLISHED, number=2)
    older = _done_export(app, "Version 1", number=1, source_state="published")
    assert client.get("/roadmap.pdf").status_code == 404  # version 2 is the current one
    export = _done_export(app, "Version 2", number=2, source_state="published")
    response = client.get("/roadmap.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert export.file_name in response.headers["Content-Disposition"]
    (service.export_dir() / export.file_name).unlink()
    assert client.get("/roadmap.pdf").status_code == 404
    assert older.id


def test_without_a_published_version_there_is_no_public_pdf(app, client):
    make_version(VersionState.CONSULTATION)
    _done_export(app, "Version 1", number=1)
    assert client.get("/roadmap.pdf").status_code == 404


def test_open_data_json_follows_its_schema(app, client):
    some_territories(3)
    response = client.get("/open-data/roadmap.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["schema_version"] == "1.2"
    assert data["licence"]["id"] == "CC-BY-4.0"
    assert {"process", "territories", "partners"} <= set(data["content"])
    assert {t["name"] for t in data["content"]["territories"]} >= {"La Rochelle", "Métropole de Lyon"}
    assert "@" not in response.get_data(as_text=True)  # no e-mail address, no person


def test_open_data_csv_zip_has_one_file_per_table_and_the_licence(app, client):
    territories = some_territories(2)
    territories[0].description = "=HYPERLINK(\"http://evil\")"
    response = client.get("/open-data/roadmap-csv.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    tables = {"territories", "partners", "roadmap_sections", "consultation_comments", "swot_items", "use_cases",
              "workshop_cards", "followup_actions", "followup_commitments", "followup_experiments",
              "followup_indicator_values"}
    assert set(archive.namelist()) == ({f"{t}.csv" for t in tables} | {f"point-virgule/{t}.csv" for t in tables}
                                       | {"LICENCE.txt"})
    territories_csv = archive.read("territories.csv").decode("utf-8")
    # UTF-8 with a byte-order mark, each code followed by its French label.
    assert territories_csv.startswith("\ufeffslug,name,country,kind,kind_label,description,partners\r\n")
    assert "Métropole de Lyon" in territories_csv and ",city,Ville," in territories_csv
    assert "'=HYPERLINK" in territories_csv  # a spreadsheet will not run it
    semicolons = archive.read("point-virgule/territories.csv").decode("utf-8")
    assert semicolons.startswith("\ufeffslug;name;country;kind;kind_label;description;partners\r\n")
    assert list(csv.reader(io.StringIO(semicolons.lstrip("\ufeff")), delimiter=";"))[1:] == \
        list(csv.reader(io.StringIO(territories_csv.lstrip("\ufeff"))))[1:]
    # No SWOT, no use case, no roadmap yet: the files are there with their header row.
    assert archive.read("use_cases.csv").decode("utf-8").startswith("\ufeffid,title,theme,theme_label,")
    assert archive.read("swot_items.csv").decode("utf-8").count("\r\n") == 1
    assert "CC-BY-4.0" in archive.read("LICENCE.txt").decode()


@pytest.mark.parametrize("kind", ["swot", "use-case"])
def test_blank_canvases_are_one_page_pdfs(app, client, kind):
    response = client.get(f"/canvases/{kind}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = pdf_reader(response.data)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    if kind == "swot":
        for heading in ("Forces", "Faiblesses", "Opportunités", "Menaces"):
            assert heading in text
    else:
        for heading in ("Titre", "Thème", "problème", "Citoyens concernés", "Données personnelles",
                        "récupère", "service", "gouvernance", "Bénéfices", "Risques", "Indicateurs",
                        "Partenaires"):
            assert heading in text, heading


def test_an_unknown_canvas_is_404(client):
    assert client.get("/canvases/kanban.pdf").status_code == 404


def test_exports_link_is_in_the_menu_for_editors_only(app, client):
    assert "/exports" not in client.get("/").get_data(as_text=True)
    login(client, make_editor())
    assert 'href="/exports"' in client.get("/").get_data(as_text=True)
    assert csrf_token(client, "/exports")


def test_open_data_is_not_rebuilt_for_a_client_that_has_it(app, client):
    some_territories(1)
    first = client.get("/open-data/roadmap.json")
    again = client.get("/open-data/roadmap.json", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    db.session.query(Export).delete()
    make_territory("Helsinki")
    changed = client.get("/open-data/roadmap.json", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and "Helsinki" in changed.get_data(as_text=True)


def test_sizes_are_written_the_french_way(app, client):
    login(client, make_editor())
    export = _done_export(app)
    export.size_bytes = 1_288_490
    page = client.get("/exports").get_data(as_text=True)
    assert "1,2\u00a0Mo" in page or "1,2 Mo" in page
