from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired, ValidationError

from roadmap.core.forms import BoundedDateField, max_length


class StepForm(FlaskForm):
    starts_on = BoundedDateField(_l("Starts on"), validators=[InputRequired(message=_l("Enter a date."))])
    ends_on = BoundedDateField(_l("Ends on"), validators=[InputRequired(message=_l("Enter a date."))])
    expectations = TextAreaField(_l("What is expected from participants"), validators=[max_length(4000)])

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end must not be before the start."))
