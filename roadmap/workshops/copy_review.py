"""From the working copy to the use case: the facilitator reviews what the room wrote (a diff per
field) and applies it, field by field or all at once, each against the use case's own version."""
from flask_babel import gettext as _

from roadmap.core.audit import record_audit
from roadmap.core.errors import Conflict, Invalid, NotAllowed
from roadmap.workshops import permissions, shared_text
from roadmap.workshops.labels import CANVAS_LABELS
from roadmap.workshops.models import CANVAS_FIELDS, WorkshopState
from roadmap.workshops.service import FieldConflict, save_canvas_field


def _require_reviewer(workshop, user):
    if not permissions.can_facilitate(user, workshop):
        raise NotAllowed(_("Only the facilitator applies the working copy."))
    if workshop.state == WorkshopState.PLANNED:
        raise Conflict(_("The session has not been opened yet."))


def _plain(value):
    return getattr(value, "value", value) or ""


def pending_changes(workshop, user):
    """Every field whose working copy differs from the use case: (use_case, field, label, old, new,
    the use case field's version), in the order of the agenda and of the canvas."""
    _require_reviewer(workshop, user)
    copies = shared_text.copies_of(workshop.id)
    changes = []
    for use_case in workshop.use_cases:
        versions = use_case.versions()
        for field in CANVAS_FIELDS:
            copy = copies.get((use_case.id, field))
            if copy is None or copy.text == _plain(getattr(use_case, field)):
                continue
            changes.append({"use_case": use_case, "field": field, "label": CANVAS_LABELS[field][0],
                            "old": _plain(getattr(use_case, field)), "new": copy.text, "version": versions[field],
                            "key": f"{use_case.id}:{field}:{versions[field]}"})
    return changes


def parse_keys(keys):
    """'use_case_id:field:version' strings from the form → tuples (bad ones refused)."""
    chosen = []
    for key in keys:
        parts = str(key).split(":")
        if len(parts) != 3 or not parts[0].isdigit() or not parts[2].isdigit() or parts[1] not in CANVAS_FIELDS:
            raise Invalid(_("Choose the fields to apply."))
        chosen.append((int(parts[0]), parts[1], int(parts[2])))
    if not chosen:
        raise Invalid(_("Choose the fields to apply."))
    return chosen


def apply_changes(workshop, user, chosen):
    """Write the working copy of each chosen field into its use case, if the use case's field is
    still at the version the facilitator reviewed. All or nothing: on a conflict nothing is
    applied (the view rolls back) and every conflicting field is named."""
    _require_reviewer(workshop, user)
    pending = {(c["use_case"].id, c["field"]): c for c in pending_changes(workshop, user)}
    conflicts, applied = [], []
    for use_case_id, field, seen in chosen:
        change = pending.get((use_case_id, field))
        if change is None:
            continue  # already the same text
        if field == "title" and not change["new"].strip():
            raise Invalid(_("The title cannot be empty."))
        try:
            save_canvas_field(change["use_case"], field, change["new"], seen, user)
        except FieldConflict:
            conflicts.append(f"{change['use_case'].title} — {change['label']}")
            continue
        applied.append(change)
    if conflicts:
        raise Conflict(_("These fields of the use case were changed since your review: %(fields)s. Review again.",
                         fields=", ".join(conflicts)))
    for use_case in {c["use_case"] for c in applied}:
        names = [c["field"] for c in applied if c["use_case"] is use_case]
        record_audit(user, "use_case.working_copy_applied", use_case,
                     summary=f"{workshop.title}: {', '.join(names)}")
    return applied
