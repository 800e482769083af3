from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Optional

from roadmap.accounts.labels import ROLE_LABELS
from roadmap.accounts.models import InvitedRole
from roadmap.core.forms import SingleEmailAddress, max_length, new_password_fields, required
from roadmap.core.once import once_field

LANGUAGE_CHOICES = [("fr", "Français"), ("en", "English")]


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[required(), max_length(254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("This field is required."))])
    remember = BooleanField(_l("Remember me on this computer"))


class InviteForm(FlaskForm):
    once = once_field()  # the same form sent twice invites once (roadmap/core/once.py)
    email = EmailField(_l("E-mail of the person"), validators=[required(), max_length(254), SingleEmailAddress()])
    role = SelectField(
        _l("Role"),
        choices=[(role.value, ROLE_LABELS[role.value]) for role in
                 (InvitedRole.LEAD, InvitedRole.MEMBER, InvitedRole.PARTNER, InvitedRole.EDITOR)],
    )
    territory = SelectField(_l("Territory"), coerce=int, validators=[Optional()],
                            description=_l("For a territory lead or member."))
    organisation = SelectField(_l("Organisation"), coerce=int, validators=[Optional()],
                               description=_l("For a partner."))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.role.data in (InvitedRole.LEAD.value, InvitedRole.MEMBER.value) and not self.territory.data:
            self.territory.errors = list(self.territory.errors) + [_l("Choose the territory of this person.")]
            ok = False
        if self.role.data == InvitedRole.PARTNER.value and not self.organisation.data:
            self.organisation.errors = list(self.organisation.errors) + [_l("Choose the organisation of this partner.")]
            ok = False
        return ok


class AcceptInvitationForm(FlaskForm):
    display_name = StringField(_l("Your name"), validators=[required(), max_length(120)],
                               description=_l("As the other participants will see it."))
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    password, confirm = new_password_fields()


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[required(), max_length(254), SingleEmailAddress()])


class ResetPasswordForm(FlaskForm):
    password, confirm = new_password_fields()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(message=_l("This field is required."))])
    password, confirm = new_password_fields()


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Your name"), validators=[required(), max_length(120)])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class LanguageForm(FlaskForm):
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    next = StringField()
