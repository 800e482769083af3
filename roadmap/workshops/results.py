"""The results of a session: per use case, its clusters with their cards most dots first, the cards
not sorted, and who took part. Shown live in the room, kept with the workshop when it closes
(``WorkshopResult``), shown on the use case's page, pre-filled into the minutes, exported."""
import json

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from roadmap.extensions import db
from roadmap.workshops.board_models import Cluster, WorkshopResult
from roadmap.workshops.models import (
    Card, Dot, Registration, RegistrationStatus, Workshop, WorkshopState, workshop_use_case,
)


def _card(card, dots):
    return {"id": card.id, "kind": card.kind.value, "text": card.text, "lang": card.language, "dots": dots}


def participant_ids(workshop_id):
    """Who took part: the registered participants, and whoever added a card or placed a dot."""
    ids = set(db.session.scalars(select(Registration.user_id).where(
        Registration.workshop_id == workshop_id, Registration.status == RegistrationStatus.REGISTERED)))
    ids |= set(db.session.scalars(select(Card.author_id).where(Card.workshop_id == workshop_id,
                                                                 Card.author_id.is_not(None))))
    ids |= set(db.session.scalars(select(Dot.user_id).where(Dot.workshop_id == workshop_id)))
    return sorted(ids)


def build_results(workshop, hidden=None):
    """[{use_case_id, title, clusters: [{id, name, cards}], unsorted, cards, dots}] in the agenda's
    order; cards most dots first. Hidden votes (the default: the workshop's setting) give every
    card ``dots: None`` and keep the order the cards were added in."""
    hidden = workshop.votes_hidden if hidden is None else hidden
    dots = select(Dot.card_id, func.count(Dot.id).label("n")).where(Dot.workshop_id == workshop.id) \
        .group_by(Dot.card_id).subquery()
    order = [Card.id] if hidden else [func.coalesce(dots.c.n, 0).desc(), Card.id]
    rows = db.session.execute(select(Card, func.coalesce(dots.c.n, 0)).outerjoin(dots, dots.c.card_id == Card.id)
                              .where(Card.workshop_id == workshop.id).order_by(*order)).all()
    clusters = db.session.scalars(select(Cluster).where(Cluster.workshop_id == workshop.id).order_by(Cluster.id)).all()
    results = []
    for use_case in workshop.use_cases:
        cards = [(card, None if hidden else n) for card, n in rows if card.use_case_id == use_case.id]
        groups = [{"id": c.id, "name": c.name, "cards": [_card(card, n) for card, n in cards if card.cluster_id == c.id]}
                  for c in clusters if c.use_case_id == use_case.id]
        results.append({
            "use_case_id": use_case.id, "title": use_case.title, "clusters": groups,
            "unsorted": [_card(card, n) for card, n in cards if card.cluster_id is None],
            "cards": len(cards), "dots": None if hidden else sum(n for _card_, n in cards),
        })
    return results


def keep_results(workshop):
    """Keep the session's results with the workshop (called when it closes; closing again after a
    reopening replaces them). Votes count as revealed: the session is over."""
    db.session.execute(delete(WorkshopResult).where(WorkshopResult.workshop_id == workshop.id))
    people = participant_ids(workshop.id)
    for result in build_results(workshop, hidden=False):
        db.session.add(WorkshopResult(workshop_id=workshop.id, use_case_id=result["use_case_id"],
                                      payload=json.dumps({**result, "participant_ids": people}, ensure_ascii=False)))
    db.session.flush()


def kept_results(workshop_id):
    """{use_case_id: result} as kept at the close."""
    return {r.use_case_id: r.data for r in db.session.scalars(
        select(WorkshopResult).where(WorkshopResult.workshop_id == workshop_id))}


def results_for_use_case(use_case_id):
    """[(Workshop, result)] of the closed sessions that worked on this use case, the latest first."""
    rows = db.session.execute(
        select(Workshop, WorkshopResult).join(WorkshopResult, WorkshopResult.workshop_id == Workshop.id)
        .join(workshop_use_case, (workshop_use_case.c.workshop_id == Workshop.id)
              & (workshop_use_case.c.use_case_id == WorkshopResult.use_case_id))
        .where(WorkshopResult.use_case_id == use_case_id, Workshop.state == WorkshopState.CLOSED)
        .order_by(Workshop.starts_at.desc(), Workshop.id.desc())
    ).all()
    return [(workshop, result.data) for workshop, result in rows]


def people_names(user_ids):
    """The names of the people who took part and still have an account, alphabetically."""
    from roadmap.accounts.models import User

    if not user_ids:
        return []
    return list(db.session.scalars(select(User.display_name).where(User.id.in_(user_ids))
                                   .order_by(User.display_name)))


def minutes_draft(workshop, labels):
    """Markdown that starts the minutes: per use case, its clusters and their cards with their dots,
    then who took part. ``labels`` maps a card kind's value to its translated name."""
    kept = kept_results(workshop.id)
    results = [kept[u.id] for u in workshop.use_cases if u.id in kept] or build_results(workshop, hidden=False)
    lines = []
    for result in results:
        lines += [f"## {_('Use case: %(title)s', title=result['title'])}", ""]
        groups = result["clusters"] + ([{"name": _("Not sorted"), "cards": result["unsorted"]}]
                                       if result["unsorted"] else [])
        for group in groups:
            lines += [f"### {group['name']}", ""]
            lines += [f"- {_card_line(card, labels)}" for card in group["cards"]] or [f"- {_('No card.')}"]
            lines.append("")
        if not groups:
            lines += [_("No card yet."), ""]
    names = people_names(participant_ids(workshop.id))
    if names:
        lines += [f"## {_('Who took part')}", "", ", ".join(names), ""]
    return "\n".join(lines).strip() + "\n"


def _card_line(card, labels):
    dots = _("%(n)d dot(s)", n=card["dots"] or 0)
    text = card["text"].replace("\n", " ")
    return f"**{dots}** · {labels.get(card['kind'], card['kind'])} · {text}"
