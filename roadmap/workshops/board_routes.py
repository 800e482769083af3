"""The board's endpoints: cards edited, removed, moved and merged, clusters, the facilitator's tools,
and the fragments an open room fetches again when its board changes.

As in room_routes: JSON for the room's script (Accept: application/json), a redirect back to the
room's board for a browser without script; errors are the domain errors (403, 404, 409, 422).
"""
from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from roadmap.core.errors import Invalid, NotAllowed, NotFound
from roadmap.core.page_cache import cached_page
from roadmap.core.params import query_int
from roadmap.core.permissions import login_required
from roadmap.extensions import db
from roadmap.workshops import board, facilitation, permissions
from roadmap.workshops.forms import EmptyForm
from roadmap.workshops.room_routes import _wants_json
from roadmap.workshops.routes import get_room_workshop, get_workshop, room_context

bp = Blueprint("workshop_board", __name__)


def _done(payload, message, anchor="", status=200):
    if _wants_json():
        return jsonify(payload), status
    flash(message, "success")
    url = url_for("workshops.workshop_detail", workshop_id=request.view_args["workshop_id"])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _form_int(name):
    return query_int(name, values=request.form)


def _checked(name):
    return request.form.get(name, "") in ("y", "on", "1", "true")


# Cards ---------------------------------------------------------------------------------------------

@bp.post("/workshops/<int:workshop_id>/live/cards/<int:card_id>/edit")
@login_required
def card_edit(workshop_id, card_id):
    get_workshop(workshop_id)  # CSRF is checked for every POST; the service checks the rest, rights first
    try:
        card = board.edit_card(workshop_id, current_user, card_id, request.form.get("text", ""),
                               request.form.get("kind") or None, request.form.get("language"),
                               seen=request.form.get("seen_text"))
    except board.CardConflict as conflict:
        db.session.rollback()
        if _wants_json():
            return jsonify({"error": conflict.message, "current_text": conflict.current_text, "status": 409}), 409
        return render_template("workshops/card_conflict.html", workshop=get_workshop(workshop_id),
                               conflict=conflict, kind=request.form.get("kind") or conflict.card.kind.value,
                               language=request.form.get("language") or conflict.card.language,
                               form=EmptyForm()), 409
    db.session.commit()
    return _done({"id": card.id, "text": card.text}, _("The card has been changed."), f"card-{card.id}")


@bp.post("/workshops/<int:workshop_id>/live/cards/<int:card_id>/remove")
@login_required
def card_remove(workshop_id, card_id):
    get_workshop(workshop_id)
    board.remove_card(workshop_id, current_user, card_id)
    db.session.commit()
    return _done({"removed": card_id}, _("The card has been removed."), "board")


@bp.post("/workshops/<int:workshop_id>/live/cards/<int:card_id>/move")
@login_required
def card_move(workshop_id, card_id):
    get_workshop(workshop_id)
    card = board.move_card(workshop_id, current_user, card_id, _form_int("cluster_id"))
    db.session.commit()
    return _done({"id": card.id, "cluster_id": card.cluster_id}, _("The card has been moved."), f"card-{card.id}")


@bp.post("/workshops/<int:workshop_id>/live/cards/merge")
@login_required
def cards_merge(workshop_id):
    get_workshop(workshop_id)
    target = board.merge_cards(workshop_id, current_user, _form_int("source_id"), _form_int("target_id"))
    db.session.commit()
    return _done({"id": target.id}, _("The cards have been merged."), f"card-{target.id}")


# Clusters ------------------------------------------------------------------------------------------

@bp.post("/workshops/<int:workshop_id>/live/clusters")
@login_required
def cluster_create(workshop_id):
    get_workshop(workshop_id)
    cluster = board.create_cluster(workshop_id, current_user, _form_int("use_case_id"), request.form.get("name", ""))
    db.session.commit()
    return _done({"id": cluster.id, "name": cluster.name}, _("The cluster has been created."),
                 f"cluster-{cluster.id}", 201)


@bp.post("/workshops/<int:workshop_id>/live/clusters/<int:cluster_id>/rename")
@login_required
def cluster_rename(workshop_id, cluster_id):
    get_workshop(workshop_id)
    cluster = board.rename_cluster(workshop_id, current_user, cluster_id, request.form.get("name", ""))
    db.session.commit()
    return _done({"id": cluster.id, "name": cluster.name}, _("The cluster has been renamed."), f"cluster-{cluster.id}")


