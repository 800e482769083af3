"""`flask export-pdf` and `flask export-json`."""
import json

from roadmap.exports import service
from roadmap.exports.models import Export, ExportState
from roadmap.extensions import db
from tests.exports.helpers import pdf_reader, pdf_text, some_territories


def test_export_pdf_writes_the_file_given(app, tmp_path):
    some_territories(2)
    db.session.commit()
    target = tmp_path / "feuille.pdf"
    result = app.test_cli_runner().invoke(args=["export-pdf", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "La Rochelle" in pdf_text(target.read_bytes())
    assert db.session.query(Export).count() == 0


def test_export_pdf_without_output_makes_a_listed_export(app):
    some_territories(1)
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["export-pdf"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    export = db.session.query(Export).one()
    assert export.state == ExportState.DONE and service.listed_exports() == [export]
    assert len(pdf_reader((service.export_dir() / export.file_name).read_bytes()).pages) == export.page_count
    again = runner.invoke(args=["export-pdf"])
    assert again.exit_code == 0 and "reused" in again.output


def test_export_pdf_of_a_version_that_does_not_exist_fails_clearly(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["export-pdf", "--version", "4", "--output", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0
    assert "La version 4 de la feuille de route n'existe pas." in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_export_json_writes_the_open_data(app, tmp_path):
    some_territories(2)
    db.session.commit()
    target = tmp_path / "data.json"
    result = app.test_cli_runner().invoke(args=["export-json", "--output", str(target)])
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text())
    assert data["schema_version"] == "1.2" and len(data["content"]["territories"]) == 2
