"""The rules of workshops, use cases and alliances. Services flush; the view commits once."""
from dataclasses import dataclass, field
from datetime import date, time

from flask_babel import gettext as _
from sqlalchemy import select, update

from roadmap.core.audit import record_audit
from roadmap.core.errors import Conflict, Invalid, NotAllowed, NotFound
from roadmap.core.i18n import checked_language
from roadmap.core.markdown_bounds import MarkdownRefused, render_for_storage
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.notifications import events
from roadmap.territories.models import Organisation, Territory
from roadmap.workshops import permissions
from roadmap.workshops.models import (
    CANVAS_FIELDS, CHOICE_FIELDS, Alliance, AllianceRole, GovernanceModel, Registration, RegistrationStatus,
    Theme, UseCase, UseCaseFieldVersion,
)
from roadmap.workshops.times import paris_to_utc


class TimeRangeInvalid(Invalid):
    """The end of a workshop is not after its start (shown next to the end time)."""


class FieldConflict(Conflict):
    """A stale save: somebody saved this canvas field since the user loaded it."""

    def __init__(self, field_name, current_value, current_version):
        super().__init__(_("Somebody else changed this field in the meantime. Their text is shown: "
                           "merge it with yours and save again."))
        self.field_name, self.current_value, self.current_version = field_name, current_value, current_version


@dataclass
class WorkshopData:
    title: str
    kind: str
    day: date
    start: time
    end: time
    place: str = ""
    online_url: str = ""
    host_territory_id: int | None = None
    territory_ids: list = field(default_factory=list)
    organisation_ids: list = field(default_factory=list)
    use_case_ids: list = field(default_factory=list)
    agenda: str = ""
    dots_per_participant: int = 5
    agenda_language: str = ""  # "": the writer's


def save_workshop(workshop, data, user):
    """Create or update a workshop; times are Paris wall-clock times, stored UTC; the end follows the start."""
    if not permissions.can_facilitate(user, workshop):
        raise NotAllowed()
    starts_at, ends_at = paris_to_utc(data.day, data.start), paris_to_utc(data.day, data.end)
    if ends_at <= starts_at:
        raise TimeRangeInvalid(_("The end must come after the start."))
    if not (data.place or "").strip() and not (data.online_url or "").strip():
        raise Invalid(_("Give a place, an online link, or both."))
    created = workshop.id is None
    if created:
        workshop.created_by_id = user.id
        db.session.add(workshop)
    workshop.title, workshop.kind = data.title.strip(), data.kind
    workshop.starts_at, workshop.ends_at = starts_at, ends_at
    workshop.place, workshop.online_url = (data.place or "").strip(), (data.online_url or "").strip()
    workshop.host_territory_id = data.host_territory_id or None
    workshop.agenda, workshop.dots_per_participant = data.agenda or "", data.dots_per_participant
    workshop.agenda_html = _stored_html(data.agenda, AgendaInvalid)
    workshop.agenda_language = checked_language(data.agenda_language, workshop.agenda_language)
    workshop.invited_territories = _by_ids(Territory, data.territory_ids)
    workshop.invited_organisations = _by_ids(Organisation, data.organisation_ids)
    workshop.use_cases = _by_ids(UseCase, data.use_case_ids)
    db.session.flush()
    events.workshop_saved(workshop, created, user)
    return workshop


def _by_ids(model, ids):
    return list(db.session.scalars(select(model).where(model.id.in_(ids or [])))) if ids else []


def answer_invitation(workshop, user, status):
    """Register or decline; only invited people, and not once the workshop is closed."""
    if not permissions.is_invited(user, workshop):
        raise NotAllowed(_("You are not invited to this workshop."))
    if workshop.is_closed:
        raise Conflict(_("This workshop is closed."))
    registration = db.session.scalar(
        select(Registration).where(Registration.workshop_id == workshop.id, Registration.user_id == user.id)
    )
    if registration is None:
        registration = Registration(workshop_id=workshop.id, user_id=user.id, status=status)
        db.session.add(registration)
    registration.status = RegistrationStatus(status)
    db.session.flush()
    return registration


def participants(workshop):
    return list(db.session.scalars(
        select(Registration).where(Registration.workshop_id == workshop.id,
                                   Registration.status == RegistrationStatus.REGISTERED)
        .join(Registration.user).order_by(Registration.created_at)
    ))


def save_minutes(workshop, text, user, language=None):
    """Minutes are written once the workshop is closed, by the editors."""
    if not permissions.can_facilitate(user, workshop):
        raise NotAllowed()
    if not workshop.is_closed:
        raise Conflict(_("The minutes are written once the workshop is closed."))
    workshop.minutes_html = _stored_html(text, MinutesInvalid)
    workshop.minutes = text or ""
    workshop.minutes_language = checked_language(language)
    db.session.flush()


class AgendaInvalid(Invalid):
    """The agenda cannot be formatted within bounds (its message goes next to the field)."""


class MinutesInvalid(Invalid):
    """The minutes cannot be formatted within bounds."""


def _stored_html(text, error_class):
    """Markdown rendered once, when saved, within bounds: the pages serve this HTML."""
    try:
        return render_for_storage(text)
    except MarkdownRefused as refused:
        raise error_class(refused.message) from None


# Use cases -------------------------------------------------------------------------------------

