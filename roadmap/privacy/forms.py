from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Optional

from roadmap.core.forms import BoundedDateField, max_length


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(message=_l("This field is required."))],
                             description=_l("To confirm that it is you."))
    comments = RadioField(
        _l("Your comments on the roadmap consultation"),
        choices=[("anonymise", _l("Keep them, signed \u201cformer participant\u201d")),
                 ("delete", _l("Delete them"))],
        default="anonymise",
    )
    confirm = BooleanField(_l("I understand that my account and my personal data will be erased for good."),
                           validators=[DataRequired(message=_l("Tick this box to confirm."))])


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = StringField(_l("Action"), validators=[Optional(), max_length(64)])
    since = BoundedDateField(_l("From"), validators=[Optional()])
    until = BoundedDateField(_l("To"), validators=[Optional()])
