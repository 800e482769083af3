"""The workshop's working copy: what the room writes, checked against the room's rules.

Live edits (shared text from the room's script, the no-script form, a restore from the history)
change the working copy of the workshop, never the public use case; the facilitator applies the
working copy to the use case at the end (roadmap.workshops.copy_review).
"""
from flask_babel import gettext as _
from sqlalchemy import func, select

from roadmap.core.errors import Conflict, Invalid, NotAllowed, NotFound
from roadmap.extensions import db
from roadmap.workshops import permissions, shared_text
from roadmap.workshops.models import (
    CANVAS_FIELDS, CHOICE_FIELDS, TEXT_FIELDS, GovernanceModel, Theme, workshop_use_case,
)
from roadmap.workshops.room import (
    _require_live, _require_participant, _use_case_on_agenda, lock_workshop, record_event,
)
from roadmap.workshops.service import FieldConflict
from roadmap.workshops.text_models import FieldCopy, FieldRevision

CHOICES = {"theme": Theme, "governance_model": GovernanceModel}


def get_workshop_row(workshop_id):
    from roadmap.workshops.models import Workshop

    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound()
    return workshop


def _check_writable(workshop, user, use_case_id, field, text_only=False, known_participant=False):
    _check_room_open(workshop, user, use_case_id, field, text_only, known_participant)
    _require_on_agenda(workshop, use_case_id)


def _check_room_open(workshop, user, use_case_id, field, text_only=False, known_participant=False):
    if not known_participant:
        _require_participant(workshop, user)
    _require_live(workshop)
    if workshop.canvas_locked:
        raise Conflict(_("The canvas is locked for the vote."))
    if field not in (TEXT_FIELDS if text_only else CANVAS_FIELDS) or use_case_id is None:
        raise Invalid(_("Unknown field."))


def _require_on_agenda(workshop, use_case_id):
    on_agenda = db.session.scalar(
        select(func.count()).select_from(workshop_use_case)
        .where(workshop_use_case.c.workshop_id == workshop.id, workshop_use_case.c.use_case_id == use_case_id))
    if not on_agenda:  # counted, not loaded: this runs for every keystroke
        raise NotFound(_("This use case is not on the workshop's agenda."))


def _copy_for_writing(workshop, use_case_id, field):
    """The field's working-copy row, locked (made first, under the workshop's lock, if needed)."""
    copy = shared_text.lock_copy(workshop.id, use_case_id, field)
    if copy is None:
        workshop = lock_workshop(workshop.id)
        prepare(workshop)
        copy = shared_text.lock_copy(workshop.id, use_case_id, field)
    return copy


def prepare(workshop):
    """Working copies of every use case of the agenda (the caller holds the workshop's lock)."""
    existing = shared_text.copies_of(workshop.id)
    for use_case in workshop.use_cases:
        if any((use_case.id, f) not in existing for f in TEXT_FIELDS):
            shared_text.ensure_copies(workshop, use_case)
        versions = use_case.versions()
        for field in CHOICE_FIELDS:
            if (use_case.id, field) not in existing:
                value = getattr(use_case, field)
                db.session.add(FieldCopy(workshop_id=workshop.id, use_case_id=use_case.id, field=field,
                                         text=value.value if value else "", version=versions[field]))
    db.session.flush()


def edit_text(workshop, user, use_case_id, field, update, client="", known_participant=False):
    """Apply one CRDT update of a participant to a text field of ``workshop`` (a row or its id);
    returns the field's version. ``known_participant``: the caller has just checked that ``user``
    takes part in the room."""
    if len(update) > shared_text.MAX_UPDATE_BYTES:
        raise shared_text.TooLarge()
    if isinstance(workshop, int):
        workshop = get_workshop_row(workshop)
    check_text_write(workshop, user, use_case_id, field, known_participant=known_participant)
    version = edit_texts(workshop.id, use_case_id, field, [(user, update, client)])[0]
    if isinstance(version, Exception):
        raise version
    return version


def check_text_write(workshop, user, use_case_id, field, known_participant=False):
    """Whether ``user`` may write in a text field now (the room open, the canvas not locked)."""
    _check_room_open(workshop, user, use_case_id, field, text_only=True, known_participant=known_participant)


def edit_texts(workshop_id, use_case_id, field, writes):
    """Apply updates to one text field, in order, in the caller's transaction: ``writes`` is a list
    of (writer, update, client), a writer being anything with ``id`` and ``display_name``.
    Returns, for each, its version or the error that refused it (the others are applied).

    This runs for every keystroke: the agenda is checked by the statement that locks the field's
    row, and only a missing row takes the slow path."""
    copy = shared_text.lock_copy(workshop_id, use_case_id, field, on_agenda=True)
    if copy is None:
        workshop = get_workshop_row(workshop_id)
        _require_on_agenda(workshop, use_case_id)
        copy = _copy_for_writing(workshop, use_case_id, field)
    results = []
    for writer, update, client in writes:
        try:
            results.append(shared_text.apply_update(copy, writer, update, client))
        except (shared_text.Malformed, shared_text.TooLarge, shared_text.TooLong) as refused:
            results.append(refused)  # the document stays as it was: the next update goes on from it
    return results


