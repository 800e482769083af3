"""The migrations build exactly the schema the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from roadmap.extensions import db
from roadmap.search.models import FTS_TABLES


def _described_by_models(name, type_, _parent_names):
    """SQLite's FTS5 table of the search index and its shadow tables are not models."""
    return not (type_ == "table" and name in FTS_TABLES)


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "include_name": _described_by_models})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
