"""The events other features report, one function each: the recipient rule (recipients.py), the
text's parameters and the link. Called from the features' services, inside their transaction."""
from flask import current_app, has_request_context
from flask import url_for as _flask_url_for

from roadmap.core.i18n import machine_datetime
from roadmap.notifications import recipients
from roadmap.notifications.service import notify


def url_for(endpoint, **values):
    """A path of the site, also when a service runs outside a request (a command, a test)."""
    if has_request_context():
        return _flask_url_for(endpoint, **values)
    with current_app.test_request_context("/", base_url=current_app.config["PUBLIC_URL"]):
        return _flask_url_for(endpoint, **values)


def workshop_saved(workshop, created, actor):
    notify("workshop_scheduled" if created else "workshop_changed", recipients.workshop_invitees(workshop),
           url_for("workshops.workshop_detail", workshop_id=workshop.id),
           {"title": workshop.title, "workshop_id": workshop.id}, actor)


def swot_item_proposed(territory, item, actor):
    notify("swot_proposed", recipients.territory_leads([territory.id]),
           url_for("swot.board", slug=territory.slug, _anchor=f"proposal-{item.id}"),
           {"author": actor.display_name, "territory": territory.name}, actor)


def swot_proposal_decided(territory, item, accepted, actor):
    notify("swot_accepted" if accepted else "swot_declined", recipients.proposal_author(item),
           url_for("swot.board", slug=territory.slug), {"territory": territory.name}, actor)


def consultation_opened(version, actor):
    notify("consultation_opened", recipients.participants(), url_for("drafts.version", number=version.number),
           {"number": version.number, "closes_at": machine_datetime(version.closes_at)}, actor)


def version_published(version, actor):
    notify("version_published", recipients.participants(), url_for("drafts.version", number=version.number),
           {"number": version.number}, actor)


def _comment_link(comment):
    from roadmap.drafts import queries

    on_version_page, page = queries.thread_location(comment)
    if on_version_page:
        return url_for("drafts.version", number=comment.version.number, _anchor=f"comment-{comment.id}")
    return url_for("drafts.section_comments", section_id=comment.section_id, page=page,
                   _anchor=f"comment-{comment.id}")


def comment_replied(reply, actor):
    if reply.hidden or reply.parent.hidden:
        return
    notify("comment_replied", recipients.comment_author(reply.parent), _comment_link(reply),
           {"author": actor.display_name, "section": reply.section.title, "section_lang": reply.section.language},
           actor)


def comment_answered(comment, actor):
    notify("comment_answered", recipients.comment_author(comment), _comment_link(comment),
           {"section": comment.section.title, "section_lang": comment.section.language, "comment_id": comment.id},
           actor)


def comment_reported(comment, actor):
    notify("comment_reported", recipients.editors(), _comment_link(comment),
           {"section": comment.section.title, "section_lang": comment.section.language}, actor)


def alliance_changed(use_case, territory, joined, actor):
    notify("alliance_joined" if joined else "alliance_left", recipients.alliance_leads(use_case, territory.id),
           url_for("use_cases.use_case_detail", use_case_id=use_case.id),
           {"territory": territory.name, "use_case": use_case.title, "use_case_lang": use_case.language}, actor)


def invitation_accepted(invitation, user):
    inviter = invitation.invited_by
    if inviter is not None and inviter.is_editor:
        link = url_for("accounts.invitations")
    elif invitation.territory is not None:  # a lead's invitation: their territory's invitations page
        link = url_for("invitations.territory_invitations", slug=invitation.territory.slug)
    else:
        link = url_for("process.home")
    notify("invitation_accepted", recipients.inviter(invitation), link, {"name": user.display_name}, user)


def workshop_reminder(workshop, recipients_):
    """The day before: to those registered (recipients.workshop_registered), chosen by the caller
    (roadmap/notifications/reminders.py), which records that each was told."""
    notify("workshop_reminder", recipients_, url_for("workshops.workshop_detail", workshop_id=workshop.id),
           {"title": workshop.title, "starts_at": machine_datetime(workshop.starts_at)})


def consultation_closing(version, recipients_):
    notify("consultation_closing", recipients_, url_for("drafts.version", number=version.number),
           {"number": version.number, "closes_at": machine_datetime(version.closes_at)})


def experiment_moved(experiment, what, actor):
    """`what`: "status" or "progress". Told: the watchers of the experiment's action."""
    from roadmap.followup.labels import STATUS_LABELS

    if experiment.action is None:
        return
    notify("experiment_status" if what == "status" else "experiment_progress",
           recipients.action_watchers(experiment.action, experiment),
           url_for("followup.experiment_detail", experiment_id=experiment.id),
           {"experiment": experiment.title, "territory": experiment.territory.name,
            "status": experiment.status.value, "status_label": str(STATUS_LABELS[experiment.status]),
            "progress": experiment.progress}, actor)


def indicator_value_added(indicator, value, actor):
    experiment = indicator.experiment
    if experiment.action is None:
        return
    notify("indicator_value", recipients.action_watchers(experiment.action, experiment),
           url_for("followup.experiment_detail", experiment_id=experiment.id, _anchor=f"indicator-{indicator.id}"),
           {"experiment": experiment.title, "indicator": indicator.name, "value": value.value,
            "unit": indicator.unit}, actor)


def timeline_entry_proposed(entry, actor):
    """A partner proposed an entry: the territory's leads, who accept or decline it, are told."""
    experiment = entry.experiment
    notify("timeline_proposed", recipients.territory_leads([experiment.territory_id]),
           url_for("followup.experiment_detail", experiment_id=experiment.id, _anchor="timeline"),
           {"author": actor.display_name, "experiment": experiment.title}, actor)
