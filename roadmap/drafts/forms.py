from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from roadmap.core.forms import BoundedDateField, MarkdownBounds, language_field, max_length, required
from roadmap.core.params import MAX_ID
from roadmap.drafts.labels import STANCE_LABELS, STATUS_LABELS
from roadmap.swot.forms import QUADRANT_LABELS


class SectionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[required(), max_length(200)])
    body = TextAreaField(_l("Text"), validators=[max_length(50000), MarkdownBounds()],
                         description=_l("Markdown: blank lines between paragraphs, # for headings, - for lists."))
    language = language_field()
    revision = IntegerField(widget=HiddenField.widget, validators=[Optional(), NumberRange(min=0, max=MAX_ID)])


class ConsultationForm(FlaskForm):
    closes_on = BoundedDateField(_l("Closing date"), validators=[InputRequired(message=_l("Enter a date."))])
    closes_time = TimeField(_l("Closing time"), validators=[InputRequired(message=_l("Enter a time."))],
                            description=_l("Paris time."))

    def closes_at_utc(self):
        """The closing moment entered in Paris time, as naive UTC."""
        from datetime import datetime, timezone

        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        local = datetime.combine(self.closes_on.data, self.closes_time.data).replace(tzinfo=zone)
        return local.astimezone(timezone.utc).replace(tzinfo=None)


def _stance_choices():
    return [(stance.value, label) for stance, label in STANCE_LABELS.items()]


class CommentForm(FlaskForm):
    paragraph = HiddenField()
    quote = TextAreaField(_l("Quoted passage (optional)"), validators=[max_length(1000)],
                          description=_l("Copy the words of the paragraph your comment is about."))
    stance = RadioField(_l("Your position"), choices=_stance_choices(), default="neutral",
                        validators=[InputRequired(message=_l("Choose your position."))])
    body = TextAreaField(_l("Your comment"), validators=[required(), max_length(5000)])
    language = language_field()


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your reply"), validators=[required(), max_length(5000)])
    language = language_field()


class EditCommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), validators=[required(), max_length(5000)])
    language = language_field()


class ReportForm(FlaskForm):
    reason = TextAreaField(_l("Why should the editors look at it? (optional)"), validators=[max_length(1000)])


class HideForm(FlaskForm):
    reason = TextAreaField(_l("Reason, shown in the thread"), validators=[required(), max_length(1000)])


class AnswerForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[(s.value, label) for s, label in STATUS_LABELS.items()])
    answer = TextAreaField(_l("Answer to the author"), validators=[max_length(5000)])
    answer_language = language_field(_l("Language of the answer"))


# --- Traceability -------------------------------------------------------------------------------

def _chosen_id(value):
    """An option's id, or None for anything else (the required validator then says what to do)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CitationSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter

    search = StringField(_l("Filter the lists"), validators=[max_length(100)],
                         description=_l("A word of the item or of the use case, or a territory's name."))


class CiteSwotItemForm(FlaskForm):
    swot_item = SelectField(
        _l("Item of a submitted SWOT"), coerce=_chosen_id, validate_choice=False, choices=[],
        validators=[DataRequired(message=_l("Choose a SWOT item from the list."))],
        description=_l("The last submitted version of each territory's SWOT, by territory and quadrant."),
    )

    def offer(self, rows):
        """Options grouped by territory and quadrant, from queries.citable_swot_items."""
        groups = {}
        for item, number, territory in rows:
            label = f"{territory} — {QUADRANT_LABELS[item.quadrant]}"
            text = item.text if len(item.text) <= 120 else item.text[:119].rstrip() + "…"
            groups.setdefault(label, []).append((item.id, f"{text} (v{number})"))
        self.swot_item.choices = groups


class CiteUseCaseForm(FlaskForm):
    use_case = SelectField(
        _l("Use case"), coerce=_chosen_id, validate_choice=False, choices=[],
        validators=[DataRequired(message=_l("Choose a use case from the list."))],
    )

    def offer(self, use_cases):
        self.use_case.choices = [(use_case.id, use_case.title) for use_case in use_cases]
