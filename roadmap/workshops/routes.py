"""Workshops: list, schedule, answer an invitation, open/close, minutes, calendar file."""
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from roadmap.core.caching import browser_cacheable
from roadmap.core.errors import Conflict, Invalid
from roadmap.core.i18n import writer_language
from roadmap.core.page_cache import cached_page
from roadmap.core.params import query_int
from roadmap.core.permissions import editor_required, login_required
from roadmap.core.requests import public_url
from roadmap.extensions import db
from roadmap.territories.models import Organisation, Territory
from roadmap.workshops import board_view, permissions, queries, results, room, service, working_copy
from roadmap.workshops.calendar import calendar_filename, calendar_key, workshop_ics, workshop_of_key
from roadmap.workshops.forms import EmptyForm, MinutesForm, WorkshopForm
from roadmap.workshops.labels import CANVAS_LABELS, CARD_KIND_LABELS
from roadmap.workshops.models import RegistrationStatus, UseCase, Workshop
from roadmap.workshops.times import utc_to_paris

bp = Blueprint("workshops", __name__)


def _visible(workshop):
    """Every workshop URL goes through here: to someone not invited, it does not exist."""
    if workshop is None or not permissions.can_view_workshop(current_user, workshop):
        abort(404)
    return workshop


def get_workshop(workshop_id):
    return _visible(db.session.get(Workshop, workshop_id))


def get_room_workshop(workshop_id):
    """The workshop with its use cases and their field versions (the room shows them all)."""
    return _visible(db.session.get(Workshop, workshop_id, options=[
        selectinload(Workshop.use_cases).selectinload(UseCase.field_versions)]))


@bp.get("/workshops")
@login_required
def workshop_list():
    coming, past = queries.coming_and_past_workshops(permissions.visible_workshops(current_user))
    counts = queries.registration_counts([w.id for w in coming + past.items])
    return render_template("workshops/list.html", coming=coming, past=past, counts=counts)


def _fill_choices(form):
    territories = [(t.id, t.name) for t in db.session.scalars(select(Territory).order_by(Territory.name))]
    form.host_territory.choices = [(0, _("No host territory"))] + territories
    form.invited_territories.choices = territories
    form.invited_organisations.choices = [
        (o.id, o.name) for o in db.session.scalars(select(Organisation).order_by(Organisation.name))]
    form.use_cases.choices = [(u.id, u.title) for u in db.session.scalars(select(UseCase).order_by(UseCase.title))]


def _workshop_form(workshop):
    form = WorkshopForm()
    _fill_choices(form)
    if workshop.id and not form.is_submitted():
        start, end = utc_to_paris(workshop.starts_at), utc_to_paris(workshop.ends_at)
        form.process(obj=workshop, day=start.date(), start_time=start.time().replace(tzinfo=None),
                     end_time=end.time().replace(tzinfo=None), host_territory=workshop.host_territory_id or 0,
                     invited_territories=[t.id for t in workshop.invited_territories],
                     invited_organisations=[o.id for o in workshop.invited_organisations],
                     use_cases=[u.id for u in workshop.use_cases])
    if form.validate_on_submit():
        data = service.WorkshopData(
            title=form.title.data, kind=form.kind.data, day=form.day.data, start=form.start_time.data,
            end=form.end_time.data, place=form.place.data, online_url=form.online_url.data,
            host_territory_id=form.host_territory.data or None, territory_ids=form.invited_territories.data,
            organisation_ids=form.invited_organisations.data, use_case_ids=form.use_cases.data,
            agenda=form.agenda.data, dots_per_participant=form.dots_per_participant.data,
            agenda_language=form.agenda_language.data,
        )
        try:
            service.save_workshop(workshop, data, current_user)
        except service.TimeRangeInvalid as error:
            form.end_time.errors.append(error.message)
        except service.AgendaInvalid as error:
            form.agenda.errors.append(error.message)
        except Invalid as error:
            form.place.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The workshop has been saved."), "success")
            return redirect(url_for("workshops.workshop_detail", workshop_id=workshop.id))
    return render_template("workshops/form.html", form=form, workshop=workshop), \
        422 if form.is_submitted() else 200


