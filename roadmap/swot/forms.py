"""What may come in for a SWOT item, with the messages a user sees."""
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError

from roadmap.core.forms import language_field, max_length, required
from roadmap.core.once import once_field
from roadmap.core.params import MAX_ID, parse_int
from roadmap.swot.models import NOTE_MAX, TEXT_MAX, URL_MAX, Dimension, Quadrant

QUADRANT_LABELS = {
    Quadrant.STRENGTH: _l("Strengths"),
    Quadrant.WEAKNESS: _l("Weaknesses"),
    Quadrant.OPPORTUNITY: _l("Opportunities"),
    Quadrant.THREAT: _l("Threats"),
}
QUADRANT_SINGULAR = {
    Quadrant.STRENGTH: _l("Strength"),
    Quadrant.WEAKNESS: _l("Weakness"),
    Quadrant.OPPORTUNITY: _l("Opportunity"),
    Quadrant.THREAT: _l("Threat"),
}
DIMENSION_LABELS = {
    Dimension.TECHNICAL: _l("Technical"),
    Dimension.FINANCIAL: _l("Financial"),
    Dimension.HUMAN: _l("Human"),
    Dimension.LEGAL: _l("Legal and political"),
    Dimension.ORGANISATIONAL: _l("Organisational"),
}
IMPORTANCE_LABELS = {1: _l("Low"), 2: _l("Medium"), 3: _l("High")}
# Why a territory's SWOT is, or is not, in the published roadmap (queries.RoadmapPresence).
PRESENCE_LABELS = {
    "included": _l("in the roadmap"),
    "not_submitted": _l("no SWOT submitted"),
    "declined": _l("its lead did not agree to it appearing in the roadmap"),
    "private": _l("its SWOT is visible to participants only"),
}


def is_web_link(value):
    """Only http(s) links to a host: no javascript:, data:, file: nor relative paths."""
    if not value or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


class OneOf:
    def __init__(self, values, message):
        self.values, self.message = {str(v) for v in values}, message

    def __call__(self, form, field):
        if field.data not in self.values:
            raise ValidationError(self.message)


def _web_link(form, field):
    field.data = (field.data or "").strip()
    if field.data and not is_web_link(field.data):
        raise ValidationError(_l("Enter a web address starting with http:// or https://."))


@dataclass(frozen=True)
class ItemData:
    quadrant: Quadrant
    dimension: Dimension
    text: str
    importance: int
    evidence_url: str = ""
    evidence_note: str = ""
    language: str = ""  # "": the writer's (roadmap.core.i18n.writer_language)


class ItemForm(FlaskForm):
    quadrant = SelectField(
        _l("Quadrant"), choices=[(q.value, label) for q, label in QUADRANT_SINGULAR.items()], validate_choice=False,
        validators=[OneOf([q.value for q in Quadrant], _l("Choose a quadrant from the list."))],
    )
    text = TextAreaField(_l("Text"), validators=[required(), max_length(TEXT_MAX)],
                         description=_l("At most %(max)d characters.", max=TEXT_MAX))
    dimension = SelectField(
        _l("Dimension"), choices=[(d.value, label) for d, label in DIMENSION_LABELS.items()], validate_choice=False,
        validators=[OneOf([d.value for d in Dimension], _l("Choose a dimension from the list."))],
    )
    importance = SelectField(
        _l("Importance"), default="2", validate_choice=False,
        validators=[OneOf(IMPORTANCE_LABELS, _l("Choose an importance between 1 and 3."))],
    )
    evidence_url = StringField(_l("Evidence: link"), validators=[max_length(URL_MAX), _web_link],
                               description=_l("Optional. A web address (http or https)."))
    evidence_note = TextAreaField(_l("Evidence: note"), validators=[max_length(NOTE_MAX)],
                                  description=_l("Optional. A source, a figure, a document."))
    language = language_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request: the labels are in the reader's language.
        self.importance.choices = [(str(n), f"{n} – {label}") for n, label in IMPORTANCE_LABELS.items()]

    def to_data(self):
        return ItemData(
            quadrant=Quadrant(self.quadrant.data), dimension=Dimension(self.dimension.data),
            text=self.text.data.strip(), importance=int(self.importance.data),
            evidence_url=(self.evidence_url.data or "").strip(), evidence_note=(self.evidence_note.data or "").strip(),
            language=self.language.data,
        )


class NewItemForm(ItemForm):
    once = once_field()  # the same form sent twice adds one item (roadmap/core/once.py)


class EditItemForm(ItemForm):
    # The item's version when the user opened the form: a save is refused if it changed since.
    seen_version = HiddenField()

    def validate_seen_version(self, field):
        if parse_int(field.data, 0, MAX_ID) is None:
            raise ValidationError(_l("This form is incomplete. Reload the page and try again."))



class PublicForm(FlaskForm):
    is_public = BooleanField(_l("Visitors may see the last submitted version"))


class SubmitForm(FlaskForm):
    """Submitting a version asks whether it may appear in the published roadmap (default: yes).
    A POST without an answer keeps the default, as the page shows it checked."""

    in_roadmap = RadioField(
        _l("May this version appear in the published roadmap and its open data?"), default="yes",
        choices=[("yes", _l("Yes: it appears in the roadmap's PDF, its open data (CC BY 4.0) and the API, "
                            "and visitors may read it on the site")),
                 ("no", _l("No: it stays out of the roadmap and its open data (its visibility on the site does not change)"))],
        validators=[OneOf(("yes", "no"), _l("Answer yes or no."))], validate_choice=False)


class EmptyForm(FlaskForm):
    """A button: nothing but the CSRF token."""


def csv_labels():
    """The labels written next to the codes of the SWOT CSV files (in the reader's language)."""
    from roadmap.core.csvfiles import labels_by_value
    from roadmap.territories.forms import TERRITORY_KIND_LABELS

    return {"territory_kind": labels_by_value(TERRITORY_KIND_LABELS), "quadrant": labels_by_value(QUADRANT_LABELS),
            "dimension": labels_by_value(DIMENSION_LABELS), "importance": labels_by_value(IMPORTANCE_LABELS)}
