"""What the room's board shows one reader: clusters, what they may do with each card, the
facilitator's settings, and the labels translated once per page (a room holds hundreds of cards)."""
from flask_babel import gettext as _

from roadmap.core.i18n import language_choices
from roadmap.workshops import board, permissions, results, rules
from roadmap.workshops.times import iso_utc


class _CardRef:
    """What the permission rules read of a card (the room's cards are plain dicts)."""

    def __init__(self, card):
        self.author_id = card["author_id"]


def card_labels():
    return {
        "dots": _("dots"), "mine": _("mine: %(n)d", n=0).replace("0", "__N__"), "dot": _("dot"),
        "put_dot": _("Put a dot on: %(text)s", text="__TEXT__"),
        "take_dot": _("Take back a dot from: %(text)s", text="__TEXT__"),
        "hidden": _("hidden until revealed"), "move_to": _("Move to…"), "move": _("Move"),
        "unsorted": _("Not sorted"), "edit": _("Edit"), "save": _("Save the card"),
        "remove": _("Remove the card"), "text": _("Text of the card"), "kind": _("Kind of card"),
        "edit_of": _("Edit the card: %(text)s", text="__TEXT__"),
        "language": _("Language of the text"), "languages": language_choices(),
    }


def board_context(workshop, cards, user):
    facilitator = permissions.can_arrange_board(user, workshop)
    rights = {}
    for card in cards:  # while locked, nobody arranges the board: no control shown
        ref = _CardRef(card)
        rights[card["id"]] = (False, False) if workshop.canvas_locked else (
            permissions.can_edit_card(user, workshop, ref, participant=True),
            permissions.can_move_card(user, workshop, ref, participant=True))
    clusters = board.clusters_of(workshop.id)
    focus_name = None
    if workshop.focus_use_case_id:
        use_case = next((u for u in workshop.use_cases if u.id == workshop.focus_use_case_id), None)
        cluster = next((c for c in clusters.get(workshop.focus_use_case_id, []) if c.id == workshop.focus_cluster_id),
                       None)
        focus_name = (use_case.title if use_case else "") + (f" · {cluster.name}" if cluster else "")
    return dict(
        can_arrange=facilitator and not workshop.canvas_locked, card_rights=rights,
        can_cluster=permissions.can_create_cluster(user, workshop) and not workshop.canvas_locked,
        clusters=clusters, card_labels=card_labels(), results=results.build_results(workshop),
        timer_left=rules.remaining_seconds(workshop), activity_over=rules.activity_over(workshop),
        timer_ends_iso=iso_utc(workshop.timer_ends_at) or "", focus_name=focus_name,
        cards_locked=workshop.canvas_locked or (workshop.activity == rules.CARDS and rules.activity_over(workshop)),
        votes_over=workshop.activity == rules.VOTING and rules.activity_over(workshop),
    )
