"""The results of the workshops in the consolidated document: for each closed workshop, every public
use case worked on in it with its cards by cluster, most dots first, how many took part, and the
minutes the editors wrote.

Only closed workshops: a live room's counts still move. Only public use cases, as everywhere in
the document; cards never carry their author's name (the room's results show none either).
"""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from roadmap.content_translations import opendata as short_translations
from roadmap.core.csvfiles import CsvTable, labels_by_value
from roadmap.exports.builtin import rows_digest
from roadmap.exports.parts import DocumentPart, Heading, register_document_part
from roadmap.extensions import db
from roadmap.workshops.labels import CARD_KIND_LABELS, WORKSHOP_KIND_LABELS
from roadmap.workshops.board_models import Cluster, WorkshopResult
from roadmap.workshops.models import Card, Dot, UseCase, Workshop, WorkshopState


@dataclass
class UseCaseResults:
    use_case: UseCase
    cards: list = field(default_factory=list)  # [(Card, dots)], most dots first
    cluster_names: dict = field(default_factory=dict)  # {cluster id: name}, in the order they were made

    @property
    def groups(self):
        """[(cluster name or None for the cards not sorted, [(Card, dots)])]: the clusters first."""
        groups = [(name, [(c, n) for c, n in self.cards if c.cluster_id == cid]) for cid, name in self.cluster_names.items()]
        loose = [(c, n) for c, n in self.cards if c.cluster_id not in self.cluster_names]
        return [g for g in groups if g[1]] + ([(None, loose)] if loose else [])


@dataclass
class WorkshopResults:
    workshop: Workshop
    use_cases: list  # [UseCaseResults], by title
    participants: int | None = None  # how many took part, as kept at the close (names never exported)

    @property
    def anchor(self):
        return f"workshop-{self.workshop.id}"


def _results(ctx):
    """[WorkshopResults] of the closed workshops that have minutes or a public use case, by date;
    four queries whatever the number of workshops and cards."""
    def compute():
        workshops = db.session.scalars(
            select(Workshop).where(Workshop.state == WorkshopState.CLOSED)
            .options(selectinload(Workshop.use_cases)).order_by(Workshop.starts_at, Workshop.id)).all()
        if not workshops:
            return []
        dots = (select(Dot.card_id, func.count(Dot.id).label("n")).group_by(Dot.card_id).subquery())
        cards = {}
        for card, n in db.session.execute(
                select(Card, func.coalesce(dots.c.n, 0)).outerjoin(dots, dots.c.card_id == Card.id)
                .where(Card.workshop_id.in_([w.id for w in workshops]))
                .order_by(func.coalesce(dots.c.n, 0).desc(), Card.id)):
            cards.setdefault((card.workshop_id, card.use_case_id), []).append((card, n))
        ids = [w.id for w in workshops]
        names = {}
        for cluster in db.session.scalars(select(Cluster).where(Cluster.workshop_id.in_(ids)).order_by(Cluster.id)):
            names.setdefault((cluster.workshop_id, cluster.use_case_id), {})[cluster.id] = cluster.name
        people = {r.workshop_id: len(r.data.get("participant_ids", [])) for r in db.session.scalars(
            select(WorkshopResult).where(WorkshopResult.workshop_id.in_(ids)))}
        results = []
        for workshop in workshops:
            use_cases = [UseCaseResults(u, cards.get((workshop.id, u.id), []), names.get((workshop.id, u.id), {}))
                         for u in sorted(workshop.use_cases, key=lambda u: (u.title, u.id)) if u.is_public]
            if use_cases or workshop.minutes.strip():
                results.append(WorkshopResults(workshop, use_cases, people.get(workshop.id)))
        return results
    return ctx.once("workshop_results", compute)


class WorkshopResultsPart(DocumentPart):
    id = "workshops"
    order = 350  # after the use cases (300), before the consultation (400)
    title = _l("Results of the workshops")
    template = "exports/print/workshops.html"

    def headings(self, ctx):
        results = _results(ctx)
        if not results:
            return []
        return [Heading(self.anchor, str(self.title), 1)] + [
            Heading(r.anchor, r.workshop.title, 2) for r in results]

    def html(self, ctx):
        return super().html(ctx) if _results(ctx) else ""

    def template_values(self, ctx):
        return {"results": _results(ctx), "kinds": WORKSHOP_KIND_LABELS, "card_kinds": CARD_KIND_LABELS}

    def data(self, ctx):
        translations = _card_translations(ctx)
        return [{"title": r.workshop.title, "kind": str(r.workshop.kind),
                 "date": r.workshop.starts_at.date().isoformat(), "minutes_markdown": r.workshop.minutes,
                 "minutes_lang": r.workshop.minutes_language,
                 "participants": r.participants,
                 "use_cases": [{"id": u.use_case.id, "title": u.use_case.title, "lang": u.use_case.language,
                                "clusters": list(u.cluster_names.values()),
                                "cards": [{"kind": str(c.kind), "text": c.text, "lang": c.language, "source": "human",
                                           "texts": short_translations.texts(c.text, c.language, translations.get(c.id)),
                                           "dots": n, "cluster": u.cluster_names.get(c.cluster_id)}
                                          for c, n in u.cards]}
                               for u in r.use_cases]}
                for r in _results(ctx)] or None

    def csv_tables(self, ctx):
        translations = _card_translations(ctx)
        columns = ["workshop", "date", "use_case", "cluster", "kind", "text", "lang", "dots"] + \
            short_translations.csv_columns()
        rows = [{"workshop": r.workshop.title, "date": r.workshop.starts_at.date().isoformat(),
                 "use_case": u.use_case.title, "cluster": u.cluster_names.get(c.cluster_id, ""), "kind": str(c.kind),
                 "text": c.text, "lang": c.language, "dots": n,
                 **short_translations.csv_cells(c.text, c.language, translations.get(c.id))}
                for r in _results(ctx) for u in r.use_cases for c, n in u.cards]
        return {"workshop_cards": CsvTable(columns, rows, {"kind": labels_by_value(CARD_KIND_LABELS)})}

    def fingerprint_parts(self, ctx):
        workshops = db.session.execute(
            select(Workshop.id, Workshop.state, Workshop.title, Workshop.kind, Workshop.starts_at,
                   Workshop.updated_at, func.length(Workshop.minutes)).order_by(Workshop.id)).all()
        counts = db.session.execute(select(func.count(Card.id), func.max(Card.id))).one()
        dots = db.session.execute(select(func.count(Dot.id), func.max(Dot.id))).one()
        # A card edited, moved or merged, a cluster renamed: the results change without a new row.
        cards = db.session.execute(select(Card.id, Card.cluster_id, Card.text, Card.language).order_by(Card.id)).all()
        clusters = db.session.execute(select(Cluster.id, Cluster.name).order_by(Cluster.id)).all()
        return [rows_digest(workshops), list(counts), list(dots), rows_digest(cards), rows_digest(clusters),
                short_translations.fingerprint("card")]


def _card_translations(ctx):
    """{card id: [its translations]} of the cards of the document (one query)."""
    return ctx.once("card_translations", lambda: short_translations.translations_by_object(
        "card", [c.id for r in _results(ctx) for u in r.use_cases for c, _n in u.cards]))


def register_workshop_parts(app):
    register_document_part(app, WorkshopResultsPart())
