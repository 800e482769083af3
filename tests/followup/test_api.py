"""/api/v1/actions and /api/v1/experiments: public experiments only, ?since= semantics, pages."""
from datetime import datetime, timedelta

from roadmap.extensions import db
from roadmap.followup.models import Action, Experiment


def test_actions_list_every_action_with_its_public_experiments_only(client, world):
    body = client.get("/api/v1/actions").get_json()
    assert body["total"] == 1
    action = body["actions"][0]
    assert action["title"] == "Petites expérimentations"
    assert action["experiments"] == [world["public"].id]
    assert action["section"]["version"] >= 1


def test_experiments_never_list_a_non_public_one(client, world):
    body = client.get("/api/v1/experiments").get_json()
    assert [e["id"] for e in body["experiments"]] == [world["public"].id]
    assert client.get(f"/api/v1/experiments/{world['private'].id}").status_code == 404
    assert client.get(f"/api/v1/experiments/{world['public'].id}").get_json()["title"] == "Coach CO2"


def test_since_keeps_what_changed_at_or_after_the_moment(client, world):
    old, recent = datetime(2026, 1, 1, 8, 0), datetime(2026, 3, 1, 8, 0)
    db.session.get(Experiment, world["public"].id).updated_at = recent
    db.session.get(Action, world["action"].id).updated_at = old
    db.session.commit()
    ids = lambda url: [e["id"] for e in client.get(url).get_json()["experiments"]]  # noqa: E731
    assert ids("/api/v1/experiments?since=2026-03-01T08:00:00Z") == [world["public"].id]  # inclusive
    assert ids("/api/v1/experiments?since=2026-03-01T08:00:01Z") == []
    assert ids("/api/v1/experiments?since=2026-03-01T09:00:00%2B02:00") == [world["public"].id]  # = 07:00 UTC
    assert ids("/api/v1/experiments?since=2026-02-28") == [world["public"].id]
    assert ids("/api/v1/experiments?since=2026-03-02") == []
    actions = client.get("/api/v1/actions?since=2026-02-01").get_json()
    assert actions["total"] == 0
    assert client.get("/api/v1/actions?since=2025-12-31").get_json()["total"] == 1


def test_a_change_moves_the_experiment_into_since(client, world, app):
    from datetime import date

    from roadmap.followup import service
    from tests.followup.factories import make_indicator

    moment = datetime.utcnow() - timedelta(seconds=1)
    db.session.get(Experiment, world["public"].id).updated_at = moment - timedelta(days=10)
    db.session.commit()
    since = (moment.replace(microsecond=0)).isoformat() + "Z"
    assert client.get(f"/api/v1/experiments?since={since}").get_json()["total"] == 0
    indicator = make_indicator(db.session.get(Experiment, world["public"].id))
    service.add_value(world["member"], indicator, date(2026, 2, 1), 3.0, "")
    db.session.commit()
    assert client.get(f"/api/v1/experiments?since={since}").get_json()["total"] == 1


def test_a_bad_since_is_a_422(client, world):
    for value in ("hier", "2026-13-01", "2026-03-01T08:00:00", "9999-01-01", "x" * 50):
        response = client.get(f"/api/v1/experiments?since={value}")
        assert response.status_code == 422, value
        assert "since" in response.get_json()["error"]


def test_the_next_page_keeps_since(client, world):
    from roadmap.followup import api
    from tests.followup.factories import make_experiment

    for n in range(api.PAGE_SIZE):
        make_experiment(world["rochelle"], world["action"], title=f"E{n}")
    db.session.commit()
    body = client.get("/api/v1/experiments?since=2000-01-01").get_json()
    assert body["pages"] == 2 and "since=2000-01-01" in body["next"] and "page=2" in body["next"]


def test_an_unencoded_plus_in_since_is_understood(client, world):
    db.session.get(Experiment, world["public"].id).updated_at = datetime(2026, 3, 1, 8, 0)
    db.session.commit()
    body = client.get("/api/v1/experiments?since=2026-03-01T09:00:00+02:00").get_json()
    assert [e["id"] for e in body["experiments"]] == [world["public"].id]
