"""Dates and numbers in the reader's locale on the pages, and in the recipient's in e-mails: one
format for a date in a sentence, one for a table; numbers and percentages with the locale's
separators (roadmap.core.i18n: sentence_date, table_date, number, decimal, percent)."""
from datetime import date, datetime

import pytest
from flask import session
from flask_babel import force_locale, refresh

from roadmap.core.i18n import decimal, format_iso, number, percent
from roadmap.extensions import db
from roadmap.notifications.service import notify
from tests.factories import login, make_lead, make_territory, make_user

NNBSP, NBSP = "\u202f", "\u00a0"


def _reader(app, language):
    context = app.test_request_context("/")
    context.push()
    session["lang"] = language
    refresh()
    return context


# --- the filters ---------------------------------------------------------------------------------

@pytest.mark.parametrize("language, expected", [
    ("fr", (f"1{NNBSP}234,5", "12", "0,33", "2,0", "12,5", f"12,5{NBSP}%", f"40{NBSP}%", f"12{NNBSP}345")),
    ("en", ("1,234.5", "12", "0.33", "2.0", "12.5", "12.5%", "40%", "12,345")),
])
def test_numbers_read_in_the_readers_locale(app, language, expected):
    context = _reader(app, language)
    try:
        assert (number(1234.5), number(12), number(1 / 3), decimal(2), decimal(12.46), percent(0.125),
                percent(40 / 100), number(12345)) == expected
        assert number(None) == percent(None) == decimal("") == ""
    finally:
        context.pop()


def test_a_forced_locale_formats_numbers_in_that_locale(app):
    context = _reader(app, "fr")
    try:
        with force_locale("en"):
            assert percent(0.125) == "12.5%" and number(1234.5) == "1,234.5"
        assert percent(0.125) == f"12,5{NBSP}%"  # and back to the reader's
    finally:
        context.pop()


@pytest.mark.parametrize("language, expected", [
    ("fr", ("1 déc. 2026, 14:30", "1 décembre 2026, 14:30", "14 juil. 2026", "12,5", 42, "texte")),
    ("en", ("Dec 1, 2026, 2:30\u202fPM", "December 1, 2026, 2:30\u202fPM", "Jul 14, 2026", "12.5", 42, "texte")),
])
def test_my_datas_values_use_the_same_formats(app, language, expected):
    context = _reader(app, language)
    try:
        assert (format_iso("2026-12-01T13:30:00Z"), format_iso("2026-12-01T13:30:00Z", "sentence"),
                format_iso("2026-07-14"), format_iso(12.5), format_iso(42), format_iso("texte")) == expected
    finally:
        context.pop()


# --- the pages -----------------------------------------------------------------------------------

EXPECTED = {
    "fr": {"sentence": "1 décembre 2026", "table": "1 déc. 2026", "value": "12,5", "progress": f"40{NBSP}%",
           "target": f"1{NNBSP}500"},
    "en": {"sentence": "December 1, 2026", "table": "Dec 1, 2026", "value": "12.5", "progress": "40%",
           "target": "1,500"},
}


@pytest.fixture
def followed(app):
    from tests.followup.factories import make_experiment, make_indicator

    territory = make_territory("La Rochelle")
    lead = make_lead(territory)
    experiment = make_experiment(territory, starts_on=date(2026, 12, 1), progress=40)
    make_indicator(experiment, values=[(date(2026, 12, 1), 12.5)], target=1500.0)
    db.session.commit()
    return {"lead": lead, "experiment": experiment}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_follow_up_shows_dates_and_numbers_in_the_readers_locale(client, followed, language):
    followed["lead"].language = language
    login(client, followed["lead"])
    page = client.get(f"/suivi/experiences/{followed['experiment'].id}").get_data(as_text=True)
    expected = EXPECTED[language]
    assert f'<time datetime="2026-12-01">{expected["sentence"]}</time>' in page  # the dates, in a sentence
    assert f'<time datetime="2026-12-01">{expected["table"]}</time>' in page  # the values' table
    assert f'<td class="number">{expected["value"]}</td>' in page
    assert f'<span>{expected["progress"]}</span>' in page
    assert expected["target"] in page
    other = EXPECTED["en" if language == "fr" else "fr"]
    assert other["sentence"] not in page and f'<td class="number">{other["value"]}</td>' not in page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_process_page_gives_its_steps_dates_in_sentences(client, app, language):
    from roadmap.process.service import create_default_process

    create_default_process(start=date(2026, 12, 1))
    lead = make_lead(make_territory("Lyon"), language=language)
    db.session.commit()
    login(client, lead)
    page = client.get("/process").get_data(as_text=True)
    assert EXPECTED[language]["sentence"] in page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_notification_gives_its_date_in_the_readers_language_whoever_triggered_it(client, language):
    reader = make_user(language=language)
    db.session.commit()
    with force_locale("fr" if language == "en" else "en"):  # the actor's interface, not the reader's
        notify("consultation_opened", [reader], "/roadmap", {"number": 2, "closes_at": "2026-12-01T13:30:00Z"})
    db.session.commit()
    login(client, reader)
    page = client.get("/notifications").get_data(as_text=True)
    assert EXPECTED[language]["sentence"] in page
    assert EXPECTED["en" if language == "fr" else "fr"]["sentence"] not in page


