"""performance: indexes for the roadmap's threads and the home page's comment counts

Revision ID: 0007_performance
Revises: 0006_traceability
"""
from alembic import op

revision = "0007_performance"
down_revision = "0006_traceability"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("roadmap_comment", schema=None) as batch_op:
        batch_op.create_index("ix_roadmap_comment_version_thread",
                              ["version_id", "parent_id", "section_id", "created_at"], unique=False)
        batch_op.create_index("ix_roadmap_comment_section_thread",
                              ["section_id", "parent_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_roadmap_comment_author_hidden", ["author_id", "hidden_at"], unique=False)


def downgrade():
    with op.batch_alter_table("roadmap_comment", schema=None) as batch_op:
        batch_op.drop_index("ix_roadmap_comment_author_hidden")
        batch_op.drop_index("ix_roadmap_comment_section_thread")
        batch_op.drop_index("ix_roadmap_comment_version_thread")
