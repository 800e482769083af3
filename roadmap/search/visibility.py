"""Which index entries a person may see: each feature's own permission rule, as SQL.

Each condition joins the entry to the live row it stands for, so that an entry whose row is gone
(deleted by the database's own cascade) or no longer visible (a version back in draft, a use case
made private, a comment hidden) is never shown. The rules themselves come from the features'
permission functions; tests/search/test_visibility.py checks, role by role and state by state,
that each condition lets through exactly what the function allows.
"""
from types import SimpleNamespace

from sqlalchemy import and_, false, func, or_, select, true

from roadmap.drafts.models import Comment, Section
from roadmap.drafts.queries import visible_versions
from roadmap.search.models import SearchEntry
from roadmap.swot.models import ItemStatus, Swot, SwotItem, SwotVersion, SwotVersionItem
from roadmap.swot.permissions import can_view_last_version, draft_territory_ids
from roadmap.territories.models import Organisation, Territory
from roadmap.workshops.models import UseCase, Workshop
from roadmap.workshops.permissions import can_view_use_case, visible_workshops

ENTRY = SearchEntry.__table__


def _among(kind, ids_select):
    return and_(ENTRY.c.kind == kind, ENTRY.c.object_id.in_(ids_select))


class Visibility:
    """The conditions for one person, computed once per search (a bounded number of statements)."""

    def __init__(self, user):
        self.user = user
        self.draft_territories = draft_territory_ids(user)  # None: every one
        self.versions = visible_versions(user)  # newest first

    def _in_draft_territory(self, territory_column):
        if self.draft_territories is None:
            return true()
        return territory_column.in_(sorted(self.draft_territories)) if self.draft_territories else false()

    def swot_item(self):
        """A draft item: can_view_draft of its territory (the territory's people, its tied partners,
        the editors); only the accepted items make the draft."""
        return _among("swot_item", select(SwotItem.id).join(Swot, Swot.id == SwotItem.swot_id).where(
            SwotItem.status == ItemStatus.ACCEPTED, self._in_draft_territory(Swot.territory_id)))

    def swot_version_item(self):
        """An item of a territory's last submitted version, for those who do not see its draft (the
        SWOT page's own choice): can_view_last_version (participants; visitors if the SWOT is public)."""
        if self.draft_territories is None:  # an editor sees every draft
            return false()
        last_number = (select(func.max(SwotVersion.number)).where(SwotVersion.swot_id == Swot.id)
                       .correlate(Swot).scalar_subquery())
        conditions = [SwotVersion.number == last_number]
        if self.draft_territories:
            conditions.append(Swot.territory_id.not_in(sorted(self.draft_territories)))
        if not can_view_last_version(self.user, None):  # its answer then rests on the SWOT being public
            conditions.append(Swot.is_public.is_(True))
        return _among("swot_version_item", select(SwotVersionItem.id)
                      .join(SwotVersion, SwotVersion.id == SwotVersionItem.version_id)
                      .join(Swot, Swot.id == SwotVersion.swot_id).where(*conditions))

    def use_case(self):
        """can_view_use_case: public ones for everybody; the others if the rule opens a private one."""
        if can_view_use_case(self.user, SimpleNamespace(is_public=False)):
            return _among("use_case", select(UseCase.id))
        return _among("use_case", select(UseCase.id).where(UseCase.is_public.is_(True)))

    def section(self):
        """The sections of the newest version can_view_version lets the person read."""
        if not self.versions:
            return false()
        return _among("section", select(Section.id).where(Section.version_id == self.versions[0].id))

    def comment(self):
        """Comments of every version the person may read (can_view_version); hidden ones never."""
        if not self.versions:
            return false()
        return _among("comment", select(Comment.id).where(
            Comment.version_id.in_([v.id for v in self.versions]), Comment.hidden_at.is_(None)))

    def workshop(self):
        """visible_workshops: the invitees, the editors and admins; visitors never."""
        return _among("workshop", select(Workshop.id).where(visible_workshops(self.user)))

    def territory(self):
        """Territories and partner organisations are public pages."""
        return _among("territory", select(Territory.id))

    def organisation(self):
        return _among("organisation", select(Organisation.id))

    def condition(self, kinds):
        """What the person may see among these kinds of entries."""
        return or_(*(getattr(self, kind)() for kind in kinds))
