"""Validators and fields shared by every feature's forms."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, StopValidation, ValidationError

from roadmap.core.params import DATE_MAX, DATE_MIN

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


class BoundedDateField(DateField):
    """A date within DATE_MIN..DATE_MAX (roadmap.core.params): every date field of the app is one,
    so that a year 9999 is refused next to the field instead of overflowing a computation."""

    def pre_validate(self, form):
        if self.data is not None and not DATE_MIN <= self.data <= DATE_MAX:
            raise StopValidation(_l("Enter a date between the years %(min)d and %(max)d.",
                                    min=DATE_MIN.year, max=DATE_MAX.year))
