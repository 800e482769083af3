"""The shared text's endpoints: updates and sync (the room's script), presence in the fields,
and each field's history (a page that works without script) with the facilitator's restore.

Updates come as the request's body (Yjs binary), the field named in the query string; the CSRF
token in the X-CSRFToken header like every other POST of the room.
"""
import base64
import binascii
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from roadmap.core.errors import Invalid, NotAllowed
from roadmap.drafts.diff import diff_words  # plain texts word by word, <ins>/<del> marked
from roadmap.core.live import get_broker
from roadmap.core.params import query_int
from roadmap.core.permissions import login_required
from roadmap.extensions import db
from roadmap.workshops import copy_review, permissions, room, shared_text, text_batch, text_rate, working_copy
from roadmap.workshops.forms import EmptyForm
from roadmap.workshops.labels import CANVAS_LABELS, field_value_label
from roadmap.workshops.models import CANVAS_FIELDS, TEXT_FIELDS
from roadmap.workshops.routes import get_workshop

bp = Blueprint("workshop_text", __name__)
MAX_SYNC_FIELDS = 500
MAX_POSITION_BYTES = 256


ACCESS_SECONDS = 5


def _participant_of(workshop_id):
    """The workshop, once the current user is known to take part in its room.

    A keystroke is a request: a granted participation is remembered by this process for a few
    seconds (a withdrawn right takes effect within ACCESS_SECONDS); a refusal is never
    remembered. The workshop's state and lock are read fresh by the service every time."""
    import time

    from flask import current_app

    from roadmap.workshops.models import Workshop

    granted = current_app.extensions.setdefault("room_access", {})
    key = (current_user.id, current_user.get_id(), workshop_id)
    if granted.get(key, 0) > time.monotonic():
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is not None:
            return workshop
    workshop = get_workshop(workshop_id)
    if not permissions.is_participant(current_user, workshop):
        raise NotAllowed(_("Only the registered participants take part in the room."))
    if len(granted) > 10_000:
        granted.clear()
    granted[key] = time.monotonic() + ACCESS_SECONDS
    return workshop


@bp.post("/workshops/<int:workshop_id>/live/text")
@login_required
def text_update(workshop_id):
    workshop = _participant_of(workshop_id)
    text_rate.check("text", current_user.id)
    if (request.content_length or 0) > shared_text.MAX_UPDATE_BYTES:
        raise shared_text.TooLarge()
    update = request.get_data(cache=False)
    if not update:
        raise shared_text.Malformed()
    use_case_id, field = query_int("use_case_id"), request.args.get("field", "")
    working_copy.check_text_write(workshop, current_user, use_case_id, field, known_participant=True)
    writer = text_batch.Writer(current_user.id, current_user.display_name)
    version = text_batch.write(workshop_id, use_case_id, field, writer, update,
                               request.args.get("client", "")[:40])
    return jsonify({"version": version})


@bp.post("/workshops/<int:workshop_id>/live/text/sync")
@login_required
def text_sync(workshop_id):
    get_workshop(workshop_id)
    body = request.get_json(silent=True)
    items = body.get("fields") if isinstance(body, dict) else None
    if not isinstance(items, list) or not items or len(items) > MAX_SYNC_FIELDS:
        raise shared_text.Malformed()
    wanted = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("use_case_id"), int) \
                or not isinstance(item.get("field"), str) or not isinstance(item.get("sv", ""), str):
            raise shared_text.Malformed()
        wanted.append((item["use_case_id"], item["field"], shared_text.unb64(item.get("sv", ""))))
    answers = working_copy.sync_fields(workshop_id, current_user, wanted)
    db.session.commit()
    return jsonify({"fields": answers})


@bp.post("/workshops/<int:workshop_id>/live/text/presence")
@login_required
def text_presence(workshop_id):
    """Where this person's caret is (or that they left a field): relayed, never stored."""
    _participant_of(workshop_id)
    text_rate.check("presence", current_user.id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise shared_text.Malformed()
    field, use_case_id = body.get("field"), body.get("use_case_id")
    if field is not None and (field not in TEXT_FIELDS or not isinstance(use_case_id, int)):
        raise Invalid(_("Unknown field."))
    positions = {}
    for name in ("anchor", "head"):
        value = body.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > MAX_POSITION_BYTES
                                  or not _is_base64(value)):
            raise shared_text.Malformed()
        positions[name] = value
    client = str(body.get("client", ""))[:40]
    db.session.commit()
    get_broker().publish(room.channel(workshop_id), {"kind": "cursor", "data": {
        "user_id": current_user.id, "name": current_user.display_name, "client": client,
        "use_case_id": use_case_id if field else None, "field": field, **positions,
    }})
    return jsonify({"ok": True})


