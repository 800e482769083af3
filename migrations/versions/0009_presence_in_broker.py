"""presence leaves the database: the live broker (memory or Redis) keeps who has a room open

Revision ID: 0009_presence_in_broker
Revises: 0008_page_cache
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_presence_in_broker"
down_revision = "0008_page_cache"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table("workshop_presence")


def downgrade():
    op.create_table(
        "workshop_presence",
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("connections", sa.Integer(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_workshop_presence_user_id_user"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshop.id"],
                                name=op.f("fk_workshop_presence_workshop_id_workshop"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("workshop_id", "user_id", name=op.f("pk_workshop_presence")),
    )
