"""What may come in, with the messages a user sees."""
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField,
    TextAreaField, TimeField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from roadmap.core.forms import BoundedDateField, MarkdownBounds, language_field, max_length, required
from roadmap.workshops.labels import (
    ALLIANCE_ROLE_LABELS, CANVAS_LABELS, GOVERNANCE_LABELS, THEME_LABELS, WORKSHOP_KIND_LABELS,
)
from roadmap.workshops.models import DEFAULT_DOTS, FIELD_MAX, MAX_DOTS, TEXT_FIELDS, TITLE_MAX


def _web_link(_form, field):
    value = (field.data or "").strip()
    field.data = value
    if value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
            raise ValidationError(_l("Enter a web address starting with https://"))


class WorkshopForm(FlaskForm):
    title = StringField(_l("Title"), validators=[required(), max_length(TITLE_MAX)])
    kind = SelectField(_l("Kind"), choices=[(k.value, label) for k, label in WORKSHOP_KIND_LABELS.items()])
    day = BoundedDateField(_l("Date"), validators=[InputRequired(message=_l("Enter a date."))])
    start_time = TimeField(_l("Start time"), validators=[InputRequired(message=_l("Enter a time, such as 09:30."))],
                           description=_l("Paris time."))
    end_time = TimeField(_l("End time"), validators=[InputRequired(message=_l("Enter a time, such as 12:30."))],
                         description=_l("Paris time."))
    place = StringField(_l("Place"), validators=[max_length(300)], description=_l("An address, or leave empty if online only."))
    online_url = StringField(_l("Online link"), validators=[max_length(500), _web_link])
    host_territory = SelectField(_l("Host territory"), coerce=int)
    invited_territories = SelectMultipleField(_l("Invited territories"), coerce=int)
    invited_organisations = SelectMultipleField(_l("Invited partner organisations"), coerce=int)
    use_cases = SelectMultipleField(_l("Use cases on the agenda"), coerce=int,
                                    description=_l("They are the shared canvases of the live room."))
    agenda = TextAreaField(_l("Agenda"), validators=[max_length(20000), MarkdownBounds()], description=_l("Markdown."))
    agenda_language = language_field(_l("Language of the agenda"))
    dots_per_participant = IntegerField(
        _l("Dots per participant"), default=DEFAULT_DOTS,
        validators=[InputRequired(message=_l("Enter a number.")),
                    NumberRange(min=1, max=MAX_DOTS, message=_l("Between %(min)d and %(max)d.", min=1, max=MAX_DOTS))],
        description=_l("How many dots each participant may put on the cards."),
    )

    def validate_end_time(self, field):
        if self.start_time.data and field.data and field.data <= self.start_time.data:
            raise ValidationError(_l("The end must come after the start."))

    def validate_place(self, field):
        if not (field.data or "").strip() and not (self.online_url.data or "").strip():
            raise ValidationError(_l("Give a place, an online link, or both."))


class MinutesForm(FlaskForm):
    minutes = TextAreaField(_l("Minutes"), validators=[max_length(50000), MarkdownBounds()], description=_l("Markdown."))
    minutes_language = language_field(_l("Language of the minutes"))


class UseCaseForm(FlaskForm):
    title = StringField(CANVAS_LABELS["title"][0], validators=[required(), max_length(TITLE_MAX)])
    theme = SelectField(CANVAS_LABELS["theme"][0], choices=[(k.value, v) for k, v in THEME_LABELS.items()])
    governance_model = SelectField(CANVAS_LABELS["governance_model"][0],
                                   choices=[(k.value, v) for k, v in GOVERNANCE_LABELS.items()])
    is_public = BooleanField(_l("Visible to visitors (public)"))
    # One language for the canvas (title and fields), not one per field: a group writes it in one.
    language = language_field(_l("Language of the use case"))
    versions = HiddenField()

    def changed_fields(self, use_case, versions):
        """{field: (new value, version seen)} for what the user changed."""
        changes = {}
        for name in TEXT_FIELDS + ("theme", "governance_model"):
            new = getattr(self, name).data
            old = getattr(use_case, name)
            old = old.value if hasattr(old, "value") else old
            if (new or "").replace("\r\n", "\n") != (old or ""):
                changes[name] = (new, versions.get(name, 0))
        return changes


for _name in TEXT_FIELDS:
    if _name != "title":
        _label, _hint = CANVAS_LABELS[_name]
        setattr(UseCaseForm, _name, TextAreaField(_label, validators=[max_length(FIELD_MAX)], description=_hint))


def parse_versions(text):
    """'field:3,field:1' → {'field': 3, ...}; anything malformed counts as version 0."""
    versions = {}
    for part in (text or "").split(","):
        name, _sep, number = part.partition(":")
        if number.isdigit():
            versions[name] = int(number)
    return versions


def format_versions(versions):
    return ",".join(f"{name}:{number}" for name, number in versions.items())


class AllianceForm(FlaskForm):
    territory = SelectField(_l("Territory"), coerce=int)
    role = SelectField(_l("Role"), choices=[(k.value, v) for k, v in ALLIANCE_ROLE_LABELS.items()])


class LeaveAllianceForm(FlaskForm):
    territory = SelectField(_l("Territory"), coerce=int)


class TimerForm(FlaskForm):
    minutes = IntegerField(_l("Minutes"), validators=[
        InputRequired(message=_l("Enter a number.")),
        NumberRange(min=0, max=180, message=_l("Between %(min)d and %(max)d.", min=0, max=180))])


class LockForm(FlaskForm):
    locked = BooleanField()


class EmptyForm(FlaskForm):
    """A button that only needs the CSRF token."""


class UseCaseFilterForm(FlaskForm):
    class Meta:
        csrf = False

    theme = SelectField(_l("Theme"), choices=[("", _l("All themes"))] + [(k.value, v) for k, v in THEME_LABELS.items()],
                        validators=[Optional()])
    governance = SelectField(_l("Governance model"),
                             choices=[("", _l("All models"))] + [(k.value, v) for k, v in GOVERNANCE_LABELS.items()],
                             validators=[Optional()])
    territory = SelectField(_l("Territory"), validators=[Optional()])
