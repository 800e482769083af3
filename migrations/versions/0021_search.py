"""search: one index table, the database's full-text search over it, back-filled

On SQLite: an FTS5 table over search_entry (title, body), accents and case folded
(unicode61 remove_diacritics 2), kept in step by triggers. On PostgreSQL: search_entry.document,
a tsvector of the French and English configurations over the unaccented text (title weighted A,
body B), set by a trigger and indexed with GIN. `unaccent` is not IMMUTABLE, hence the wrapper.

Revision ID: 0021_search
Revises: 0020_email_preferences
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql as pg

revision = "0021_search"
down_revision = "0020_email_preferences"
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_entry', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN"
    " INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);"
    " INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS search_entry_au", "DROP TRIGGER IF EXISTS search_entry_ad",
               "DROP TRIGGER IF EXISTS search_entry_ai", "DROP TABLE IF EXISTS search_fts"]

POSTGRESQL_UP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # unaccent(regdictionary, text) with its dictionary named: safe to declare IMMUTABLE.
    "CREATE FUNCTION search_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT"
    " AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$",
    "CREATE FUNCTION search_document(title text, body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE"
    " AS $$ SELECT setweight(to_tsvector('french'::regconfig, search_unaccent(coalesce(title, ''))), 'A')"
    " || setweight(to_tsvector('english'::regconfig, search_unaccent(coalesce(title, ''))), 'A')"
    " || setweight(to_tsvector('french'::regconfig, search_unaccent(coalesce(body, ''))), 'B')"
    " || setweight(to_tsvector('english'::regconfig, search_unaccent(coalesce(body, ''))), 'B') $$",
    "CREATE FUNCTION search_entry_document() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN NEW.document := search_document(NEW.title, NEW.body); RETURN NEW; END $$",
    "CREATE TRIGGER search_entry_document BEFORE INSERT OR UPDATE OF title, body ON search_entry"
    " FOR EACH ROW EXECUTE FUNCTION search_entry_document()",
]
POSTGRESQL_DOWN = ["DROP TRIGGER IF EXISTS search_entry_document ON search_entry",
                   "DROP FUNCTION IF EXISTS search_entry_document()",
                   "DROP FUNCTION IF EXISTS search_document(text, text)",
                   "DROP FUNCTION IF EXISTS search_unaccent(text)"]


def upgrade():
    on_postgresql = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "search_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("document", sa.Text().with_variant(pg.TSVECTOR(), "postgresql"), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entry")),
        sa.UniqueConstraint("kind", "object_id", name="uq_search_entry_kind_object"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_search_entry_document", "search_entry", ["document"], postgresql_using="gin")
    for statement in POSTGRESQL_UP if on_postgresql else SQLITE_UP:
        op.execute(statement)

    from roadmap.search.indexing import rebuild_index

    rebuild_index(op.get_bind())


def downgrade():
    on_postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_DOWN if on_postgresql else SQLITE_DOWN:
        op.execute(statement)
    op.drop_index("ix_search_entry_document", table_name="search_entry")
    op.drop_table("search_entry")
