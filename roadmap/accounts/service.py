"""Rules for accounts: invitations, log-in with its rate limit, passwords."""
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from roadmap.accounts.models import (
    Invitation, InvitedRole, LoginAttempt, PasswordResetRequest, SecurityEvent, SecurityEventKind, User,
)
from roadmap.accounts.passwords import hash_password, needs_rehash, verify_password
from roadmap.accounts.tokens import TokenError, make_token, password_fingerprint, read_token
from roadmap.core.deferred import after_response
from roadmap.core.errors import Conflict, Invalid
from roadmap.core.mail import send_mail
from roadmap.core.requests import public_url
from roadmap.core.sqlite import read_transaction
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.notifications import events
from roadmap.territories.models import Membership, MembershipRole


def normalise_email(email):
    return (email or "").strip().lower()


def find_user_by_email(email):
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def record_security_event(user, kind, address=None):
    db.session.add(SecurityEvent(user_id=user.id, kind=kind, address=address))


# --- log-in -----------------------------------------------------------------

class TooManyAttempts(Exception):
    def __init__(self, seconds):
        super().__init__(seconds)
        self.seconds = max(1, int(seconds))
        self.minutes = max(1, -(-self.seconds // 60))


def _failures(since, **columns):
    """(how many failures match columns since then, the time of the last one)."""
    conditions = [getattr(LoginAttempt, name) == value for name, value in columns.items()]
    count, last = db.session.execute(
        select(func.count(LoginAttempt.id), func.max(LoginAttempt.at)).where(LoginAttempt.at >= since, *conditions)
    ).one()
    return count, last


def pair_delay(failures):
    """Seconds the next try of one account from one address waits after this many recent failures:
    nothing for the first LOGIN_FREE_FAILURES, then doubling from LOGIN_FIRST_DELAY up to the window."""
    config = current_app.config
    extra = failures - config["LOGIN_FREE_FAILURES"]
    if extra < 0:
        return 0
    return min(config["LOGIN_FAILURE_WINDOW"], config["LOGIN_FIRST_DELAY"] * 2 ** min(extra, 30))


def check_login_allowed(email, address):
    """Raise TooManyAttempts while this address must wait before trying this account again, or
    when this address failed too often lately whatever the account. The account itself is never
    locked: its owner, from another address, logs in as usual."""
    config = current_app.config
    window = config["LOGIN_FAILURE_WINDOW"]
    now = utcnow()
    since = now - timedelta(seconds=window)
    from_address, last_from_address = _failures(since, address=address)
    if from_address >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]:
        raise TooManyAttempts(seconds=(last_from_address + timedelta(seconds=window) - now).total_seconds())
    pair, last_pair = _failures(since, email=normalise_email(email)[:254], address=address)
    wait = pair_delay(pair)
    if wait and last_pair + timedelta(seconds=wait) > now:
        raise TooManyAttempts(seconds=(last_pair + timedelta(seconds=wait) - now).total_seconds())


def authenticate(email, password, address):
    """Return the user whose credentials these are, or None; records the attempt.

    The rate limits and the user are read, and the password checked (argon2, tens of ms), with
    no write lock held: only recording the outcome takes it."""
    with read_transaction(db.session):
        check_login_allowed(email, address)
        user = find_user_by_email(email)
        user_id, stored_hash, active = (user.id, user.password_hash, user.active) if user else (None, None, False)
    valid = verify_password(stored_hash, password)
    user = db.session.get(User, user_id) if user_id else None
    if not valid or not active or user is None:
        db.session.add(LoginAttempt(email=normalise_email(email)[:254], address=address))
        if user:
            record_security_event(user, SecurityEventKind.LOGIN_FAILED, address)
            _notice_repeated_failures(user)
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    record_security_event(user, SecurityEventKind.LOGIN, address)
    return user


def _notice_repeated_failures(user):
    """Tell the owner once, when their account reaches LOGIN_NOTICE_AFTER failures in the window."""
    config = current_app.config
    since = utcnow() - timedelta(seconds=config["LOGIN_FAILURE_WINDOW"])
    count, _last = _failures(since, email=user.email)
    if count == config["LOGIN_NOTICE_AFTER"]:
        after_response(send_login_failures_notice, user.id, count)


def send_login_failures_notice(user_id, count):
    """The e-mail to an account's owner about repeated failed log-ins (sent after the answer)."""
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return
    link = public_url("accounts.change_password")
    minutes = max(1, current_app.config["LOGIN_FAILURE_WINDOW"] // 60)
    with force_locale(user.language):
        send_mail(
            user.email,
            _("Failed log-ins on your account"),
            _(
                "Someone tried %(count)d times within %(minutes)d minutes to log in to your account on the "
                "Self Data territorial roadmap with a wrong password.\n\n"
                "Each new try from the same connection now has to wait longer; your own log-ins are not "
                "blocked. If it was you, there is nothing to do. Otherwise, choose a long password that you "
                "use nowhere else:\n%(link)s\n",
                count=count, minutes=minutes, link=link,
            ),
        )


# --- invitations --------------------------------------------------------------

def invite(inviter, email, role, territory=None, organisation=None):
    """Invite one address at once (commands, tests): roadmap.invitations does the work, and its
    pages invite several addresses and mail them after the commit. Returns (invitation, token)."""
    from roadmap.invitations import mail, service as invitations

    email = normalise_email(email)
    if find_user_by_email(email):
        raise Conflict(_("A person with this e-mail address already has an account."))
    [invitation] = invitations.invite_all(inviter, [email], role, territory=territory, organisation=organisation)
    mail.send_invitation(invitation.id, invitation.nonce)
    return invitation, mail.invitation_token(invitation)


def invitation_from_token(token):
    """The pending invitation this token points at, or TokenError."""
    payload = read_token("invitation", token, current_app.config["INVITATION_MAX_AGE"])
    invitation = db.session.get(Invitation, payload.get("i")) if isinstance(payload, dict) else None
    if (invitation is None or invitation.nonce != payload.get("n") or invitation.accepted_at
            or invitation.revoked_at):
        raise TokenError()
    if invitation.expires_at < utcnow():
        raise TokenError(expired=True)
    return invitation


def accept_invitation(invitation, display_name, password, language, address=None):
    """Create the invitee's account with the rights the invitation grants; works once."""
    if invitation.accepted_at or invitation.revoked_at:
        raise TokenError()
    if find_user_by_email(invitation.email):
        raise Conflict(_("A person with this e-mail address already has an account."))
    user = User(
        email=invitation.email, display_name=display_name.strip(),
        password_hash=hash_password(password), language=language,
        is_editor=invitation.role == InvitedRole.EDITOR,
    )
    db.session.add(user)
    if invitation.role in (InvitedRole.LEAD, InvitedRole.MEMBER):
        user.memberships.append(Membership(territory=invitation.territory, role=MembershipRole(invitation.role.value)))
    elif invitation.role == InvitedRole.PARTNER:
        user.memberships.append(Membership(organisation=invitation.organisation, role=MembershipRole.MEMBER))
        # Invited for a territory (by its lead): the organisation works with it from now on.
        if invitation.territory is not None and invitation.territory not in invitation.organisation.territories:
            invitation.organisation.territories.append(invitation.territory)
    invitation.accepted_at = utcnow()
    db.session.flush()
    record_security_event(user, SecurityEventKind.INVITATION_ACCEPTED, address)
    events.invitation_accepted(invitation, user)
    return user


# --- passwords ----------------------------------------------------------------

def request_password_reset(email, address):
    """Record the request and send the link after the answer, so that an existing and an unknown
    address answer alike and in the same time. One address may ask RESET_MAX_PER_ADDRESS times per
    RESET_REQUEST_WINDOW (TooManyAttempts past it); one account receives at most
    RESET_MAX_PER_ACCOUNT e-mails in that time, whoever asks, without the answer saying so."""
    config = current_app.config
    now = utcnow()
    since = now - timedelta(seconds=config["RESET_REQUEST_WINDOW"])
    count, first = db.session.execute(
        select(func.count(PasswordResetRequest.id), func.min(PasswordResetRequest.at))
        .where(PasswordResetRequest.address == address, PasswordResetRequest.at >= since)
    ).one()
    if count >= config["RESET_MAX_PER_ADDRESS"]:
        raise TooManyAttempts(seconds=(first - since).total_seconds())
    email = normalise_email(email)[:254]
    db.session.add(PasswordResetRequest(email=email, address=address, at=now))
    after_response(_send_password_reset_within_limit, email)


def _send_password_reset_within_limit(email):
    since = utcnow() - timedelta(seconds=current_app.config["RESET_REQUEST_WINDOW"])
    asked = db.session.scalar(
        select(func.count(PasswordResetRequest.id))
        .where(PasswordResetRequest.email == email, PasswordResetRequest.at >= since)
    )
    if asked > current_app.config["RESET_MAX_PER_ACCOUNT"]:
        current_app.logger.warning("Password reset for %s not sent: %d requests within the window", email, asked)
        return None
    return send_password_reset(email)


def send_password_reset(email):
    """Mail a reset link if the account exists; say nothing either way to the caller."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return None
    token = make_token("reset", {"u": user.id, "f": password_fingerprint(user)})
    link = public_url("accounts.reset_password", token=token)
    with force_locale(user.language):
        send_mail(
            user.email,
            _("Reset your password"),
            _(
                "Someone asked to reset the password of your account.\n\n"
                "Open this link within an hour to choose a new password:\n%(link)s\n\n"
                "If it was not you, ignore this message: your password stays as it is.\n",
                link=link,
            ),
        )
    return token


def user_from_reset_token(token):
    payload = read_token("reset", token, current_app.config["RESET_MAX_AGE"])
    user = db.session.get(User, payload.get("u")) if isinstance(payload, dict) else None
    if user is None or not user.active or password_fingerprint(user) != payload.get("f"):
        raise TokenError()
    return user


def set_password(user, password, kind=SecurityEventKind.PASSWORD_CHANGED, address=None):
    """Store the new password and end every other session of this user."""
    user.password_hash = hash_password(password)
    user.end_all_sessions()
    record_security_event(user, kind, address)


def change_password(user, current_password, new_password, address=None):
    if not verify_password(user.password_hash, current_password):
        raise Invalid(_("Your current password is not correct."))
    set_password(user, new_password, address=address)


def create_user(email, display_name, password, editor=False, admin=False, language="fr"):
    email = normalise_email(email)
    if find_user_by_email(email):
        raise Conflict(_("A person with this e-mail address already has an account."))
    user = User(
        email=email, display_name=display_name, password_hash=hash_password(password),
        is_editor=editor, is_admin=admin, language=language,
    )
    db.session.add(user)
    db.session.flush()
    return user
