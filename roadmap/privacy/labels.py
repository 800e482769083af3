from flask_babel import lazy_gettext as _l

AUDIT_ACTIONS = {
    "account.deleted": _l("Account deleted"),
    "membership.role_changed": _l("Role changed"),
    "swot.submitted": _l("SWOT submitted"),
    "swot.made_public": _l("SWOT made public"),
    "swot.made_private": _l("SWOT made private"),
    "roadmap.consultation_opened": _l("Consultation opened"),
    "invitation.sent": _l("Invitation sent (role granted)"),
    "roadmap.published": _l("Roadmap published"),
    "export.created": _l("Export made"),
    "comment.hidden": _l("Comment hidden"),
    "workshop.state_changed": _l("Workshop state changed"),
    "use_case.made_public": _l("Use case made public"),
    "use_case.made_private": _l("Use case made private"),
}

FIELD_LABELS = {
    "territory": _l("Territory"), "organisation": _l("Organisation"), "role": _l("Role"), "since": _l("Since"),
    "direction": _l("Direction"), "email": _l("E-mail"), "created_at": _l("Created"), "expires_at": _l("Expires"),
    "accepted_at": _l("Accepted"), "kind": _l("Kind"), "at": _l("Date"), "address": _l("Address"),
    "action": _l("Action"), "target": _l("Concerns"), "target_id": _l("Number"), "summary": _l("Summary"),
    "as": _l("As"), "text": _l("Text"), "updated_at": _l("Updated"), "status": _l("Status"),
    # roadmap/notifications/personal_data.py
    "link": _l("Link"), "read_at": _l("Read"), "emailed_at": _l("E-mailed"), "delivery": _l("How"),
    "lang": _l("Language of the text"), "answer_lang": _l("Language of the answer"),
}
