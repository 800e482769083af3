"""Told when it moves: followers and commenters of the source section, when status, progress or an
indicator changes; never someone who may not see the experiment."""
from datetime import date

from sqlalchemy import select

from roadmap.extensions import db
from roadmap.followup import service
from roadmap.followup.models import ActionFollower
from roadmap.notifications.models import Notification
from roadmap.notifications.recipients import action_watchers
from roadmap.followup.permissions import can_view_experiment
from tests.drafts.factories import make_comment
from tests.factories import make_user
from tests.followup.factories import make_indicator


def _values(experiment, **changes):
    values = {name: getattr(experiment, name) for name in service.EXPERIMENT_FIELDS}
    values.update(changes)
    return values


def _told(user):
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id)).all()


def test_followers_and_commenters_are_told_when_the_status_changes(world):
    follower, commenter = make_user(), make_user()
    db.session.add(ActionFollower(action_id=world["action"].id, user_id=follower.id))
    make_comment(commenter, world["action"].section)
    service.update_experiment(world["lead"], world["public"], _values(world["public"], status="paused"))
    assert [n.kind for n in _told(follower)] == ["experiment_status"]
    assert [n.kind for n in _told(commenter)] == ["experiment_status"]
    assert _told(world["lead"]) == []  # never the person who acted


def test_progress_and_values_tell_the_followers(world):
    follower = make_user()
    db.session.add(ActionFollower(action_id=world["action"].id, user_id=follower.id))
    service.update_experiment(world["lead"], world["public"], _values(world["public"], progress=60))
    indicator = make_indicator(world["public"])
    service.add_value(world["member"], indicator, date(2026, 2, 1), 42.0, "Comptage")
    assert sorted(n.kind for n in _told(follower)) == ["experiment_progress", "indicator_value"]


def test_nothing_changed_tells_nobody(world):
    follower = make_user()
    db.session.add(ActionFollower(action_id=world["action"].id, user_id=follower.id))
    service.update_experiment(world["lead"], world["public"], _values(world["public"], title="Nouveau titre"))
    assert _told(follower) == []


def test_a_non_public_experiment_never_tells_someone_who_may_not_see_it(world):
    outsider_follower, commenter = make_user(), make_user()
    db.session.add(ActionFollower(action_id=world["action"].id, user_id=outsider_follower.id))
    db.session.add(ActionFollower(action_id=world["action"].id, user_id=world["partner"].id))
    make_comment(commenter, world["action"].section)
    private = world["private"]
    service.update_experiment(world["lead"], private, _values(private, status="finished"))
    indicator = make_indicator(private)
    service.add_value(world["member"], indicator, date(2026, 2, 1), 42.0, "Comptage")
    assert _told(outsider_follower) == [] and _told(commenter) == []
    assert len(_told(world["partner"])) == 2  # a tied partner may see it


def test_the_rule_is_a_subset_of_who_may_see(world):
    people = [make_user() for _ in range(3)] + [world["partner"], world["other_lead"], world["editor"]]
    for person in people:
        db.session.add(ActionFollower(action_id=world["action"].id, user_id=person.id))
    db.session.flush()
    for experiment in (world["public"], world["private"]):
        for user in action_watchers(world["action"], experiment):
            assert can_view_experiment(user, experiment)
    assert world["editor"] in action_watchers(world["action"], world["private"])
    assert world["other_lead"] not in action_watchers(world["action"], world["private"])


def test_a_hidden_comments_author_is_not_told(world):
    from roadmap.core.timeutil import utcnow

    commenter = make_user()
    make_comment(commenter, world["action"].section, hidden_at=utcnow(), hidden_reason="spam")
    service.update_experiment(world["lead"], world["public"], _values(world["public"], status="paused"))
    assert _told(commenter) == []


def test_the_notification_reads_in_the_readers_language(app, world, client):
    from tests.factories import login

    follower = make_user(language="en")
    db.session.add(ActionFollower(action_id=world["action"].id, user_id=follower.id))
    service.update_experiment(world["lead"], world["public"], _values(world["public"], progress=70))
    db.session.commit()
    login(client, follower)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Coach CO2" in page and "70" in page


def test_the_status_is_written_in_the_readers_language(world, app):
    from flask_babel import force_locale

    from roadmap.notifications.labels import notification_text

    follower = make_user()
    db.session.add(ActionFollower(action_id=world["action"].id, user_id=follower.id))
    service.update_experiment(world["lead"], world["public"], _values(world["public"], status="paused"))
    notification = _told(follower)[0]
    with app.test_request_context():
        with force_locale("fr"):
            assert "En pause" in notification_text(notification)
        with force_locale("en"):
            assert "Paused" in notification_text(notification)


def test_a_partners_proposed_entry_tells_the_leads(world):
    service.add_entry(world["partner"], world["public"], date(2026, 3, 1), "Atelier")
    assert [n.kind for n in _told(world["lead"])] == ["timeline_proposed"]
    assert _told(world["member"]) == [] and _told(world["other_lead"]) == []
    service.add_entry(world["member"], world["public"], date(2026, 3, 2), "Écrit par un membre")
    assert len(_told(world["lead"])) == 1  # a member's entry needs nobody
