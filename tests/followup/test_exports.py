"""The follow-up in the open data (JSON, CSV) and the addendum PDF: public content only, origin links kept."""
import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from roadmap.exports import jobs
from roadmap.exports.models import Export
from roadmap.extensions import db
from tests.conftest import post
from tests.factories import login
from tests.followup.factories import make_experiment, make_indicator


@pytest.fixture(autouse=True)
def _no_job_left_running():
    yield
    assert jobs.wait_for_jobs(timeout=120), "an export job is still running"


def _reused(world):
    copy = make_experiment(world["lyon"], world["action"], title="Coach CO2 Lyon",
                           origin_experiment_id=world["public"].id)
    hidden_copy = make_experiment(world["lyon"], world["action"], title="Copie discrète", public=False,
                                  origin_experiment_id=world["public"].id)
    make_indicator(world["public"], values=[(world["public"].starts_on, 12.0)])
    db.session.commit()
    return copy, hidden_copy


def test_open_data_json_has_public_experiments_and_the_origin_both_ways(client, world):
    copy, hidden = _reused(world)
    data = json.loads(client.get("/open-data/roadmap.json").get_data())
    followup = data["content"]["followup"]
    by_id = {e["id"]: e for e in followup["experiments"]}
    assert set(by_id) == {world["public"].id, copy.id}
    assert by_id[copy.id]["origin"]["experiment"] == world["public"].id
    assert by_id[world["public"].id]["reused_by"] == [copy.id]  # the hidden copy is not named
    assert by_id[world["public"].id]["indicators"][0]["values"][0]["value"] == 12.0
    assert "Essai discret" not in json.dumps(data, ensure_ascii=False)
    assert "Copie discrète" not in json.dumps(data, ensure_ascii=False)


def test_open_data_csv_has_the_followup_files_without_non_public_experiments(client, world):
    _reused(world)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/open-data/roadmap-csv.zip").get_data()))
    names = set(archive.namelist())
    assert {"followup_actions.csv", "followup_commitments.csv", "followup_experiments.csv",
            "followup_indicator_values.csv"} <= names
    experiments = archive.read("followup_experiments.csv").decode("utf-8-sig")
    assert "Coach CO2 Lyon" in experiments and "Essai discret" not in experiments
    assert "Copie discrète" not in experiments
    assert str(world["public"].id) in experiments.splitlines()[-1] or "origin_experiment_id" in experiments


def test_only_editors_start_the_addendum(client, world):
    login(client, world["lead"])
    assert post(client, "/suivi/addendum").status_code == 403
    assert db.session.query(Export).count() == 0


def test_the_addendum_needs_csrf(client, world):
    login(client, world["editor"])
    assert client.post("/suivi/addendum").status_code == 400


def test_no_addendum_yet_is_404_and_not_linked(client, world):
    assert client.get("/suivi/addendum.pdf").status_code == 404
    assert "/suivi/addendum.pdf" not in client.get("/suivi").get_data(as_text=True)


def test_the_addendum_is_made_in_the_background_and_holds_public_content_only(app, client, world):
    _reused(world)
    login(client, world["editor"])
    response = post(client, "/suivi/addendum")
    assert response.status_code == 303 and "/exports/" in response.headers["Location"]
    assert jobs.wait_for_jobs(timeout=120)
    export = db.session.query(Export).one()
    db.session.refresh(export)
    assert export.state.value == "done" and export.document == "followup", export.error
    visitor = client.application.test_client()
    assert "/suivi/addendum.pdf" in visitor.get("/suivi").get_data(as_text=True)
    pdf = visitor.get("/suivi/addendum.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_data())).pages)
    assert "Coach CO2" in text and "Coach CO2 Lyon" in text and "Petites expérimentations" in text
    assert "Essai discret" not in text and "Copie discrète" not in text
    # The addendum is never served as the roadmap's public PDF.
    assert client.get("/roadmap.pdf").status_code == 404


def test_the_exports_page_says_which_file_is_the_addendum(app, client, world):
    login(client, world["editor"])
    post(client, "/suivi/addendum")
    assert jobs.wait_for_jobs(timeout=120)
    page = client.get("/exports").get_data(as_text=True)
    assert "/suivi/addendum.pdf" in page
