"""The one way to tell people something happened, and to read and clear what they were told."""
from sqlalchemy import func, select, update

from roadmap.core.errors import NotFound
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.notifications.labels import KINDS
from roadmap.notifications.models import Notification

PER_PAGE = 20


def notify(kind, recipients, link, params=None, actor=None):
    """Store one notification per recipient (each person once; never the person who acted, never an
    inactive account). The caller's recipient rule (recipients.py) decides who may know; this only
    records. Returns the rows added (flushed, committed with the request)."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")  # a bug, not an input
    if not link.startswith("/") or link.startswith("//"):
        raise ValueError("a notification links inside the site")
    actor_id = getattr(actor, "id", None)
    seen, rows = set(), []
    for user in recipients:
        if user is None or user.id in seen or user.id == actor_id or not user.active:
            continue
        seen.add(user.id)
        rows.append(Notification(user_id=user.id, kind=kind, params=dict(params or {}), link=link))
    db.session.add_all(rows)
    db.session.flush()
    from roadmap.notifications.emails import queue_immediate_emails

    queue_immediate_emails(rows)  # sent after the commit, to those who chose "at once"
    return rows


def unread_count(user):
    """One COUNT on the (user, read) index: the header's cost."""
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)))


def notifications_of(user):
    """The person's notifications, newest first (a select to paginate)."""
    return (select(Notification).where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def get_own(user, notification_id):
    """One of the person's notifications; another person's is not found (404), not refused."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound()
    return notification


def mark_read(notification, now=None):
    if notification.read_at is None:
        notification.read_at = now or utcnow()
        db.session.flush()


def mark_all_read(user, now=None):
    """Returns how many were unread."""
    result = db.session.execute(
        update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow()).execution_options(synchronize_session=False))
    db.session.flush()
    return result.rowcount
