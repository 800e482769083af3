"""export source: the state of the roadmap version an export was made from

Revision ID: 0015_export_source
Revises: 0014_export_failure
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_export_source"
down_revision = "0014_export_failure"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("export") as batch:
        batch.add_column(sa.Column("source_state", sa.String(length=16), nullable=True))
    # A version's state only moves forward (draft → consultation → published): an export created
    # after the version's publication was made from the published text; one created before it,
    # from the draft or the consultation, whichever the version was in then.
    op.execute("""
        UPDATE export SET source_state = (
            SELECT CASE
                WHEN v.published_at IS NOT NULL AND export.created_at >= v.published_at THEN 'published'
                WHEN v.consultation_opened_at IS NOT NULL AND export.created_at >= v.consultation_opened_at
                    THEN 'consultation'
                ELSE 'draft' END
            FROM roadmap_version v WHERE v.number = export.version_number)
        WHERE version_number IS NOT NULL
    """)


def downgrade():
    with op.batch_alter_table("export") as batch:
        batch.drop_column("source_state")
