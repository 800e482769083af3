"""The board's rules, called as services: merging keeps the dots, the timer is enforced by the server."""
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from roadmap.core.errors import Conflict
from roadmap.extensions import db
from roadmap.workshops import board, facilitation, room, rules
from roadmap.workshops.models import Dot


def _workshop(**values):
    base = dict(canvas_locked=False, activity=None, timer_ends_at=None)
    return SimpleNamespace(**{**base, **values})


NOW = datetime(2030, 6, 3, 10, 0)


@pytest.mark.parametrize("activity, ends, over", [
    (None, NOW - timedelta(minutes=1), False),  # a plain countdown enforces nothing
    ("cards", NOW + timedelta(seconds=1), False),
    ("cards", NOW, True),
    ("voting", NOW - timedelta(seconds=1), True),
    ("voting", None, False),
])
def test_an_activity_is_over_at_its_end(activity, ends, over):
    assert rules.activity_over(_workshop(activity=activity, timer_ends_at=ends), NOW) is over


def test_cards_are_refused_after_the_time_for_cards_and_votes_after_the_vote():
    cards_over = _workshop(activity="cards", timer_ends_at=NOW - timedelta(seconds=1))
    with pytest.raises(Conflict):
        rules.require_cards_open(cards_over, NOW)
    rules.require_votes_open(cards_over, NOW)  # the dots go on
    vote_over = _workshop(activity="voting", timer_ends_at=NOW)
    with pytest.raises(Conflict):
        rules.require_votes_open(vote_over, NOW)
    rules.require_cards_open(vote_over, NOW)


def test_the_lock_refuses_cards_whatever_the_activity():
    with pytest.raises(Conflict):
        rules.require_cards_open(_workshop(canvas_locked=True), NOW)
    with pytest.raises(Conflict):
        rules.require_board_open(_workshop(canvas_locked=True))


def test_remaining_seconds_for_a_late_joiner():
    assert rules.remaining_seconds(_workshop(timer_ends_at=NOW + timedelta(minutes=4, seconds=30)), NOW) == 270
    assert rules.remaining_seconds(_workshop(timer_ends_at=NOW - timedelta(minutes=1)), NOW) == 0
    assert rules.remaining_seconds(_workshop(), NOW) is None


def _dots(card_id, user_id):
    return db.session.scalar(db.select(db.func.count(Dot.id)).where(Dot.card_id == card_id, Dot.user_id == user_id))


def test_merge_keeps_the_dots_without_doubling_anyones(app):
    from tests.workshops.helpers import live_room

    data = live_room(dots=5)
    w, uc, a, b, editor = data["workshop"].id, data["use_case"].id, data["a"], data["b"], data["editor"]
    target = room.add_card(w, a, uc, "idea", "Covoiturage")
    source = room.add_card(w, b, uc, "idea", "Co-voiturage")
    for _ in range(2):
        room.add_dot(w, a, source.id)  # Alice: 2 on the duplicate, 1 on the target → keeps 2
    room.add_dot(w, a, target.id)
    room.add_dot(w, b, source.id)  # Bruno: only on the duplicate → his dot moves
    room.add_dot(w, editor, target.id)  # Claire: only on the target → unchanged
    merged = board.merge_cards(w, editor, source.id, target.id)
    assert merged.id == target.id
    assert (_dots(target.id, a.id), _dots(target.id, b.id), _dots(target.id, editor.id)) == (2, 1, 1)
    assert room.dots_used(w, a.id) == 2  # her third dot went back to her
    assert db.session.scalar(db.select(db.func.count(Dot.id))) == 4


def test_merge_gives_the_target_the_cluster_of_the_duplicate(app):
    from tests.workshops.helpers import live_room

    data = live_room()
    w, uc, editor = data["workshop"].id, data["use_case"].id, data["editor"]
    cluster = board.create_cluster(w, editor, uc, "Partage")
    target = room.add_card(w, data["a"], uc, "idea", "A")
    source = room.add_card(w, data["b"], uc, "idea", "A bis")
    board.move_card(w, editor, source.id, cluster.id)
    assert board.merge_cards(w, editor, source.id, target.id).cluster_id == cluster.id


def test_starting_a_vote_stops_authors_editing_and_sets_its_options(app):
    from tests.workshops.helpers import live_room

    data = live_room()
    workshop = facilitation.start_activity(data["workshop"].id, data["editor"], 5, "voting", hidden=True,
                                           one_dot_per_card=True, now=NOW)
    assert workshop.timer_ends_at == NOW + timedelta(minutes=5)
    assert workshop.vote_started_at == NOW and workshop.votes_hidden and workshop.one_dot_per_card
    again = facilitation.start_activity(data["workshop"].id, data["editor"], 0)
    assert again.timer_ends_at is None and again.activity is None and again.vote_started_at == NOW
