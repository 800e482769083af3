"""short translations: a participant's (or an accepted machine) translation of a SWOT item, card or comment

Revision ID: 0026_short_translations
Revises: 0025_editions
"""
import sqlalchemy as sa
from alembic import op

revision = "0026_short_translations"
down_revision = "0025_editions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "content_translation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("source_language", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.Enum("human", "machine", name="translationsource", native_enum=False,
                                    create_constraint=True, length=32), nullable=False),
        sa.Column("original_hash", sa.String(length=32), nullable=False),
        sa.Column("translator_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("length(text) >= 1", name=op.f("ck_content_translation_text_not_empty")),
        sa.ForeignKeyConstraint(["translator_id"], ["user.id"], name=op.f("fk_content_translation_translator_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_translation")),
        sa.UniqueConstraint("kind", "object_id", "language", name="uq_content_translation_text_language"),
    )
    with op.batch_alter_table("content_translation") as batch:
        batch.create_index(batch.f("ix_content_translation_translator_id"), ["translator_id"], unique=False)


def downgrade():
    with op.batch_alter_table("content_translation") as batch:
        batch.drop_index(batch.f("ix_content_translation_translator_id"))
    op.drop_table("content_translation")
