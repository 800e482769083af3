"""The territories' column of the home page's progress table."""
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from roadmap.extensions import db
from roadmap.territories.models import Membership


def _members(territory_ids):
    rows = db.session.execute(
        select(Membership.territory_id, func.count(Membership.id))
        .where(Membership.territory_id.in_(territory_ids))
        .group_by(Membership.territory_id)
    )
    counts = dict(rows.all())
    return {tid: ngettext("%(num)d member", "%(num)d members", counts.get(tid, 0)) for tid in territory_ids}


members_column = (_l("Members"), _members)
