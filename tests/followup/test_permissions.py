"""The permission matrix of the follow-up: role × rule → allowed, against the very functions the
routes, templates and notification rules use."""
import pytest
from flask_login import AnonymousUserMixin

from roadmap.followup import permissions

ANON = AnonymousUserMixin()
ROLES = ("visitor", "outsider", "lead", "member", "partner", "other_lead", "other_partner", "editor")


def _user(world, role):
    return ANON if role == "visitor" else world[role]


@pytest.mark.parametrize("role, allowed", [
    ("visitor", False), ("outsider", False), ("lead", True), ("member", True), ("partner", False),
    ("other_lead", False), ("other_partner", False), ("editor", False)])
def test_only_the_territorys_lead_and_members_edit_its_experiments(world, role, allowed):
    user = _user(world, role)
    assert permissions.can_edit_experiment(user, world["public"]) is allowed
    assert permissions.can_edit_experiment(user, world["private"]) is allowed
    assert permissions.can_create_experiment(user, world["rochelle"].id) is allowed


@pytest.mark.parametrize("role, allowed", [
    ("visitor", False), ("outsider", False), ("lead", True), ("member", True), ("partner", True),
    ("other_lead", False), ("other_partner", False), ("editor", True)])
def test_a_non_public_experiment_is_seen_by_its_territory_partners_and_editors_only(world, role, allowed):
    assert permissions.can_view_experiment(_user(world, role), world["private"]) is allowed
    assert permissions.can_view_experiment(_user(world, role), world["public"]) is True


@pytest.mark.parametrize("role", ROLES)
def test_the_sql_condition_agrees_with_can_view(world, role):
    from sqlalchemy import select

    from roadmap.extensions import db
    from roadmap.followup.models import Experiment

    user = _user(world, role)
    listed = set(db.session.scalars(select(Experiment.id).where(permissions.visible_experiments(user))))
    expected = {e.id for e in (world["public"], world["private"]) if permissions.can_view_experiment(user, e)}
    assert listed == expected


@pytest.mark.parametrize("role, write, propose, decide", [
    ("visitor", False, False, False), ("outsider", False, False, False), ("lead", True, False, True),
    ("member", True, False, False), ("partner", False, True, False), ("other_lead", False, False, False),
    ("other_partner", False, False, False), ("editor", False, False, False)])
def test_timeline_entries_written_by_members_proposed_by_tied_partners_decided_by_the_lead(
        world, role, write, propose, decide):
    user = _user(world, role)
    assert permissions.can_write_entry(user, world["public"]) is write
    assert permissions.can_propose_entry(user, world["public"]) is propose
    assert permissions.can_decide_entry(user, world["public"]) is decide


@pytest.mark.parametrize("role, allowed", [
    ("visitor", False), ("outsider", False), ("lead", True), ("member", False), ("partner", False),
    ("other_lead", False), ("editor", False)])
def test_only_the_lead_commits_their_territory(world, role, allowed):
    assert permissions.can_commit(_user(world, role), world["rochelle"].id) is allowed


@pytest.mark.parametrize("role, allowed", [("visitor", False), ("lead", False), ("editor", True)])
def test_only_editors_manage_actions(world, role, allowed):
    assert permissions.can_manage_actions(_user(world, role)) is allowed
