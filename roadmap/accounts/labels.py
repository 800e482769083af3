from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "editor": _l("Editor"),
    "lead": _l("Territory lead"),
    "member": _l("Territory member"),
    "partner": _l("Partner"),
}
