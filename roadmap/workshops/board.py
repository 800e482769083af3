"""The board of a live room: cards edited, removed, merged and sorted into named clusters.

Every change takes the workshop's row lock (``room.lock_workshop``), checks the rules, and records a
``board`` event naming the use case whose board changed: each open room fetches that board again,
rendered for its own reader (what they may edit, move or merge). Under the lock, two facilitators
merging the same cards are served one after the other: the second finds a card gone and is told.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from roadmap.core.errors import Conflict, Invalid, NotAllowed, NotFound
from roadmap.core.i18n import checked_language
from roadmap.extensions import db
from roadmap.workshops import permissions, rules
from roadmap.workshops.board_models import CLUSTER_NAME_MAX, Cluster
from roadmap.workshops.models import CARD_MAX, Card, CardKind, Dot
from roadmap.workshops.room import (
    _require_live, _require_participant, _use_case_on_agenda, lock_workshop, record_event,
)

GONE = _l("This card has just been merged or removed by someone else: the board shows what it is now.")


def _live_board(workshop_id, user):
    workshop = lock_workshop(workshop_id)
    _require_participant(workshop, user)
    _require_live(workshop)
    return workshop


def _card(workshop, card_id):
    """The card under the lock; a card that is gone is a conflict (somebody merged or removed it)."""
    card = db.session.get(Card, card_id, populate_existing=True) if card_id else None
    if card is None or card.workshop_id != workshop.id:
        raise Conflict(GONE)
    return card


def _cluster(workshop, cluster_id, use_case_id=None):
    cluster = db.session.get(Cluster, cluster_id) if cluster_id else None
    if cluster is None or cluster.workshop_id != workshop.id:
        raise NotFound(_("This cluster does not exist in this workshop."))
    if use_case_id is not None and cluster.use_case_id != use_case_id:
        raise Invalid(_("A card moves only to a cluster of its own use case."))
    return cluster


def _changed(workshop, use_case_id, change, **data):
    record_event(workshop, "board", {"use_case_id": use_case_id, "change": change, **data})


def clean_card_text(text):
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write the card's text."))
    if len(text) > CARD_MAX:
        raise Invalid(_("A card holds at most %(max)d characters.", max=CARD_MAX))
    return text


def clean_cluster_name(name):
    name = " ".join((name or "").split())
    if not name:
        raise Invalid(_("Give the cluster a name."))
    if len(name) > CLUSTER_NAME_MAX:
        raise Invalid(_("A cluster's name holds at most %(max)d characters.", max=CLUSTER_NAME_MAX))
    return name


# Cards ---------------------------------------------------------------------------------------------

class CardConflict(Conflict):
    """A stale edit: the card's text changed since the form showing ``seen`` was loaded."""

    def __init__(self, card, mine):
        super().__init__(_("Somebody else changed this card in the meantime. Their text is shown: "
                           "merge it with yours and save again."))
        self.card, self.current_text, self.mine = card, card.text, mine


def edit_card(workshop_id, user, card_id, text, kind=None, language=None, seen=None):
    """Change a card's text (and kind): the facilitator any card, the author theirs until the vote.
    ``seen``: the text the form was showing; when the card reads otherwise now (the author and the
    facilitator both at it), nothing changes and CardConflict says so."""
    workshop = _live_board(workshop_id, user)
    card = _card(workshop, card_id)
    if not permissions.can_edit_card(user, workshop, card):
        raise NotAllowed(_("Only its author (until the vote starts) and the facilitator change a card."))
    rules.require_board_open(workshop)
    new_text = clean_card_text(text)
    if seen is not None and seen.replace("\r\n", "\n") != card.text and new_text != card.text:
        raise CardConflict(card, new_text)
    card.text = new_text
    card.language = checked_language(language, card.language)
    if kind:
        try:
            card.kind = CardKind(kind)
        except ValueError:
            raise Invalid(_("Choose the kind of card.")) from None
    db.session.flush()
    _changed(workshop, card.use_case_id, "edit", card_id=card.id, text=card.text)
    return card


def remove_card(workshop_id, user, card_id):
    """Remove a card and its dots (they go back to their owners)."""
    workshop = _live_board(workshop_id, user)
    card = _card(workshop, card_id)
    if not permissions.can_edit_card(user, workshop, card):
        raise NotAllowed(_("Only its author (until the vote starts) and the facilitator remove a card."))
    rules.require_board_open(workshop)
    use_case_id = card.use_case_id
    db.session.execute(Dot.__table__.delete().where(Dot.card_id == card.id))
    db.session.delete(card)
    db.session.flush()
    _changed(workshop, use_case_id, "remove", card_id=card_id)


def move_card(workshop_id, user, card_id, cluster_id):
    """Put a card into a cluster of its use case (None: back among the cards not sorted yet)."""
    workshop = _live_board(workshop_id, user)
    card = _card(workshop, card_id)
    if not permissions.can_move_card(user, workshop, card):
        raise NotAllowed(_("Only the facilitator moves this card."))
    rules.require_board_open(workshop)
    cluster = _cluster(workshop, cluster_id, card.use_case_id) if cluster_id else None
    card.cluster_id = cluster.id if cluster else None
    db.session.flush()
    _changed(workshop, card.use_case_id, "move", card_id=card.id, cluster_id=card.cluster_id,
             cluster=cluster.name if cluster else None, text=card.text)
    return card


