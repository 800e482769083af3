"""Notifications by e-mail: at once (a job per notification, queued after the commit) or in the
daily digest (`flask --app wsgi send-digests`), as each person chose (preferences.py).

Each e-mail is in its recipient's language, plain text plus HTML, with absolute links from
PUBLIC_URL and a signed one-click unsubscribe link (also in `List-Unsubscribe`). A notification is
e-mailed once: `emailed_at` is set when it went out, in the same transaction that records it.
"""
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from roadmap.accounts.models import User
from roadmap.accounts.tokens import TokenError, make_token, read_token
from roadmap.core.deferred import after_response, flush_request_jobs
from roadmap.core.mail import compose, deliver, deliver_raw
from roadmap.core.requests import public_url
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.notifications import preferences
from roadmap.notifications.labels import KIND_NAMES, notification_html, notification_text
from roadmap.notifications.models import EmailDelivery, Notification

UNSUBSCRIBE_PURPOSE = "unsubscribe"
# A notification older than this is not put in a digest (the person switched to the digest later).
DIGEST_MAX_AGE = timedelta(days=7)
WORKSHOP_KINDS = {"workshop_scheduled", "workshop_changed"}


def site_context():
    """A request context on PUBLIC_URL for the commands (url_for, the locale), unless in one."""
    from contextlib import nullcontext

    from flask import has_request_context

    if has_request_context():
        return nullcontext()
    return current_app.test_request_context("/", base_url=current_app.config["PUBLIC_URL"])


def unsubscribe_token(user_id, kind):
    return make_token(UNSUBSCRIBE_PURPOSE, {"u": user_id, "k": kind})


def read_unsubscribe_token(token):
    """(user, kind) of a valid link, else TokenError (tampered, expired, unknown person or kind)."""
    payload = read_token(UNSUBSCRIBE_PURPOSE, token, current_app.config["UNSUBSCRIBE_MAX_AGE"])
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        raise TokenError()
    kind = payload.get("k")
    user = db.session.get(User, payload["u"])
    if user is None or (kind != "digest" and kind not in KIND_NAMES):
        raise TokenError()
    return user, kind


def queue_immediate_emails(rows):
    """Called by service.notify: one job for the notifications whose recipient chose "at once" (one
    job, not one per person: enqueuing costs a write to the queue's storage, and a consultation
    tells every participant)."""
    by_kind, wanted = {}, []
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    for kind, kind_rows in by_kind.items():
        wanting = preferences.users_choosing(kind, EmailDelivery.IMMEDIATE, {r.user_id for r in kind_rows})
        wanted.extend(row.id for row in kind_rows if row.user_id in wanting)
    if wanted:
        after_response(send_notification_emails, wanted)


