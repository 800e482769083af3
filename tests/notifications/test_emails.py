"""Notifications by e-mail, as each person chose: at once (with the workshop's .ics), in the daily
digest (never twice), or not at all; in the recipient's language, plain text plus HTML, absolute
links and a one-click unsubscribe; an SMTP failure is retried, never shown."""
import smtplib
from datetime import datetime, timedelta
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from roadmap.core.queue import run_pending
from roadmap.extensions import db
from roadmap.notifications import preferences
from roadmap.notifications.emails import send_digests
from roadmap.notifications.models import EmailDelivery, EmailPreference, Notification
from roadmap.notifications.service import notify
from tests.conftest import mail_text, outbox_messages, post
from tests.factories import login, make_editor, make_lead, make_member, make_territory
from tests.workshops.helpers import make_workshop


def _parsed(message):
    return message_from_bytes(message.as_bytes(), policy=policy.default)


def _by_recipient(app):
    return {m["To"]: _parsed(m) for m in outbox_messages(app)}


# --- preferences and their defaults ------------------------------------------------------------

def test_every_kind_has_a_default_and_a_choice_equal_to_it_stores_nothing(app):
    lead = make_lead(make_territory())
    assert preferences.preferences_of(lead) == preferences.DEFAULTS
    assert preferences.DEFAULTS["workshop_scheduled"] == EmailDelivery.IMMEDIATE
    assert preferences.DEFAULTS["alliance_joined"] == EmailDelivery.DIGEST
    preferences.set_preferences(lead, {"workshop_scheduled": "app", "alliance_joined": "digest"})
    rows = list(db.session.scalars(select(EmailPreference).where(EmailPreference.user_id == lead.id)))
    assert [(r.kind, r.delivery) for r in rows] == [("workshop_scheduled", EmailDelivery.APP)]
    assert preferences.preferences_of(lead)["workshop_scheduled"] == EmailDelivery.APP
    assert preferences.delivery_for(lead.id, "alliance_joined") == EmailDelivery.DIGEST
    with pytest.raises(ValueError):
        preferences.set_preferences(lead, {"no_such_kind": "app"})
    with pytest.raises(ValueError):
        preferences.set_preferences(lead, {"workshop_scheduled": "sometimes"})


def test_unsubscribing_from_the_digest_stops_every_kind_received_in_it(app):
    lead = make_lead(make_territory())
    preferences.set_preferences(lead, {"workshop_scheduled": "digest"})
    changed = preferences.unsubscribe(lead, "digest")
    assert "workshop_scheduled" in changed and "alliance_joined" in changed
    assert EmailDelivery.DIGEST not in preferences.preferences_of(lead).values()
    assert preferences.preferences_of(lead)["comment_replied"] == EmailDelivery.IMMEDIATE


# --- at once ---------------------------------------------------------------------------------------