@bp.post("/workshops/<int:workshop_id>/live/clusters/<int:cluster_id>/remove")
@login_required
def cluster_remove(workshop_id, cluster_id):
    get_workshop(workshop_id)
    board.remove_cluster(workshop_id, current_user, cluster_id)
    db.session.commit()
    return _done({"removed": cluster_id}, _("The cluster has been removed; its cards are kept."), "board")


# The facilitator's tools -------------------------------------------------------------------------

@bp.post("/workshops/<int:workshop_id>/live/activity")
@login_required
def activity_start(workshop_id):
    get_workshop(workshop_id)
    minutes = query_int("minutes", minimum=0, maximum=facilitation.MAX_TIMER_MINUTES, values=request.form)
    if minutes is None:
        raise Invalid(_("Enter a number of minutes (0 stops the countdown)."))
    workshop = facilitation.start_activity(workshop_id, current_user, minutes, request.form.get("activity") or None,
                                           hidden=_checked("hidden"), one_dot_per_card=_checked("one_dot_per_card"))
    db.session.commit()
    message = _("The countdown is stopped.") if not minutes else _("The activity has started.")
    return _done(facilitation.timer_event(workshop), message, "facilitation")


@bp.post("/workshops/<int:workshop_id>/live/reveal")
@login_required
def votes_reveal(workshop_id):
    get_workshop(workshop_id)
    facilitation.reveal_votes(workshop_id, current_user)
    db.session.commit()
    return _done({"hidden": False}, _("The dots are revealed."), "results-title")


@bp.post("/workshops/<int:workshop_id>/live/open-clusters")
@login_required
def clusters_open(workshop_id):
    get_workshop(workshop_id)
    workshop = facilitation.set_open_clusters(workshop_id, current_user, _checked("allowed"))
    db.session.commit()
    message = _("Every participant may now create clusters.") if workshop.open_clusters \
        else _("Only the facilitator creates clusters now.")
    return _done({"open_clusters": workshop.open_clusters}, message, "facilitation")


@bp.post("/workshops/<int:workshop_id>/live/focus")
@login_required
def focus_set(workshop_id):
    get_workshop(workshop_id)
    target = request.form.get("target", "")  # "", "uc-<id>" or "cluster-<use case id>-<cluster id>"
    kind, _sep, ids = target.partition("-")
    parts = ids.split("-")
    if target and (kind not in ("uc", "cluster") or not all(p.isdigit() and len(p) < 10 for p in parts)
                   or len(parts) != (1 if kind == "uc" else 2)):
        raise Invalid(_("Choose a use case or a cluster of the agenda."))
    use_case_id = int(parts[0]) if target else None
    cluster_id = int(parts[1]) if kind == "cluster" else None
    workshop = facilitation.set_focus(workshop_id, current_user, use_case_id, cluster_id)
    db.session.commit()
    message = _("Everybody who follows you is brought there.") if use_case_id else _("You no longer lead the room.")
    return _done(facilitation.focus_event(workshop), message, "facilitation")


# Fragments the room fetches again ------------------------------------------------------------------

def _room_for_fragment(workshop_id):
    workshop = get_room_workshop(workshop_id)
    if not permissions.is_participant(current_user, workshop):
        raise NotAllowed()
    return workshop


def _use_case_on_agenda(workshop, use_case_id):
    use_case = next((u for u in workshop.use_cases if u.id == use_case_id), None)
    if use_case is None:
        raise NotFound(_("This use case is not on the workshop's agenda."))
    return use_case


@bp.get("/workshops/<int:workshop_id>/live/board/<int:use_case_id>")
@login_required
@cached_page(max_age=5)
def board_fragment(workshop_id, use_case_id):
    """One use case's board (clusters and cards), with the controls this reader may use."""
    workshop = _room_for_fragment(workshop_id)
    use_case = _use_case_on_agenda(workshop, use_case_id)
    return render_template("workshops/_board.html", u=use_case, workshop=workshop, **room_context(workshop))


@bp.get("/workshops/<int:workshop_id>/live/canvas/<int:use_case_id>")
@login_required
@cached_page(max_age=5)
def canvas_fragment(workshop_id, use_case_id):
    """One use case's live canvas: the room page holds one in full, its script opens the others in place."""
    workshop = _room_for_fragment(workshop_id)
    use_case = _use_case_on_agenda(workshop, use_case_id)
    return render_template("workshops/_room_use_case.html", u=use_case, workshop=workshop, **room_context(workshop))


@bp.get("/workshops/<int:workshop_id>/live/results")
@login_required
@cached_page(max_age=5)
def results_fragment(workshop_id):
    workshop = _room_for_fragment(workshop_id)
    return render_template("workshops/_results.html", workshop=workshop, **room_context(workshop))
