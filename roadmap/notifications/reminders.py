"""`flask --app wsgi send-reminders` (daily, from cron): the workshop reminder the day before, to
those registered; "the consultation closes in 3 days", to the participants who have not commented
yet. Each person is reminded once of each workshop and each consultation (reminder_sent), however
often the command runs, and only if the recipient rule (recipients.py) lets them see it."""
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from roadmap.core.deferred import discard_pending_jobs, flush_request_jobs
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.notifications import events, recipients
from roadmap.notifications.models import ReminderSent

CLOSING_NOTICE = timedelta(days=3)


def _not_reminded(kind, subject_id, people):
    done = set(db.session.scalars(select(ReminderSent.user_id).where(
        ReminderSent.kind == kind, ReminderSent.subject_id == subject_id)))
    return [u for u in people if u.id not in done]


def _remind(kind, subject_id, people, tell, now):
    """Record and tell in one transaction: a concurrent run that recorded first makes this one add
    nothing (the primary key refuses the second row)."""
    people = _not_reminded(kind, subject_id, people)
    if not people:
        return []
    db.session.add_all(ReminderSent(kind=kind, subject_id=subject_id, user_id=u.id, sent_at=now) for u in people)
    try:
        db.session.flush()
        tell(people)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        discard_pending_jobs()
        return []
    flush_request_jobs()  # the e-mails of those who chose "at once", now that it is committed
    return people


def workshops_tomorrow(now):
    """Planned workshops that start on the next calendar day, in the workshops' time zone."""
    from roadmap.workshops.models import Workshop, WorkshopState
    from roadmap.workshops.times import paris_to_utc, utc_to_paris

    tomorrow = utc_to_paris(now).date() + timedelta(days=1)
    midnight = utc_to_paris(now).time().replace(hour=0, minute=0, second=0, microsecond=0)
    start, end = paris_to_utc(tomorrow, midnight), paris_to_utc(tomorrow + timedelta(days=1), midnight)
    return list(db.session.scalars(select(Workshop).where(
        Workshop.state == WorkshopState.PLANNED, Workshop.starts_at >= start, Workshop.starts_at < end)
        .order_by(Workshop.starts_at)))


def consultations_closing(now):
    """Versions in consultation, still open, that close within CLOSING_NOTICE."""
    from roadmap.drafts.models import RoadmapVersion as Version, VersionState

    return list(db.session.scalars(select(Version).where(
        Version.state == VersionState.CONSULTATION, Version.closes_at > now,
        Version.closes_at <= now + CLOSING_NOTICE)))


def send_reminders(now=None):
    """Returns {"workshop_reminder": n, "consultation_closing": m}: the people told this run."""
    from roadmap.notifications.emails import site_context

    now = now or utcnow()
    with site_context():
        return _send_reminders(now)


def _send_reminders(now):
    told = {"workshop_reminder": 0, "consultation_closing": 0}
    for workshop in workshops_tomorrow(now):
        people = _remind("workshop_reminder", workshop.id, recipients.workshop_registered(workshop),
                         lambda p, w=workshop: events.workshop_reminder(w, p), now)
        told["workshop_reminder"] += len(people)
    for version in consultations_closing(now):
        people = _remind("consultation_closing", version.id, recipients.participants_without_comment(version),
                         lambda p, v=version: events.consultation_closing(v, p), now)
        told["consultation_closing"] += len(people)
    return told
