from flask_babel import lazy_gettext as _l

from roadmap.process.models import StepKind

STEP_TITLES = {
    StepKind.SWOT: _l("SWOT diagnostics"),
    StepKind.WORKSHOPS: _l("Co-design workshops"),
    StepKind.SHARING: _l("Sharing and finalisation"),
}

STEP_STATES = {"upcoming": _l("Upcoming"), "current": _l("In progress"), "done": _l("Done")}
