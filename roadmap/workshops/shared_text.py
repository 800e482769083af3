"""The shared text of the live room: every text field of the canvas is a Yjs document (pycrdt).

A browser sends the binary updates its Y.Text produces; the server applies each to the field's
document, refuses what it cannot accept (malformed 400, too large 413, text past the field's
maximum 422: the document stays as it was), stores it, writes the field's plain text to the
workshop's working copy, and publishes it on the room's channel for the other browsers. The
stored updates are the truth: a worker keeps each document in memory only as a cache, brought up
to date from the table before every use, so that any worker (or a restarted one) serves it. Under
the field's row lock the working copy's version says whether anything was stored since: every
stored update bumps it in the same transaction, so an unchanged version costs no read of the table.

Updates of a field are applied one at a time: the field's working-copy row is locked first
(PostgreSQL's row lock; SQLite's write lock), then the in-memory document. An update is applied to
the cached document itself and checked there: a refused one makes the process drop that document
(read again from the table, which never held the refused update), rather than every accepted
keystroke paying for a copy of the whole document.
"""
import base64
import threading
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from pycrdt import Doc, Text
from pycrdt import get_update as diff_update
from sqlalchemy import bindparam, delete, exists, func, select

from roadmap.core.errors import DomainError, Invalid
from roadmap.core.live import publish_after_commit
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.workshops.models import FIELD_MAX, TEXT_FIELDS, TITLE_MAX, workshop_use_case
from roadmap.workshops.text_models import FieldCopy, FieldRevision, FieldUpdate

ROOT = "text"  # the name of the Y.Text in every field's document, in the browser too
MAX_UPDATE_BYTES = 64 * 1024
COMPACT_AFTER = 200  # updates of one field kept before they are merged into one snapshot
GROUP_SECONDS = 5  # one person's changes within this many seconds make one step of the history


