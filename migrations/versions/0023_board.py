"""board: clusters of cards, the facilitator's timed activity, hidden votes and "follow me", the
results kept when a session closes

Revision ID: 0023_board
Revises: 0022_followup
"""
import sqlalchemy as sa
from alembic import op

revision = "0023_board"
down_revision = "0022_followup"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('workshop_cluster',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('use_case_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(name) BETWEEN 1 AND 80', name=op.f('ck_workshop_cluster_name_length')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_workshop_cluster_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['use_case_id'], ['use_case.id'], name=op.f('fk_workshop_cluster_use_case_id_use_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_workshop_cluster_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_cluster')),
    sa.UniqueConstraint('workshop_id', 'use_case_id', 'name', name='uq_workshop_cluster_name')
    )
    with op.batch_alter_table('workshop_cluster', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_cluster_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('workshop_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('use_case_id', sa.Integer(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['use_case_id'], ['use_case.id'], name=op.f('fk_workshop_result_use_case_id_use_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_workshop_result_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_result')),
    sa.UniqueConstraint('workshop_id', 'use_case_id', name='uq_workshop_result_use_case')
    )
    with op.batch_alter_table('workshop_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_result_use_case_id'), ['use_case_id'], unique=False)

    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('activity', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('votes_hidden', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('one_dot_per_card', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('vote_started_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('open_clusters', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('focus_use_case_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('focus_cluster_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_workshop_focus_use_case_id_use_case'), 'use_case', ['focus_use_case_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('workshop_card', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cluster_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_workshop_card_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_workshop_card_cluster_id_workshop_cluster'), 'workshop_cluster', ['cluster_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('workshop_card', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_workshop_card_cluster_id_workshop_cluster'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_workshop_card_cluster_id'))
        batch_op.drop_column('cluster_id')

    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_workshop_focus_use_case_id_use_case'), type_='foreignkey')
        batch_op.drop_column('focus_cluster_id')
        batch_op.drop_column('focus_use_case_id')
        batch_op.drop_column('open_clusters')
        batch_op.drop_column('vote_started_at')
        batch_op.drop_column('one_dot_per_card')
        batch_op.drop_column('votes_hidden')
        batch_op.drop_column('activity')

    with op.batch_alter_table('workshop_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_result_use_case_id'))

    op.drop_table('workshop_result')
    with op.batch_alter_table('workshop_cluster', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_cluster_workshop_id'))

    op.drop_table('workshop_cluster')
