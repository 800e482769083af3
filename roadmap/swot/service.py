"""The rules of the SWOT: the only module that changes its data. Services flush, views commit."""
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from roadmap.core.audit import record_audit
from roadmap.core.errors import Conflict, Invalid, NotAllowed, NotFound
from roadmap.core.i18n import content_languages, writer_language
from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.notifications import events
from roadmap.swot import permissions
from roadmap.swot.forms import ItemData, is_web_link
from roadmap.swot.models import (
    NOTE_MAX, TEXT_MAX, URL_MAX, ItemStatus, Quadrant, Swot, SwotItem, SwotVersion, SwotVersionItem,
)


class EditConflict(Conflict):
    """The item changed since the user opened it; carries what is saved now."""

    def __init__(self, current):
        super().__init__(_("Somebody else saved this item while you were editing it."))
        self.current = current


def get_swot(territory_id):
    return db.session.scalar(select(Swot).where(Swot.territory_id == territory_id))


def get_or_create_swot(territory):
    """The territory's SWOT, created on first use (one per territory, enforced by a unique key)."""
    swot = get_swot(territory.id)
    if swot is None:
        swot = Swot(territory_id=territory.id, territory=territory)
        db.session.add(swot)
        db.session.flush()
    return swot


def _check(data):
    """The same limits as the form, for callers that do not go through one."""
    if not data.text or not data.text.strip() or len(data.text) > TEXT_MAX:
        raise Invalid(_("The text is required and has at most %(max)d characters.", max=TEXT_MAX))
    if data.importance not in (1, 2, 3):
        raise Invalid(_("Choose an importance between 1 and 3."))
    if data.evidence_url and (len(data.evidence_url) > URL_MAX or not is_web_link(data.evidence_url)):
        raise Invalid(_("Enter a web address starting with http:// or https://."))
    if len(data.evidence_note) > NOTE_MAX:
        raise Invalid(_("At most %(max)d characters.", max=NOTE_MAX))
    Quadrant(data.quadrant)
    if data.language and data.language not in content_languages():
        raise Invalid(_("Choose a language from the list."))


def _next_position(swot_id, quadrant):
    last = db.session.scalar(
        select(func.max(SwotItem.position))
        .where(SwotItem.swot_id == swot_id, SwotItem.quadrant == quadrant, SwotItem.status == ItemStatus.ACCEPTED)
    )
    return (last or 0) + 1


def add_item(territory, user, data: ItemData):
    """A member adds an item to the draft; a tied partner's item becomes a proposal. Others: NotAllowed."""
    if permissions.can_edit(user, territory.id):
        status = ItemStatus.ACCEPTED
    elif permissions.can_propose(user, territory.id):
        status = ItemStatus.PROPOSED
    else:
        raise NotAllowed(_("You cannot add items to the SWOT of %(name)s.", name=territory.name))
    _check(data)
    swot = get_or_create_swot(territory)
    item = SwotItem(
        swot_id=swot.id, quadrant=data.quadrant, dimension=data.dimension, text=data.text.strip(),
        importance=data.importance, evidence_url=data.evidence_url, evidence_note=data.evidence_note,
        language=data.language or writer_language(),
        position=_next_position(swot.id, data.quadrant) if status == ItemStatus.ACCEPTED else 0,
        status=status, author_id=user.id,
    )
    db.session.add(item)
    swot.updated_at = utcnow()
    db.session.flush()
    if status == ItemStatus.PROPOSED:
        events.swot_item_proposed(territory, item, user)
    return item


def get_item(territory, item_id, status=ItemStatus.ACCEPTED):
    item = db.session.scalar(
        select(SwotItem).join(Swot).where(SwotItem.id == item_id, Swot.territory_id == territory.id,
                                          SwotItem.status == status)
    )
    if item is None:
        raise NotFound(_("This item does not exist or has been deleted."))
    return item


def _require_edit(user, territory):
    if not permissions.can_edit(user, territory.id):
        raise NotAllowed(_("Only the members of %(name)s can change its SWOT.", name=territory.name))