class TooLarge(DomainError):
    status = 413

    def __init__(self):
        super().__init__(_("This change is too large (at most %(n)d KiB at once).", n=MAX_UPDATE_BYTES // 1024))


class Malformed(DomainError):
    status = 400

    def __init__(self):
        super().__init__(_("This change could not be read."))


class TooLong(Invalid):
    def __init__(self, field):
        self.field = field
        super().__init__(_("At most %(max)d characters.", max=max_length(field)))


def max_length(field):
    return TITLE_MAX if field == "title" else FIELD_MAX


def b64(data):
    return base64.b64encode(data).decode("ascii")


def unb64(text):
    try:
        return base64.b64decode(text or "", validate=True)
    except (ValueError, TypeError):
        raise Malformed() from None


# The documents, cached per process -------------------------------------------------------------

class _Cached:
    def __init__(self):
        self.lock = threading.Lock()
        self.doc = None
        self.last_id = 0  # the last stored update applied to ``doc``
        self.rows = 0  # stored rows of the field, as far as this process knows (for compaction)
        self.version = None  # the working copy's version once ``doc`` holds every update stored up to it
        self.waiting = []  # updates whose predecessors have not arrived (not in the doc's state yet)


def _settle(entry):
    """Forget the waiting updates that the document now holds."""
    if entry.waiting:
        state = entry.doc.get_state()
        entry.waiting = [u for u in entry.waiting if not _covered(u, state)]


_registry_lock = threading.Lock()


def _cache(app=None):
    app = app or current_app._get_current_object()
    return app.extensions.setdefault("shared_text_docs", {})


def _entry(key):
    cache = _cache()
    entry = cache.get(key)
    if entry is None:
        with _registry_lock:
            entry = cache.setdefault(key, _Cached())
    return entry


def forget(workshop_id, use_case_id, field):
    """Drop a cached document (after a failed request): the next use reads the table again."""
    _cache().pop((workshop_id, use_case_id, field), None)


def _catch_up(entry, key, locked_version=None):
    """Apply to the cached document the updates stored since it was last read (by any worker).
    ``locked_version``: the version of the field's working copy read under its row lock; when the
    document already holds everything up to it, nothing can have been stored since."""
    workshop_id, use_case_id, field = key
    if entry.doc is not None and locked_version is not None and entry.version == locked_version:
        return entry.doc
    if entry.doc is None:
        entry.doc, entry.last_id, entry.rows, entry.waiting = Doc(), 0, 0, []
        entry.doc.get(ROOT, type=Text)
    entry.version = locked_version
    rows = db.session.execute(
        select(FieldUpdate.id, FieldUpdate.data, FieldUpdate.is_snapshot)
        .where(FieldUpdate.workshop_id == workshop_id, FieldUpdate.use_case_id == use_case_id,
               FieldUpdate.field == field, FieldUpdate.id > entry.last_id)
        .order_by(FieldUpdate.id)
    ).all()
    for row_id, data, is_snapshot in rows:
        entry.doc.apply_update(bytes(data))  # a snapshot over known updates is harmless: CRDT
        entry.last_id = row_id
        entry.rows = 1 if is_snapshot else entry.rows + 1
        entry.waiting.append(bytes(data))
    if rows:
        _settle(entry)
    return entry.doc


def text_of(doc):
    return str(doc.get(ROOT, type=Text))


# The working copy ------------------------------------------------------------------------------

def ensure_copies(workshop, use_case):
    """The working copy of every text field of ``use_case`` in ``workshop``, made from the use
    case's text the first time (its first stored update). The caller holds the workshop lock."""
    existing = set(db.session.scalars(
        select(FieldCopy.field).where(FieldCopy.workshop_id == workshop.id, FieldCopy.use_case_id == use_case.id)
    ))
    versions = use_case.versions()  # the copy goes on from the use case's numbering
    for field in TEXT_FIELDS:
        if field in existing:
            continue
        value = getattr(use_case, field) or ""
        doc = Doc()
        if value:
            doc.get(ROOT, type=Text).insert(0, value)
        else:
            doc.get(ROOT, type=Text)
        db.session.add(FieldUpdate(workshop_id=workshop.id, use_case_id=use_case.id, field=field,
                                   data=doc.get_update(), is_snapshot=True))
        db.session.add(FieldCopy(workshop_id=workshop.id, use_case_id=use_case.id, field=field, text=value,
                                 version=versions[field]))
    db.session.flush()


def copies_of(workshop_id):
    """{(use_case_id, field): FieldCopy} of a workshop."""
    rows = db.session.scalars(select(FieldCopy).where(FieldCopy.workshop_id == workshop_id))
    return {(c.use_case_id, c.field): c for c in rows}


# The statements of a keystroke, built once (building one costs more Python than running it).
_COPY = (select(FieldCopy)
         .where(FieldCopy.workshop_id == bindparam("w"), FieldCopy.use_case_id == bindparam("u"),
                FieldCopy.field == bindparam("f")))
_LOCK_COPY = _COPY.with_for_update(of=FieldCopy).execution_options(populate_existing=True)
_LOCK_COPY_ON_AGENDA = (
    _COPY.where(exists().where(workshop_use_case.c.workshop_id == bindparam("w"),
                               workshop_use_case.c.use_case_id == bindparam("u")))
    .with_for_update(of=FieldCopy).execution_options(populate_existing=True))
_STORE = FieldUpdate.__table__.insert().returning(FieldUpdate.__table__.c.id)
_revisions = FieldRevision.__table__.c
_last_revision = (select(func.max(_revisions.id))
                  .where(_revisions.workshop_id == bindparam("w"), _revisions.use_case_id == bindparam("u"),
                         _revisions.field == bindparam("f")).scalar_subquery())
_GROW_REVISION = (FieldRevision.__table__.update()
                  .where(_revisions.id == _last_revision, _revisions.restored_from_id.is_(None),
                         _revisions.updated_at >= bindparam("since"))
                  .values(text=bindparam("text"), updated_at=bindparam("now")))
_GROW_OWN_REVISION = _GROW_REVISION.where(_revisions.user_id == bindparam("user"))
_GROW_ANONYMOUS_REVISION = _GROW_REVISION.where(_revisions.user_id.is_(None))


def lock_copy(workshop_id, use_case_id, field, on_agenda=False):
    """The field's working-copy row, locked; with ``on_agenda``, only while its use case is on the
    workshop's agenda (one statement for a keystroke: None sends the caller to the slow path)."""
    return db.session.scalar(_LOCK_COPY_ON_AGENDA if on_agenda else _LOCK_COPY,
                             {"w": workshop_id, "u": use_case_id, "f": field})


# Applying changes ------------------------------------------------------------------------------

def apply_update(copy, user, update, client=""):
    """Apply a browser's update to the field of ``copy`` (locked by the caller) and return the new
    version. Nothing is stored and the document is unchanged when the update is refused: it
    cannot be read, or touches anything but the field's text (400), or makes the text too long (422)."""
    if len(update) > MAX_UPDATE_BYTES:
        raise TooLarge()
    key = (copy.workshop_id, copy.use_case_id, copy.field)
    entry = _entry(key)
    with entry.lock:
        doc = _catch_up(entry, key, copy.version)
        try:
            after_text = _applied_and_checked(doc, update, copy.field)
        except BaseException:
            entry.doc = None  # it may hold the refused update: the table, which does not, is read again
            raise
        # Stored even when nothing shows: an update sent again (its answer was lost) is harmless,
        # and one whose predecessors are missing waits inside the document until they come.
        entry.waiting.append(update)
        _settle(entry)
        rows = _stored(entry, copy, user, update)
    _record_change(copy, user, after_text, update, client, rows=rows)
    return copy.version


def _applied_and_checked(doc, update, field):
    """The text after ``update``; raises when it must be refused (the caller drops ``doc``)."""
    try:
        doc.apply_update(update)
    except ValueError:
        raise Malformed() from None
    if set(doc.keys()) - {ROOT}:  # another shared type: nothing the room shows or bounds
        raise Malformed()
    after_text = text_of(doc)
    if len(after_text) > max_length(field):
        raise TooLong(field)
    return after_text


def _stored(entry, copy, user, update):
    """Store ``update`` (already in ``entry.doc``); the field's stored rows as far as this process knows."""
    entry.last_id = _store(copy, user, update)
    entry.rows += 1
    entry.version = copy.version + 1  # what _record_change makes it, in this transaction
    return entry.rows


def replace_text(copy, user, value, restored_from=None):
    """Make the field read ``value`` as a change of the shared document (the no-script form, a
    restore): a minimal edit, so that what others type meanwhile is kept around it."""
    if len(value) > max_length(copy.field):
        raise TooLong(copy.field)
    key = (copy.workshop_id, copy.use_case_id, copy.field)
    entry = _entry(key)
    with entry.lock:
        doc = _catch_up(entry, key, copy.version)
        current = text_of(doc)
        if current == value:
            return copy.version, b""
        captured = []
        subscription = doc.observe(lambda event: captured.append(event.update))
        try:
            _edit(doc.get(ROOT, type=Text), current, value)
        finally:
            doc.unobserve(subscription)
        update = captured[0] if len(captured) == 1 else _merged(captured)
        rows = _stored(entry, copy, user, update)
    _record_change(copy, user, value, update, "", restored_from, rows=rows)
    return copy.version, update


def _covered(update, state):
    """Whether every item of ``update`` is already integrated in a document at ``state``: what
    is left of it past that state holds no struct (a first var-uint of 0 clients)."""
    try:
        rest = diff_update(update, state)
    except ValueError:
        return False
    return rest[:1] == b"\x00"


def _merged(updates):
    from pycrdt import merge_updates

    return merge_updates(*updates)


def _edit(text, old, new):
    """Replace the middle that differs (pycrdt counts in UTF-8 bytes)."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old, end_new = end_old - 1, end_new - 1
    offset = len(old[:start].encode())
    with text.doc.transaction(origin="server"):
        removed = len(old[start:end_old].encode())
        if removed:
            del text[offset:offset + removed]
        if end_new > start:
            text.insert(offset, new[start:end_new])


def _store(copy, user, update):
    """The id of the new row (an INSERT of its own, not a unit of work: this runs per keystroke)."""
    return db.session.execute(_STORE, {
        "workshop_id": copy.workshop_id, "use_case_id": copy.use_case_id, "field": copy.field, "data": update,
        "is_snapshot": False, "user_id": user.id if user else None, "created_at": utcnow(),
    }).scalar_one()


def _record_change(copy, user, text, update, client, restored_from=None, rows=0):
    copy.text = text
    copy.version += 1
    copy.updated_by_id = user.id if user else None
    copy.updated_at = utcnow()
    _record_revision(copy, user, text, restored_from)
    if rows > compact_after():
        compact(copy)
    from roadmap.workshops.room import channel

    publish_after_commit(db.session(), channel(copy.workshop_id), {"kind": "text", "data": {
        "use_case_id": copy.use_case_id, "field": copy.field, "update": b64(update), "version": copy.version,
        "by": user.display_name if user else "", "by_id": user.id if user else None, "client": client,
    }})


def _record_revision(copy, user, text, restored_from):
    """The field's last step of history takes ``text`` when it is this person's, not a restore, and
    less than GROUP_SECONDS old (one UPDATE: the common case of a keystroke); else a new step."""
    user_id = user.id if user else None
    now = utcnow()
    if restored_from is None:
        grown = db.session.execute(_GROW_ANONYMOUS_REVISION if user_id is None else _GROW_OWN_REVISION, {
            "w": copy.workshop_id, "u": copy.use_case_id, "f": copy.field, "user": user_id, "text": text,
            "now": now, "since": now - timedelta(seconds=GROUP_SECONDS)})
        if grown.rowcount:
            return
    db.session.add(FieldRevision(workshop_id=copy.workshop_id, use_case_id=copy.use_case_id, field=copy.field,
                                 text=text, user_id=user_id, restored_from_id=restored_from, created_at=now,
                                 updated_at=now))


def compact_after():
    return current_app.config.get("SHARED_TEXT_COMPACT_AFTER", COMPACT_AFTER)


def compact(copy):
    """Replace the stored updates of a field by one snapshot holding the same state."""
    key = (copy.workshop_id, copy.use_case_id, copy.field)
    entry = _entry(key)
    with entry.lock:
        doc = _catch_up(entry, key, entry.version)  # called by _record_change: the document is current
        last_id = entry.last_id
        db.session.execute(delete(FieldUpdate).where(
            FieldUpdate.workshop_id == copy.workshop_id, FieldUpdate.use_case_id == copy.use_case_id,
            FieldUpdate.field == copy.field, FieldUpdate.id <= last_id))
        row = FieldUpdate(workshop_id=copy.workshop_id, use_case_id=copy.use_case_id, field=copy.field,
                          data=_merged([doc.get_update(), *entry.waiting]) if entry.waiting else doc.get_update(),
                          is_snapshot=True)
        db.session.add(row)
        db.session.flush()
        entry.last_id, entry.rows = row.id, 1


# Reading -----------------------------------------------------------------------------------------

def sync(copy, state_vector):
    """What a browser that has ``state_vector`` misses, and the server's own state vector (so that
    the browser sends back what the server misses)."""
    key = (copy.workshop_id, copy.use_case_id, copy.field)
    entry = _entry(key)
    with entry.lock:
        doc = _catch_up(entry, key)
        try:
            missing = doc.get_update(state_vector) if state_vector else doc.get_update()
        except ValueError:
            raise Malformed() from None
        return {"update": b64(missing), "state": b64(doc.get_state()), "version": copy.version,
                "text": text_of(doc)}


def current_text(workshop_id, use_case_id, field):
    key = (workshop_id, use_case_id, field)
    entry = _entry(key)
    with entry.lock:
        return text_of(_catch_up(entry, key))


def history(workshop_id, use_case_id, field, limit=200):
    return db.session.scalars(
        select(FieldRevision).where(FieldRevision.workshop_id == workshop_id,
                                    FieldRevision.use_case_id == use_case_id, FieldRevision.field == field)
        .order_by(FieldRevision.id.desc()).limit(limit)
    ).all()


def stored_bytes(workshop_id=None):
    """The size of the stored updates (for the benchmark's database growth)."""
    query = select(func.coalesce(func.sum(func.length(FieldUpdate.data)), 0))
    if workshop_id is not None:
        query = query.where(FieldUpdate.workshop_id == workshop_id)
    return db.session.scalar(query)
