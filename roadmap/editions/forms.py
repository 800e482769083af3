from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional

from roadmap.core.forms import MarkdownBounds, max_length, required
from roadmap.editions.service import BODY_MAX, TITLE_MAX


class TranslationForm(FlaskForm):
    title = StringField(_l("Translated title"), validators=[required(), max_length(TITLE_MAX)])
    body = TextAreaField(_l("Translated text (Markdown)"), validators=[max_length(BODY_MAX), MarkdownBounds()])
    # The source revision the translator was shown, and the translation's own version (0: none yet).
    source_revision = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=10**9)])
    edit_version = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=10**9)])
    # "machine" once the text came from the engine's suggestion; the person submitting accepts it.
    source = HiddenField(validators=[Optional(), AnyOf(["human", "machine"])], default="human")


class AppointForm(FlaskForm):
    email = StringField(_l("E-mail address of the translator"), validators=[required(), max_length(254)])


class DismissForm(FlaskForm):
    translator = HiddenField()


class PublishEditionForm(FlaskForm):
    confirm = BooleanField(_l("Publish it although some sections are to update"))
