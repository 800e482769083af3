"""What workshops hold about a person: registrations, cards, dots, canvas edits, use cases and
alliances they started (see roadmap/privacy/registry.py)."""
import json

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from roadmap.extensions import db
from roadmap.privacy.registry import PersonalDataProvider, iso
from roadmap.workshops.models import (Alliance, Card, Dot, LiveEvent, Registration, UseCase,
                                      UseCaseFieldVersion, Workshop)


def _registrations(user):
    rows = db.session.execute(
        select(Registration, Workshop.title).join(Workshop, Workshop.id == Registration.workshop_id)
        .where(Registration.user_id == user.id).order_by(Registration.created_at))
    return [{"workshop": title, "status": r.status.value, "created_at": iso(r.created_at),
             "updated_at": iso(r.updated_at)} for r, title in rows]


def _cards(user):
    rows = db.session.execute(
        select(Card, Workshop.title, UseCase.title).join(Workshop, Workshop.id == Card.workshop_id)
        .join(UseCase, UseCase.id == Card.use_case_id).where(Card.author_id == user.id).order_by(Card.created_at))
    return [{"workshop": workshop, "use_case": use_case, "kind": c.kind.value, "text": c.text,
             "lang": c.language, "created_at": iso(c.created_at)} for c, workshop, use_case in rows]


def _dots(user):
    rows = db.session.execute(
        select(Dot, Card.text).join(Card, Card.id == Dot.card_id).where(Dot.user_id == user.id).order_by(Dot.created_at))
    return [{"card": text, "at": iso(d.created_at)} for d, text in rows]


def _canvas_edits(user):
    rows = db.session.execute(
        select(UseCaseFieldVersion, UseCase.title).join(UseCase, UseCase.id == UseCaseFieldVersion.use_case_id)
        .where(UseCaseFieldVersion.updated_by_id == user.id).order_by(UseCaseFieldVersion.updated_at))
    return [{"use_case": title, "field": v.field, "version": v.version, "updated_at": iso(v.updated_at)}
            for v, title in rows]


def _use_cases(user):
    created = db.session.scalars(select(UseCase).where(UseCase.created_by_id == user.id).order_by(UseCase.id))
    joined = db.session.execute(
        select(Alliance, UseCase.title).join(UseCase, UseCase.id == Alliance.use_case_id)
        .where(Alliance.joined_by_id == user.id))
    return ([{"use_case": u.title, "action": "created", "at": iso(u.created_at)} for u in created]
            + [{"use_case": title, "action": f"alliance ({a.role.value})", "at": iso(a.created_at)}
               for a, title in joined])


def _scrub(value, name):
    if isinstance(value, dict):
        return {k: _scrub(v, name) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, name) for v in value]
    return "" if value == name else value


def _erase(user, keep_comments):
    """Registrations and dots go (presence is not stored); cards and canvas text stay as shared work. The live
    rooms' event log carried the person's name: it is scrubbed from it."""
    for model in (Dot, Registration):
        db.session.execute(delete(model).where(model.user_id == user.id))
    name = user.display_name
    if name:
        quoted = json.dumps(name, ensure_ascii=False)
        for event in db.session.scalars(select(LiveEvent).where(LiveEvent.payload.contains(quoted))):
            event.payload = json.dumps(_scrub(json.loads(event.payload), name), ensure_ascii=False)


PROVIDERS = [
    PersonalDataProvider("workshop_registrations", _l("Your workshop registrations"), _registrations, _erase),
    PersonalDataProvider("workshop_cards", _l("Your contribution cards"), _cards),
    PersonalDataProvider("workshop_dots", _l("Your dots"), _dots),
    PersonalDataProvider("use_case_edits", _l("Your edits of use-case canvases"), _canvas_edits),
    PersonalDataProvider("use_cases", _l("Use cases you created or joined"), _use_cases),
]
