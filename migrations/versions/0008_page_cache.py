"""page cache: one token per table, changed by every commit that writes the table

Revision ID: 0008_page_cache
Revises: 0007_performance
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_page_cache"
down_revision = "0007_performance"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cache_version",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("token", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_cache_version")),
    )


def downgrade():
    op.drop_table("cache_version")
