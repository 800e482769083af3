"""What users read for the roadmap's states, stances and statuses."""
from flask_babel import lazy_gettext as _l

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
    CommentStatus.OPEN: _l("Open"),
    CommentStatus.ACCEPTED: _l("Accepted"),
    CommentStatus.PARTLY_ACCEPTED: _l("Partly accepted"),
    CommentStatus.DECLINED: _l("Declined"),
    CommentStatus.ANSWERED: _l("Answered"),
}
