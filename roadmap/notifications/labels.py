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
    "workshop_reminder": _l("Reminder: workshop “%(title)s”, to which you are registered, is tomorrow, %(when)s."),
    "consultation_closing": _l("The consultation on version %(number)s of the roadmap closes in 3 days, on "
                               "%(closes)s: you have not commented yet."),
    "experiment_status": _l("The experiment “%(experiment)s” (%(territory)s) is now: %(status_label)s."),
    "experiment_progress": _l("The experiment “%(experiment)s” (%(territory)s) is now at %(progress)s."),
    "timeline_proposed": _l("%(author)s proposed a timeline entry to the experiment “%(experiment)s”."),
    "indicator_value": _l("New value of “%(indicator)s” in the experiment “%(experiment)s”: %(value)s %(unit)s."),
    "translation_to_update": _l("The section “%(section)s” of version %(number)s changed: its translation into "
                                "%(language)s is to update."),
}

# What each kind is, for the e-mail preferences on the profile (in the order shown there).
KIND_NAMES = {
    "workshop_scheduled": _l("A workshop you are invited to is scheduled"),
    "workshop_changed": _l("A workshop you are invited to is changed"),
    "workshop_reminder": _l("The day before a workshop you are registered to"),
    "swot_proposed": _l("A partner proposes an item to your territory's SWOT"),
    "swot_accepted": _l("Your SWOT proposal is accepted"),
    "swot_declined": _l("Your SWOT proposal is declined"),
    "consultation_opened": _l("A consultation on the roadmap opens"),
    "consultation_closing": _l("A consultation closes in 3 days and you have not commented"),
    "version_published": _l("A version of the roadmap is published"),
    "comment_replied": _l("Somebody replies to your comment"),
    "comment_answered": _l("The editors answer your comment"),
    "comment_reported": _l("A comment is reported (editors)"),
    "alliance_joined": _l("A territory joins the alliance of your use case"),
    "alliance_left": _l("A territory leaves the alliance of your use case"),
    "invitation_accepted": _l("Somebody accepts your invitation"),
    "experiment_status": _l("An experiment of an action you follow changes its status"),
    "experiment_progress": _l("An experiment of an action you follow makes progress"),
    "indicator_value": _l("An indicator of an action you follow gets a new value"),
    "timeline_proposed": _l("A partner proposes a timeline entry to your territory's experiment"),
    "translation_to_update": _l("A section you translate changes (translators)"),
}


def notification_text(notification):
    """The sentence of a notification; a parameter missing from an old row shows as empty, never a 500."""
    template = KINDS.get(notification.kind)
    if template is None:
        return ""
    return str(template) % _reader_params(notification)


def notification_html(notification):
    """The sentence as HTML (Markup): the same words, with `lang` on a title written in another
    language than the reader's (the parameter `<name>_lang` stored beside it)."""
    from markupsafe import Markup, escape

    from roadmap.core.i18n import content_lang

    template = KINDS.get(notification.kind)
    if template is None:
        return Markup("")
    params = _reader_params(notification)
    for name in [key for key in params if f"{key}_lang" in params]:
        lang = content_lang(params[f"{name}_lang"]) if params[f"{name}_lang"] else ""
        params[name] = Markup("<span%s>%s</span>") % (lang, params[name]) if lang else escape(params[name])
    return escape(str(template)) % params  # Markup's %: the other parameters are escaped


def _reader_params(notification):
    params = _Lenient(notification.params or {})
    if notification.kind == "experiment_status":  # the status in the reader's language, not the actor's
        from roadmap.followup.labels import STATUS_LABELS
        from roadmap.followup.models import ExperimentStatus

        status = params.get("status")
        if status in {s.value for s in ExperimentStatus}:
            params["status_label"] = str(STATUS_LABELS[ExperimentStatus(status)])
    if notification.kind == "translation_to_update" and params.get("code"):  # the language in the reader's words
        from flask_babel import get_locale

        locale = get_locale()
        params["language"] = (locale.languages.get(params["code"]) if locale else None) or params["language"]
    _format_for_reader(params)
    return params


def _moment(value):
    from datetime import datetime

    try:
        return datetime.fromisoformat(value.removesuffix("Z")) if isinstance(value, str) else None
    except ValueError:
        return None


def _format_for_reader(params):
    """Dates and numbers are stored raw (ISO, numbers) and written in the reader's locale and time
    zone here; rows from before keep the text they were stored with ("closes", "when")."""
    from roadmap.core.i18n import number, percent, sentence_date, sentence_datetime

    closes = _moment(params.get("closes_at"))
    if closes is not None:
        params["closes"] = sentence_date(closes)
    starts = _moment(params.get("starts_at"))
    if starts is not None:
        params["when"] = sentence_datetime(starts)
    progress = params.get("progress")
    if isinstance(progress, (int, float)) and not isinstance(progress, bool):
        params["progress"] = percent(progress / 100)
    value = params.get("value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        params["value"] = number(value)


class _Lenient(dict):
    def __missing__(self, key):
        return ""
