"""The board's rules that every change of the room checks: the lock, and the timed activity the
server enforces. Pure functions of the workshop row (the caller holds its lock)."""
from flask_babel import gettext as _

from roadmap.core.errors import Conflict
from roadmap.core.timeutil import utcnow

CARDS = "cards"
VOTING = "voting"
ACTIVITIES = (CARDS, VOTING)


def activity_over(workshop, now=None):
    """The timed activity has reached its end (a plain countdown, without activity, enforces nothing)."""
    return bool(workshop.activity and workshop.timer_ends_at and (now or utcnow()) >= workshop.timer_ends_at)


def require_cards_open(workshop, now=None):
    """Cards are added, edited, moved or merged only while the board is not locked and the time for
    cards has not run out."""
    if workshop.canvas_locked:
        raise Conflict(_("The board is locked: cards can no longer be added, changed or moved."))
    if workshop.activity == CARDS and activity_over(workshop, now):
        raise Conflict(_("The time for cards is over: new cards are no longer accepted."))


def require_board_open(workshop):
    """Arranging (edit, move, merge, clusters) stops with the lock only: a timed activity never
    keeps the facilitator from sorting the cards."""
    if workshop.canvas_locked:
        raise Conflict(_("The board is locked: cards can no longer be added, changed or moved."))


def require_votes_open(workshop, now=None):
    if workshop.activity == VOTING and activity_over(workshop, now):
        raise Conflict(_("The vote is over: dots can no longer be placed or taken back."))


def remaining_seconds(workshop, now=None):
    """What a late joiner's countdown starts from (None: no countdown)."""
    if not workshop.timer_ends_at:
        return None
    return max(0, int((workshop.timer_ends_at - (now or utcnow())).total_seconds()))