def create_use_case(user, values):
    """A new use case with every canvas field at version 1."""
    if not permissions.can_create_use_case(user):
        raise NotAllowed()
    use_case = UseCase(created_by_id=user.id, title=values["title"].strip(),
                       is_public=bool(values.get("is_public")), language=checked_language(values.get("language")))
    for name in CANVAS_FIELDS:
        if name in values and name != "title":
            setattr(use_case, name, _clean(name, values[name]))
    db.session.add(use_case)
    db.session.flush()
    for name in CANVAS_FIELDS:
        db.session.add(UseCaseFieldVersion(use_case_id=use_case.id, field=name, version=1, updated_by_id=user.id))
    db.session.flush()
    return use_case


def _clean(name, value):
    try:
        if name == "theme":
            return Theme(value)
        if name == "governance_model":
            return GovernanceModel(value)
    except ValueError:
        raise Invalid(_("Choose one of the proposed values.")) from None
    value = (value or "").replace("\r\n", "\n")
    return value.strip() if name == "title" else value


def save_canvas_field(use_case, name, value, seen_version, user):
    """Save one field if nobody saved it since ``seen_version``; returns the new version.

    The version row is updated with ``WHERE version = :seen`` and the row count checked, so two
    saves from the same version cannot both win, whatever the number of processes.
    """
    if name not in CANVAS_FIELDS:
        raise Invalid(_("Unknown field."))
    value = _clean(name, value)
    if name == "title" and not value:
        raise Invalid(_("The title cannot be empty."))
    if getattr(use_case, name) == value:
        return use_case.versions()[name]  # nothing changed: no new version, no conflict
    result = db.session.execute(
        update(UseCaseFieldVersion)
        .where(UseCaseFieldVersion.use_case_id == use_case.id, UseCaseFieldVersion.field == name,
               UseCaseFieldVersion.version == seen_version)
        .values(version=UseCaseFieldVersion.version + 1, updated_by_id=user.id, updated_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    if result.rowcount != 1:
        db.session.refresh(use_case)
        current = db.session.get(UseCaseFieldVersion, (use_case.id, name), populate_existing=True)
        raise FieldConflict(name, _display_value(name, getattr(use_case, name)),
                            current.version if current else 0)
    setattr(use_case, name, value)
    use_case.updated_at = utcnow()
    db.session.flush()
    return seen_version + 1


def _display_value(name, value):
    return value.value if name in CHOICE_FIELDS else value


def update_use_case(use_case, changes, is_public, user, language=None):
    """Apply the form's changed fields, each against the version the user started from.

    ``changes`` maps field → (value, seen_version). Every conflict is collected, so the user sees
    all of them at once; nothing is saved when one conflicts (the view rolls back).
    """
    if not permissions.can_edit_use_case(user, use_case):
        raise NotAllowed()
    # None: the form did not offer the choice (only the editors and the author decide it).
    if is_public is not None and bool(is_public) != use_case.is_public \
            and not permissions.can_publish_use_case(user, use_case):
        raise NotAllowed(_("Only the editors and the use case's author decide whether visitors see it."))
    conflicts = []
    for name, (value, seen) in changes.items():
        try:
            save_canvas_field(use_case, name, value, seen, user)
        except FieldConflict as conflict:
            conflicts.append(conflict)
    if conflicts:
        raise UseCaseConflicts(conflicts)
    language = checked_language(language, use_case.language)
    if language != use_case.language:
        use_case.language, use_case.updated_at = language, utcnow()
    if is_public is not None and bool(is_public) != use_case.is_public:
        # Like a SWOT's: what visitors, the PDF and the API see changes; the audit log says who did it.
        record_audit(user, "use_case.made_public" if is_public else "use_case.made_private", use_case,
                     summary=use_case.title)
        use_case.is_public = bool(is_public)
    db.session.flush()
    return use_case


class UseCaseConflicts(Conflict):
    def __init__(self, conflicts):
        super().__init__(conflicts[0].message)
        self.conflicts = conflicts


# Alliances -------------------------------------------------------------------------------------

def join_alliance(use_case, territory_id, role, user):
    """A territory lead joins the use case for their territory, or changes its role, within the
    roles permissions.alliance_roles_open_to grants: joining never gives the right to edit."""
    if not permissions.can_view_use_case(user, use_case):
        raise NotFound()
    if territory_id not in permissions.lead_territory_ids(user):
        raise NotAllowed(_("Only a lead of this territory can commit it."))
    role = AllianceRole(role)
    if not permissions.can_join_alliance(user, use_case, territory_id, role):
        raise NotAllowed(_("Your territory may observe this use case. To lead it or take part in it, ask its "
                           "author or the editors, or join it during a workshop that has it on its agenda."))
    alliance = db.session.scalar(
        select(Alliance).where(Alliance.use_case_id == use_case.id, Alliance.territory_id == territory_id)
    )
    if alliance is None:
        alliance = Alliance(use_case_id=use_case.id, territory_id=territory_id, role=role, joined_by_id=user.id)
        db.session.add(alliance)
    joined = alliance.id is None
    alliance.role = role
    db.session.flush()
    db.session.expire(use_case, ["alliances"])
    if joined:
        events.alliance_changed(use_case, alliance.territory, True, user)
    return alliance


def leave_alliance(use_case, territory_id, user):
    if not permissions.can_view_use_case(user, use_case):
        raise NotFound()
    if not permissions.can_leave_alliance(user, use_case, territory_id):
        raise NotAllowed(_("Only a lead of this territory can commit it."))
    alliance = db.session.scalar(
        select(Alliance).where(Alliance.use_case_id == use_case.id, Alliance.territory_id == territory_id)
    )
    if alliance is None:
        raise Conflict(_("This territory is not in the alliance."))
    territory = alliance.territory
    db.session.delete(alliance)
    db.session.flush()
    db.session.expire(use_case, ["alliances"])
    events.alliance_changed(use_case, territory, False, user)