def sync_fields(workshop_id, user, wanted):
    """For each (use_case_id, field, state_vector) the browser holds: what it misses."""
    workshop = get_workshop_row(workshop_id)
    _require_participant(workshop, user)
    if workshop.state.value == "planned":
        raise Conflict(_("The session has not been opened yet."))
    copies = shared_text.copies_of(workshop.id)
    agenda = {u.id for u in workshop.use_cases}
    if any((uc, f) not in copies for uc, f, _sv in wanted if uc in agenda and f in TEXT_FIELDS):
        workshop = lock_workshop(workshop.id)
        prepare(workshop)
        copies = shared_text.copies_of(workshop.id)
    answers = []
    for use_case_id, field, state_vector in wanted:
        if use_case_id not in agenda or field not in TEXT_FIELDS:
            raise NotFound(_("This use case is not on the workshop's agenda."))
        answer = shared_text.sync(copies[(use_case_id, field)], state_vector)
        answers.append({"use_case_id": use_case_id, "field": field, **answer})
    return answers


def save_form(workshop_id, user, use_case_id, field, value, seen_version):
    """The no-script form: the field's new text, if nobody changed it since ``seen_version``."""
    workshop = get_workshop_row(workshop_id)
    _check_writable(workshop, user, use_case_id, field)
    if seen_version is None:
        raise Invalid()
    value = (value or "").replace("\r\n", "\n")
    if field in CHOICE_FIELDS:
        try:
            value = CHOICES[field](value).value
        except ValueError:
            raise Invalid(_("Choose a value from the list.")) from None
    copy = _copy_for_writing(workshop, use_case_id, field)
    if copy.text == value:
        return copy.version
    if copy.version != seen_version:
        raise FieldConflict(field, copy.text, copy.version)
    if field in CHOICE_FIELDS:
        return _save_choice(workshop, copy, user, value)
    version, _update = shared_text.replace_text(copy, user, value)
    return version


def _save_choice(workshop, copy, user, value):
    from roadmap.core.timeutil import utcnow

    copy.text, copy.version, copy.updated_by_id, copy.updated_at = value, copy.version + 1, user.id, utcnow()
    db.session.add(FieldRevision(workshop_id=copy.workshop_id, use_case_id=copy.use_case_id, field=copy.field,
                                 text=value, user_id=user.id))
    workshop = lock_workshop(workshop.id)
    record_event(workshop, "field", {"use_case_id": copy.use_case_id, "field": copy.field, "value": value,
                                     "version": copy.version, "by": user.display_name, "by_id": user.id})
    return copy.version


def restore(workshop_id, user, revision_id):
    """The facilitator brings back the text of an earlier step of a field's history (a live change)."""
    workshop = get_workshop_row(workshop_id)
    revision = db.session.get(FieldRevision, revision_id)
    if revision is None or revision.workshop_id != workshop.id:
        raise NotFound()
    if not permissions.can_facilitate(user, workshop):
        raise NotAllowed(_("Only the facilitator restores an earlier text."))
    _require_live(workshop)
    if workshop.canvas_locked:
        raise Conflict(_("The canvas is locked for the vote."))
    copy = _copy_for_writing(workshop, revision.use_case_id, revision.field)
    if revision.field in CHOICE_FIELDS:
        return _save_choice(workshop, copy, user, revision.text)
    version, _update = shared_text.replace_text(copy, user, revision.text, restored_from=revision.id)
    return version


def copies_for_page(workshop):
    """{(use_case_id, field): (text, version)} the room shows: the working copy, or the use case's
    own text and version where no copy was made yet."""
    copies = shared_text.copies_of(workshop.id)
    shown = {}
    for use_case in workshop.use_cases:
        versions = use_case.versions()
        for field in CANVAS_FIELDS:
            copy = copies.get((use_case.id, field))
            if copy is not None:
                shown[(use_case.id, field)] = (copy.text, copy.version)
            else:
                value = getattr(use_case, field)
                shown[(use_case.id, field)] = (getattr(value, "value", value) or "", versions[field])
    return shown


def field_revisions(workshop, use_case_id, field):
    if field not in CANVAS_FIELDS:
        raise NotFound()
    _use_case_on_agenda(workshop, use_case_id)
    return shared_text.history(workshop.id, use_case_id, field)


def revision_pairs(revisions):
    """Each revision with the text before it (the next older one), newest first."""
    older = list(revisions[1:]) + [None]
    return [(r, o.text if o is not None else None) for r, o in zip(revisions, older)]


def user_names(ids):
    from roadmap.accounts.models import User

    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())
