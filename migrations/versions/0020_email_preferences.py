"""e-mail preferences per person and kind, notifications e-mailed, reminders sent

Revision ID: 0020_email_preferences
Revises: 0019_shared_text
"""
import sqlalchemy as sa
from alembic import op

revision = "0020_email_preferences"
down_revision = "0019_shared_text"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "email_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("delivery", sa.Enum("app", "immediate", "digest", name="emaildelivery", native_enum=False,
                                      create_constraint=True, length=32), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_email_preference_user_id_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_email_preference")),
    )
    op.create_table(
        "reminder_sent",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_reminder_sent_user_id_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("kind", "subject_id", "user_id", name=op.f("pk_reminder_sent")),
    )
    with op.batch_alter_table("notification") as batch:
        batch.add_column(sa.Column("emailed_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("notification") as batch:
        batch.drop_column("emailed_at")
    op.drop_table("reminder_sent")
    op.drop_table("email_preference")
