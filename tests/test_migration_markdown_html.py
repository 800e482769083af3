"""Data migrations of this branch: 0013 fills the HTML of existing texts, 0015 the state of existing exports."""
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from config import TestConfig
from roadmap import create_app
from roadmap.extensions import db


def test_existing_sections_and_workshops_get_their_html(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, INSTANCE_DIR=tmp_path)
    with app.app_context():
        upgrade(revision="0008_page_cache")
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO roadmap_version (id, number, state, created_at) "
                                    "VALUES (1, 1, 'draft', '2026-01-01')"))
            connection.execute(text("INSERT INTO roadmap_section (id, version_id, key, position, title, body, revision) "
                                    "VALUES (1, 1, 'k1', 1, 'Un', '*texte*', 1), "
                                    "(2, 1, 'k2', 2, 'Deux', :deep, 1)"), {"deep": "> " * 150 + "x"})
        upgrade(revision="0013_markdown_html")
        db.session.remove()
    rows = create_engine(url).connect().execute(text("SELECT body_html FROM roadmap_section ORDER BY id")).all()
    assert rows[0][0] == "<p><em>texte</em></p>"
    assert rows[1][0].startswith("<pre>&gt; &gt;")  # past the bounds: kept as plain text


def test_existing_exports_get_the_state_they_were_made_from(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, INSTANCE_DIR=tmp_path)
    with app.app_context():
        upgrade(revision="0014_export_failure")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO roadmap_version (id, number, state, created_at, closes_at, consultation_opened_at, "
                "published_at) VALUES (1, 1, 'published', '2026-01-01', '2026-03-01', '2026-02-01', '2026-03-01')"))
            for export_id, created_at, number in [(1, "2026-01-15", 1), (2, "2026-02-15", 1), (3, "2026-03-02", 1),
                                                  (4, "2026-03-02", None)]:
                connection.execute(text(
                    "INSERT INTO export (id, state, stage, pages_done, fingerprint, version_number, created_at, "
                    "updated_at) VALUES (:id, 'failed', 'finished', 0, 'f', :number, :at, :at)"),
                    {"id": export_id, "number": number, "at": created_at})
        upgrade(revision="0015_export_source")
        db.session.remove()
    rows = create_engine(url).connect().execute(text("SELECT source_state FROM export ORDER BY id")).all()
    assert [r[0] for r in rows] == ["draft", "consultation", "published", None]
