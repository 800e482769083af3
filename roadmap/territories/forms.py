from babel import Locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Regexp, ValidationError

from roadmap.core.forms import max_length, required
from roadmap.territories.models import OrganisationKind, TerritoryKind

# Two-letter regions Babel knows, less its placeholders (unknown region, EU, UN, pseudo-locales).
COUNTRY_CODES = frozenset(
    code for code in Locale("en").territories
    if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}
)

TERRITORY_KIND_LABELS = {
    TerritoryKind.CITY: _l("City"),
    TerritoryKind.METROPOLIS: _l("Metropolis"),
    TerritoryKind.REGION: _l("Region"),
    TerritoryKind.OTHER: _l("Other"),
}

ORGANISATION_KIND_LABELS = {
    OrganisationKind.LARGE_COMPANY: _l("Large company"),
    OrganisationKind.SME: _l("SME"),
    OrganisationKind.STARTUP: _l("Start-up"),
    OrganisationKind.ASSOCIATION: _l("Association"),
    OrganisationKind.RESEARCH: _l("Research lab"),
    OrganisationKind.PUBLIC_BODY: _l("Public body"),
}


class TerritoryForm(FlaskForm):
    name = StringField(_l("Name"), validators=[required(), max_length(120)])
    country = StringField(
        _l("Country code"),
        validators=[required(), Regexp(r"^[A-Za-z]{2}$", message=_l("Two letters, such as FR or DE."))],
        description=_l("ISO 3166 code: FR, DE, IT, ES, BE..."),
    )
    kind = SelectField(_l("Kind"), choices=[(k.value, label) for k, label in TERRITORY_KIND_LABELS.items()])
    description = TextAreaField(_l("Short description"), validators=[max_length(2000)])

    def validate_country(self, field):
        if field.data and field.data.upper() not in COUNTRY_CODES:
            raise ValidationError(_l("Unknown country code."))


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[required(), max_length(160)])
    kind = SelectField(_l("Kind"), choices=[(k.value, label) for k, label in ORGANISATION_KIND_LABELS.items()])
    description = TextAreaField(_l("Short description"), validators=[max_length(2000)])
    territories = SelectMultipleField(_l("Territories it works with"), coerce=int)


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[("lead", _l("Territory lead")), ("member", _l("Territory member"))])
