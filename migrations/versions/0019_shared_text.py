"""shared text of the live room: CRDT updates, the workshop's working copy, field history

Revision ID: 0019_shared_text
Revises: 0018_lead_invitations
"""
import sqlalchemy as sa
from alembic import op

revision = "0019_shared_text"
down_revision = "0018_lead_invitations"
branch_labels = None
depends_on = None


def _field_columns():
    return [
        sa.Column("workshop_id", sa.Integer(), sa.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False),
        sa.Column("use_case_id", sa.Integer(), sa.ForeignKey("use_case.id", ondelete="CASCADE"), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
    ]


def upgrade():
    op.create_table(
        "workshop_field_copy",
        *_field_columns(),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("workshop_id", "use_case_id", "field", name=op.f("pk_workshop_field_copy")),
    )
    op.create_table(
        "workshop_field_update",
        sa.Column("id", sa.Integer(), nullable=False),
        *_field_columns(),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("is_snapshot", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_field_update")),
        # Ids never reused on SQLite: a worker reads the updates after the last id it applied,
        # and a compaction deletes the field's newest rows.
        sqlite_autoincrement=True,
    )
    op.create_index("ix_workshop_field_update_field", "workshop_field_update",
                    ["workshop_id", "use_case_id", "field", "id"])
    op.create_table(
        "workshop_field_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        *_field_columns(),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id", ondelete="SET NULL"), nullable=True),
        sa.Column("restored_from_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_field_revision")),
    )
    op.create_index("ix_workshop_field_revision_field", "workshop_field_revision",
                    ["workshop_id", "use_case_id", "field", "id"])


def downgrade():
    op.drop_index("ix_workshop_field_revision_field", table_name="workshop_field_revision")
    op.drop_table("workshop_field_revision")
    op.drop_index("ix_workshop_field_update_field", table_name="workshop_field_update")
    op.drop_table("workshop_field_update")
    op.drop_table("workshop_field_copy")
