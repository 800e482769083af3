"""The home page's progress table: one column per feature, registered in create_app().

A column is (header, function); the function takes the list of territory ids shown and
returns {territory_id: cell text} with a fixed number of queries, whatever the number of ids.
The cells are the same for every reader: shared, and computed again only when a table they read
changes (core/data_memo.py).
"""
from roadmap.core.data_memo import memo


def register_progress_column(app, column):
    app.extensions.setdefault("progress_columns", []).append(column)


def progress_table(app, territories):
    ids = [t.id for t in territories]
    columns = app.extensions.get("progress_columns", [])
    cells = memo("progress", tuple(ids), lambda: [function(ids) if ids else {} for _header, function in columns])
    headers = [header for header, _function in columns]
    rows = [(t, [column_cells.get(t.id, "") for column_cells in cells]) for t in territories]
    return headers, rows
