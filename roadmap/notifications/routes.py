"""/notifications: the person's notifications, newest first; opening one marks it read.
/account/notifications: how they hear of each kind; /unsubscribe/<token>: the e-mails' link."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from roadmap.accounts.tokens import TokenError
from roadmap.core.permissions import login_required
from roadmap.extensions import csrf, db
from roadmap.notifications import emails, preferences, service
from roadmap.notifications.forms import preferences_form
from roadmap.notifications.labels import KIND_NAMES, notification_html

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
@login_required
def notification_list():
    page = db.paginate(service.notifications_of(current_user), per_page=service.PER_PAGE, error_out=False)
    return render_template("notifications/list.html", page=page, text=notification_html,
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


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def email_preferences():
    """How the person hears of each kind of notification (also shown on the profile page)."""
    form = preferences_form(preferences.preferences_of(current_user), request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        preferences.set_preferences(current_user, form.choices())
        db.session.commit()
        flash(_("Your e-mail preferences have been saved."), "success")
        return redirect(url_for("notifications.email_preferences"))
    return (render_template("notifications/preferences.html", form=form),
            422 if form.is_submitted() else 200)


@bp.get("/unsubscribe/<token>")
def unsubscribe(token):
    """The link of every e-mail: says what it stops and asks for one click; no log-in needed (the
    signed token is the authority). A GET changes nothing: mail scanners open links."""
    try:
        user, kind = emails.read_unsubscribe_token(token)
    except TokenError:
        return render_template("notifications/unsubscribe_invalid.html"), 400
    return render_template("notifications/unsubscribe.html", user=user, kind=kind, token=token,
                           kind_name=KIND_NAMES.get(kind))


@bp.post("/unsubscribe/<token>")
@csrf.exempt  # RFC 8058 one-click: the mail client posts without a form; the signed token protects it
def unsubscribe_confirm(token):
    try:
        user, kind = emails.read_unsubscribe_token(token)
    except TokenError:
        return render_template("notifications/unsubscribe_invalid.html"), 400
    preferences.unsubscribe(user, kind)
    db.session.commit()
    return render_template("notifications/unsubscribed.html", user=user, kind=kind,
                           kind_name=KIND_NAMES.get(kind))


def email_preferences_form():
    """The profile page's form (a template global)."""
    return preferences_form(preferences.preferences_of(current_user))
