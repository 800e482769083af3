"""markdown html: the sanitised HTML of every Markdown text, rendered once when saved

Revision ID: 0013_markdown_html
Revises: 0012_consultation
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_markdown_html"
down_revision = "0012_consultation"
branch_labels = None
depends_on = None

# (table, Markdown column, HTML column)
COLUMNS = [
    ("roadmap_section", "body", "body_html"),
    ("workshop", "agenda", "agenda_html"),
    ("workshop", "minutes", "minutes_html"),
]


def upgrade():
    # The renderer of the product at the time of this migration: existing texts were typed by
    # the team before the bounds existed; one past them is kept as escaped plain text.
    from roadmap.core.markdown_bounds import trusted_html

    for table, _source, target in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(target, sa.Text(), nullable=False, server_default=""))
    connection = op.get_bind()
    for table, source, target in COLUMNS:
        rows = sa.table(table, sa.column("id", sa.Integer), sa.column(source, sa.Text), sa.column(target, sa.Text))
        for row_id, text in connection.execute(sa.select(rows.c.id, rows.c[source])).all():
            connection.execute(rows.update().where(rows.c.id == row_id).values({target: trusted_html(text)}))
    for table, _source, target in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(target, server_default=None)


def downgrade():
    for table, _source, target in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.drop_column(target)
