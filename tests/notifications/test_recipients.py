"""Each event's recipients are exactly the people its rule names, and all of them may see the subject."""
from datetime import timedelta

from sqlalchemy import func, select

from roadmap.accounts.models import User
from roadmap.core.timeutil import utcnow
from roadmap.drafts import service as drafts
from roadmap.drafts.models import VersionState, can_view_version
from roadmap.extensions import db
from roadmap.notifications import events
from roadmap.notifications.models import Notification
from roadmap.swot import service as swot
from roadmap.swot.forms import ItemData
from roadmap.swot.permissions import can_view_draft
from roadmap.workshops import service as workshops
from roadmap.workshops.permissions import can_view_use_case, can_view_workshop
from tests.drafts.factories import make_comment, make_version
from tests.factories import (
    make_editor, make_lead, make_member, make_organisation, make_partner, make_territory, make_user,
)
from tests.workshops.helpers import make_use_case, make_workshop


def told(kind):
    return {n.user_id for n in db.session.scalars(select(Notification).where(Notification.kind == kind))}


def everybody():
    return list(db.session.scalars(select(User)))


def test_a_scheduled_workshop_tells_exactly_its_invitees_who_all_may_see_it(app):
    editor = make_editor()
    invited, host, outside = make_territory(), make_territory(), make_territory()
    organisation = make_organisation()
    a, b = make_lead(invited), make_member(invited)
    h = make_member(host)
    p = make_partner(organisation)
    make_lead(outside)
    gone = make_member(invited)
    gone.active = False
    workshop = make_workshop(editor, territories=[invited], host_territory_id=host.id,
                             organisation_ids=[organisation.id])
    assert told("workshop_scheduled") == {a.id, b.id, h.id, p.id}
    invitees = {u.id for u in everybody() if can_view_workshop(u, workshop) and not u.is_editor}
    assert told("workshop_scheduled") == invitees


def test_a_changed_workshop_tells_its_invitees_again_not_its_editor(app):
    editor = make_editor()
    territory = make_territory()
    lead = make_lead(territory)
    workshop = make_workshop(editor, territories=[territory])
    data = workshops.WorkshopData(title="Atelier déplacé", kind="codesign", day=workshop.starts_at.date(),
                                  start=workshop.starts_at.time(), end=workshop.ends_at.time(), place="Aix",
                                  territory_ids=[territory.id])
    workshops.save_workshop(workshop, data, editor)
    assert told("workshop_changed") == {lead.id}


def _item():
    return ItemData(quadrant="strength", dimension="technical", text="Un réseau de fibre", importance=2)


def test_a_proposal_tells_the_territorys_leads_and_the_decision_tells_its_partner(app):
    territory, other = make_territory(), make_territory()
    lead, second_lead = make_lead(territory), make_lead(territory)
    make_member(territory)
    make_lead(other)
    partner = make_partner(make_organisation(territories=[territory]))
    item = swot.add_item(territory, partner, _item())
    assert told("swot_proposed") == {lead.id, second_lead.id}
    swot.decide_proposal(territory, item.id, lead, accept=False)
    assert told("swot_declined") == {partner.id}
    assert can_view_draft(partner, territory.id)
    item = swot.add_item(territory, partner, _item())
    swot.decide_proposal(territory, item.id, lead, accept=True)
    assert told("swot_accepted") == {partner.id}


def test_a_members_own_item_tells_nobody(app):
    territory = make_territory()
    make_lead(territory)
    swot.add_item(territory, make_member(territory), _item())
    assert db.session.scalar(select(func.count(Notification.id))) == 0


def test_an_opened_consultation_and_a_publication_tell_every_participant(app):
    editor = make_editor()
    people = [make_lead(make_territory()), make_user()]
    make_user(active=False)
    version = make_version()
    drafts.open_consultation(editor, version, utcnow() + timedelta(days=10))
    assert told("consultation_opened") == {p.id for p in people}
    assert all(can_view_version(u, version) for u in people)
    drafts.publish_version(editor, version)
    assert told("version_published") == {p.id for p in people}


def test_a_reply_tells_the_comments_author_only(app):
    version = make_version(VersionState.CONSULTATION)
    author, replier, bystander = make_user(), make_user(), make_user()
    comment = make_comment(author, version.sections[0])
    drafts.reply_to(replier, comment, "Je suis d'accord.")
    assert told("comment_replied") == {author.id}
    assert bystander.id not in told("comment_replied")


def test_replying_to_ones_own_comment_tells_nobody(app):
    version = make_version(VersionState.CONSULTATION)
    author = make_user()
    drafts.reply_to(author, make_comment(author, version.sections[0]), "Précision.")
    assert told("comment_replied") == set()


def test_an_answer_tells_the_author_and_a_report_tells_the_editors(app):
    editor, other_editor = make_editor(), make_editor()
    version = make_version(VersionState.CONSULTATION)
    author, reporter = make_user(), make_user()
    comment = make_comment(author, version.sections[0])
    drafts.report_comment(reporter, comment, "Hors sujet")
    assert told("comment_reported") == {editor.id, other_editor.id}
    drafts.answer_comment(editor, comment, "accepted", "Merci, intégré.")
    assert told("comment_answered") == {author.id}


def test_a_hidden_reply_tells_nobody(app):
    version = make_version(VersionState.CONSULTATION)
    author, replier = make_user(), make_user()
    comment = make_comment(author, version.sections[0])
    reply = make_comment(replier, version.sections[0], parent=comment, hidden_at=utcnow(), hidden_reason="x")
    events.comment_replied(reply, replier)
    assert told("comment_replied") == set()


def test_joining_and_leaving_an_alliance_tells_the_leads_already_in_it(app):
    editor = make_editor()
    first, second, outside = make_territory(), make_territory(), make_territory()
    first_lead, second_lead, outside_lead = make_lead(first), make_lead(second), make_lead(outside)
    use_case = make_use_case(editor)
    workshops.join_alliance(use_case, first.id, "observing", first_lead)
    assert told("alliance_joined") == set()  # nobody was in it yet
    workshops.join_alliance(use_case, second.id, "observing", second_lead)
    assert told("alliance_joined") == {first_lead.id}
    workshops.leave_alliance(use_case, second.id, second_lead)
    assert told("alliance_left") == {first_lead.id}
    assert outside_lead.id not in told("alliance_joined") | told("alliance_left")
    assert can_view_use_case(first_lead, use_case)


def test_an_accepted_invitation_tells_whoever_sent_it(app):
    from roadmap.accounts import service as accounts

    editor = make_editor()
    with app.test_request_context("/"):
        invitation, _token = accounts.invite(editor, "nouvelle@example.org", "member", territory=make_territory())
    accounts.accept_invitation(invitation, "Nouvelle", "a-long-enough-password-1", "fr")
    assert told("invitation_accepted") == {editor.id}
