"""Password hashing with argon2id (argon2-cffi's defaults meet OWASP guidance)."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

# Verified when the e-mail is unknown, so that both answers take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password):
    return _hasher.hash(password)


def verify_password(password_hash, password):
    """True if password matches; an unknown user costs the same time as a wrong password."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash):
    return _hasher.check_needs_rehash(password_hash)
