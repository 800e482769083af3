"""followup: actions, commitments, followers, experiments, timelines, indicators; exports by document

Revision ID: 0022_followup
Revises: 0021_search
"""
import sqlalchemy as sa
from alembic import op

revision = "0022_followup"
down_revision = "0021_search"
branch_labels = None
depends_on = None

THEMES = ("mobility", "energy", "health", "food", "housing", "environment", "education", "other")
GOVERNANCE = ("personal_cloud", "direct_transfer", "trusted_platform", "data_cooperative", "civic_data_trust",
              "other")


def _enum(name, values):
    return sa.Enum(*values, native_enum=False, create_constraint=True, length=32, name=name)


def _user_fk(table, column="created_by_id"):
    return sa.ForeignKeyConstraint([column], ["user.id"], name=op.f(f"fk_{table}_{column}_user"),
                                   ondelete="SET NULL")


def upgrade():
    op.create_table(
        "followup_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_html", sa.Text(), nullable=False),
        sa.Column("theme", _enum("theme", THEMES), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["section_id"], ["roadmap_section.id"],
                                name=op.f("fk_followup_action_section_id_roadmap_section"), ondelete="SET NULL"),
        _user_fk("followup_action"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_action")),
    )
    op.create_index(op.f("ix_followup_action_section_id"), "followup_action", ["section_id"])
    op.create_table(
        "followup_commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("role", _enum("commitmentrole", ("leading", "taking_part", "supporting")), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("(territory_id IS NULL) <> (organisation_id IS NULL)",
                           name=op.f("ck_followup_commitment_one_committed")),
        sa.ForeignKeyConstraint(["action_id"], ["followup_action.id"],
                                name=op.f("fk_followup_commitment_action_id_followup_action"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["territory_id"], ["territory.id"],
                                name=op.f("fk_followup_commitment_territory_id_territory"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_followup_commitment_organisation_id_organisation"), ondelete="CASCADE"),
        _user_fk("followup_commitment"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_commitment")),
        sa.UniqueConstraint("action_id", "territory_id", name="uq_followup_commitment_territory"),
        sa.UniqueConstraint("action_id", "organisation_id", name="uq_followup_commitment_organisation"),
    )
    op.create_index(op.f("ix_followup_commitment_territory_id"), "followup_commitment", ["territory_id"])
    op.create_index(op.f("ix_followup_commitment_organisation_id"), "followup_commitment", ["organisation_id"])
    op.create_table(
        "followup_follower",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["followup_action.id"],
                                name=op.f("fk_followup_follower_action_id_followup_action"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_followup_follower_user_id_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("action_id", "user_id", name=op.f("pk_followup_follower")),
    )
    op.create_index(op.f("ix_followup_follower_user_id"), "followup_follower", ["user_id"])
    op.create_table(
        "followup_experiment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("use_case_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("governance_model", _enum("governancemodel", GOVERNANCE), nullable=False),
        sa.Column("personal_data", sa.Text(), nullable=False),
        sa.Column("data_holders", sa.Text(), nullable=False),
        sa.Column("principles", sa.JSON(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("status", _enum("experimentstatus", ("planned", "running", "paused", "finished", "abandoned")),
                  nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("origin_experiment_id", sa.Integer(), nullable=True),
        sa.Column("origin_use_case_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name=op.f("ck_followup_experiment_progress_range")),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on",
                           name=op.f("ck_followup_experiment_ends_after_start")),
        sa.CheckConstraint("action_id IS NOT NULL OR use_case_id IS NOT NULL",
                           name=op.f("ck_followup_experiment_for_something")),
        sa.ForeignKeyConstraint(["territory_id"], ["territory.id"],
                                name=op.f("fk_followup_experiment_territory_id_territory"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["action_id"], ["followup_action.id"],
                                name=op.f("fk_followup_experiment_action_id_followup_action"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["use_case_id"], ["use_case.id"],
                                name=op.f("fk_followup_experiment_use_case_id_use_case"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["origin_experiment_id"], ["followup_experiment.id"],
                                name=op.f("fk_followup_experiment_origin_experiment_id_followup_experiment"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["origin_use_case_id"], ["use_case.id"],
                                name=op.f("fk_followup_experiment_origin_use_case_id_use_case"), ondelete="SET NULL"),
        _user_fk("followup_experiment"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_experiment")),
    )
    for column in ("territory_id", "action_id", "use_case_id", "origin_experiment_id", "origin_use_case_id"):
        op.create_index(op.f(f"ix_followup_experiment_{column}"), "followup_experiment", [column])
    op.create_index("ix_followup_experiment_updated", "followup_experiment", ["updated_at", "id"])
    op.create_table(
        "followup_timeline_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["experiment_id"], ["followup_experiment.id"],
                                name=op.f("fk_followup_timeline_entry_experiment_id_followup_experiment"),
                                ondelete="CASCADE"),
        _user_fk("followup_timeline_entry", "author_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_timeline_entry")),
    )
    op.create_index(op.f("ix_followup_timeline_entry_experiment_id"), "followup_timeline_entry", ["experiment_id"])
    op.create_table(
        "followup_indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["experiment_id"], ["followup_experiment.id"],
                                name=op.f("fk_followup_indicator_experiment_id_followup_experiment"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_indicator")),
    )
    op.create_index(op.f("ix_followup_indicator_experiment_id"), "followup_indicator", ["experiment_id"])
    op.create_table(
        "followup_indicator_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["indicator_id"], ["followup_indicator.id"],
                                name=op.f("fk_followup_indicator_value_indicator_id_followup_indicator"),
                                ondelete="CASCADE"),
        _user_fk("followup_indicator_value"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_indicator_value")),
    )
    op.create_index("ix_followup_indicator_value_series", "followup_indicator_value", ["indicator_id", "measured_on"])
    # The follow-up addendum is an export too (same job, same one-at-a-time slot): which document.
    with op.batch_alter_table("export") as batch:
        batch.add_column(sa.Column("document", sa.String(length=16), nullable=False, server_default="roadmap"))


def downgrade():
    with op.batch_alter_table("export") as batch:
        batch.drop_column("document")
    for table in ("followup_indicator_value", "followup_indicator", "followup_timeline_entry",
                  "followup_experiment", "followup_follower", "followup_commitment", "followup_action"):
        op.drop_table(table)
