from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from roadmap.accounts import service
from roadmap.accounts.forms import (
    AcceptInvitationForm, ChangePasswordForm, ForgotPasswordForm, LanguageForm, LoginForm, ProfileForm,
    ResetPasswordForm,
)
from roadmap.accounts.models import SecurityEventKind
from roadmap.accounts.tokens import TokenError
from roadmap.core.errors import Conflict
from roadmap.core.permissions import editor_required
from roadmap.core.requests import client_address
from roadmap.core.security import safe_next_path
from roadmap.extensions import db

bp = Blueprint("accounts", __name__)


def _wait_message(error):
    if error.seconds < 60:
        return ngettext("Too many failed attempts from your connection. For your safety, try again in "
                        "%(num)d second.",
                        "Too many failed attempts from your connection. For your safety, try again in "
                        "%(num)d seconds.", error.seconds)
    return ngettext("Too many failed attempts from your connection. For your safety, try again in %(num)d minute.",
                    "Too many failed attempts from your connection. For your safety, try again in %(num)d minutes.",
                    error.minutes)


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_path = safe_next_path(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(next_path or url_for("process.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = service.authenticate(form.email.data, form.password.data, client_address())
        except service.TooManyAttempts as error:
            form.password.errors.append(_wait_message(error))
            return render_template("accounts/login.html", form=form, next=next_path), 429, \
                {"Retry-After": str(error.seconds)}
        if user is None:
            db.session.commit()  # keep the failed attempt for the rate limit
            form.password.errors.append(_("This e-mail and password do not match an account."))
            return render_template("accounts/login.html", form=form, next=next_path), 200
        db.session.commit()
        login_user(user, remember=form.remember.data)
        session["lang"] = user.language
        return redirect(next_path or url_for("process.home"))
    return render_template("accounts/login.html", form=form, next=next_path)


@bp.post("/logout")
@login_required
def logout():
    user = current_user._get_current_object()
    service.record_security_event(user, SecurityEventKind.LOGOUT, client_address())
    user.end_all_sessions()  # a copied cookie must not outlive the log-out
    db.session.commit()
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("process.home"))


@bp.post("/language")
def switch_language():
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["lang"] = form.language.data
    if current_user.is_authenticated:
        current_user.language = form.language.data
        db.session.commit()
    return redirect(safe_next_path(form.next.data) or url_for("process.home"))


# --- invitations -------------------------------------------------------------

@bp.route("/invitations", methods=["GET", "POST"])
@editor_required
def invitations():
    from roadmap.invitations.routes import invitation_page

    return invitation_page(None)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    try:
        invitation = service.invitation_from_token(token)
    except TokenError as error:
        message = (_("This invitation has expired. Ask the editors to invite you again.") if error.expired
                   else _("This invitation link is not valid or has already been used."))
        return render_template("accounts/token_error.html", message=message), 410 if error.expired else 404
    form = AcceptInvitationForm()
    if request.method == "GET":
        form.language.data = session.get("lang", current_app.config["BABEL_DEFAULT_LOCALE"])
    if form.validate_on_submit():
        try:
            user = service.accept_invitation(
                invitation, form.display_name.data, form.password.data, form.language.data, client_address()
            )
        except (TokenError, Conflict):
            db.session.rollback()
            return render_template(
                "accounts/token_error.html", message=_("This invitation link is not valid or has already been used.")
            ), 404
        db.session.commit()
        login_user(user)
        session["lang"] = user.language
        flash(_("Welcome! Your account is ready."), "success")
        from roadmap.home.guide import first_visit_path

        return redirect(first_visit_path(user, invitation))
    return render_template("accounts/accept_invitation.html", form=form, invitation=invitation), \
        422 if form.is_submitted() else 200


# --- passwords ----------------------------------------------------------------

@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            service.request_password_reset(form.email.data, client_address())
        except service.TooManyAttempts as error:
            form.email.errors.append(ngettext(
                "Too many requests from your connection. Try again in %(num)d minute.",
                "Too many requests from your connection. Try again in %(num)d minutes.", error.minutes))
            return render_template("accounts/forgot_password.html", form=form), 429, \
                {"Retry-After": str(error.seconds)}
        db.session.commit()
        flash(_("If an account uses this address, we have sent it a link to choose a new password."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    try:
        user = service.user_from_reset_token(token)
    except TokenError as error:
        message = (_("This link has expired. Ask for a new one.") if error.expired
                   else _("This link is not valid or has already been used. Ask for a new one."))
        return render_template("accounts/token_error.html", message=message, retry=True), 410 if error.expired else 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        service.set_password(user, form.password.data, SecurityEventKind.PASSWORD_RESET, client_address())
        db.session.commit()
        flash(_("Your password has been changed. You can log in."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        current_user.display_name = form.display_name.data
        current_user.language = form.language.data
        session["lang"] = form.language.data
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            service.change_password(user, form.current_password.data, form.password.data, client_address())
        except service.Invalid as error:
            form.current_password.errors.append(error.message)
        else:
            db.session.commit()
            login_user(user)  # the new session token goes into this browser's cookie
            flash(_("Your password has been changed. Your other sessions were closed."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form), 422 if form.is_submitted() else 200
