"""The rules of the follow-up: the only place that changes its data. Functions flush, the views
commit; a refusal is a domain error (NotAllowed, Invalid, NotFound), an input refused for one field
a FieldInvalid that the form shows next to that field."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from roadmap.core.errors import Invalid, NotAllowed
from roadmap.core.i18n import sentence_date
from roadmap.core.markdown_bounds import render_for_storage
from roadmap.core.timeutil import utcnow
from roadmap.drafts.models import RoadmapVersion, Section, VersionState
from roadmap.extensions import db
from roadmap.followup import permissions
from roadmap.followup.models import (
    MYDATA_PRINCIPLES, Action, ActionFollower, Commitment, CommitmentRole, Experiment, ExperimentStatus, Indicator,
    IndicatorValue, TimelineEntry,
)
from roadmap.territories.models import Organisation, Territory
from roadmap.workshops.models import UseCase


class FieldInvalid(Invalid):
    """An input refused for one field: the form shows the message next to it."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


def published_sections():
    """The sections of the published versions, newest version first: what actions come from."""
    return db.session.scalars(
        select(Section).join(RoadmapVersion).where(RoadmapVersion.state == VersionState.PUBLISHED)
        .order_by(RoadmapVersion.number.desc(), Section.position)).all()


def _published_section(section_id):
    if section_id is None:
        return None
    section = db.session.get(Section, section_id)
    if section is None or section.version.state != VersionState.PUBLISHED:
        raise FieldInvalid("section", _l("Choose a section of a published version of the roadmap."))
    return section


def save_action(user, values, action=None):
    """Create (action=None) or change an action; only an editor; its section is a published one."""
    if not permissions.can_manage_actions(user):
        raise NotAllowed()
    section = _published_section(values.get("section_id"))
    if action is None:
        action = Action(created_by_id=user.id)
        db.session.add(action)
    action.title, action.theme = values["title"].strip(), values["theme"]
    action.description = values.get("description") or ""
    action.description_html = render_for_storage(action.description)
    action.section_id = section.id if section else None
    action.updated_at = utcnow()
    db.session.flush()
    return action


def _touch(action):
    action.updated_at = utcnow()


def commit_territory(user, action, territory_id, role):
    """A lead commits their territory to the action (or changes its role). Returns the commitment."""
    if not permissions.can_commit(user, territory_id):
        raise NotAllowed()
    return _set_commitment(user, action, role, territory_id=territory_id)


def withdraw_territory(user, action, territory_id):
    if not permissions.can_commit(user, territory_id):
        raise NotAllowed()
    _remove_commitment(action, territory_id=territory_id)


def record_commitment(user, action, role, territory_id=None, organisation_id=None):
    """An editor records the commitment of any territory or organisation."""
    if not permissions.can_manage_actions(user):
        raise NotAllowed()
    if (territory_id is None) == (organisation_id is None):
        raise FieldInvalid("party", _l("Choose a territory or an organisation."))
    if territory_id is not None and db.session.get(Territory, territory_id) is None:
        raise FieldInvalid("party", _l("Choose a territory or an organisation."))
    if organisation_id is not None and db.session.get(Organisation, organisation_id) is None:
        raise FieldInvalid("party", _l("Choose a territory or an organisation."))
    return _set_commitment(user, action, role, territory_id=territory_id, organisation_id=organisation_id)


def remove_commitment(user, action, commitment_id):
    if not permissions.can_manage_actions(user):
        raise NotAllowed()
    db.session.execute(delete(Commitment).where(Commitment.id == commitment_id, Commitment.action_id == action.id))
    _touch(action)
    db.session.flush()


def _set_commitment(user, action, role, territory_id=None, organisation_id=None):
    role = CommitmentRole(role)
    commitment = db.session.scalar(select(Commitment).where(
        Commitment.action_id == action.id, Commitment.territory_id.is_(territory_id) if territory_id is None
        else Commitment.territory_id == territory_id,
        Commitment.organisation_id.is_(None) if organisation_id is None
        else Commitment.organisation_id == organisation_id))
    if commitment is None:
        commitment = Commitment(action=action, territory_id=territory_id, organisation_id=organisation_id,
                                created_by_id=user.id, role=role)
        db.session.add(commitment)
    commitment.role = role
    _touch(action)
    db.session.flush()
    return commitment


def _remove_commitment(action, territory_id):
    db.session.execute(delete(Commitment).where(Commitment.action_id == action.id,
                                                Commitment.territory_id == territory_id))
    _touch(action)
    db.session.flush()


def follow(user, action, following=True):
    """Follow an action (told when its experiments move) or stop following it. Idempotent."""
    if not permissions.can_follow(user):
        raise NotAllowed()
    existing = db.session.get(ActionFollower, (action.id, user.id))
    if following and existing is None:
        db.session.add(ActionFollower(action_id=action.id, user_id=user.id))
    elif not following and existing is not None:
        db.session.delete(existing)
    db.session.flush()


def is_following(user, action):
    if not permissions.can_follow(user):
        return False
    return db.session.get(ActionFollower, (action.id, user.id)) is not None


def _check_experiment_values(values):
    progress = values.get("progress")
    if progress is None or not 0 <= progress <= 100:
        raise FieldInvalid("progress", _l("The progress is a whole number from 0 to 100."))
    if values.get("ends_on") and values["ends_on"] < values["starts_on"]:
        raise FieldInvalid("ends_on", _l("The end comes on or after the start."))
    unknown = set(values.get("principles") or ()) - set(MYDATA_PRINCIPLES)
    if unknown:
        raise FieldInvalid("principles", _l("Choose among the six MyData principles."))
    if not values.get("action_id") and not values.get("use_case_id"):
        raise FieldInvalid("action_id", _l("Choose the action or the use case this experiment is for."))
    if values.get("action_id") and db.session.get(Action, values["action_id"]) is None:
        raise FieldInvalid("action_id", _l("Choose the action or the use case this experiment is for."))
    if values.get("use_case_id") and db.session.get(UseCase, values["use_case_id"]) is None:
        raise FieldInvalid("use_case_id", _l("Choose the action or the use case this experiment is for."))


