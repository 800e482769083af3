"""Search shows each person exactly what the features' own permission functions let them see.

For every role and every kind, the ids the search's SQL lets through are compared with those the
package's function allows, object by object."""
import pytest
from sqlalchemy import select

from roadmap.drafts.models import Comment, RoadmapVersion, can_view_version
from roadmap.extensions import db
from roadmap.search.models import SearchEntry
from roadmap.search.query import parse_query
from roadmap.search.service import ALL_KINDS, search
from roadmap.search.visibility import Visibility
from roadmap.swot.models import ItemStatus, Swot, SwotItem, SwotVersion
from roadmap.swot.permissions import can_view_draft, can_view_last_version
from roadmap.territories.models import Organisation, Territory
from roadmap.workshops.models import UseCase, Workshop
from roadmap.workshops.permissions import can_view_use_case, can_view_workshop
from tests.search.world import WORD, build_world

ROLES = ("visitor", "editor", "lead_north", "member_south", "partner_north", "loner")
ENTRY = SearchEntry.__table__


@pytest.fixture
def world(app):
    return build_world()


def _sql_visible(user, kind):
    return set(db.session.scalars(select(ENTRY.c.object_id).where(ENTRY.c.kind == kind,
                                                                  Visibility(user).condition([kind]))))


def _last_version(swot):
    return db.session.scalar(select(SwotVersion).where(SwotVersion.swot_id == swot.id)
                             .order_by(SwotVersion.number.desc()).limit(1))


def _allowed(user, kind):
    """What the features' permission functions allow, object by object."""
    if kind == "swot_item":
        return {i.id for i in db.session.scalars(select(SwotItem))
                if i.status == ItemStatus.ACCEPTED and can_view_draft(user, i.swot.territory_id)}
    if kind == "swot_version_item":
        allowed = set()
        for swot in db.session.scalars(select(Swot)):
            last = _last_version(swot)
            if last and not can_view_draft(user, swot.territory_id) and can_view_last_version(user, swot):
                allowed |= {i.id for i in last.items}
        return allowed
    if kind == "use_case":
        return {u.id for u in db.session.scalars(select(UseCase)) if can_view_use_case(user, u)}
    if kind == "section":
        readable = [v for v in db.session.scalars(select(RoadmapVersion).order_by(RoadmapVersion.number.desc()))
                    if can_view_version(user, v)]
        return {s.id for s in readable[0].sections} if readable else set()
    if kind == "comment":
        return {c.id for c in db.session.scalars(select(Comment)) if can_view_version(user, c.version) and not c.hidden}
    if kind == "workshop":
        return {w.id for w in db.session.scalars(select(Workshop)) if can_view_workshop(user, w)}
    model = {"territory": Territory, "organisation": Organisation}[kind]  # public pages
    return set(db.session.scalars(select(model.id)))


@pytest.mark.parametrize("kind", ALL_KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_search_lets_through_exactly_what_the_permission_function_allows(world, role, kind):
    user = world.people[role]
    allowed = _allowed(user, kind)
    assert _sql_visible(user, kind) == allowed
    found = {e.object_id for e in search(user, parse_query(WORD), per_page=100).entries if e.kind == kind}
    assert found == allowed


def _texts(user, words=WORD):
    entries = search(user, parse_query(words), per_page=100).entries
    return [e.body for e in entries] + [e.title for e in entries]


def test_a_visitor_never_sees_a_draft(world):
    texts = _texts(world.people["visitor"])
    for draft in ("Brouillon commun du nord", "Brouillon commun du sud, modifié", "Cas commun privé",
                  "Atelier commun", "Avis commun sur v2", "En consultation commun", "Brouillon commun"):
        assert draft not in texts
    # ...but the public SWOT's submitted version, the public use case and the published roadmap, yes.
    for public in ("Brouillon commun du sud", "Cas commun public", "Publié commun", "Avis commun sur v1"):
        assert public in texts


def test_a_partner_sees_the_draft_of_the_territories_they_are_tied_to_only(world):
    texts = _texts(world.people["partner_north"], "brouillon")
    assert "Brouillon commun du nord" in texts
    assert "Brouillon commun du sud, modifié" not in texts  # the south's draft is not theirs
    assert "Brouillon commun du sud" in texts  # its public submitted version, yes


def test_a_proposal_is_never_found(world):
    for role in ROLES:
        assert not any("Proposition" in t for t in _texts(world.people[role]))


def test_a_hidden_comment_is_never_found(world):
    for role in ROLES:
        assert not any("masqué" in t for t in _texts(world.people[role]))


def test_an_entry_left_behind_by_a_cascade_is_never_shown(world):
    editor = world.people["editor"]
    case = world.objects["private_case"]
    db.session.execute(UseCase.__table__.delete().where(UseCase.__table__.c.id == case.id))  # core: no hook
    assert case.id not in {e.object_id for e in search(editor, parse_query("privé")).entries if e.kind == "use_case"}
