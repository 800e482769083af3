"""security: "forgot password" requests for their rate limits, one-time tokens of creation forms

Revision ID: 0011_security
Revises: 0010_comment_speaks_for
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_security"
down_revision = "0010_comment_speaks_for"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "password_reset_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset_request")),
    )
    with op.batch_alter_table("password_reset_request", schema=None) as batch_op:
        batch_op.create_index("ix_password_reset_request_email_at", ["email", "at"], unique=False)
        batch_op.create_index("ix_password_reset_request_address_at", ["address", "at"], unique=False)
    op.create_table(
        "form_submission",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_form_submission")),
    )
    with op.batch_alter_table("form_submission", schema=None) as batch_op:
        batch_op.create_index("ix_form_submission_at", ["at"], unique=False)


def downgrade():
    with op.batch_alter_table("form_submission", schema=None) as batch_op:
        batch_op.drop_index("ix_form_submission_at")
    op.drop_table("form_submission")
    with op.batch_alter_table("password_reset_request", schema=None) as batch_op:
        batch_op.drop_index("ix_password_reset_request_address_at")
        batch_op.drop_index("ix_password_reset_request_email_at")
    op.drop_table("password_reset_request")
