"""h13: when a live session was closed (an editor may reopen it the same day)

Revision ID: 0009_h13_consultation
Revises: 0008_page_cache
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_h13_consultation"
down_revision = "0008_page_cache"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("closed_at")
