"""What users read for each value of the follow-up's enums (translated)."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from roadmap.followup.models import CommitmentRole, ExperimentStatus

ROLE_LABELS = {
    CommitmentRole.LEADING: lazy_pgettext("commitment role", "Leading"),
    CommitmentRole.TAKING_PART: lazy_pgettext("commitment role", "Taking part"),
    CommitmentRole.SUPPORTING: lazy_pgettext("commitment role", "Supporting"),
}
STATUS_LABELS = {
    ExperimentStatus.PLANNED: lazy_pgettext("experiment status", "Planned"),
    ExperimentStatus.RUNNING: lazy_pgettext("experiment status", "Running"),
    ExperimentStatus.PAUSED: lazy_pgettext("experiment status", "Paused"),
    ExperimentStatus.FINISHED: lazy_pgettext("experiment status", "Finished"),
    ExperimentStatus.ABANDONED: lazy_pgettext("experiment status", "Abandoned"),
}
PRINCIPLE_LABELS = {
    "human_centric_control": _l("Human-centric control of personal data"),
    "point_of_integration": _l("The individual as the point of integration"),
    "individual_empowerment": _l("Individual empowerment"),
    "portability": _l("Portability: access and re-use"),
    "transparency_accountability": _l("Transparency and accountability"),
    "interoperability": _l("Interoperability"),
}
