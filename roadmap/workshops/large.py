"""seed-large's part for workshops: 40 workshops (at 100 territories; the first one is live),
300 use cases with alliances, the workshops' invitations, registrations, cards and dots.

Bulk INSERTs only (see roadmap/large.py); the same data every run for the same rng.
"""
from datetime import timedelta

from sqlalchemy import insert, select

from roadmap.core.timeutil import utcnow
from roadmap.extensions import db
from roadmap.workshops.models import (
    Alliance, AllianceRole, Card, CardKind, Dot, GovernanceModel, Registration, Theme, UseCase, Workshop,
    WorkshopKind, WorkshopState, workshop_territory, workshop_use_case,
)

LIVE_WORKSHOP_TITLE = "Atelier large 001"
USE_CASE_TITLE = "Cas d'usage large 0001"
CARDS_PER_WORKSHOP = 60
DOTS_PER_CARD = 3
INVITED_PER_WORKSHOP = 6

CARD_TEXTS = [
    "Un tableau de bord de la qualité de l'air par quartier",
    "Qui garantit la suppression des données après l'étude ?",
    "Risque de ré-identification avec les trajets domicile-travail",
    "La coopérative de données de l'énergie peut héberger le service",
    "Associer les lycées à la collecte des mesures",
    "Consentement révocable depuis l'application, en un geste",
    "Quelle gouvernance pour la mutualisation entre communes ?",
    "Un retour individuel : ma consommation comparée au quartier",
]


def seed_workshops_large(rng, context, territories):
    now = utcnow().replace(microsecond=0)
    territory_ids, lead_ids, editor_id = context["territory_ids"], context["lead_ids"], context["editor_id"]
    n_workshops = max(2, round(territories * 0.4))
    n_use_cases = max(6, territories * 3)

    themes, models, roles = list(Theme), list(GovernanceModel), list(AllianceRole)
    db.session.execute(insert(UseCase), [
        {"title": f"Cas d'usage large {n:04d}", "theme": rng.choice(themes).value,
         "governance_model": rng.choice(models).value,
         "problem": "Les habitants ne voient pas **ce que deviennent** leurs données.",
         "citizens": "Habitants volontaires du territoire.", "personal_data": "Relevés de consommation.",
         "data_holders": "Fournisseur d'énergie, collectivité.", "citizen_return": "Un bilan mensuel.",
         "service": "Un tableau de bord personnel.", "individual_benefits": "Des économies.",
         "collective_benefits": "Une meilleure planification.", "risks_safeguards": "Pseudonymisation.",
         "indicators": "Nombre de participants.", "partners": "Associations locales.",
         "is_public": n % 2 == 0, "created_by_id": editor_id, "created_at": now, "updated_at": now}
        for n in range(1, n_use_cases + 1)
    ])
    use_case_ids = list(db.session.scalars(select(UseCase.id).where(UseCase.title.like("Cas d'usage large %"))
                                           .order_by(UseCase.id)))
    alliances = []
    for use_case_id in use_case_ids:
        for k, territory_id in enumerate(rng.sample(territory_ids, min(len(territory_ids), rng.randint(1, 4)))):
            alliances.append({"use_case_id": use_case_id, "territory_id": territory_id,
                              "role": (AllianceRole.LEADING if k == 0 else rng.choice(roles[1:])).value,
                              "joined_by_id": editor_id, "created_at": now})
    db.session.execute(insert(Alliance), alliances)

    kinds = list(WorkshopKind)
    workshops = []
    for n in range(1, n_workshops + 1):
        state = WorkshopState.LIVE if n == 1 else (WorkshopState.CLOSED if n % 3 == 0 else WorkshopState.PLANNED)
        starts = now + timedelta(days=(n - n_workshops // 2) * 3, hours=-1 if n == 1 else 0)
        workshops.append({
            "title": f"Atelier large {n:03d}", "kind": (WorkshopKind.CODESIGN if n == 1 else rng.choice(kinds)).value,
            "starts_at": starts, "ends_at": starts + timedelta(hours=3), "place": "Salle du conseil",
            "online_url": "", "host_territory_id": territory_ids[n % len(territory_ids)],
            "agenda": "1. Accueil\n2. Canevas\n3. Vote", "minutes": "", "state": state.value,
            "dots_per_participant": 20, "canvas_locked": False, "last_event_seq": 0,
            "created_by_id": editor_id, "created_at": now, "updated_at": now,
        })
    db.session.execute(insert(Workshop), workshops)
    workshop_ids = list(db.session.scalars(select(Workshop.id).where(Workshop.title.like("Atelier large %"))
                                           .order_by(Workshop.id)))
    invited, linked, registrations, cards = [], [], [], []
    participants_of = {}
    for n, workshop_id in enumerate(workshop_ids):
        chosen = rng.sample(range(len(territory_ids)), min(len(territory_ids), INVITED_PER_WORKSHOP))
        invited += [{"workshop_id": workshop_id, "territory_id": territory_ids[i]} for i in chosen]
        participants_of[workshop_id] = [lead_ids[i] for i in chosen]
        registrations += [{"workshop_id": workshop_id, "user_id": lead_ids[i], "status": "registered",
                           "created_at": now, "updated_at": now} for i in chosen]
        cases = rng.sample(use_case_ids, min(len(use_case_ids), 7))
        if n == 0:
            cases[0] = use_case_ids[0]
        linked += [{"workshop_id": workshop_id, "use_case_id": u} for u in set(cases)]
        for c in range(CARDS_PER_WORKSHOP):
            cards.append({"workshop_id": workshop_id, "use_case_id": cases[c % len(cases)],
                          "kind": rng.choice(list(CardKind)).value, "text": rng.choice(CARD_TEXTS),
                          "author_id": rng.choice(participants_of[workshop_id]), "created_at": now})
    db.session.execute(insert(workshop_territory), invited)
    db.session.execute(insert(workshop_use_case), linked)
    db.session.execute(insert(Registration), registrations)
    db.session.execute(insert(Card), cards)
    card_rows = db.session.execute(select(Card.id, Card.workshop_id).where(Card.workshop_id.in_(workshop_ids))
                                   .order_by(Card.id)).all()
    dots = [{"workshop_id": workshop_id, "card_id": card_id, "user_id": rng.choice(participants_of[workshop_id]),
             "created_at": now} for card_id, workshop_id in card_rows for _ in range(rng.randint(0, DOTS_PER_CARD))]
    db.session.execute(insert(Dot), dots)
    context.update(workshop_ids=workshop_ids, use_case_ids=use_case_ids)
    return {"workshops": len(workshop_ids), "use cases": len(use_case_ids), "alliances": len(alliances),
            "cards": len(cards), "dots": len(dots)}