def _is_base64(value):
    try:
        base64.b64decode(value, validate=True)
        return True
    except (binascii.Error, ValueError):
        return False


@bp.get("/workshops/<int:workshop_id>/live/history/<int:use_case_id>/<field>")
@login_required
def field_history(workshop_id, use_case_id, field):
    workshop = get_workshop(workshop_id)
    if not permissions.is_participant(current_user, workshop):
        raise NotAllowed()
    if field not in CANVAS_FIELDS:
        abort(404)
    revisions = working_copy.field_revisions(workshop, use_case_id, field)
    names = working_copy.user_names({r.user_id for r in revisions if r.user_id})
    use_case = next(u for u in workshop.use_cases if u.id == use_case_id)
    return render_template(
        "workshops/field_history.html", workshop=workshop, use_case=use_case, field=field,
        label=CANVAS_LABELS[field][0], names=names,
        steps=[_step(field, r, old) for r, old in working_copy.revision_pairs(revisions)],
        facilitator=permissions.can_facilitate(current_user, workshop) and workshop.is_live, form=EmptyForm())


def _step(field, revision, old):
    """(revision, its text as shown, the change from the step before, or None for the first one):
    a choice field (theme, governance model) reads as its label, not its code."""
    new = field_value_label(field, revision.text)
    return revision, new, diff_words(field_value_label(field, old), new) if old is not None else None


@bp.post("/workshops/<int:workshop_id>/live/history/<int:revision_id>/restore")
@login_required
def field_restore(workshop_id, revision_id):
    get_workshop(workshop_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    working_copy.restore(workshop_id, current_user, revision_id)
    db.session.commit()
    flash(_("The earlier text is back: everybody in the room sees it."), "success")
    return redirect(request.referrer if _same_site(request.referrer) else
                    url_for("workshops.workshop_detail", workshop_id=workshop_id))


def _same_site(url):
    from urllib.parse import urlsplit

    if not url:
        return False
    parts = urlsplit(url)
    return parts.netloc == request.host and parts.path.startswith("/workshops/")


# The working copy → the use case ------------------------------------------------------------------

@bp.get("/workshops/<int:workshop_id>/working-copy")
@login_required
def working_copy_review(workshop_id):
    workshop = get_workshop(workshop_id)
    changes = copy_review.pending_changes(workshop, current_user)
    for change in changes:
        change["diff"] = diff_words(field_value_label(change["field"], change["old"]),
                                    field_value_label(change["field"], change["new"]))
    return render_template("workshops/working_copy.html", workshop=workshop, changes=changes, form=EmptyForm())


@bp.post("/workshops/<int:workshop_id>/working-copy/apply")
@login_required
def working_copy_apply(workshop_id):
    """First a confirmation page naming the fields, then (confirmed) the changes themselves."""
    workshop = get_workshop(workshop_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    keys = request.form.getlist("seen") if request.form.get("all") else request.form.getlist("change")
    chosen = copy_review.parse_keys(keys)
    if not request.form.get("confirmed"):
        wanted = {(u, f) for u, f, _v in chosen}
        changes = [c for c in copy_review.pending_changes(workshop, current_user)
                   if (c["use_case"].id, c["field"]) in wanted]
        return render_template("workshops/working_copy_confirm.html", workshop=workshop, changes=changes,
                               keys=[f"{u}:{f}:{v}" for u, f, v in chosen], form=EmptyForm())
    applied = copy_review.apply_changes(workshop, current_user, chosen)
    db.session.commit()
    flash(_("%(n)d fields of the use cases now read as the working copy.", n=len(applied)), "success")
    return redirect(url_for("workshop_text.working_copy_review", workshop_id=workshop_id))
