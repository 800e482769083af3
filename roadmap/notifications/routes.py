"""/notifications: the person's notifications, newest first; opening one marks it read."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from roadmap.core.permissions import login_required
from roadmap.extensions import db
from roadmap.notifications import service
from roadmap.notifications.labels import notification_text

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
@login_required
def notification_list():
    page = db.paginate(service.notifications_of(current_user), per_page=service.PER_PAGE, error_out=False)
    return render_template("notifications/list.html", page=page, text=notification_text,
                           unread=service.unread_count(current_user))


@bp.get("/notifications/<int:notification_id>")
@login_required
def notification_open(notification_id):
    """Each entry is a plain link (the issue's "links to the thing"): following it marks it read, a
    change of the reader's own state only, then goes to the thing."""
    notification = service.get_own(current_user, notification_id)
    service.mark_read(notification)
    db.session.commit()
    return redirect(notification.link)


@bp.post("/notifications/read")
@login_required
def mark_all_read():
    # CSRFProtect checks the token of every POST before this runs.
    count = service.mark_all_read(current_user)
    db.session.commit()
    flash(_("All your notifications are marked as read.") if count else _("You had no unread notification."),
          "success")
    return redirect(url_for("notifications.notification_list"))


def unread_notifications():
    """The header's count: one cheap COUNT for a logged-in person, none for a visitor. Cached pages
    are keyed per person and remember that they read the notification table, so a count is never
    served to somebody else nor kept once a notification is added or read."""
    if not current_user.is_authenticated:
        return 0
    return service.unread_count(current_user)
