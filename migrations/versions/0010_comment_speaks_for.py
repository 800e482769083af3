"""comments record whom their author speaks for: the territory or organisation at the time of writing

Revision ID: 0010_comment_speaks_for
Revises: 0009_presence_in_broker
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_comment_speaks_for"
down_revision = "0009_presence_in_broker"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("roadmap_comment") as batch:
        batch.add_column(sa.Column("author_territory_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("author_organisation_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_roadmap_comment_author_territory_id_territory"), "territory",
                                 ["author_territory_id"], ["id"], ondelete="SET NULL")
        batch.create_foreign_key(op.f("fk_roadmap_comment_author_organisation_id_organisation"), "organisation",
                                 ["author_organisation_id"], ["id"], ondelete="SET NULL")
        batch.create_index(op.f("ix_roadmap_comment_author_territory_id"), ["author_territory_id"])
        batch.create_index(op.f("ix_roadmap_comment_author_organisation_id"), ["author_organisation_id"])
    # Existing comments: the author's membership today is the best record there is (a lead's
    # territory first, then any territory, then an organisation; the lowest id among equals).
    op.execute("""
        UPDATE roadmap_comment SET author_territory_id = (
            SELECT m.territory_id FROM membership m
            WHERE m.user_id = roadmap_comment.author_id AND m.territory_id IS NOT NULL
            ORDER BY CASE WHEN m.role = 'lead' THEN 0 ELSE 1 END, m.id LIMIT 1)
    """)
    op.execute("""
        UPDATE roadmap_comment SET author_organisation_id = (
            SELECT m.organisation_id FROM membership m
            WHERE m.user_id = roadmap_comment.author_id AND m.organisation_id IS NOT NULL
            ORDER BY m.id LIMIT 1)
        WHERE author_territory_id IS NULL
    """)


def downgrade():
    with op.batch_alter_table("roadmap_comment") as batch:
        batch.drop_index(op.f("ix_roadmap_comment_author_organisation_id"))
        batch.drop_index(op.f("ix_roadmap_comment_author_territory_id"))
        batch.drop_constraint(op.f("fk_roadmap_comment_author_organisation_id_organisation"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_roadmap_comment_author_territory_id_territory"), type_="foreignkey")
        batch.drop_column("author_organisation_id")
        batch.drop_column("author_territory_id")
