"""The live room: canvas edits, cards, dots, facilitation, and the event log that feeds the streams.

Every change of a room locks the workshop row, checks the rules, records a ``LiveEvent`` with the
next sequence number of the room, and queues the broker message for after the commit. The row
lock orders the commits, so a stream that has seen event n has seen every event before n.
"""
import json

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from roadmap.core.audit import record_audit
from roadmap.core.errors import Conflict, Invalid, NotAllowed, NotFound
from roadmap.core.i18n import checked_language
from roadmap.core.live import get_broker, publish_after_commit
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.workshops import permissions, rules
from roadmap.workshops.models import (
    CARD_MAX, Card, CardKind, Dot, LiveEvent, UseCase, Workshop,
    WorkshopState, workshop_use_case,
)
from roadmap.workshops.service import _display_value
from roadmap.workshops.times import iso_utc

# An open stream beats every LIVE_HEARTBEAT_SECONDS; without a beat for this long it is gone.
PRESENCE_TIMEOUT_SECONDS = 60
MAX_TIMER_MINUTES = 180


def channel(workshop_id):
    return f"workshop:{workshop_id}"


def lock_workshop(workshop_id):
    """The workshop, re-read under a row lock (PostgreSQL; SQLite writes already hold the lock)."""
    workshop = db.session.scalar(
        select(Workshop).where(Workshop.id == workshop_id).with_for_update()
        .execution_options(populate_existing=True)
    )
    if workshop is None:
        raise NotFound()
    return workshop


def record_event(workshop, kind, data):
    """Append an event to the room's log (the caller holds the workshop lock)."""
    workshop.last_event_seq += 1
    seq = workshop.last_event_seq
    db.session.add(LiveEvent(workshop_id=workshop.id, seq=seq, kind=kind,
                             payload=json.dumps(data, ensure_ascii=False)))
    db.session.flush()
    publish_after_commit(db.session(), channel(workshop.id), {"seq": seq, "kind": kind, "data": data})
    return seq


def events_since(workshop_id, seq, limit=500):
    rows = db.session.execute(
        select(LiveEvent.seq, LiveEvent.kind, LiveEvent.payload)
        .where(LiveEvent.workshop_id == workshop_id, LiveEvent.seq > seq)
        .order_by(LiveEvent.seq).limit(limit)
    ).all()
    return [{"seq": s, "kind": k, "data": json.loads(p)} for s, k, p in rows]


def _require_participant(workshop, user):
    if not permissions.is_participant(user, workshop):
        raise NotAllowed(_("Only the registered participants take part in the room."))


def _require_live(workshop):
    if workshop.state == WorkshopState.PLANNED:
        raise Conflict(_("The session has not been opened yet."))
    if workshop.state == WorkshopState.CLOSED:
        raise Conflict(_("The session is closed: nothing can be changed any more."))


def _use_case_on_agenda(workshop, use_case_id):
    on_agenda = db.session.scalar(
        select(func.count()).select_from(workshop_use_case)
        .where(workshop_use_case.c.workshop_id == workshop.id, workshop_use_case.c.use_case_id == use_case_id)
    )
    if not on_agenda:
        raise NotFound(_("This use case is not on the workshop's agenda."))
    return db.session.get(UseCase, use_case_id)


# Session -----------------------------------------------------------------------------------------

def open_session(workshop_id, user):
    """planned → live."""
    workshop = lock_workshop(workshop_id)
    if not permissions.can_facilitate(user, workshop):
        raise NotAllowed()
    if workshop.state != WorkshopState.PLANNED:
        raise Conflict(_("Only a planned workshop can be opened."))
    workshop.state = WorkshopState.LIVE
    record_event(workshop, "state", {"state": workshop.state.value})
    record_audit(user, "workshop.state_changed", workshop, summary=f"{workshop.title}: live")
    return workshop


def close_session(workshop_id, user):
    """live → closed: the room becomes read-only and shows the results."""
    workshop = lock_workshop(workshop_id)
    if not permissions.can_facilitate(user, workshop):
        raise NotAllowed()
    if workshop.state != WorkshopState.LIVE:
        raise Conflict(_("Only a live workshop can be closed."))
    workshop.state = WorkshopState.CLOSED
    workshop.timer_ends_at = None
    workshop.activity = None
    workshop.votes_hidden = False  # the session is over: its results are the dots as they stand
    workshop.closed_at = utcnow()
    from roadmap.workshops.results import keep_results  # the results read the room's cards

    keep_results(workshop)
    record_event(workshop, "state", {"state": workshop.state.value})
    record_audit(user, "workshop.state_changed", workshop, summary=f"{workshop.title}: closed")
    return workshop


