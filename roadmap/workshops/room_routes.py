"""The live room's endpoints: the event stream, a snapshot, and the changes participants make.

Each change answers JSON to the room's script (Accept: application/json) and redirects back to
the room for a browser without script. Errors are the domain errors: 403, 404, 409, 422.
"""
from flask import (
    Blueprint, Response, current_app, flash, jsonify, redirect, render_template, request, stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from roadmap.core.errors import Invalid, NotAllowed
from roadmap.core.page_cache import cached_page
from roadmap.core.params import MAX_ID, parse_int, query_int
from roadmap.core.permissions import login_required
from roadmap.extensions import db
from roadmap.workshops import permissions, room, working_copy
from roadmap.workshops.forms import EmptyForm, LockForm, TimerForm
from roadmap.workshops.labels import CANVAS_LABELS
from roadmap.workshops.routes import get_room_workshop, get_workshop
from roadmap.workshops.service import FieldConflict
from roadmap.workshops.stream import room_stream
from roadmap.workshops.times import iso_utc

bp = Blueprint("workshop_room", __name__)


def _wants_json():
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def _done(payload, message, status=200):
    if _wants_json():
        return jsonify(payload), status
    flash(message, "success")
    return redirect(url_for("workshops.workshop_detail", workshop_id=request.view_args["workshop_id"]))


def _validated(form):
    if not form.validate_on_submit():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        raise Invalid(str(errors[0]) if errors else None)
    return form


def _number(text, kind=int, default=0):
    try:
        return kind(text) if text and text.isascii() else default
    except ValueError:
        return default


def _last_event_id():
    """Sent back by the browser when it reconnects; on a first connection, the page's own id."""
    # A number the browser echoes: anything else than a sequence number in range counts as none.
    return parse_int(request.headers.get("Last-Event-ID") or request.args.get("last_event_id"), 0, MAX_ID) or 0


@bp.get("/workshops/<int:workshop_id>/live/stream")
@login_required
def room_events(workshop_id):
    workshop = get_workshop(workshop_id)
    if not permissions.is_participant(current_user, workshop):
        raise NotAllowed()
    config = current_app.config
    lifetime = config.get("LIVE_STREAM_SECONDS", 300)
    asked = _number(request.args.get("lifetime"), float, None)  # a client (or a test) may only shorten it
    if asked is not None and asked == asked:
        lifetime = min(lifetime, max(0.1, asked))
    heartbeat = config.get("LIVE_HEARTBEAT_SECONDS", 15)
    user_id, last_seq = current_user.id, _last_event_id()
    db.session.commit()  # end the read transaction: the stream holds no connection while it waits
    db.session.close()
    generator = room_stream(current_app._get_current_object(), workshop_id, user_id, last_seq, lifetime, heartbeat)
    return Response(stream_with_context(generator), mimetype="text/event-stream", headers={
        "Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"})


@bp.get("/workshops/<int:workshop_id>/live/state")
@login_required
@cached_page(max_age=5)
def room_state(workshop_id):
    """A fresh snapshot of the room (what the page shows), with the last event's id."""
    workshop = get_room_workshop(workshop_id)
    if not permissions.is_participant(current_user, workshop):
        raise NotAllowed()
    copies = working_copy.copies_for_page(workshop)
    return jsonify({
        "state": workshop.state.value, "last_event_id": workshop.last_event_seq,
        "locked": workshop.canvas_locked, "timer_ends_at": iso_utc(workshop.timer_ends_at),
        "dots_per_participant": workshop.dots_per_participant,
        "dots_used": room.dots_used(workshop.id, current_user.id),
        "cards": room.room_cards(workshop.id, hidden=workshop.votes_hidden),
        "activity": workshop.activity, "votes_hidden": workshop.votes_hidden,
        "one_dot_per_card": workshop.one_dot_per_card, "people": room.present_people(workshop.id),
        # The workshop's working copy (what the room writes), the use case's text where none yet.
        "use_cases": [{"id": u.id, "versions": {name: copies[(u.id, name)][1] for name in CANVAS_LABELS},
                       "fields": {name: copies[(u.id, name)][0] for name in CANVAS_LABELS}}
                      for u in workshop.use_cases],
    })


@bp.post("/workshops/<int:workshop_id>/live/fields")
@login_required
def room_edit_field(workshop_id):
    get_workshop(workshop_id)
    form = request.form  # CSRF is checked for every POST; the service checks the rest, rights first
    value = form.get("value", "")
    try:
        version = room.edit_field(workshop_id, current_user, query_int("use_case_id", values=form),
                                  form.get("field", ""), value, query_int("version", minimum=0, values=form))
    except FieldConflict as conflict:
        db.session.rollback()
        if _wants_json():
            return jsonify({"error": conflict.message, "field": conflict.field_name,
                            "current_value": conflict.current_value, "current_version": conflict.current_version,
                            "status": 409}), 409
        workshop = get_workshop(workshop_id)
        return render_template("workshops/field_conflict.html", workshop=workshop, conflict=conflict,
                               mine=value, use_case_id=query_int("use_case_id", values=form),
                               label=CANVAS_LABELS.get(conflict.field_name, ("", ""))[0], form=EmptyForm()), 409
    db.session.commit()
    return _done({"version": version}, _("Saved."))


@bp.post("/workshops/<int:workshop_id>/live/cards")
@login_required
def room_add_card(workshop_id):
    get_workshop(workshop_id)
    form = request.form  # CSRF is checked for every POST; the service checks the rest, rights first
    card = room.add_card(workshop_id, current_user, query_int("use_case_id", values=form), form.get("kind", ""),
                         form.get("text", ""), form.get("language"))
    db.session.commit()
    return _done({"id": card.id}, _("Your card has been added."), 201)


@bp.post("/workshops/<int:workshop_id>/live/cards/<int:card_id>/dots")
@login_required
def room_add_dot(workshop_id, card_id):
    get_workshop(workshop_id)
    _validated(EmptyForm())
    total = room.add_dot(workshop_id, current_user, card_id)
    used = room.dots_used(workshop_id, current_user.id)
    db.session.commit()
    return _done({"dots": total, "used": used}, _("Your dot is placed."))


@bp.post("/workshops/<int:workshop_id>/live/cards/<int:card_id>/dots/remove")
@login_required
def room_remove_dot(workshop_id, card_id):
    get_workshop(workshop_id)
    _validated(EmptyForm())
    total = room.remove_dot(workshop_id, current_user, card_id)
    used = room.dots_used(workshop_id, current_user.id)
    db.session.commit()
    return _done({"dots": total, "used": used}, _("Your dot is taken back."))


@bp.post("/workshops/<int:workshop_id>/live/timer")
@login_required
def room_timer(workshop_id):
    get_workshop(workshop_id)
    form = _validated(TimerForm())
    workshop = room.set_timer(workshop_id, current_user, form.minutes.data)
    db.session.commit()
    return _done({"ends_at": iso_utc(workshop.timer_ends_at)}, _("The timer is set."))


@bp.post("/workshops/<int:workshop_id>/live/lock")
@login_required
def room_lock(workshop_id):
    get_workshop(workshop_id)
    form = _validated(LockForm())
    workshop = room.set_canvas_lock(workshop_id, current_user, form.locked.data)
    db.session.commit()
    message = _("The canvas is locked for the vote.") if workshop.canvas_locked else _("The canvas is unlocked.")
    return _done({"locked": workshop.canvas_locked}, message)
