"""The invitation e-mail: who invites, for which territory or organisation, with which role, what
is expected now, the inviter's message, and the link. Sent once the request has committed."""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from roadmap.accounts.labels import ROLE_LABELS
from roadmap.accounts.models import Invitation
from roadmap.accounts.tokens import make_token
from roadmap.core.deferred import after_response
from roadmap.core.mail import send_mail
from roadmap.core.i18n import sentence_date
from roadmap.core.requests import public_url
from roadmap.extensions import db
from roadmap.home.guide import next_step_text
from roadmap.process import service as process_service


def invitation_token(invitation):
    return make_token("invitation", {"i": invitation.id, "n": invitation.nonce})


def send_after_commit(invitations):
    """Queue the e-mails of these invitations (their ids and nonces as committed)."""
    for invitation in invitations:
        after_response(send_invitation, invitation.id, invitation.nonce)


def _target_text(invitation):
    if invitation.organisation is not None and invitation.territory is not None:
        return _("for %(organisation)s, partner of %(territory)s", organisation=invitation.organisation.name,
                 territory=invitation.territory.name)
    if invitation.organisation is not None:
        return _("for %(organisation)s", organisation=invitation.organisation.name)
    if invitation.territory is not None:
        return _("for %(territory)s", territory=invitation.territory.name)
    return _("for the editorial team")


def invitation_body(invitation, link):
    """The text of the e-mail, in the current locale."""
    inviter = invitation.invited_by
    process = process_service.get_process()
    step = process_service.current_step(process)
    territory_name = invitation.territory.name if invitation.territory else ""
    parts = [
        _("%(name)s invites you to take part in the European Self Data territorial roadmap, %(target)s, as "
          "%(role)s.", name=inviter.display_name if inviter else _("The editorial team"),
          target=_target_text(invitation), role=str(ROLE_LABELS[invitation.role.value]).lower()),
    ]
    if step is not None:
        from roadmap.process.labels import STEP_TITLES

        parts.append(_("The programme is now at the step “%(step)s” (until %(end)s). What is expected of you:",
                       step=STEP_TITLES[step.kind], end=sentence_date(step.ends_on)))
        parts.append(next_step_text(step, invitation.role.value, territory_name)
                     + (f"\n{step.expectations}" if step.expectations else ""))
    if invitation.message:
        parts.append(_("Message from %(name)s:", name=inviter.display_name if inviter else "") + "\n"
                     + "\n".join(f"> {line}" for line in invitation.message.splitlines()))
    days = max(1, current_app.config["INVITATION_MAX_AGE"] // 86400)
    parts.append(_("Open this link to create your account (it is valid for %(days)d days and works once):\n"
                   "%(link)s", days=days, link=link))
    return "\n\n".join(parts) + "\n"


def send_invitation(invitation_id, nonce):
    """Mail one invitation, unless it was resent or revoked meanwhile (its link would not work)."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.nonce != nonce or invitation.revoked_at or invitation.accepted_at:
        return None
    link = public_url("accounts.accept_invitation", token=invitation_token(invitation))
    inviter = invitation.invited_by
    with force_locale(inviter.language if inviter else current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("%(name)s invites you to the Self Data territorial roadmap",
                    name=inviter.display_name if inviter else _("The editorial team"))
        return send_mail(invitation.email, subject, invitation_body(invitation, link))