def reopen_session(workshop_id, user, now=None):
    """closed → live again, the day it was closed (Paris time): a session closed by mistake goes on.
    Later, the results and minutes stand as they are."""
    workshop = lock_workshop(workshop_id)
    if not permissions.can_facilitate(user, workshop):
        raise NotAllowed()
    if not permissions.can_reopen(user, workshop, now):
        raise Conflict(_("Only a session closed today can be reopened."))
    workshop.state = WorkshopState.LIVE
    workshop.closed_at = None
    record_event(workshop, "state", {"state": workshop.state.value})
    record_audit(user, "workshop.state_changed", workshop, summary=f"{workshop.title}: reopened")
    return workshop


def set_timer(workshop_id, user, minutes):
    """Start a plain countdown of ``minutes`` (0 stops it) that every participant sees (a timed
    activity: roadmap.workshops.facilitation.start_activity)."""
    from roadmap.workshops.facilitation import start_activity

    return start_activity(workshop_id, user, minutes)


def set_canvas_lock(workshop_id, user, locked):
    """Lock the canvas and the cards for the vote (dots go on), or unlock them."""
    workshop = lock_workshop(workshop_id)
    if not permissions.can_facilitate(user, workshop):
        raise NotAllowed()
    _require_live(workshop)
    workshop.canvas_locked = bool(locked)
    record_event(workshop, "lock", {"locked": workshop.canvas_locked})
    return workshop


# Canvas, cards, dots -----------------------------------------------------------------------------

def edit_field(workshop_id, user, use_case_id, name, value, seen_version):
    """Save a canvas field to the workshop's working copy (the no-script form); a stale version
    raises FieldConflict (409). The public use case changes when the facilitator applies it."""
    from roadmap.workshops.working_copy import save_form

    return save_form(workshop_id, user, use_case_id, name, value, seen_version)


def announce_form_edit(use_case, names, user):
    """Edits made through the use-case form also reach the live rooms that have it on their agenda."""
    if not names:
        return
    live_ids = db.session.scalars(
        select(Workshop.id).join(workshop_use_case, workshop_use_case.c.workshop_id == Workshop.id)
        .where(workshop_use_case.c.use_case_id == use_case.id, Workshop.state == WorkshopState.LIVE)
        .order_by(Workshop.id)
    ).all()
    versions = use_case.versions()
    for workshop_id in live_ids:
        workshop = lock_workshop(workshop_id)
        for name in names:
            record_event(workshop, "field", {
                "use_case_id": use_case.id, "field": name, "value": _display_value(name, getattr(use_case, name)),
                "version": versions[name], "by": user.display_name, "by_id": user.id,
            })


def add_card(workshop_id, user, use_case_id, kind, text, language=None):
    """A short contribution card (idea, question, risk, resource) on a use case of the agenda."""
    workshop = lock_workshop(workshop_id)
    _require_participant(workshop, user)
    _require_live(workshop)
    rules.require_cards_open(workshop)
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write the card's text."))
    if len(text) > CARD_MAX:
        raise Invalid(_("A card holds at most %(max)d characters.", max=CARD_MAX))
    try:
        kind = CardKind(kind)
    except ValueError:
        raise Invalid(_("Choose the kind of card.")) from None
    language = checked_language(language)
    if use_case_id is None:
        raise Invalid()
    use_case = _use_case_on_agenda(workshop, use_case_id)
    card = Card(workshop_id=workshop.id, use_case_id=use_case.id, kind=kind, text=text, language=language,
                author_id=user.id)
    db.session.add(card)
    db.session.flush()
    record_event(workshop, "card", {"card": card_json(card, user.display_name, None if workshop.votes_hidden else 0)})
    return card


def card_json(card, author_name, dots):
    """dots None: hidden until the facilitator reveals them."""
    return {"id": card.id, "use_case_id": card.use_case_id, "kind": card.kind.value, "text": card.text, "lang": card.language,
            "author": author_name, "dots": dots, "cluster_id": card.cluster_id, "author_id": card.author_id}


def dots_used(workshop_id, user_id):
    return db.session.scalar(
        select(func.count(Dot.id)).where(Dot.workshop_id == workshop_id, Dot.user_id == user_id)
    ) or 0


