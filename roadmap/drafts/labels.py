"""What users read for the roadmap's states, stances and statuses."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from roadmap.drafts.models import CommentStatus, Stance, VersionState

STATE_LABELS = {
    VersionState.DRAFT: _l("Draft"),
    VersionState.CONSULTATION: _l("In consultation"),
    VersionState.PUBLISHED: _l("Published"),
}

STANCE_LABELS = {
    Stance.SUPPORTS: _l("Supports the text"),
    Stance.NEUTRAL: _l("Neutral"),
    Stance.OBJECTS: _l("Objects to the text"),
}

STATUS_LABELS = {
    CommentStatus.OPEN: lazy_pgettext("comment status", "Open"),
    CommentStatus.ACCEPTED: lazy_pgettext("comment status", "Accepted"),
    CommentStatus.PARTLY_ACCEPTED: lazy_pgettext("comment status", "Partly accepted"),
    CommentStatus.DECLINED: lazy_pgettext("comment status", "Declined"),
    CommentStatus.ANSWERED: lazy_pgettext("comment status", "Answered"),
}
