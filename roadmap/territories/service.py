"""Rules for territories and organisations."""
import re
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import select

from roadmap.core.errors import Conflict
from roadmap.extensions import db
from roadmap.territories.models import Organisation, Territory


def slugify(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "territoire"


def create_territory(name, country, kind, description=""):
    slug = slugify(name)
    if db.session.scalar(select(Territory.id).where(Territory.slug == slug)):
        raise Conflict(_("A territory with this name already exists."))
    territory = Territory(name=name.strip(), slug=slug, country=country.upper(), kind=kind,
                          description=description or "")
    db.session.add(territory)
    db.session.flush()
    return territory


def update_territory(territory, name, country, kind, description=""):
    slug = slugify(name)
    clash = db.session.scalar(select(Territory.id).where(Territory.slug == slug, Territory.id != territory.id))
    if clash:
        raise Conflict(_("A territory with this name already exists."))
    territory.name, territory.slug = name.strip(), slug
    territory.country, territory.kind, territory.description = country.upper(), kind, description or ""
    db.session.flush()
    return territory


def save_organisation(organisation, name, kind, description, territory_ids):
    clash = db.session.scalar(
        select(Organisation.id).where(Organisation.name == name.strip(), Organisation.id != organisation.id)
    ) if organisation.id else db.session.scalar(select(Organisation.id).where(Organisation.name == name.strip()))
    if clash:
        raise Conflict(_("An organisation with this name already exists."))
    organisation.name, organisation.kind, organisation.description = name.strip(), kind, description or ""
    organisation.territories = list(
        db.session.scalars(select(Territory).where(Territory.id.in_(territory_ids or [])))
    )
    db.session.add(organisation)
    db.session.flush()
    return organisation


def change_role(actor, membership, role):
    """A lead or an editor makes a member lead (hand-over) or a lead member; a territory keeps a lead."""
    from roadmap.core.audit import record_audit
    from roadmap.core.errors import NotAllowed
    from roadmap.territories.models import MembershipRole
    from roadmap.territories.permissions import is_lead, lead_count

    if membership.territory_id is None:
        raise NotAllowed()
    if not (actor.is_editor or is_lead(actor, membership.territory_id)):
        raise NotAllowed(_("Only a lead of this territory or an editor can change roles."))
    role = MembershipRole(role)
    if membership.role == role:
        return membership
    if role == MembershipRole.MEMBER and lead_count(membership.territory_id) <= 1:
        raise Conflict(_("A territory needs a lead: make another member lead first."))
    previous = membership.role
    membership.role = role
    record_audit(actor, "membership.role_changed", membership, subject=membership.user,
                 summary=f"{membership.territory.name}: {previous.value} → {role.value}",
                 territory=membership.territory.name, before=previous.value, after=role.value)
    db.session.flush()
    return membership