@bp.route("/workshops/new", methods=["GET", "POST"])
@editor_required
def workshop_new():
    return _workshop_form(Workshop())


@bp.route("/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
@editor_required
def workshop_edit(workshop_id):
    return _workshop_form(get_workshop(workshop_id))


@bp.get("/workshops/<int:workshop_id>")
@login_required
# Kept as long as the other pages: who is connected may be up to 30 s old in a kept copy, and an
# open room page gets it from its event stream at once (presence lives in the broker, not a table).
@cached_page
def workshop_detail(workshop_id):
    workshop = get_room_workshop(workshop_id)
    participant = permissions.is_participant(current_user, workshop)
    context = dict(
        workshop=workshop, participants=service.participants(workshop), participant=participant,
        my_status=permissions.registration_status(current_user, workshop),
        invited=permissions.is_invited(current_user, workshop),
        facilitator=permissions.can_facilitate(current_user, workshop),
        calendar_link=public_url("workshops.workshop_calendar", workshop_id=workshop.id, key=calendar_key(workshop)),
        can_reopen=permissions.can_reopen(current_user, workshop),
    )
    if workshop.is_live and participant:
        shown = shown_use_case(workshop, query_int("use_case"))
        return render_template("workshops/room.html", **context, shown=shown, **room_context(workshop))
    return render_template("workshops/detail.html", **context, **closed_results_context(workshop))


def closed_results_context(workshop):
    """What the workshop's page shows of a session seen from outside the room: the results kept at
    the close, or (live, for someone not registered) the results as they stand."""
    if workshop.is_planned:
        return dict(cards=[], results=[], result_people=[])
    kept = results.kept_results(workshop.id) if workshop.is_closed else {}
    shown = [kept[u.id] for u in workshop.use_cases if u.id in kept] or results.build_results(workshop)
    people = results.people_names(shown[0].get("participant_ids", [])) if kept and shown else []
    return dict(cards=room.room_cards(workshop.id, hidden=workshop.votes_hidden), results=shown, result_people=people)


def shown_use_case(workshop, asked_id):
    """The one use case whose canvas and cards the room page holds in full (the others are links):
    the one asked for, else the facilitator's "follow me" target, else the first on the agenda."""
    by_id = {u.id: u for u in workshop.use_cases}
    return by_id.get(asked_id) or by_id.get(workshop.focus_use_case_id) or next(iter(workshop.use_cases), None)


def room_context(workshop):
    """What the room (and the board fragments it fetches again) shows its reader."""
    cards = room.room_cards(workshop.id, hidden=workshop.votes_hidden)
    return dict(
        cards=cards, cards_by_use_case={u.id: [c for c in cards if c["use_case_id"] == u.id] for u in workshop.use_cases},
        my_dots=room.my_dots_by_card(workshop.id, current_user.id),
        dots_used=room.dots_used(workshop.id, current_user.id), people=room.present_people(workshop.id),
        canvas_labels=CANVAS_LABELS, card_kinds_plain={k.value: str(v) for k, v in CARD_KIND_LABELS.items()},
        field_copies=working_copy.copies_for_page(workshop),
        **board_view.board_context(workshop, cards, current_user),
    )


def _answer(workshop_id, status, message):
    workshop = get_workshop(workshop_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    service.answer_invitation(workshop, current_user, status)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("workshops.workshop_detail", workshop_id=workshop_id))


@bp.post("/workshops/<int:workshop_id>/register")
@login_required
def workshop_register(workshop_id):
    return _answer(workshop_id, RegistrationStatus.REGISTERED, _("You are registered for this workshop."))


@bp.post("/workshops/<int:workshop_id>/decline")
@login_required
def workshop_decline(workshop_id):
    return _answer(workshop_id, RegistrationStatus.DECLINED, _("You have declined this workshop."))


@bp.post("/workshops/<int:workshop_id>/open")
@editor_required
def workshop_open(workshop_id):
    get_workshop(workshop_id)
    room.open_session(workshop_id, current_user)
    db.session.commit()
    flash(_("The session is open: the room is live."), "success")
    return redirect(url_for("workshops.workshop_detail", workshop_id=workshop_id))


@bp.get("/workshops/<int:workshop_id>/close")
@editor_required
def workshop_close_confirm(workshop_id):
    workshop = get_workshop(workshop_id)
    if not workshop.is_live:
        raise Conflict(_("Only a live workshop can be closed."))
    return render_template(
        "confirm.html", question=_("Close the session “%(title)s”?", title=workshop.title),
        consequences=[_("The room becomes read-only for everybody: no more cards, dots or canvas changes."),
                      _("The results are kept and the minutes can be written."),
                      _("An editor can reopen the session until midnight today if it was closed by mistake.")],
        action=url_for("workshops.workshop_close", workshop_id=workshop.id), button=_("Close the session"),
        danger=True, cancel_url=url_for("workshops.workshop_detail", workshop_id=workshop.id))


@bp.post("/workshops/<int:workshop_id>/close")
@editor_required
def workshop_close(workshop_id):
    get_workshop(workshop_id)
    room.close_session(workshop_id, current_user)
    db.session.commit()
    flash(_("The session is closed. You can now write the minutes."), "success")
    return redirect(url_for("workshops.workshop_detail", workshop_id=workshop_id))


@bp.post("/workshops/<int:workshop_id>/reopen")
@editor_required
def workshop_reopen(workshop_id):
    get_workshop(workshop_id)
    room.reopen_session(workshop_id, current_user)
    db.session.commit()
    flash(_("The session is open again: the room is live."), "success")
    return redirect(url_for("workshops.workshop_detail", workshop_id=workshop_id))


@bp.route("/workshops/<int:workshop_id>/minutes", methods=["GET", "POST"])
@editor_required
def workshop_minutes(workshop_id):
    workshop = get_workshop(workshop_id)
    form = MinutesForm(obj=workshop)
    prefilled = not form.is_submitted() and not workshop.minutes.strip() and workshop.is_closed
    if prefilled:  # the minutes start from the session's results; the editor writes the rest
        form.minutes.data = results.minutes_draft(workshop, {k.value: str(v) for k, v in CARD_KIND_LABELS.items()})
        form.minutes_language.data = writer_language()  # the draft is written in the interface's language
    if form.validate_on_submit():
        try:
            service.save_minutes(workshop, form.minutes.data, current_user, form.minutes_language.data)
        except service.MinutesInvalid as error:
            form.minutes.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The minutes have been saved."), "success")
            return redirect(url_for("workshops.workshop_detail", workshop_id=workshop_id))
    if not workshop.is_closed:
        flash(_("The minutes are written once the workshop is closed."), "error")
        return redirect(url_for("workshops.workshop_detail", workshop_id=workshop_id))
    return render_template("workshops/minutes.html", form=form, workshop=workshop, prefilled=prefilled), \
        422 if form.is_submitted() else 200


@bp.get("/workshops/<int:workshop_id>/calendar.ics")
@browser_cacheable()  # for its invitees only, but the same for each of them
def workshop_calendar(workshop_id):
    """The calendar file: for those who may see the workshop, or for anyone holding the signed
    link its invitees were given (a colleague without an account, a calendar subscription)."""
    key = request.args.get("key")
    if key is not None:
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is None or workshop_of_key(key) != workshop_id:
            abort(404)
    elif not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    else:
        workshop = get_workshop(workshop_id)
    url = public_url("workshops.workshop_detail", workshop_id=workshop_id)
    body = workshop_ics(workshop, url, urlsplit(url).hostname or "localhost")
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="{calendar_filename(workshop)}"'})
