"""Keeping the search index up to date in the very transaction that writes the data.

Two session hooks cover every way the features write:
- after each flush, the objects added, changed (in an indexed column) or deleted;
- ORM statements run through the session (`update(SwotItem).where(...)`, bulk INSERTs of the
  large data set, `delete(SwotItem)...`): the rows they touch are found and indexed again.
Rows the database deletes by itself (ON DELETE CASCADE) leave an entry behind, which search never
shows: results are joined to the live rows (roadmap.search.visibility). `rebuild_index` starts
over (the migration's back-fill, `flask search-reindex`).
"""
import sqlalchemy as sa
from sqlalchemy import event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from roadmap.search.documents import BY_MODEL, KINDS, document_of
from roadmap.search.models import SearchEntry

ENTRY = SearchEntry.__table__
BATCH = 500


def _insert(connection):
    return (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)(ENTRY)


def write_entries(connection, upserts, deletes):
    """upserts: {(kind, id): (title, body)}; deletes: {(kind, id)}. One statement per batch."""
    by_kind = {}
    for kind, object_id in deletes:
        by_kind.setdefault(kind, []).append(object_id)
    for kind, ids in by_kind.items():
        for start in range(0, len(ids), BATCH):
            connection.execute(sa.delete(ENTRY).where(ENTRY.c.kind == kind,
                                                      ENTRY.c.object_id.in_(ids[start:start + BATCH])))
    rows = [{"kind": kind, "object_id": object_id, "title": title, "body": body}
            for (kind, object_id), (title, body) in upserts.items()]
    for start in range(0, len(rows), BATCH):
        statement = _insert(connection)
        statement = statement.on_conflict_do_update(
            index_elements=["kind", "object_id"],
            set_={"title": statement.excluded.title, "body": statement.excluded.body})
        connection.execute(statement, rows[start:start + BATCH])


def _columns(kind):
    """Only the columns a document reads: the migration's back-fill must not name later columns."""
    return [kind.table.c.id] + [kind.table.c[name] for name in kind.fields]


def _collect(kind, rows, upserts, deletes):
    for row in rows:
        document = document_of(kind, row)
        key = (kind.name, row.id)
        if document is None:
            deletes.add(key)
            upserts.pop(key, None)
        else:
            upserts[key] = document
            deletes.discard(key)


def index_rows(connection, kind, ids):
    """Index again the rows of `kind` with these ids, read as they are now in this transaction."""
    ids = sorted(set(ids))
    upserts, deletes = {}, set()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        rows = connection.execute(select(*_columns(kind)).where(kind.table.c.id.in_(chunk))).all()
        _collect(kind, rows, upserts, deletes)
        deletes.update((kind.name, i) for i in set(chunk) - {r.id for r in rows})
    write_entries(connection, upserts, deletes)


def rebuild_index(connection):
    """Empty the index and fill it from every indexed table (a back-fill, or a repair)."""
    connection.execute(sa.delete(ENTRY))
    for kind in KINDS:
        last = 0
        while True:
            rows = connection.execute(select(*_columns(kind)).where(kind.table.c.id > last)
                                      .order_by(kind.table.c.id).limit(BATCH)).all()
            if not rows:
                break
            upserts, deletes = {}, set()
            _collect(kind, rows, upserts, deletes)
            write_entries(connection, upserts, set())
            last = rows[-1].id


def _changed(obj, kind):
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in kind.fields)


@event.listens_for(Session, "after_flush")
def _index_flushed_objects(session, _flush_context):
    upserts, deletes = {}, set()
    for obj in session.new:
        kind = BY_MODEL.get(type(obj))
        if kind is not None:
            _collect(kind, [obj], upserts, deletes)
    for obj in session.dirty:
        kind = BY_MODEL.get(type(obj))
        if kind is not None and _changed(obj, kind):
            _collect(kind, [obj], upserts, deletes)
    for obj in session.deleted:
        kind = BY_MODEL.get(type(obj))
        if kind is not None:
            deletes.add((kind.name, obj.id))
            upserts.pop((kind.name, obj.id), None)
    if upserts or deletes:
        write_entries(session.connection(), upserts, deletes)


def _statement_ids(connection, state, kind):
    """Ids of the rows an UPDATE or DELETE is about to touch."""
    where = state.statement.whereclause
    if where is not None:
        return list(connection.execute(select(kind.table.c.id).where(where)).scalars())
    parameters = state.parameters
    if isinstance(parameters, (list, tuple)) and parameters and all("id" in p for p in parameters):
        return [p["id"] for p in parameters]  # bulk UPDATE by primary key
    return list(connection.execute(select(kind.table.c.id)).scalars())  # every row


@event.listens_for(Session, "do_orm_execute")
def _index_statement_rows(state):
    if not (state.is_update or state.is_delete or state.is_insert):
        return None
    mapper = state.bind_mapper
    kind = BY_MODEL.get(mapper.class_) if mapper is not None else None
    if kind is None:
        return None
    connection = state.session.connection()
    if state.is_insert:
        parameters = state.parameters
        given = (parameters if isinstance(parameters, (list, tuple)) else [parameters or {}])
        known = [p["id"] for p in given if "id" in p]
        before = None if known else connection.execute(select(func.max(kind.table.c.id))).scalar()
        result = state.invoke_statement()
        ids = known or list(connection.execute(
            select(kind.table.c.id).where(kind.table.c.id > (before or 0))).scalars())
        index_rows(connection, kind, ids)
        return result
    ids = _statement_ids(connection, state, kind)
    result = state.invoke_statement()
    if state.is_delete:
        write_entries(connection, {}, {(kind.name, i) for i in ids})
    else:
        index_rows(connection, kind, ids)
    return result