def update_item(territory, item_id, user, seen_version, data: ItemData):
    """Save an edit only if nobody saved the item since the user saw it (version seen_version).

    The check and the write are one statement (UPDATE ... WHERE version = :seen), so two
    concurrent saves cannot both succeed; the loser gets EditConflict with the saved item.
    """
    _require_edit(user, territory)
    _check(data)
    item = get_item(territory, item_id)
    values = dict(dimension=data.dimension, text=data.text.strip(), importance=data.importance,
                  evidence_url=data.evidence_url, evidence_note=data.evidence_note,
                  language=data.language or item.language,
                  version=SwotItem.version + 1, updated_at=utcnow())
    if data.quadrant != item.quadrant:
        values.update(quadrant=data.quadrant, position=_next_position(item.swot_id, data.quadrant))
    result = db.session.execute(
        update(SwotItem).where(SwotItem.id == item.id, SwotItem.version == seen_version).values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(item)
    if result.rowcount != 1:
        raise EditConflict(get_item(territory, item_id))
    return item


def delete_item(territory, item_id, user):
    _require_edit(user, territory)
    item = get_item(territory, item_id)
    db.session.delete(item)
    db.session.flush()


def move_item(territory, item_id, user, direction):
    """Swap the item with its neighbour above ('up') or below ('down') in its quadrant."""
    _require_edit(user, territory)
    if direction not in ("up", "down"):
        raise Invalid(_("Choose up or down."))
    item = get_item(territory, item_id)
    siblings = db.session.scalars(
        select(SwotItem).where(SwotItem.swot_id == item.swot_id, SwotItem.quadrant == item.quadrant,
                               SwotItem.status == ItemStatus.ACCEPTED)
        .order_by(SwotItem.position, SwotItem.id)
    ).all()
    index = siblings.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position  # renumbering also repairs gaps and ties
    db.session.flush()
    return item


def quadrant_size(item):
    """How many accepted items share the item's quadrant (for "position 2 of 5")."""
    return db.session.scalar(select(func.count()).select_from(SwotItem).where(
        SwotItem.swot_id == item.swot_id, SwotItem.quadrant == item.quadrant, SwotItem.status == ItemStatus.ACCEPTED))


def decide_proposal(territory, item_id, user, accept):
    """The lead accepts a proposal (it joins the draft at the end of its quadrant) or declines it."""
    if not permissions.can_lead(user, territory.id):
        raise NotAllowed(_("Only the lead of %(name)s decides on proposals.", name=territory.name))
    item = get_item(territory, item_id, status=ItemStatus.PROPOSED)
    if accept:
        item.position = _next_position(item.swot_id, item.quadrant)
        item.status = ItemStatus.ACCEPTED
    else:
        item.status = ItemStatus.DECLINED
    item.version += 1
    db.session.flush()
    events.swot_proposal_decided(territory, item, accept, user)
    return item


def withdraw_proposal(territory, item_id, user):
    """A partner takes back their own proposal while the lead has not decided on it."""
    item = get_item(territory, item_id, status=ItemStatus.PROPOSED)
    if item.author_id != getattr(user, "id", None):
        raise NotAllowed(_("Only its author can withdraw a proposal."))
    db.session.delete(item)
    db.session.flush()


def _draft_items(swot_id):
    return db.session.scalars(
        select(SwotItem).where(SwotItem.swot_id == swot_id, SwotItem.status == ItemStatus.ACCEPTED)
        .order_by(SwotItem.quadrant, SwotItem.position, SwotItem.id)
    ).all()


def last_version(swot):
    if swot is None:
        return None
    return db.session.scalar(
        select(SwotVersion).where(SwotVersion.swot_id == swot.id).order_by(SwotVersion.number.desc()).limit(1)
    )


def submit(territory, user, in_roadmap=None):
    """Freeze the draft as the next version (v1, v2, ...). Refused when empty or unchanged.

    `in_roadmap` is the lead's answer to "may this version appear in the published roadmap and
    its open data?". Yes also makes the SWOT public: the roadmap and its open data are public, so
    agreeing to them is agreeing to visitors reading it. No keeps this version out of them, whatever
    its visibility on the site. None (not asked: seeding, scripts) records the programme's default
    and leaves the visibility as it is. Submitting the same items again is allowed only to change
    the answer.
    """
    if not permissions.can_lead(user, territory.id):
        raise NotAllowed(_("Only the lead of %(name)s can submit its SWOT.", name=territory.name))
    swot = get_or_create_swot(territory)
    items = _draft_items(swot.id)
    if not items:
        raise Invalid(_("The SWOT is empty: add at least one item before submitting it."))
    previous = last_version(swot)
    agreed = True if in_roadmap is None else bool(in_roadmap)
    if previous is not None and not has_changes(compare(previous.items, items)) \
            and _order(previous.items) == _order(items) and previous.in_roadmap == agreed:
        raise Invalid(_("Nothing has changed since version %(number)d: there is nothing new to submit.",
                        number=previous.number))
    version = SwotVersion(swot_id=swot.id, number=(previous.number if previous else 0) + 1,
                          submitted_at=utcnow(), submitted_by_id=user.id, in_roadmap=agreed)
    try:
        with db.session.begin_nested():
            db.session.add(version)
            db.session.flush()
    except IntegrityError as error:  # another submission took this number at the same time
        raise Conflict(_("The SWOT has just been submitted by somebody else.")) from error
    db.session.add_all([
        SwotVersionItem(version_id=version.id, item_id=item.id, quadrant=item.quadrant, dimension=item.dimension,
                        text=item.text, importance=item.importance, evidence_url=item.evidence_url,
                        evidence_note=item.evidence_note, language=item.language, position=position, author_id=item.author_id)
        for position, item in enumerate(items, start=1)
    ])
    record_audit(user, "swot.submitted", version, summary=f"{territory.name} v{version.number}",
                 territory_id=territory.id, items=len(items), in_roadmap=agreed)
    if in_roadmap:
        set_public(territory, user, True)
    db.session.flush()
    return version


def _order(items):
    """The order of the items in each quadrant: reordering alone is a change worth a version."""
    ordered = sorted(items, key=lambda i: (i.position, i.id))
    return {q: [getattr(i, "item_id", None) or i.id for i in ordered if i.quadrant == q] for q in Quadrant}


def set_public(territory, user, is_public):
    if not permissions.can_lead(user, territory.id):
        raise NotAllowed(_("Only the lead of %(name)s decides whether its SWOT is public.", name=territory.name))
    swot = get_or_create_swot(territory)
    if swot.is_public != bool(is_public):
        record_audit(user, "swot.made_public" if is_public else "swot.made_private", swot,
                     summary=territory.name, territory_id=territory.id)
    swot.is_public = bool(is_public)
    db.session.flush()
    return swot


def compare(old_items, new_items):
    """What changed from old to new, by quadrant: {quadrant: {"added", "removed", "changed"}}.

    Items are matched by the draft item they come from (item_id, or id for draft items);
    a changed item is a pair (old, new, [field names]) listed under its new quadrant.
    """
    def key(item):
        return getattr(item, "item_id", None) or item.id

    old, new = {key(i): i for i in old_items}, {key(i): i for i in new_items}
    result = {q: {"added": [], "removed": [], "changed": []} for q in Quadrant}
    for k, item in new.items():
        if k not in old:
            result[Quadrant(item.quadrant)]["added"].append(item)
            continue
        fields = [f for f in SwotVersionItem.COMPARED if getattr(old[k], f) != getattr(item, f)]
        if fields:
            result[Quadrant(item.quadrant)]["changed"].append((old[k], item, fields))
    for k, item in old.items():
        if k not in new:
            result[Quadrant(item.quadrant)]["removed"].append(item)
    for groups in result.values():
        for name in ("added", "removed"):
            groups[name].sort(key=lambda i: i.position)
        groups["changed"].sort(key=lambda change: change[1].position)
    return result


def has_changes(comparison):
    return any(group for groups in comparison.values() for group in groups.values())