def _card_of(workshop, card_id):
    card = db.session.get(Card, card_id)
    if card is None or card.workshop_id != workshop.id:
        raise NotFound()
    return card


def add_dot(workshop_id, user, card_id):
    """Put one of the participant's dots on a card; never more than the workshop allows, never a
    second one on a card when the vote gives one dot per card, never after the vote's time."""
    workshop = lock_workshop(workshop_id)
    _require_participant(workshop, user)
    _require_live(workshop)
    rules.require_votes_open(workshop)
    card = _card_of(workshop, card_id)
    used = dots_used(workshop.id, user.id)
    if used >= workshop.dots_per_participant:
        raise Invalid(_("You have used all your %(n)d dots.", n=workshop.dots_per_participant))
    if workshop.one_dot_per_card and db.session.scalar(
            select(func.count(Dot.id)).where(Dot.card_id == card.id, Dot.user_id == user.id)):
        raise Conflict(_("One dot per card in this vote: you already have one on this card."))
    db.session.add(Dot(workshop_id=workshop.id, card_id=card.id, user_id=user.id))
    db.session.flush()
    return _dots_changed(workshop, card, user, used + 1)


def remove_dot(workshop_id, user, card_id):
    """Take back one of one's own dots from a card (not after the vote's time)."""
    workshop = lock_workshop(workshop_id)
    _require_participant(workshop, user)
    _require_live(workshop)
    rules.require_votes_open(workshop)
    card = _card_of(workshop, card_id)
    dot_id = db.session.scalar(
        select(Dot.id).where(Dot.card_id == card.id, Dot.user_id == user.id).order_by(Dot.id.desc()).limit(1)
    )
    if dot_id is None:
        raise Conflict(_("You have no dot on this card."))
    db.session.execute(delete(Dot).where(Dot.id == dot_id))
    return _dots_changed(workshop, card, user, dots_used(workshop.id, user.id))


def _dots_changed(workshop, card, user, used):
    """The card's new total, or None while the votes are hidden (the event then says only who voted)."""
    if workshop.votes_hidden:
        record_event(workshop, "dots", {"card_id": card.id, "dots": None, "user_id": user.id, "used": used,
                                        "hidden": True})
        return None
    total = db.session.scalar(select(func.count(Dot.id)).where(Dot.card_id == card.id))
    record_event(workshop, "dots", {"card_id": card.id, "dots": total, "user_id": user.id, "used": used})
    return total


# Reading the room ----------------------------------------------------------------------------------

def room_cards(workshop_id, hidden=False):
    """Cards of the room with their dots, most voted first (the results of the vote); with
    ``hidden``, the totals are left out (None) and the cards come in the order they were added."""
    from roadmap.accounts.models import User

    dots = select(Dot.card_id, func.count(Dot.id).label("n")).where(Dot.workshop_id == workshop_id) \
        .group_by(Dot.card_id).subquery()
    rows = db.session.execute(
        select(Card, User.display_name, func.coalesce(dots.c.n, 0))
        .outerjoin(User, User.id == Card.author_id).outerjoin(dots, dots.c.card_id == Card.id)
        .where(Card.workshop_id == workshop_id)
        .order_by(func.coalesce(dots.c.n, 0).desc(), Card.id)
    ).all()
    if hidden:
        return [card_json(card, name or "", None) for card, name, _n in sorted(rows, key=lambda r: r[0].id)]
    return [card_json(card, name or "", n) for card, name, n in rows]


def my_dots_by_card(workshop_id, user_id):
    rows = db.session.execute(
        select(Dot.card_id, func.count(Dot.id)).where(Dot.workshop_id == workshop_id, Dot.user_id == user_id)
        .group_by(Dot.card_id)
    ).all()
    return dict(rows)


# Presence ------------------------------------------------------------------------------------------

def presence_member(user_id, stream_token):
    """One open stream of one person (a person may have the room open in several tabs)."""
    return f"{user_id}:{stream_token}"


def present_people(workshop_id):
    """Who has the room open now, from the broker's presence (no database write anywhere)."""
    from roadmap.accounts.models import User

    members = get_broker().presence_members(channel(workshop_id))
    user_ids = {int(member.split(":", 1)[0]) for member in members}
    if not user_ids:
        return []
    rows = db.session.execute(
        select(User.id, User.display_name).where(User.id.in_(user_ids)).order_by(User.display_name)
    ).all()
    return [{"id": uid, "name": name} for uid, name in rows]
