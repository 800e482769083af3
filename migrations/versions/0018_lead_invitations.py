"""invitations by territory leads: a personal message, resending, revoking, and a partner invited
for a territory (its organisation is tied to that territory when the invitation is accepted)

Revision ID: 0018_lead_invitations
Revises: 0017_notifications
"""
import sqlalchemy as sa
from alembic import op

revision = "0018_lead_invitations"
down_revision = "0017_notifications"
branch_labels = None
depends_on = None

OLD_TARGET = ("(role IN ('lead', 'member') AND territory_id IS NOT NULL AND organisation_id IS NULL)"
              " OR (role = 'partner' AND organisation_id IS NOT NULL AND territory_id IS NULL)"
              " OR (role = 'editor' AND territory_id IS NULL AND organisation_id IS NULL)")
NEW_TARGET = ("(role IN ('lead', 'member') AND territory_id IS NOT NULL AND organisation_id IS NULL)"
              " OR (role = 'partner' AND organisation_id IS NOT NULL)"
              " OR (role = 'editor' AND territory_id IS NULL AND organisation_id IS NULL)")


def upgrade():
    with op.batch_alter_table("invitation") as batch:
        batch.add_column(sa.Column("message", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("last_sent_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("revoked_at", sa.DateTime(), nullable=True))
        batch.drop_constraint(op.f("ck_invitation_target_matches_role"), type_="check")
        batch.create_check_constraint("target_matches_role", NEW_TARGET)
        batch.create_index("ix_invitation_territory_created", ["territory_id", "created_at"])


def downgrade():
    op.execute("DELETE FROM invitation WHERE role = 'partner' AND territory_id IS NOT NULL")
    with op.batch_alter_table("invitation") as batch:
        batch.drop_index("ix_invitation_territory_created")
        batch.drop_constraint(op.f("ck_invitation_target_matches_role"), type_="check")
        batch.create_check_constraint("target_matches_role", OLD_TARGET)
        batch.drop_column("revoked_at")
        batch.drop_column("last_sent_at")
        batch.drop_column("message")
