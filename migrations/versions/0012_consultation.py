"""h13: the consultation(s) that led to a roadmap version; when a live session was closed

Revision ID: 0012_consultation
Revises: 0011_security
"""
import sqlalchemy as sa
from alembic import op

revision = "0012_consultation"
down_revision = "0011_security"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
    op.create_table(
        "roadmap_version_consultation",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("consulted_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["roadmap_version.id"], ondelete="CASCADE",
                                name="fk_roadmap_version_consultation_version"),
        sa.ForeignKeyConstraint(["consulted_version_id"], ["roadmap_version.id"], ondelete="CASCADE",
                                name="fk_roadmap_version_consultation_consulted"),
        sa.PrimaryKeyConstraint("version_id", "consulted_version_id", name=op.f("pk_roadmap_version_consultation")),
    )
    # Versions published before: each published after its own consultation led from it.
    op.execute("INSERT INTO roadmap_version_consultation (version_id, consulted_version_id) "
               "SELECT id, id FROM roadmap_version WHERE state = 'published' AND consultation_opened_at IS NOT NULL")


def downgrade():
    op.drop_table("roadmap_version_consultation")
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("closed_at")
