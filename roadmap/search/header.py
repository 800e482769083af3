"""What the header shows for the person: a link to their territory or organisation."""
from dataclasses import dataclass

from flask import g, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from roadmap.extensions import db
from roadmap.territories.models import Membership, Organisation, Territory


@dataclass(frozen=True)
class Place:
    label: object
    name: str
    url: str


def my_places():
    """"Mon territoire" / "Mon organisation" links (the names when there are several), read once
    per request in one statement."""
    if "search_my_places" in g:
        return g.search_my_places
    places = []
    if current_user.is_authenticated:
        rows = db.session.execute(
            select(Territory.name.label("territory"), Territory.slug, Organisation.id.label("organisation_id"),
                   Organisation.name.label("organisation"))
            .select_from(Membership).outerjoin(Territory, Territory.id == Membership.territory_id)
            .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
            .where(Membership.user_id == current_user.id)
            .order_by(Territory.name, Organisation.name)).all()
        territories = [r for r in rows if r.slug]
        organisations = [r for r in rows if r.organisation_id]
        for r in territories:
            places.append(Place(_l("My territory") if len(territories) == 1 else r.territory, r.territory,
                                url_for("territories.territory_detail", slug=r.slug)))
        for r in organisations:
            places.append(Place(_l("My organisation") if len(organisations) == 1 else r.organisation, r.organisation,
                                url_for("search.open_organisation", organisation_id=r.organisation_id)))
    g.search_my_places = places
    return places
