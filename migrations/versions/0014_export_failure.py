"""export failure: why an export failed (time or memory limit, nesting, error, interrupted)

Revision ID: 0014_export_failure
Revises: 0013_markdown_html
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_export_failure"
down_revision = "0013_markdown_html"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("export") as batch:
        batch.add_column(sa.Column("failure_reason", sa.String(length=16), nullable=True))
    op.execute("UPDATE export SET failure_reason = 'error' WHERE state = 'failed'")


def downgrade():
    with op.batch_alter_table("export") as batch:
        batch.drop_column("failure_reason")
