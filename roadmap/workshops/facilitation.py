"""The facilitator's tools: a timed activity the server enforces, a vote with hidden dots (and one
dot per card), who may create clusters, and "follow me"."""
from datetime import timedelta

from flask_babel import gettext as _

from roadmap.core.errors import Invalid, NotAllowed
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.workshops import permissions, rules
from roadmap.workshops.board_models import Cluster
from roadmap.workshops.room import MAX_TIMER_MINUTES, _require_live, _use_case_on_agenda, lock_workshop, record_event
from roadmap.workshops.times import iso_utc


def _facilitated(workshop_id, user):
    workshop = lock_workshop(workshop_id)
    if not permissions.can_arrange_board(user, workshop):
        raise NotAllowed(_("Only the facilitator does this."))
    _require_live(workshop)
    return workshop


def timer_event(workshop):
    return {"ends_at": iso_utc(workshop.timer_ends_at), "activity": workshop.activity,
            "hidden": workshop.votes_hidden, "one_dot_per_card": workshop.one_dot_per_card}


def start_activity(workshop_id, user, minutes, activity=None, hidden=False, one_dot_per_card=False, now=None):
    """Start a countdown of ``minutes`` for an activity: "cards" (after the end, no new card),
    "voting" (after the end, no dot placed or taken back; its dots hidden until revealed if asked,
    one per card if asked), or None (a plain countdown). 0 minutes stops the countdown and the
    activity: cards and dots are accepted again."""
    workshop = _facilitated(workshop_id, user)
    if activity not in (None, "") + rules.ACTIVITIES:
        raise Invalid(_("Choose the activity: cards, or a vote."))
    if not 0 <= minutes <= MAX_TIMER_MINUTES:
        raise Invalid(_("Between 0 and %(max)d minutes.", max=MAX_TIMER_MINUTES))
    now = now or utcnow()
    was_hidden = workshop.votes_hidden
    if not minutes:
        workshop.timer_ends_at, workshop.activity = None, None
    else:
        workshop.timer_ends_at, workshop.activity = now + timedelta(minutes=minutes), activity or None
    if workshop.activity == rules.VOTING:
        workshop.vote_started_at = workshop.vote_started_at or now
        workshop.votes_hidden = bool(hidden)
        workshop.one_dot_per_card = bool(one_dot_per_card)
    record_event(workshop, "timer", timer_event(workshop))
    if was_hidden != workshop.votes_hidden:
        record_event(workshop, "reveal", {"hidden": workshop.votes_hidden})
    return workshop


def reveal_votes(workshop_id, user):
    """Show every card's dots to everybody (the vote's results)."""
    workshop = _facilitated(workshop_id, user)
    workshop.votes_hidden = False
    record_event(workshop, "reveal", {"hidden": False})
    return workshop


def set_open_clusters(workshop_id, user, allowed):
    """Let every participant create clusters and sort cards (or only the facilitator)."""
    workshop = _facilitated(workshop_id, user)
    workshop.open_clusters = bool(allowed)
    record_event(workshop, "settings", {"open_clusters": workshop.open_clusters})
    return workshop


def set_focus(workshop_id, user, use_case_id, cluster_id=None):
    """ "Follow me": bring everybody who follows to a use case of the agenda (or one of its
    clusters); no use case: stop leading."""
    workshop = _facilitated(workshop_id, user)
    cluster = None
    if use_case_id is None:
        workshop.focus_use_case_id = workshop.focus_cluster_id = None
    else:
        use_case = _use_case_on_agenda(workshop, use_case_id)
        if cluster_id:
            cluster = db.session.get(Cluster, cluster_id)
            if cluster is None or cluster.workshop_id != workshop.id or cluster.use_case_id != use_case.id:
                raise Invalid(_("Choose a cluster of this use case."))
        workshop.focus_use_case_id, workshop.focus_cluster_id = use_case.id, cluster.id if cluster else None
    record_event(workshop, "focus", focus_event(workshop, cluster))
    return workshop


def focus_event(workshop, cluster=None):
    if workshop.focus_use_case_id is None:
        return {"use_case_id": None, "cluster_id": None, "anchor": None}
    anchor = (f"cluster-{workshop.focus_cluster_id}" if workshop.focus_cluster_id
              else f"uc-{workshop.focus_use_case_id}-title")
    return {"use_case_id": workshop.focus_use_case_id, "cluster_id": workshop.focus_cluster_id, "anchor": anchor,
            "cluster": cluster.name if cluster else None}