def merge_cards(workshop_id, user, source_id, target_id):
    """Merge a duplicate (source) into another card of the same use case (target). The dots are
    kept on the target; a person who had dots on both keeps the larger number, not the sum (no
    dot is doubled for one person: the others go back to them). The source disappears."""
    workshop = _live_board(workshop_id, user)
    if not permissions.can_arrange_board(user, workshop):
        raise NotAllowed(_("Only the facilitator merges cards."))
    rules.require_board_open(workshop)
    if not source_id or not target_id or source_id == target_id:
        raise Invalid(_("Choose two different cards to merge."))
    source, target = _card(workshop, source_id), _card(workshop, target_id)
    if source.use_case_id != target.use_case_id:
        raise Invalid(_("Only cards of the same use case can be merged."))
    move_dots_for_merge(source.id, target.id)
    if target.cluster_id is None and source.cluster_id is not None:
        target.cluster_id = source.cluster_id
    db.session.delete(source)
    db.session.flush()
    _changed(workshop, target.use_case_id, "merge", card_id=target.id, merged_id=source_id, text=target.text)
    return target


def move_dots_for_merge(source_id, target_id):
    """Per person: max(dots on source, dots on target) end up on the target."""
    counts = db.session.execute(
        select(Dot.user_id, Dot.card_id, func.count(Dot.id)).where(Dot.card_id.in_([source_id, target_id]))
        .group_by(Dot.user_id, Dot.card_id)
    ).all()
    per_user = {}
    for user_id, card_id, n in counts:
        per_user.setdefault(user_id, {source_id: 0, target_id: 0})[card_id] = n
    for user_id, n in per_user.items():
        extra = n[source_id] - n[target_id]
        if extra > 0:  # move that many of the source's dots; the rest go with the source
            ids = db.session.scalars(select(Dot.id).where(Dot.card_id == source_id, Dot.user_id == user_id)
                                     .order_by(Dot.id).limit(extra)).all()
            db.session.execute(update(Dot).where(Dot.id.in_(ids)).values(card_id=target_id))
    db.session.execute(Dot.__table__.delete().where(Dot.card_id == source_id))


# Clusters ------------------------------------------------------------------------------------------

def create_cluster(workshop_id, user, use_case_id, name):
    workshop = _live_board(workshop_id, user)
    if not permissions.can_create_cluster(user, workshop):
        raise NotAllowed(_("Only the facilitator creates clusters in this workshop."))
    rules.require_board_open(workshop)
    name = clean_cluster_name(name)
    if use_case_id is None:
        raise Invalid()
    use_case = _use_case_on_agenda(workshop, use_case_id)
    _unique_name(workshop, use_case.id, name)
    cluster = Cluster(workshop_id=workshop.id, use_case_id=use_case.id, name=name, created_by_id=user.id)
    db.session.add(cluster)
    db.session.flush()
    _changed(workshop, use_case.id, "cluster", cluster_id=cluster.id, cluster=name)
    return cluster


def _unique_name(workshop, use_case_id, name, except_id=None):
    clash = db.session.scalar(select(Cluster.id).where(
        Cluster.workshop_id == workshop.id, Cluster.use_case_id == use_case_id, Cluster.name == name,
        Cluster.id != (except_id or 0)))
    if clash:
        raise Invalid(_("A cluster of this use case already has this name."))


def rename_cluster(workshop_id, user, cluster_id, name):
    workshop = _live_board(workshop_id, user)
    if not permissions.can_arrange_board(user, workshop):
        raise NotAllowed(_("Only the facilitator renames clusters."))
    rules.require_board_open(workshop)
    cluster = _cluster(workshop, cluster_id)
    name = clean_cluster_name(name)
    _unique_name(workshop, cluster.use_case_id, name, cluster.id)
    cluster.name = name
    db.session.flush()
    _changed(workshop, cluster.use_case_id, "cluster", cluster_id=cluster.id, cluster=name)
    return cluster


def remove_cluster(workshop_id, user, cluster_id):
    """Remove a cluster; its cards stay, back among the cards not sorted yet."""
    workshop = _live_board(workshop_id, user)
    if not permissions.can_arrange_board(user, workshop):
        raise NotAllowed(_("Only the facilitator removes clusters."))
    rules.require_board_open(workshop)
    cluster = _cluster(workshop, cluster_id)
    use_case_id = cluster.use_case_id
    db.session.execute(update(Card).where(Card.cluster_id == cluster.id).values(cluster_id=None))
    if workshop.focus_cluster_id == cluster.id:
        workshop.focus_cluster_id = None
    db.session.delete(cluster)
    db.session.flush()
    _changed(workshop, use_case_id, "cluster_removed", cluster_id=cluster_id)


def clusters_of(workshop_id):
    """{use_case_id: [Cluster]} in the order they were created."""
    clusters = {}
    for cluster in db.session.scalars(select(Cluster).where(Cluster.workshop_id == workshop_id).order_by(Cluster.id)):
        clusters.setdefault(cluster.use_case_id, []).append(cluster)
    return clusters