EXPERIMENT_FIELDS = ("title", "summary", "governance_model", "personal_data", "data_holders", "principles",
                     "starts_on", "ends_on", "status", "progress", "is_public", "action_id", "use_case_id")


def create_experiment(user, territory_id, values, origin_experiment=None, origin_use_case=None):
    """A territory's member records an experiment (possibly started from another's)."""
    if not permissions.can_create_experiment(user, territory_id):
        raise NotAllowed()
    _check_experiment_values(values)
    experiment = Experiment(territory_id=territory_id, created_by_id=user.id,
                            origin_experiment_id=origin_experiment.id if origin_experiment else None,
                            origin_use_case_id=origin_use_case.id if origin_use_case else None)
    for name in EXPERIMENT_FIELDS:
        setattr(experiment, name, values.get(name))
    experiment.principles = [p for p in MYDATA_PRINCIPLES if p in (values.get("principles") or ())]
    db.session.add(experiment)
    db.session.flush()
    return experiment


def update_experiment(user, experiment, values):
    """Change an experiment; its action's watchers are told when its status or progress moved."""
    from roadmap.followup import notify

    if not permissions.can_edit_experiment(user, experiment):
        raise NotAllowed()
    _check_experiment_values(values)
    first_value = db.session.scalar(
        select(IndicatorValue.measured_on).join(Indicator).where(Indicator.experiment_id == experiment.id)
        .order_by(IndicatorValue.measured_on).limit(1))
    if first_value is not None and values["starts_on"] > first_value:
        raise FieldInvalid("starts_on", _l("A value was measured on %(date)s: the start cannot come after it.",
                                           date=sentence_date(first_value)))
    before = (experiment.status, experiment.progress)
    for name in EXPERIMENT_FIELDS:
        setattr(experiment, name, values.get(name))
    experiment.principles = [p for p in MYDATA_PRINCIPLES if p in (values.get("principles") or ())]
    experiment.status = ExperimentStatus(experiment.status)
    experiment.updated_at = utcnow()
    db.session.flush()
    if before[0] != experiment.status:
        notify.experiment_moved(experiment, "status", user)
    elif before[1] != experiment.progress:
        notify.experiment_moved(experiment, "progress", user)
    return experiment


def _check_date(experiment, field, day):
    if day < experiment.starts_on:
        raise FieldInvalid(field, _l("The experiment starts on %(date)s: choose that day or a later one.",
                                     date=sentence_date(experiment.starts_on)))


def add_entry(user, experiment, happened_on, text):
    """A member writes a timeline entry (shown at once); a tied partner proposes one (shown once
    the lead accepts it)."""
    if permissions.can_write_entry(user, experiment):
        accepted = True
    elif permissions.can_propose_entry(user, experiment):
        accepted = False
    else:
        raise NotAllowed()
    _check_date(experiment, "happened_on", happened_on)
    entry = TimelineEntry(experiment=experiment, happened_on=happened_on, text=text.strip(), accepted=accepted,
                          author_id=user.id)
    db.session.add(entry)
    experiment.updated_at = utcnow()
    db.session.flush()
    if not accepted:
        from roadmap.followup import notify

        notify.entry_proposed(entry, user)
    return entry


def decide_entry(user, entry, accept):
    """The lead accepts a partner's proposed entry (it joins the timeline) or declines it (deleted)."""
    if not permissions.can_decide_entry(user, entry.experiment) or entry.accepted:
        raise NotAllowed()
    if accept:
        entry.accepted = True
    else:
        db.session.delete(entry)
    entry.experiment.updated_at = utcnow()
    db.session.flush()


def save_indicator(user, experiment, values, indicator=None):
    """Add or change an indicator. Its unit cannot change once values were measured in it."""
    if not permissions.can_edit_experiment(user, experiment):
        raise NotAllowed()
    unit = values["unit"].strip()
    if indicator is not None and indicator.unit != unit and indicator.values:
        raise FieldInvalid("unit", _l("Values were already measured in “%(unit)s”: the unit cannot change. "
                                      "Add a new indicator instead.", unit=indicator.unit))
    if indicator is None:
        indicator = Indicator(experiment=experiment)
        db.session.add(indicator)
    indicator.name, indicator.unit = values["name"].strip(), unit
    indicator.baseline, indicator.target = values.get("baseline"), values.get("target")
    experiment.updated_at = utcnow()
    db.session.flush()
    return indicator


def add_value(user, indicator, measured_on, value, source):
    """A measured value; the action's watchers are told."""
    from roadmap.followup import notify

    experiment = indicator.experiment
    if not permissions.can_edit_experiment(user, experiment):
        raise NotAllowed()
    _check_date(experiment, "measured_on", measured_on)
    if value is None:
        raise FieldInvalid("value", _l("Enter a number, such as 12 or 3.5."))
    row = IndicatorValue(indicator=indicator, measured_on=measured_on, value=float(value),
                         source=(source or "").strip(), created_by_id=user.id)
    db.session.add(row)
    experiment.updated_at = utcnow()
    db.session.flush()
    notify.indicator_moved(indicator, row, user)
    return row
