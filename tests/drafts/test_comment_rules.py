"""CommentRules decides a reader's rights once per page: it must answer as the single rules do,
for every kind of reader and comment."""
from datetime import timedelta

import pytest

from roadmap.core.timeutil import utcnow
from roadmap.drafts.models import (
    CommentRules, VersionState, can_edit_comment, can_moderate, can_reply, can_report,
)
from tests.drafts.factories import make_comment, make_version
from tests.factories import make_editor, make_lead, make_member, make_territory


@pytest.fixture
def world(app):
    territory = make_territory("La Rochelle")
    lead, member, editor = make_lead(territory), make_member(territory), make_editor()
    versions = {state: make_version(state) for state in VersionState}
    comments = []
    for version in versions.values():
        section = version.sections[0]
        for author in (lead, member):
            fresh = make_comment(author, section)
            old = make_comment(author, section, age=timedelta(hours=2))
            hidden = make_comment(author, section, hidden_at=utcnow(), hidden_by_id=editor.id, hidden_reason="Hors sujet")
            reply = make_comment(author, section, parent=fresh)
            comments += [fresh, old, hidden, reply]
    return {"readers": [None, lead, member, editor], "versions": versions, "comments": comments}


def test_the_rules_of_a_page_answer_as_the_single_rules(world):
    from flask_login import AnonymousUserMixin

    now = utcnow()
    for reader in world["readers"]:
        user = reader or AnonymousUserMixin()
        for comment in world["comments"]:
            rules = CommentRules(user, comment.version, now)
            assert rules.can_reply(comment) == can_reply(user, comment, now)
            assert rules.can_edit(comment) == can_edit_comment(user, comment, now)
            own = reader is not None and comment.author_id == reader.id
            assert rules.can_report(comment) == (can_report(user, comment) and not own)
            assert rules.moderate == can_moderate(user)


def test_the_rules_see_both_answers(world):
    """The table above is not trivially all False: each right is granted somewhere and refused somewhere."""
    now = utcnow()
    answers = {"reply": set(), "edit": set(), "report": set()}
    for reader in world["readers"][1:]:
        for comment in world["comments"]:
            rules = CommentRules(reader, comment.version, now)
            answers["reply"].add(rules.can_reply(comment))
            answers["edit"].add(rules.can_edit(comment))
            answers["report"].add(rules.can_report(comment))
    assert all(seen == {True, False} for seen in answers.values()), answers