def test_a_scheduled_workshop_is_emailed_at_once_in_each_language_with_its_calendar_file(app):
    editor = make_editor()
    territory = make_territory("La Rochelle")
    english = make_lead(territory, language="en", email="lead@example.org")
    french = make_member(territory, language="fr", email="membre@example.org")
    make_workshop(editor, territories=[territory], title="Atelier mobilité")
    mails = _by_recipient(app)
    assert set(mails) == {"lead@example.org", "membre@example.org"}
    assert mails["lead@example.org"]["Subject"] == "Workshop “Atelier mobilité” was scheduled and you are invited."
    assert mails["membre@example.org"]["Subject"].startswith("L’atelier « Atelier mobilité »") or \
        "Atelier mobilité" in mails["membre@example.org"]["Subject"]
    english_mail = mails["lead@example.org"]
    text = english_mail.get_body(("plain",)).get_content()
    html = english_mail.get_body(("html",)).get_content()
    public = app.config["PUBLIC_URL"]
    assert f"{public}/notifications/" in text and f'href="{public}/notifications/' in html
    assert "Hello" in text and "Bonjour" in mail_text(mails["membre@example.org"])
    assert english_mail["List-Unsubscribe"].startswith(f"<{public}/unsubscribe/")
    assert english_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [calendar] = [p for p in english_mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert calendar.get_filename().startswith("atelier-2030-06-03") and calendar.get_filename().endswith(".ics")
    assert "BEGIN:VCALENDAR" in calendar.get_content() and "SUMMARY:Atelier mobilité" in calendar.get_content()
    assert all(n.emailed_at for n in db.session.scalars(select(Notification)))
    assert english.id and french.id


def test_app_only_and_digest_choices_send_nothing_at_once(app):
    editor = make_editor()
    territory = make_territory()
    quiet, digest = make_lead(territory), make_member(territory)
    preferences.set_preferences(quiet, {"workshop_scheduled": "app"})
    preferences.set_preferences(digest, {"workshop_scheduled": "digest"})
    make_workshop(editor, territories=[territory])
    assert outbox_messages(app) == []
    assert db.session.scalar(select(db.func.count(Notification.id))) == 2  # both still told in the app


# --- the daily digest ---------------------------------------------------------------------------

def _digest_setup():
    editor = make_editor()
    territory = make_territory()
    reader, other = make_lead(territory, email="reader@example.org"), make_member(territory, email="other@example.org")
    preferences.set_preferences(reader, {"workshop_scheduled": "digest", "workshop_changed": "digest"})
    preferences.set_preferences(other, {"workshop_scheduled": "app"})
    make_workshop(editor, territories=[territory], title="Atelier énergie")
    return editor, territory, reader, other


def test_the_digest_goes_to_those_who_chose_it_once_and_records_what_it_sent(app):
    _editor, _territory, reader, other = _digest_setup()
    assert [u.id for u in send_digests()] == [reader.id]
    [mail] = outbox_messages(app)
    assert mail["To"] == "reader@example.org" and "Atelier énergie" in mail_text(mail)
    assert _parsed(mail)["List-Unsubscribe"]
    told = db.session.scalar(select(Notification).where(Notification.user_id == reader.id))
    assert told.emailed_at is not None
    assert send_digests() == []  # run again: nothing more
    assert len(outbox_messages(app)) == 1
    assert other.id != reader.id


def test_the_digest_leaves_out_what_was_read_and_what_is_too_old(app):
    _editor, _territory, reader, _other = _digest_setup()
    notification = db.session.scalar(select(Notification).where(Notification.user_id == reader.id))
    notification.read_at = notification.created_at
    db.session.commit()
    assert send_digests() == []
    notification.read_at = None
    notification.created_at = datetime.utcnow() - timedelta(days=30)
    db.session.commit()
    assert send_digests() == []


def test_the_digest_holds_only_the_readers_own_notifications(app):
    editor, territory, reader, _other = _digest_setup()
    outsider = make_lead(make_territory(), email="outsider@example.org")
    preferences.set_preferences(outsider, {"comment_reported": "digest"})
    notify("comment_reported", [outsider], "/roadmap", {"section": "Secret section"})
    db.session.commit()
    mails = {m["To"]: mail_text(m) for m in (send_digests() and outbox_messages(app))}
    assert "Secret section" not in mails["reader@example.org"]
    assert "Atelier énergie" not in mails["outsider@example.org"]


# --- failures --------------------------------------------------------------------------------------

class _FailingSMTP:
    def __init__(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("the server is down")


class _RecordingSMTP:
    sent = []

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, *args):
        pass

    def send_message(self, message):
        self.sent.append(message)


def test_an_smtp_failure_is_retried_with_backoff_and_the_email_goes_later(app, queued_app, monkeypatch):
    territory = make_territory()
    lead = make_lead(territory, email="lead@example.org")
    db.session.commit()
    queued_app.config["MAIL_SERVER"] = "smtp.example.org"
    monkeypatch.setattr(smtplib, "SMTP", _FailingSMTP)
    with queued_app.app_context():
        notify("consultation_opened", [db.session.get(type(lead), lead.id)], "/roadmap", {"number": 2, "closes": "x"})
        db.session.commit()  # the e-mail is queued at the commit
        db.session.remove()
    huey = queued_app.extensions["huey"]
    assert huey.pending_count() == 1
    assert run_pending(queued_app) == 1  # it failed: logged, waiting for its retry
    assert huey.pending_count() == 0 and huey.scheduled_count() == 1
    [waiting] = huey.scheduled()
    assert waiting.retries == queued_app.config["JOB_RETRIES"] - 1
    assert waiting.retry_delay == queued_app.config["JOB_RETRY_DELAY"] * 2  # the next wait doubles
    db.session.rollback()
    assert db.session.scalar(select(Notification.emailed_at)) is None
    _RecordingSMTP.sent = []
    monkeypatch.setattr(smtplib, "SMTP", _RecordingSMTP)
    assert run_pending(queued_app) == 0  # not due yet
    later = datetime.utcnow() + timedelta(seconds=queued_app.config["JOB_RETRY_DELAY"] + 5)
    assert run_pending(queued_app, now=later) == 1
    assert [m["To"] for m in _RecordingSMTP.sent] == ["lead@example.org"]
    db.session.rollback()  # end this test's read transaction: see the job's commit
    assert db.session.scalar(select(Notification.emailed_at)) is not None
    assert run_pending(queued_app, now=later + timedelta(days=1)) == 0  # sent once


def test_an_smtp_failure_is_never_shown_to_the_editor_who_scheduled_a_workshop(app, client, monkeypatch):
    app.config["MAIL_SERVER"] = "smtp.example.org"
    monkeypatch.setattr(smtplib, "SMTP", _FailingSMTP)
    editor = make_editor()
    territory = make_territory()
    make_lead(territory)
    login(client, editor)
    response = post(client, "/workshops/new", {
        "title": "Atelier santé", "kind": "codesign", "day": "2030-06-03", "start_time": "09:30",
        "end_time": "12:00", "place": "Lyon", "online_url": "", "host_territory": "0", "agenda": "",
        "invited_territories": [str(territory.id)], "dots_per_participant": "5"})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    assert client.get(response.headers["Location"]).status_code == 200
    assert db.session.scalar(select(db.func.count(Notification.id))) == 1
    assert db.session.scalar(select(Notification.emailed_at)) is None  # not sent, and nobody was told so


def test_a_title_with_a_line_break_still_makes_a_one_line_subject(app):
    lead = make_lead(make_territory(), language="en")
    notify("comment_answered", [lead], "/roadmap", {"section": "Première\r\nBcc: x@example.org " + "long " * 60})
    db.session.commit()
    [mail] = outbox_messages(app)
    subject = _parsed(mail)["Subject"]
    assert "\n" not in subject and "Bcc" not in mail.keys() and len(subject) <= 180


class _RefusingOneSMTP(_RecordingSMTP):
    refused = {"b@example.org"}

    def send_message(self, message):
        if message["To"] in self.refused:
            raise smtplib.SMTPRecipientsRefused({message["To"]: (451, b"try later")})
        super().send_message(message)


def test_one_event_for_many_people_is_one_job_and_a_refused_address_is_retried_alone(app, queued_app, monkeypatch):
    territory = make_territory()
    people = [make_member(territory, email=f"{x}@example.org") for x in "abc"]
    ids = [p.id for p in people]
    db.session.commit()
    queued_app.config["MAIL_SERVER"] = "smtp.example.org"
    _RecordingSMTP.sent = []
    monkeypatch.setattr(smtplib, "SMTP", _RefusingOneSMTP)
    with queued_app.app_context():
        from roadmap.accounts.models import User

        notify("consultation_opened", [db.session.get(User, i) for i in ids], "/roadmap",
               {"number": 2, "closes": "x"})  # "at once" by default
        db.session.commit()
        db.session.remove()
    huey = queued_app.extensions["huey"]
    assert huey.pending_count() == 1  # one job for the three e-mails
    run_pending(queued_app)
    assert sorted(m["To"] for m in _RecordingSMTP.sent) == ["a@example.org", "c@example.org"]
    _RefusingOneSMTP.refused = set()
    later = datetime.utcnow() + timedelta(seconds=queued_app.config["JOB_RETRY_DELAY"] + 5)
    assert run_pending(queued_app, now=later) == 1
    assert sorted(m["To"] for m in _RecordingSMTP.sent) == ["a@example.org", "b@example.org", "c@example.org"]
