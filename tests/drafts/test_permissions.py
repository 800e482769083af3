"""Who may do what, in which state of the version: role × action × state → HTTP status."""
from datetime import timedelta

import pytest

from roadmap.drafts.models import Comment, CommentStatus, Section, VersionState
from roadmap.extensions import db
from tests.conftest import post
from tests.drafts.factories import make_comment, make_version
from tests.factories import (login, make_editor, make_lead, make_member, make_organisation, make_partner,
                             make_territory, make_user)

ROLES = ["visitor", "outsider", "member", "lead", "partner", "editor"]
PARTICIPANTS = ("outsider", "member")  # logged in: they take part like a lead or a partner
STATES = ["draft", "consultation", "closed", "published"]


def _setup(state):
    territory = make_territory()
    people = {"editor": make_editor(), "lead": make_lead(territory), "member": make_member(territory),
              "outsider": make_user(), "partner": make_partner(make_organisation(territories=[territory])),
              "other": make_lead(territory)}
    if state == "closed":
        version = make_version(VersionState.CONSULTATION, closes_in=-timedelta(hours=1))
    else:
        version = make_version(VersionState(state))
    section = version.sections[0]
    comment = make_comment(people["other"], section) if state != "draft" else None
    db.session.commit()
    return people, version, section, comment


def _with_participants(table):
    """Every logged-in participant is treated like a lead."""
    return {**table, **{role: table["lead"] for role in PARTICIPANTS}}


def _as(client, role, people):
    if role != "visitor":
        login(client, people[role])


def _outcome(response):
    if response.status_code == 302 and "/login" in response.headers["Location"]:
        return "login"
    return response.status_code


VIEW = {
    "visitor": {"draft": 404, "consultation": 404, "closed": 404, "published": 200},
    "lead": {"draft": 404, "consultation": 200, "closed": 200, "published": 200},
    "partner": {"draft": 404, "consultation": 200, "closed": 200, "published": 200},
    "editor": {"draft": 200, "consultation": 200, "closed": 200, "published": 200},
}
VIEW = _with_participants(VIEW)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_who_reads_which_version(client, role, state):
    people, version, section, _comment = _setup(state)
    _as(client, role, people)
    response = client.get(f"/roadmap/v/{version.number}")
    assert response.status_code == VIEW[role][state]
    if response.status_code == 404:
        assert section.title not in response.get_data(as_text=True)


EDIT_SECTION = {
    "visitor": dict.fromkeys(STATES, "login"),
    "lead": dict.fromkeys(STATES, 403),
    "partner": dict.fromkeys(STATES, 403),
    "editor": {"draft": 302, "consultation": 409, "closed": 409, "published": 409},
}
EDIT_SECTION = _with_participants(EDIT_SECTION)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_who_edits_a_section(client, role, state):
    people, _version, section, _comment = _setup(state)
    _as(client, role, people)
    response = post(client, f"/roadmap/sections/{section.id}/edit",
                    {"title": "Nouveau titre", "body": "Nouveau texte", "revision": section.revision})
    assert _outcome(response) == EDIT_SECTION[role][state]
    db.session.expire_all()
    changed = db.session.get(Section, section.id).title == "Nouveau titre"
    assert changed == (EDIT_SECTION[role][state] == 302)


COMMENT = {
    "visitor": dict.fromkeys(STATES, "login"),
    "lead": {"draft": 404, "consultation": 302, "closed": 422, "published": 403},
    "partner": {"draft": 404, "consultation": 302, "closed": 422, "published": 403},
    "editor": {"draft": 403, "consultation": 302, "closed": 422, "published": 403},
}
COMMENT = _with_participants(COMMENT)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_who_comments(client, role, state):
    people, _version, section, _comment = _setup(state)
    before = db.session.query(Comment).count()
    _as(client, role, people)
    response = post(client, f"/roadmap/sections/{section.id}/comment", {"body": "Mon avis", "stance": "supports"})
    assert _outcome(response) == COMMENT[role][state]
    assert db.session.query(Comment).count() == before + (1 if COMMENT[role][state] == 302 else 0)


