"""Validators and fields shared by every feature's forms."""
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

PASSWORD_MIN = 10
PASSWORD_MAX = 128


class StrippedRequired(DataRequired):
    """Required, and whitespace alone does not count."""

    def __call__(self, form, field):
        if isinstance(field.data, str):
            field.data = field.data.strip()
        super().__call__(form, field)


def required():
    return StrippedRequired(message=_l("This field is required."))


def max_length(n):
    return Length(max=n, message=_l("At most %(max)d characters.", max=n))


def new_password_fields():
    password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(message=_l("This field is required.")),
            Length(min=PASSWORD_MIN, max=PASSWORD_MAX,
                   message=_l("Between %(min)d and %(max)d characters.", min=PASSWORD_MIN, max=PASSWORD_MAX)),
        ],
        description=_l("At least %(min)d characters.", min=PASSWORD_MIN),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(message=_l("This field is required.")),
                    EqualTo("password", message=_l("The two passwords differ."))],
    )
    return password, confirm


class SimpleEmail:
    """An e-mail address of a plausible shape (the invitation link proves it is real)."""

    def __call__(self, form, field):
        value = (field.data or "").strip()
        local, at, domain = value.rpartition("@")
        if not at or not local or "." not in domain or domain.startswith(".") or domain.endswith(".") \
                or any(c.isspace() for c in value) or len(value) > 254:
            raise ValidationError(_l("Enter a valid e-mail address, such as name@example.org."))
        field.data = value
