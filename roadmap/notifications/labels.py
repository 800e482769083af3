"""The text of each kind of notification, written when shown (in the reader's language) from the
parameters stored with it."""
from flask_babel import lazy_gettext as _l

KINDS = {
    "workshop_scheduled": _l("Workshop “%(title)s” was scheduled and you are invited."),
    "workshop_changed": _l("Workshop “%(title)s”, to which you are invited, was changed."),
    "swot_proposed": _l("%(author)s proposed an item to the SWOT of %(territory)s."),
    "swot_accepted": _l("Your proposal to the SWOT of %(territory)s was accepted."),
    "swot_declined": _l("Your proposal to the SWOT of %(territory)s was declined."),
    "consultation_opened": _l("Version %(number)s of the roadmap is open for comments until %(closes)s."),
    "version_published": _l("Version %(number)s of the roadmap was published."),
    "comment_replied": _l("%(author)s replied to your comment on “%(section)s”."),
    "comment_answered": _l("The editors answered your comment on “%(section)s”."),
    "comment_reported": _l("A comment on “%(section)s” was reported."),
    "alliance_joined": _l("%(territory)s joined the alliance of the use case “%(use_case)s”."),
    "alliance_left": _l("%(territory)s left the alliance of the use case “%(use_case)s”."),
    "invitation_accepted": _l("%(name)s accepted your invitation."),
    "experiment_status": _l("The experiment “%(experiment)s” (%(territory)s) is now: %(status_label)s."),
    "experiment_progress": _l("The experiment “%(experiment)s” (%(territory)s) is now at %(progress)s %%."),
    "timeline_proposed": _l("%(author)s proposed a timeline entry to the experiment “%(experiment)s”."),
    "indicator_value": _l("New value of “%(indicator)s” in the experiment “%(experiment)s”: %(value)s %(unit)s."),
}


def notification_text(notification):
    """The sentence of a notification; a parameter missing from an old row shows as empty, never a 500."""
    template = KINDS.get(notification.kind)
    if template is None:
        return ""
    params = _Lenient(notification.params or {})
    if notification.kind == "experiment_status":  # the status in the reader's language, not the actor's
        from roadmap.followup.labels import STATUS_LABELS
        from roadmap.followup.models import ExperimentStatus

        status = params.get("status")
        if status in {s.value for s in ExperimentStatus}:
            params["status_label"] = str(STATUS_LABELS[ExperimentStatus(status)])
    return str(template) % params


class _Lenient(dict):
    def __missing__(self, key):
        return ""