MODERATE = {
    "visitor": dict.fromkeys(STATES[1:], "login"),
    "lead": dict.fromkeys(STATES[1:], 403),
    "partner": dict.fromkeys(STATES[1:], 403),
    "editor": dict.fromkeys(STATES[1:], 302),
}
MODERATE = _with_participants(MODERATE)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES[1:])
def test_who_sets_a_status_and_answers(client, role, state):
    people, _version, _section, comment = _setup(state)
    _as(client, role, people)
    response = post(client, f"/roadmap/comments/{comment.id}/answer", {"status": "accepted", "answer": "Merci"})
    assert _outcome(response) == MODERATE[role][state]
    db.session.expire_all()
    accepted = db.session.get(Comment, comment.id).status == CommentStatus.ACCEPTED
    assert accepted == (MODERATE[role][state] == 302)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES[1:])
def test_who_hides_a_comment(client, role, state):
    people, _version, _section, comment = _setup(state)
    _as(client, role, people)
    response = post(client, f"/roadmap/comments/{comment.id}/hide", {"reason": "Hors sujet"})
    assert _outcome(response) == MODERATE[role][state]
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).hidden == (MODERATE[role][state] == 302)


REPORT = {
    "visitor": dict.fromkeys(STATES[1:], "login"),
    "lead": dict.fromkeys(STATES[1:], 302),
    "partner": dict.fromkeys(STATES[1:], 302),
    "editor": dict.fromkeys(STATES[1:], 302),
}
REPORT = _with_participants(REPORT)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES[1:])
def test_who_reports_a_comment(client, role, state):
    people, _version, _section, comment = _setup(state)
    _as(client, role, people)
    response = post(client, f"/roadmap/comments/{comment.id}/report", {"reason": "Propos déplacés"})
    assert _outcome(response) == REPORT[role][state]


EDITOR_PAGES = ["/roadmap/v/{n}/comments", "/roadmap/v/{n}/comments.csv", "/roadmap/v/{n}/sections/new",
                "/roadmap/v/{n}/consultation"]


@pytest.mark.parametrize("role, expected", [("visitor", "login"), ("outsider", 403), ("member", 403), ("lead", 403),
                                            ("partner", 403), ("editor", 200)])
@pytest.mark.parametrize("page", EDITOR_PAGES)
def test_editor_pages_are_for_editors(client, role, expected, page):
    people, version, _section, _comment = _setup("draft")
    _as(client, role, people)
    assert _outcome(client.get(page.format(n=version.number))) == expected


@pytest.mark.parametrize("role, expected", [("visitor", "login"), ("outsider", 403), ("member", 403), ("lead", 403),
                                            ("partner", 403), ("editor", 302)])
@pytest.mark.parametrize("action", ["create", "move", "delete", "consultation", "publish"])
def test_partner_cannot_draft_or_publish(client, role, expected, action):
    from datetime import date

    people, version, section, _comment = _setup("draft")
    second = Section(version=version, title="Deux", body="", position=2)
    db.session.add(second)
    if action == "create":
        version.state, version.closes_at = VersionState.PUBLISHED, version.created_at
    if action == "publish":
        version.state, version.closes_at = VersionState.CONSULTATION, version.created_at + timedelta(days=9)
    db.session.commit()
    _as(client, role, people)
    url, data = {
        "create": ("/roadmap/versions", {}),
        "move": (f"/roadmap/sections/{section.id}/move", {"direction": "down"}),
        "delete": (f"/roadmap/sections/{section.id}/delete", {}),
        "consultation": (f"/roadmap/v/{version.number}/consultation",
                         {"closes_on": (date.today() + timedelta(days=10)).isoformat(), "closes_time": "18:00"}),
        "publish": (f"/roadmap/v/{version.number}/publish", {}),
    }[action]
    assert _outcome(post(client, url, data)) == expected
