"""content language: every text stores the language it was written in

Revision ID: 0024_content_language
Revises: 0023_board
"""
import os

import sqlalchemy as sa
from alembic import op

revision = "0024_content_language"
down_revision = "0023_board"
branch_labels = None
depends_on = None

# The texts written before they knew their language were written in the shared documents' language.
EXISTING = os.environ.get("CONTENT_LANGUAGE", "fr")
COLUMNS = (
    ("swot_item", "language"),
    ("swot_version_item", "language"),
    ("workshop", "agenda_language"),
    ("workshop", "minutes_language"),
    ("use_case", "language"),
    ("workshop_card", "language"),
    ("roadmap_section", "language"),
    ("roadmap_comment", "language"),
)


def upgrade():
    for table, column in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(column, sa.String(length=8), nullable=False, server_default=EXISTING))
    with op.batch_alter_table("roadmap_comment") as batch:
        batch.add_column(sa.Column("answer_language", sa.String(length=8), nullable=True))
    op.execute(sa.text("UPDATE roadmap_comment SET answer_language = :language WHERE answer IS NOT NULL")
               .bindparams(language=EXISTING))


def downgrade():
    with op.batch_alter_table("roadmap_comment") as batch:
        batch.drop_column("answer_language")
    for table, column in reversed(COLUMNS):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
