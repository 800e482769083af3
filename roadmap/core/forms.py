"""Validators and fields shared by every feature's forms."""
from flask_babel import lazy_gettext as _l
from email_validator import EmailNotValidError, validate_email
from wtforms import DateField, PasswordField, SelectField
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


class BoundedLength(Length):
    """At most `max` characters; a text far too long is not sent back whole in the answer.

    A little over the limit, the field keeps everything typed so that nothing is lost. Past twice
    the limit (a pasted file, a hostile 10 MB post), echoing it would make the error page as
    large as the attack: the field then keeps its first `max` characters and says so.
    """

    def __call__(self, form, field):
        try:
            super().__call__(form, field)
        except ValidationError:
            if isinstance(field.data, str) and len(field.data) > 2 * self.max:
                typed = len(field.data)
                field.data = field.data[:self.max]
                raise ValidationError(_l("At most %(max)d characters: the text sent had %(typed)d. Only its first "
                                         "%(max)d characters are shown below.", max=self.max, typed=typed)) from None
            raise


def max_length(n):
    return BoundedLength(max=n, message=_l("At most %(max)d characters.", max=n))


class MarkdownBounds:
    """The text can be formatted within the bounds of roadmap.core.markdown_bounds (checked once
    its length is fine: the service that saves it reuses this rendering)."""

    def __call__(self, form, field):
        from roadmap.core.markdown_bounds import MarkdownRefused, render_for_storage

        if field.errors or not isinstance(field.data, str):
            return
        try:
            render_for_storage(field.data)
        except MarkdownRefused as refused:
            raise ValidationError(refused.message) from None


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


class SingleEmailAddress:
    """Exactly one e-mail address (email-validator's syntax rules, no display name, no list, no DNS:
    the e-mailed link proves the address is real). Each form's own message says which rule failed,
    because an SMTP server would deliver "a@x.fr,b@y.fr" or "<b@y.fr>a@x.fr" to both."""

    def __call__(self, form, field):
        value = (field.data or "").strip()
        if not value:
            return
        field.data = single_email_address(value)


def single_email_address(value):
    """The normalised address, or ValidationError saying which rule it breaks (SingleEmailAddress)."""
    value = (value or "").strip()
    if any(sep in value for sep in ",;<>") or value.count("@") > 1:
        raise ValidationError(_l("Enter one e-mail address only, such as name@example.org."))
    try:
        result = validate_email(value, check_deliverability=False, allow_display_name=False,
                                allow_quoted_local=False, allow_domain_literal=False)
    except EmailNotValidError:
        raise ValidationError(_l("Enter a valid e-mail address, such as name@example.org.")) from None
    return result.normalized


class BoundedDateField(DateField):
    """A date within DATE_MIN..DATE_MAX (roadmap.core.params): every date field of the app is one,
    so that a year 9999 is refused next to the field instead of overflowing a computation."""

    def pre_validate(self, form):
        if self.data is not None and not DATE_MIN <= self.data <= DATE_MAX:
            raise StopValidation(_l("Enter a date between the years %(min)d and %(max)d.",
                                    min=DATE_MIN.year, max=DATE_MAX.year))


def explains_required_mark(field):
    """True for the first field of its form that shows the required "*" in a page: the mark is
    explained there, once per form (RGAA 11.10), whatever the order the fields are rendered in."""
    form = getattr(field, "_form", None)
    if form is None or getattr(form, "_required_mark_explained", False):
        return False
    form._required_mark_explained = True
    return True


class ConfiguredLanguage:
    """One of the configured languages (LANGUAGES): anything else is refused next to the field."""

    def __call__(self, form, field):
        from roadmap.core.i18n import content_languages

        if field.data not in content_languages():
            raise StopValidation(_l("Choose a language from the list."))


def language_field(label=None):
    """The language a text is written in: the writer's interface language unless they choose
    another (a form without the field keeps that default)."""
    from roadmap.core.i18n import language_choices, writer_language

    def choices():  # each language's name is marked as written in that language (RGAA 8.7)
        return [(code, name, {"lang": code}) for code, name in language_choices()]

    return SelectField(label or _l("Language of the text"), choices=choices, default=writer_language,
                       validate_choice=False, validators=[ConfiguredLanguage()],
                       # Nothing said (an older form, a text not answered yet): the writer's.
                       filters=[lambda value: value or writer_language()],
                       description=_l("The language you write it in: screen readers read it in that language."))
