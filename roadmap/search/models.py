"""The search index: one row per searchable thing (kind, object id), its title and plain text.

The full-text machinery is the database's own and lives outside the models (migration
0021_search): on SQLite an FTS5 table `search_fts` over this table's title and body, kept in step
by triggers; on PostgreSQL the `document` column, a tsvector (French and English, unaccented)
set by a trigger and indexed with GIN. On SQLite `document` stays NULL.
"""
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from roadmap.extensions import db

TITLE_MAX = 300
# The FTS5 table and the shadow tables SQLite makes for it: not described by the models.
FTS_TABLE = "search_fts"
FTS_TABLES = frozenset({FTS_TABLE} | {f"{FTS_TABLE}_{suffix}" for suffix in ("data", "idx", "content", "docsize",
                                                                              "config")})


class SearchEntry(db.Model):
    __tablename__ = "search_entry"
    __table_args__ = (
        sa.UniqueConstraint("kind", "object_id", name="uq_search_entry_kind_object"),
        sa.Index("ix_search_entry_document", "document", postgresql_using="gin"),
        # An id is never reused on SQLite: the FTS5 table is keyed on it.
        {"sqlite_autoincrement": True},
    )

    id = sa.Column(sa.Integer, primary_key=True)
    kind = sa.Column(sa.String(20), nullable=False)
    object_id = sa.Column(sa.Integer, nullable=False)
    title = sa.Column(sa.String(TITLE_MAX), nullable=False, default="")
    body = sa.Column(sa.Text, nullable=False, default="")
    document = sa.Column(sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql"), nullable=True)
