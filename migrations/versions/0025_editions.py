"""editions: translations of the roadmap's sections, translators, published editions, PDF per edition

Revision ID: 0025_editions
Revises: 0024_content_language
"""
import sqlalchemy as sa
from alembic import op

revision = "0025_editions"
down_revision = "0024_content_language"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "edition_translator",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="CASCADE",
                                                          name="fk_edition_translator_user_id_user"), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("appointed_by_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="SET NULL",
                                                                  name="fk_edition_translator_appointed_by_id_user"),
                  nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("user_id", "language", name="uq_edition_translator_user_language"),
    )
    op.create_index("ix_edition_translator_user_id", "edition_translator", ["user_id"])
    op.create_table(
        "section_translation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("section_id", sa.Integer(), sa.ForeignKey("roadmap_section.id", ondelete="CASCADE",
                                                             name="fk_section_translation_section_id_roadmap_section"),
                  nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.Column("source_title", sa.String(length=200), nullable=False),
        sa.Column("source_body", sa.Text(), nullable=False),
        sa.Column("edit_version", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False, server_default="human"),
        sa.Column("translated_by_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="SET NULL",
                                                                   name="fk_section_translation_translated_by_id_user"),
                  nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("section_id", "language", name="uq_section_translation_section_language"),
        sa.CheckConstraint("edit_version >= 1", name=op.f("ck_section_translation_edit_version_positive")),
    )
    op.create_index("ix_section_translation_section_id", "section_translation", ["section_id"])
    op.create_table(
        "published_edition",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("roadmap_version.id", ondelete="CASCADE",
                                                             name="fk_published_edition_version_id_roadmap_version"),
                  nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("published_to_update", sa.JSON(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="SET NULL",
                                                                  name="fk_published_edition_published_by_id_user"),
                  nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("version_id", "language", name="uq_published_edition_version_language"),
    )
    op.create_index("ix_published_edition_version_id", "published_edition", ["version_id"])
    with op.batch_alter_table("export") as batch:
        # The edition a PDF holds (a language of LANGUAGES); None: the source text.
        batch.add_column(sa.Column("edition", sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table("export") as batch:
        batch.drop_column("edition")
    op.drop_index("ix_published_edition_version_id", table_name="published_edition")
    op.drop_table("published_edition")
    op.drop_index("ix_section_translation_section_id", table_name="section_translation")
    op.drop_table("section_translation")
    op.drop_index("ix_edition_translator_user_id", table_name="edition_translator")
    op.drop_table("edition_translator")
