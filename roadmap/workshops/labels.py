"""What users read for each enum value (translated)."""
from flask_babel import lazy_gettext as _l

from roadmap.workshops.models import (
    AllianceRole, CardKind, GovernanceModel, RegistrationStatus, Theme, WorkshopKind, WorkshopState,
)

WORKSHOP_KIND_LABELS = {
    WorkshopKind.SWOT: _l("SWOT workshop"),
    WorkshopKind.CODESIGN: _l("Co-design workshop"),
    WorkshopKind.SHARING: _l("Sharing session"),
}
WORKSHOP_STATE_LABELS = {
    WorkshopState.PLANNED: _l("Planned"),
    WorkshopState.LIVE: _l("Live"),
    WorkshopState.CLOSED: _l("Closed"),
}
REGISTRATION_LABELS = {
    RegistrationStatus.REGISTERED: _l("Registered"),
    RegistrationStatus.DECLINED: _l("Declined"),
}
THEME_LABELS = {
    Theme.MOBILITY: _l("Mobility"),
    Theme.ENERGY: _l("Energy"),
    Theme.HEALTH: _l("Health"),
    Theme.FOOD: _l("Food"),
    Theme.HOUSING: _l("Housing"),
    Theme.ENVIRONMENT: _l("Environment"),
    Theme.EDUCATION: _l("Education"),
    Theme.OTHER: _l("Other theme"),
}
GOVERNANCE_LABELS = {
    GovernanceModel.PERSONAL_CLOUD: _l("Personal cloud"),
    GovernanceModel.DIRECT_TRANSFER: _l("Direct transfer"),
    GovernanceModel.TRUSTED_PLATFORM: _l("Trusted third-party platform"),
    GovernanceModel.DATA_COOPERATIVE: _l("Data cooperative"),
    GovernanceModel.CIVIC_DATA_TRUST: _l("Civic data trust"),
    GovernanceModel.OTHER: _l("Other model"),
}
ALLIANCE_ROLE_LABELS = {
    AllianceRole.LEADING: _l("Leading"),
    AllianceRole.PARTICIPATING: _l("Participating"),
    AllianceRole.OBSERVING: _l("Observing"),
}
CARD_KIND_LABELS = {
    CardKind.IDEA: _l("Idea"),
    CardKind.QUESTION: _l("Question"),
    CardKind.RISK: _l("Risk"),
    CardKind.RESOURCE: _l("Resource"),
}
# The canvas, in the order of the printed canvas: field → (label, hint).
CANVAS_LABELS = {
    "title": (_l("Title"), None),
    "theme": (_l("Theme"), None),
    "problem": (_l("The problem"), _l("What goes wrong today, for whom?")),
    "citizens": (_l("Citizens concerned"), None),
    "personal_data": (_l("Personal data involved"), None),
    "data_holders": (_l("Who holds this data today"), None),
    "citizen_return": (_l("What the citizen gets back and does with it"), None),
    "service": (_l("The service"), None),
    "governance_model": (_l("Governance model"), None),
    "individual_benefits": (_l("Individual benefits"), None),
    "collective_benefits": (_l("Collective benefits"), None),
    "risks_safeguards": (_l("Risks and safeguards"), None),
    "indicators": (_l("Indicators of success"), None),
    "partners": (_l("Partners"), None),
}
CHOICE_LABELS = {"theme": THEME_LABELS, "governance_model": GOVERNANCE_LABELS}


def field_value_label(field, value):
    """What a user reads for a canvas field's stored text: a choice field's label (its code when
    the code is unknown), any other field's text itself."""
    labels = CHOICE_LABELS.get(field)
    if labels is None or not value:
        return value
    return next((str(label) for choice, label in labels.items() if choice.value == value), value)
