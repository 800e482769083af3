"""The invitation pages: a territory's (its lead and the editors), resending and revoking. The
editors' page for everything, /invitations, lives in accounts and uses invitation_page() too."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from roadmap.accounts.models import Invitation
from roadmap.core.errors import Conflict, Invalid, NotAllowed
from roadmap.core.once import ALREADY_SUBMITTED, AlreadySubmitted, claim_form_token
from roadmap.core.permissions import login_required
from roadmap.core.security import safe_next_path
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.invitations import mail, service
from roadmap.invitations.forms import NEW_ORGANISATION, InvitationForm
from roadmap.territories.models import Organisation, Territory

bp = Blueprint("invitations", __name__)


def _page_url(territory):
    if territory is None:
        return url_for("accounts.invitations")
    return url_for("invitations.territory_invitations", slug=territory.slug)


def _form(user, territory):
    roles = service.roles_open_to(user, territory)
    asked = request.form.get("role") if request.method == "POST" else None
    if asked is not None and asked not in roles:
        raise NotAllowed()  # a lead giving the lead or editor role, whatever the form showed
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    territories = () if territory is not None else db.session.scalars(select(Territory).order_by(Territory.name)).all()
    default_role = "member" if territory is not None else "lead"
    form = InvitationForm(roles=roles, territory=territory, organisations=organisations, territories=territories)
    if request.method == "GET":
        form.role.data = default_role
    return form


def _send(form, territory):
    """Check every address against the accounts and pending invitations, then invite them all, or
    none. Returns a redirect, or None with the problems marked on the form."""
    try:
        claim_form_token(form.once.data)  # first: the same form sent again finds its own invitations
    except AlreadySubmitted:
        flash(ALREADY_SUBMITTED, "info")
        return redirect(_page_url(territory))
    problems = service.address_problems(form.parsed)
    if problems:
        db.session.rollback()  # the form's token stays free for the corrected form
        form.add_problems(problems)
        return None
    target = territory or (db.session.get(Territory, form.territory.data) if form.territory.data else None)
    organisation = None
    if form.role.data == "partner":
        try:
            organisation = service.organisation_for(
                current_user, form.organisation.data if form.organisation.data != NEW_ORGANISATION else None,
                form.new_organisation_name.data, form.new_organisation_kind.data)
        except (Conflict, Invalid) as error:
            db.session.rollback()
            form.new_organisation_name.errors = list(form.new_organisation_name.errors) + [error.message]
            return None
    invitations = service.invite_all(current_user, [a for _line, a in form.parsed], form.role.data,
                                     territory=target, organisation=organisation, message=form.message.data)
    db.session.commit()
    mail.send_after_commit(invitations)
    flash(ngettext("The invitation was sent to %(emails)s.", "%(num)d invitations were sent: %(emails)s.",
                   len(invitations), emails=", ".join(i.email for i in invitations)), "success")
    return redirect(_page_url(territory))


def invitation_page(territory=None):
    """The invitation form and the list, for the editors (territory None: every invitation) or for
    one territory (its lead and the editors)."""
    if not service.can_invite_for(current_user, territory):
        raise NotAllowed()
    form = _form(current_user, territory)
    status = 200
    if form.validate_on_submit():
        done = _send(form, territory)
        if done is not None:
            return done
        status = 422
    elif form.is_submitted():
        status = 422
    return render_template("invitations/page.html", form=form, territory=territory, now=utcnow(),
                           invitations=service.listed(territory), can_manage=service.can_manage,
                           back=_page_url(territory)), status


@bp.route("/territories/<slug>/invitations", methods=["GET", "POST"])
@login_required
def territory_invitations(slug):
    territory = db.session.scalar(select(Territory).where(Territory.slug == slug)) or abort(404)
    return invitation_page(territory)


def _act(invitation_id, action, done):
    """Run the action (its rule refuses with 403); (the invitation, or None when it could not be
    done, and the page to go back to)."""
    invitation = db.session.get(Invitation, invitation_id) or abort(404)
    back = safe_next_path(request.form.get("next")) or (
        url_for("invitations.territory_invitations", slug=invitation.territory.slug)
        if invitation.territory is not None and not current_user.is_editor else url_for("accounts.invitations"))
    try:
        action(current_user, invitation)
    except Invalid as error:
        db.session.rollback()
        flash(error.message, "error")
        return None, back
    db.session.commit()
    flash(done(invitation.email), "success")
    return invitation, back


@bp.post("/invitations/<int:invitation_id>/resend")
@login_required
def resend(invitation_id):
    invitation, back = _act(invitation_id, service.resend, lambda email: _(
        "A new invitation link was sent to %(email)s; the previous one no longer works.", email=email))
    if invitation is not None:
        mail.send_after_commit([invitation])
    return redirect(back)


@bp.post("/invitations/<int:invitation_id>/revoke")
@login_required
def revoke(invitation_id):
    _invitation, back = _act(invitation_id, service.revoke, lambda email: _(
        "The invitation of %(email)s was revoked: its link no longer works.", email=email))
    return redirect(back)