def _headers(unsubscribe_url):
    return {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _workshop_attachment(notification, user):
    """The workshop's .ics, if the recipient (still) may see the workshop."""
    from roadmap.workshops.calendar import calendar_filename, workshop_ics
    from roadmap.workshops.models import Workshop
    from roadmap.workshops.permissions import can_view_workshop

    workshop = db.session.get(Workshop, (notification.params or {}).get("workshop_id") or 0)
    if workshop is None or not can_view_workshop(user, workshop):
        return []
    url = public_url("workshops.workshop_detail", workshop_id=workshop.id)
    body = workshop_ics(workshop, url, urlsplit(url).hostname or "localhost")
    return [(calendar_filename(workshop), "text/calendar", body)]


def subject_line(text, limit=180):
    """A header holds one line: a title typed with a line break must not fail the e-mail forever."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _details(notification, user):
    """Lines (label, text) an e-mail adds to the notification's sentence, read when it is sent: the
    status and answer of the recipient's own comment."""
    if notification.kind != "comment_answered":
        return []
    from roadmap.drafts.labels import STATUS_LABELS
    from roadmap.drafts.models import Comment

    comment = db.session.get(Comment, (notification.params or {}).get("comment_id") or 0)
    if comment is None or comment.author_id != user.id or not comment.answer:
        return []
    return [(_("Status"), str(STATUS_LABELS[comment.status])), (_("Their answer"), comment.answer)]


def notification_message(notification):
    """The e-mail of one notification, in its recipient's language."""
    user = notification.user
    with force_locale(user.language):
        text = notification_text(notification)
        unsubscribe = public_url("notifications.unsubscribe", token=unsubscribe_token(user.id, notification.kind))
        context = {
            "user": user, "text": text, "html_text": notification_html(notification), "kind_name": str(KIND_NAMES.get(notification.kind, "")),
            "details": _details(notification, user),
            "link": public_url("notifications.notification_open", notification_id=notification.id),
            "preferences_url": public_url("notifications.email_preferences"), "unsubscribe_url": unsubscribe,
        }
        attachments = _workshop_attachment(notification, user) if notification.kind in WORKSHOP_KINDS else []
        return compose(user.email, subject_line(text),
                       render_template("notifications/email/notification.txt", **context),
                       html=render_template("notifications/email/notification.html", **context),
                       headers=_headers(unsubscribe), attachments=attachments)


def send_notification_emails(notification_ids):
    """The job: e-mail each notification; one address that fails does not stop the others. If any
    failed, raise at the end: the queue retries the job later, and the retry skips those that went."""
    failed = []
    for notification_id in notification_ids:
        try:
            send_notification_email(notification_id)
        except Exception as error:  # SMTP refused or down: logged, retried with the job
            db.session.rollback()
            current_app.logger.warning("Notification %s not e-mailed yet: %s", notification_id, error)
            failed.append(notification_id)
    if failed:
        raise RuntimeError(f"{len(failed)} of {len(notification_ids)} notification e-mail(s) not sent yet")
    return len(notification_ids)


def send_notification_email(notification_id):
    """The job: e-mail one notification now, unless it went already, its recipient left, or they
    changed their mind meanwhile. An SMTP failure raises: the queue retries it with backoff."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.emailed_at is not None or not notification.user.active:
        return False
    if preferences.delivery_for(notification.user_id, notification.kind) != EmailDelivery.IMMEDIATE:
        return False
    deliver(notification_message(notification))
    notification.emailed_at = utcnow()
    db.session.commit()
    return True


def digest_candidates(now=None):
    """{user: [notifications]} for the digest: unread, not e-mailed yet, of the last DIGEST_MAX_AGE,
    of kinds the person receives in the digest; active people only."""
    now = now or utcnow()
    rows = list(db.session.scalars(
        select(Notification).join(User, User.id == Notification.user_id)
        .where(Notification.emailed_at.is_(None), Notification.read_at.is_(None),
               Notification.created_at >= now - DIGEST_MAX_AGE, User.active.is_(True))
        .order_by(Notification.user_id, Notification.created_at, Notification.id)))
    by_user = {}
    for row in rows:
        by_user.setdefault(row.user, []).append(row)
    chosen = {}
    for user, items in by_user.items():
        choices = preferences.preferences_of(user)
        kept = [n for n in items if choices.get(n.kind) == EmailDelivery.DIGEST]
        if kept:
            chosen[user] = kept
    return chosen


def digest_message(user, notifications):
    with force_locale(user.language):
        unsubscribe = public_url("notifications.unsubscribe", token=unsubscribe_token(user.id, "digest"))
        items = [{"text": notification_text(n), "html_text": notification_html(n), "created_at": n.created_at,
                  "link": public_url("notifications.notification_open", notification_id=n.id)}
                 for n in notifications]
        context = {"user": user, "items": items, "unsubscribe_url": unsubscribe,
                   "list_url": public_url("notifications.notification_list"),
                   "preferences_url": public_url("notifications.email_preferences")}
        subject = ngettext("Your daily summary: %(num)d notification", "Your daily summary: %(num)d notifications",
                           len(items))
        return compose(user.email, subject, render_template("notifications/email/digest.txt", **context),
                       html=render_template("notifications/email/digest.html", **context),
                       headers=_headers(unsubscribe))


def send_digests(now=None):
    """One e-mail per person with what they chose to receive in the digest; each notification goes
    in one digest only (emailed_at is committed with the queued e-mail). Returns the people e-mailed."""
    now = now or utcnow()
    sent = []
    with site_context():
        for user, notifications in digest_candidates(now).items():
            _send_digest(user, notifications, now)
            sent.append(user)
    return sent


def _send_digest(user, notifications, now):
    message = digest_message(user, notifications)
    for notification in notifications:
        notification.emailed_at = now
    after_response(deliver_raw, bytes(message))
    db.session.commit()
    flush_request_jobs()  # enqueued once committed