def test_an_old_notification_keeps_the_text_it_was_stored_with(client):
    reader = make_user(language="en")
    notify("consultation_opened", [reader], "/roadmap", {"number": 2, "closes": "15 janvier 2027"})
    db.session.commit()
    login(client, reader)
    assert "until 15 janvier 2027" in client.get("/notifications").get_data(as_text=True)


# --- the e-mails: the recipient's language, whatever the request's --------------------------------

@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_notification_email_writes_dates_and_numbers_in_the_recipients_locale(app, language):
    from roadmap.notifications.emails import notification_message

    recipient = make_user(language=language)
    db.session.commit()
    notify("consultation_opened", [recipient], "/roadmap", {"number": 2, "closes_at": "2026-12-01T13:30:00Z"})
    notify("indicator_value", [recipient], "/suivi", {"experiment": "Coach CO2", "indicator": "CO2",
                                                      "value": 12.5, "unit": "t"})
    notify("experiment_progress", [recipient], "/suivi", {"experiment": "Coach CO2", "territory": "Lyon",
                                                          "progress": 40})
    db.session.commit()
    from roadmap.notifications.models import Notification

    rows = db.session.scalars(db.select(Notification).order_by(Notification.id)).all()
    other = "en" if language == "fr" else "fr"
    with app.test_request_context("/"):
        session["lang"] = other  # sent while somebody else's request runs
        refresh()
        bodies = []
        for row in rows:
            message = notification_message(row)
            bodies.append(message.get_body(("plain",)).get_content() + message.get_body(("html",)).get_content())
    expected = EXPECTED[language]
    assert expected["sentence"] in bodies[0] and EXPECTED[other]["sentence"] not in bodies[0]
    assert f"{expected['value']} t" in bodies[1]
    assert expected["progress"] in bodies[2]


@pytest.mark.parametrize("language, when", [("fr", "1 déc. 2026, 14:30"), ("en", "Dec 1, 2026, 2:30\u202fPM")])
def test_the_digest_dates_each_line_in_the_recipients_locale(app, language, when):
    from roadmap.notifications.emails import digest_message
    from roadmap.notifications.models import Notification

    recipient = make_user(language=language)
    db.session.commit()
    notify("version_published", [recipient], "/roadmap", {"number": 3})
    row = db.session.scalars(db.select(Notification)).one()
    row.created_at = datetime(2026, 12, 1, 13, 30)
    db.session.commit()
    with app.test_request_context("/"):
        session["lang"] = "en" if language == "fr" else "fr"
        refresh()
        message = digest_message(recipient, [row])
    assert when in message.get_body(("plain",)).get_content()
    assert when in message.get_body(("html",)).get_content()


@pytest.mark.parametrize("language, until, sent", [
    ("fr", "En attente jusqu'au 8 déc. 2026", "1 déc. 2026, 14:30"),
    ("en", "Pending until Dec 8, 2026", "Dec 1, 2026, 2:30\u202fPM"),
])
def test_the_invitations_table_gives_table_dates(app, client, language, until, sent):
    from datetime import timedelta

    from roadmap.accounts.service import invite

    territory = make_territory("Lyon", slug="lyon")
    lead = make_lead(territory, language=language)
    with app.test_request_context("/"):
        invitation, _token = invite(lead, "nouvelle@example.org", "member", territory=territory)
    invitation.created_at = invitation.last_sent_at = datetime(2026, 12, 1, 13, 30)
    invitation.expires_at = datetime(2026, 12, 1, 13, 30) + timedelta(days=7)
    db.session.commit()
    login(client, lead)
    page = client.get("/territories/lyon/invitations").get_data(as_text=True)
    assert sent in page and until in page
