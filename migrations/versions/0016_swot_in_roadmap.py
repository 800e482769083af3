"""a SWOT version records whether its lead agreed to it appearing in the published roadmap

Revision ID: 0016_swot_in_roadmap
Revises: 0015_export_source
"""
import sqlalchemy as sa
from alembic import op

revision = "0016_swot_in_roadmap"
down_revision = "0015_export_source"
branch_labels = None
depends_on = None


def upgrade():
    # Versions submitted before the question was asked keep the programme's default (yes); whether
    # they appear still depends on the SWOT being public, as it did before.
    with op.batch_alter_table("swot_version") as batch:
        batch.add_column(sa.Column("in_roadmap", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade():
    with op.batch_alter_table("swot_version") as batch:
        batch.drop_column("in_roadmap")
