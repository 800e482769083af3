"""What may come in, with the messages a user sees next to each field."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DecimalField, IntegerField, SelectField, SelectMultipleField, StringField,
                     TextAreaField, widgets)
from wtforms.validators import InputRequired, NumberRange, Optional

from roadmap.core.forms import BoundedDateField, MarkdownBounds, max_length, required
from roadmap.core.params import MAX_ID
from roadmap.followup.labels import PRINCIPLE_LABELS, ROLE_LABELS, STATUS_LABELS
from roadmap.followup.models import TEXT_MAX, TITLE_MAX
from roadmap.workshops.labels import GOVERNANCE_LABELS, THEME_LABELS

NUMBER_MESSAGE = _l("Enter a number, such as 12 or 3.5.")


class NumberField(DecimalField):
    """A finite decimal number; a comma is taken as the decimal mark (French writing). Anything
    else (words, NaN, infinity, 1e999) is refused next to the field."""

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0].strip() == "":
            self.data = None
            return
        raw = valuelist[0].strip().replace(",", ".").replace("\u202f", "").replace(" ", "")
        try:
            number = float(raw)
        except ValueError:
            self.data = None
            raise ValueError(NUMBER_MESSAGE) from None
        if number != number or number in (float("inf"), float("-inf")) or abs(number) > 1e15:
            self.data = None
            raise ValueError(NUMBER_MESSAGE)
        self.data = number


def _choices(labels):
    return [(key.value if hasattr(key, "value") else key, label) for key, label in labels.items()]


def _optional_int(value):
    """An id chosen in a list, or None; a number no column can hold is refused next to the field."""
    if value in (None, "", "None"):
        return None
    number = int(value)
    if not 0 < number <= MAX_ID:
        raise ValueError("out of range")
    return number


class ActionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[required(), max_length(TITLE_MAX)])
    description = TextAreaField(_l("Description"), validators=[max_length(20000), MarkdownBounds()],
                                description=_l("Markdown: blank lines between paragraphs, - for lists."))
    theme = SelectField(_l("Theme"), choices=_choices(THEME_LABELS), default="other")
    section = SelectField(_l("Section of the roadmap it comes from"), coerce=_optional_int, choices=[],
                          validate_choice=False)


class CommitForm(FlaskForm):
    territory = SelectField(_l("Territory"), coerce=int, choices=[])
    role = SelectField(_l("Role"), choices=_choices(ROLE_LABELS), default="taking_part")


class WithdrawForm(FlaskForm):
    territory = SelectField(_l("Territory"), coerce=int, choices=[])


class RecordCommitmentForm(FlaskForm):
    party = SelectField(_l("Territory or organisation"), choices=[])
    role = SelectField(_l("Role"), choices=_choices(ROLE_LABELS), default="taking_part")


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ExperimentForm(FlaskForm):
    territory = SelectField(_l("Territory"), coerce=int, choices=[])
    title = StringField(_l("Title"), validators=[required(), max_length(TITLE_MAX)])
    action_id = SelectField(_l("Action of the roadmap"), coerce=_optional_int, choices=[], validate_choice=False)
    use_case_id = SelectField(_l("Use case"), coerce=_optional_int, choices=[], validate_choice=False)
    summary = TextAreaField(_l("What is tried"), validators=[max_length(TEXT_MAX)])
    governance_model = SelectField(_l("Governance model"), choices=_choices(GOVERNANCE_LABELS), default="other")
    personal_data = TextAreaField(_l("Personal data concerned"), validators=[max_length(TEXT_MAX)])
    data_holders = TextAreaField(_l("Who holds it today"), validators=[max_length(TEXT_MAX)])
    principles = MultiCheckboxField(_l("MyData principles applied"), choices=_choices(PRINCIPLE_LABELS),
                                    validators=[Optional()])
    starts_on = BoundedDateField(_l("Start date"), validators=[InputRequired(message=_l("Enter a date."))])
    ends_on = BoundedDateField(_l("End date (optional)"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=_choices(STATUS_LABELS), default="planned")
    progress = IntegerField(_l("Progress (%)"), default=0, validators=[
        InputRequired(message=_l("The progress is a whole number from 0 to 100.")),
        NumberRange(min=0, max=100, message=_l("The progress is a whole number from 0 to 100."))])
    is_public = BooleanField(_l("Public: visitors see it on the follow-up pages, in the API and the open data"))

    def values(self):
        return {name: getattr(self, name).data for name in (
            "title", "summary", "governance_model", "personal_data", "data_holders", "principles", "starts_on",
            "ends_on", "status", "progress", "is_public", "action_id", "use_case_id")}


class EntryForm(FlaskForm):
    happened_on = BoundedDateField(_l("Date"), validators=[InputRequired(message=_l("Enter a date."))])
    text = TextAreaField(_l("What happened"), validators=[required(), max_length(TEXT_MAX)])


class DecideEntryForm(FlaskForm):
    pass


class IndicatorForm(FlaskForm):
    name = StringField(_l("Indicator"), validators=[required(), max_length(TITLE_MAX)])
    unit = StringField(_l("Unit"), validators=[required(), max_length(40)],
                       description=_l("Such as: participants, kg CO2, %."))
    baseline = NumberField(_l("Baseline (optional)"), places=None, validators=[Optional()],
                            render_kw={"inputmode": "decimal"})
    target = NumberField(_l("Target (optional)"), places=None, validators=[Optional()],
                          render_kw={"inputmode": "decimal"})

    def values(self):
        return {"name": self.name.data, "unit": self.unit.data,
                "baseline": float(self.baseline.data) if self.baseline.data is not None else None,
                "target": float(self.target.data) if self.target.data is not None else None}


class ValueForm(FlaskForm):
    measured_on = BoundedDateField(_l("Measured on"), validators=[InputRequired(message=_l("Enter a date."))])
    value = NumberField(_l("Value"), places=None, render_kw={"inputmode": "decimal"},
                         validators=[InputRequired(message=NUMBER_MESSAGE)])
    source = StringField(_l("Source of the value"), validators=[max_length(300)],
                         description=_l("Where the number comes from: a count, a survey, a meter…"))


class EmptyForm(FlaskForm):
    """A button that only needs its CSRF token."""
