"""Who may see and change a territory's SWOT: one function per rule, for routes and templates."""
from roadmap.core.permissions import is_editor
from roadmap.territories.permissions import (
    is_lead, is_member, is_participant, is_tied_partner, partner_territory_ids, user_territory_ids,
)


def can_view_draft(user, territory_id):
    """The draft is for the territory's members, its tied partners and the editors."""
    return is_editor(user) or is_member(user, territory_id) or is_tied_partner(user, territory_id)


def can_edit(user, territory_id):
    """Lead and members change the draft directly; nobody edits another territory's SWOT."""
    return is_member(user, territory_id)


def can_propose(user, territory_id):
    """A partner tied to the territory proposes items; the lead accepts or declines them."""
    return not is_member(user, territory_id) and is_tied_partner(user, territory_id)


def can_lead(user, territory_id):
    """Submitting, deciding on proposals and publishing belong to the territory's lead."""
    return is_lead(user, territory_id)


def can_view_versions(user):
    """Every submitted version is seen by every logged-in participant."""
    return is_participant(user)


def can_view_last_version(user, swot):
    """Visitors see the last version of a SWOT its lead made public."""
    return is_participant(user) or bool(swot is not None and swot.is_public)


def draft_territory_ids(user):
    """The territories whose draft can_view_draft opens to the user, for lists and search: None for
    an editor (every territory), else the territories they belong to and those their organisations
    are tied to. Checked against can_view_draft in tests/search/test_visibility.py."""
    if is_editor(user):
        return None
    return user_territory_ids(user) | partner_territory_ids(user)
