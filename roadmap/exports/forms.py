from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.validators import NumberRange, Optional


class StartExportForm(FlaskForm):
    version = IntegerField(_l("Roadmap version (leave empty for the current content)"),
                           validators=[Optional(), NumberRange(min=1, max=100000)])
    # "" : the source text; otherwise an edition's language (roadmap/editions), checked by the service.
    edition = SelectField(_l("Edition"), choices=lambda: _edition_choices(), default="", validate_choice=False)


def _edition_choices():
    from roadmap.core.i18n import LANGUAGE_NAMES
    from roadmap.editions.service import edition_languages, source_language

    source = LANGUAGE_NAMES.get(source_language(), source_language())
    return [("", _l("The source text (%(language)s)", language=source))] + [
        (code, LANGUAGE_NAMES.get(code, code), {"lang": code}) for code in edition_languages()]
