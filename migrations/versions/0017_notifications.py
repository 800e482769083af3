"""notifications: one row per recipient and event

Revision ID: 0017_notifications
Revises: 0016_swot_in_roadmap
"""
import sqlalchemy as sa
from alembic import op

revision = "0017_notifications"
down_revision = "0016_swot_in_roadmap"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_notification_user_id_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    op.create_index("ix_notification_user_read_created", "notification", ["user_id", "read_at", "created_at"])


def downgrade():
    op.drop_index("ix_notification_user_read_created", table_name="notification")
    op.drop_table("notification")
