from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired

from roadmap.core.forms import SingleEmailAddress, max_length, new_password_fields, required

LANGUAGE_CHOICES = [("fr", "Français"), ("en", "English")]


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[required(), max_length(254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(message=_l("This field is required."))])
    remember = BooleanField(_l("Remember me on this computer"))


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
