"""0009_sc_markdown_html fills the HTML of the texts already in the database."""
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
        upgrade(revision="0009_sc_markdown_html")
        db.session.remove()
    rows = create_engine(url).connect().execute(text("SELECT body_html FROM roadmap_section ORDER BY id")).all()
    assert rows[0][0] == "<p><em>texte</em></p>"
    assert rows[1][0].startswith("<pre>&gt; &gt;")  # past the bounds: kept as plain text
