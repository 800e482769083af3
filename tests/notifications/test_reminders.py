"""`send-reminders`: the day before a workshop, those registered who may still see it; three days
before a consultation closes, the participants who have not commented; each once, however often
the command runs."""
from datetime import date, time, timedelta

from sqlalchemy import select

from roadmap.accounts.models import User
from roadmap.core.timeutil import utcnow
from roadmap.drafts.models import VersionState, can_view_version
from roadmap.extensions import db
from roadmap.notifications import preferences
from roadmap.notifications.emails import send_digests
from roadmap.notifications.models import Notification, ReminderSent
from roadmap.notifications.reminders import send_reminders
from roadmap.territories.models import Membership
from roadmap.workshops.permissions import can_view_workshop
from roadmap.workshops.times import paris_to_utc
from tests.conftest import mail_text, outbox_messages
from tests.drafts.factories import make_comment, make_version
from tests.factories import make_editor, make_lead, make_member, make_territory, make_user
from tests.workshops.helpers import make_workshop, register

WORKSHOP_DAY = date(2030, 6, 3)
EVENING_BEFORE = paris_to_utc(WORKSHOP_DAY - timedelta(days=1), time(20, 0))


def told(kind):
    return {n.user_id for n in db.session.scalars(select(Notification).where(Notification.kind == kind))}


def _workshop_with_people():
    editor = make_editor()
    territory = make_territory("La Rochelle")
    registered = make_lead(territory, email="inscrite@example.org")
    declined, silent = make_member(territory), make_member(territory)
    moved = make_member(territory)  # registered, then left the territory: may no longer see it
    workshop = make_workshop(editor, territories=[territory], day=WORKSHOP_DAY, title="Atelier mobilité")
    register(workshop, registered, moved)
    from roadmap.workshops import service

    service.answer_invitation(workshop, declined, "declined")
    db.session.execute(Membership.__table__.delete().where(Membership.user_id == moved.id))
    db.session.commit()
    db.session.expire_all()
    db.session.query(Notification).delete()  # the "scheduled" notifications: not what is tested
    db.session.commit()
    return workshop, registered, {"declined": declined, "silent": silent, "moved": moved}


def test_the_day_before_only_the_registered_who_may_see_the_workshop_are_reminded_once(app):
    workshop, registered, others = _workshop_with_people()
    outbox_before = len(outbox_messages(app))
    assert send_reminders(EVENING_BEFORE)["workshop_reminder"] == 1
    assert told("workshop_reminder") == {registered.id}
    assert all(can_view_workshop(db.session.get(User, uid), workshop) for uid in told("workshop_reminder"))
    assert not can_view_workshop(db.session.get(User, others["moved"].id), workshop)
    [mail] = outbox_messages(app)[outbox_before:]
    assert mail["To"] == "inscrite@example.org" and "Atelier mobilité" in mail_text(mail)
    assert send_reminders(EVENING_BEFORE) == {"workshop_reminder": 0, "consultation_closing": 0}
    assert send_reminders(EVENING_BEFORE + timedelta(hours=2))["workshop_reminder"] == 0
    assert len(outbox_messages(app)) == outbox_before + 1
    assert db.session.scalar(select(db.func.count()).select_from(ReminderSent)) == 1


def test_no_reminder_two_days_before_nor_on_the_day(app):
    _workshop_with_people()
    assert send_reminders(EVENING_BEFORE - timedelta(days=1))["workshop_reminder"] == 0
    assert send_reminders(EVENING_BEFORE + timedelta(days=1))["workshop_reminder"] == 0
    assert told("workshop_reminder") == set()


def test_a_person_who_chose_the_digest_gets_the_reminder_in_it_not_at_once(app):
    _workshop, registered, _others = _workshop_with_people()
    preferences.set_preferences(registered, {"workshop_reminder": "digest"})
    db.session.commit()
    before = len(outbox_messages(app))
    send_reminders(EVENING_BEFORE)
    assert len(outbox_messages(app)) == before
    assert [u.id for u in send_digests()] == [registered.id]


def _consultation(closes_in):
    version = make_version(VersionState.CONSULTATION, closes_in=closes_in)
    db.session.commit()
    return version


def test_three_days_before_the_close_those_who_have_not_commented_are_reminded_once(app):
    territory = make_territory()
    commented, silent = make_lead(territory), make_member(territory)
    replied_only = make_member(territory)
    gone = make_user(active=False)
    version = _consultation(timedelta(days=2, hours=12))
    make_comment(commented, version.sections[0])
    db.session.query(Notification).delete()
    db.session.commit()
    result = send_reminders()
    expected = {silent.id, replied_only.id}
    assert told("consultation_closing") == expected
    assert result["consultation_closing"] == len(expected)
    assert all(can_view_version(db.session.get(User, uid), version) for uid in expected)
    assert gone.id not in told("consultation_closing")
    assert send_reminders()["consultation_closing"] == 0
    later_commenter = make_user()
    db.session.commit()
    assert send_reminders()["consultation_closing"] == 1  # a newcomer is told once too
    assert later_commenter.id in told("consultation_closing")


def test_no_closing_reminder_a_week_before_nor_after_the_close(app):
    make_lead(make_territory())
    _consultation(timedelta(days=5))
    assert send_reminders()["consultation_closing"] == 0
    version = _consultation(timedelta(days=2))
    version.closes_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert send_reminders()["consultation_closing"] == 0


def test_the_commands_exist_for_cron_and_run_twice_without_sending_twice(app):
    _workshop_with_people()
    cli = app.test_cli_runner()
    first = cli.invoke(args=["send-reminders"])
    assert first.exit_code == 0, first.output
    assert "consultation reminder" in first.output
    assert cli.invoke(args=["send-digests"]).exit_code == 0
    second = cli.invoke(args=["send-digests"])
    assert second.exit_code == 0 and second.output.startswith("0 digest")
