"""Signed, expiring tokens for invitations and password resets."""
import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class TokenError(Exception):
    """The token is malformed, tampered with, expired or already used."""

    def __init__(self, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"roadmap-{purpose}")


def make_token(purpose, payload):
    return _serializer(purpose).dumps(payload)


def read_token(purpose, token, max_age):
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise TokenError(expired=True) from error
    except BadSignature as error:
        raise TokenError() from error


def password_fingerprint(user):
    """Changes whenever the password changes, so that a reset token works only once."""
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]
