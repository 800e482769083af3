from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional


class StartExportForm(FlaskForm):
    version = IntegerField(_l("Roadmap version (leave empty for the current content)"),
                           validators=[Optional(), NumberRange(min=1, max=100000)])
