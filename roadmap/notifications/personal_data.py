"""What the notifications feature holds about a person (see roadmap/privacy/registry.py): their
notifications and their e-mail choices. Both go with the account (ON DELETE CASCADE)."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from roadmap.extensions import db
from roadmap.notifications.labels import notification_text
from roadmap.notifications.models import EmailPreference, Notification, ReminderSent
from roadmap.privacy.registry import PersonalDataProvider, iso


def _notifications(user):
    rows = db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.created_at, Notification.id))
    return [{"kind": n.kind, "text": notification_text(n), "link": n.link, "created_at": iso(n.created_at),
             "read_at": iso(n.read_at), "emailed_at": iso(n.emailed_at)} for n in rows]


def _email_preferences(user):
    from roadmap.notifications.preferences import preferences_of

    return [{"kind": kind, "delivery": delivery.value} for kind, delivery in preferences_of(user).items()]


def _erase(user, _keep_comments):
    for model in (Notification, EmailPreference, ReminderSent):
        db.session.execute(delete(model).where(model.user_id == user.id))


PROVIDERS = [
    PersonalDataProvider("notifications", _l("Notifications"), _notifications, _erase),
    PersonalDataProvider("email_preferences", _l("E-mail preferences"), _email_preferences),
]
