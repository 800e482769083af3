"""What a translation form may send."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, Optional, Regexp

from roadmap.core.forms import max_length, required


class TranslationForm(FlaskForm):
    text = TextAreaField(_l("Translation"), validators=[required()])
    # The version of the translation the form showed (0: none): a later save replaces only that one.
    seen_version = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$")], default="0")
    # "machine" once the text came from the engine's suggestion; the person submitting accepts it.
    source = HiddenField(validators=[Optional(), AnyOf(["human", "machine"])], default="human")

    def bound_to(self, limit):
        """The text's limit is its original's (a SWOT item 1,000 characters, a card 280, ...)."""
        self.text.validators = [required(), max_length(limit)]
        self.limit = limit
        return self


class RemoveForm(FlaskForm):
    pass


SOURCE_LABELS = {"human": _l("Translation"), "machine": _l("Machine translation")}
