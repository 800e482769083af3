"""Demo: four use cases with their alliances (Barcelona's written in English), a live co-design workshop with cards and dots,
and a coming sharing session. Idempotent: what exists (by title) is left as it is."""
from datetime import date, time, timedelta

from sqlalchemy import select

from roadmap.accounts.models import User
from roadmap.extensions import db
from roadmap.territories.demo import EDITOR_EMAIL
from roadmap.territories.models import Organisation, Territory
from roadmap.workshops import room, service
from roadmap.workshops.models import Alliance, Registration, UseCase, Workshop

USE_CASES = [
    {
        "title": "Coach CO2", "theme": "mobility", "governance_model": "personal_cloud", "is_public": True,
        "problem": "Les habitants ne connaissent pas l'empreinte carbone de leurs déplacements quotidiens "
                   "et manquent de repères pour la réduire.",
        "citizens": "Habitants de l'agglomération de La Rochelle volontaires, en priorité les actifs qui "
                    "se déplacent chaque jour.",
        "personal_data": "Trajets (validations de transport en commun, vélos en libre-service, covoiturage), "
                         "géolocalisation facultative, achats de carburant.",
        "data_holders": "Opérateur de transport, service de vélos en libre-service, application de "
                        "covoiturage, banques.",
        "citizen_return": "Chaque habitant récupère ses données dans son cloud personnel, voit son bilan CO2 "
                          "mensuel et reçoit des suggestions de trajets moins carbonés.",
        "service": "Application « Coach CO2 » branchée sur le cloud personnel de l'habitant.",
        "individual_benefits": "Économies sur le budget transport, défis personnels, meilleure santé.",
        "collective_benefits": "Baisse des émissions du territoire (objectif zéro carbone 2040), données "
                               "agrégées anonymes pour planifier les mobilités.",
        "risks_safeguards": "Risque de surveillance des déplacements : aucune donnée brute ne quitte le cloud "
                            "personnel ; agrégats calculés par le citoyen qui consent.",
        "indicators": "2 000 utilisateurs actifs la première année ; -10 % d'émissions liées aux trajets.",
        "partners": "Mobilités Partagées, NuageCitoyen, opérateur de transport.",
        "alliances": {"la-rochelle": "leading", "metropole-de-lyon": "participating", "helsinki": "observing"},
    },
    {
        "title": "Mon énergie en clair", "theme": "energy", "governance_model": "direct_transfer", "is_public": True,
        "problem": "Les factures d'énergie sont illisibles ; les ménages modestes ne savent pas où agir.",
        "citizens": "Ménages en précarité énergétique, locataires du parc social.",
        "personal_data": "Courbes de consommation d'électricité et de gaz, caractéristiques du logement.",
        "data_holders": "Distributeur d'énergie, bailleurs sociaux.",
        "citizen_return": "Le ménage reçoit ses courbes de consommation et les transmet, s'il le veut, à un "
                          "conseiller énergie.",
        "service": "Tableau de bord de consommation et prise de rendez-vous avec un conseiller.",
        "individual_benefits": "Factures réduites, confort du logement.",
        "collective_benefits": "Ciblage des rénovations, baisse de la demande de pointe.",
        "risks_safeguards": "Les courbes révèlent les habitudes de vie : transfert direct sur demande, "
                            "pas de stockage central.",
        "indicators": "Nombre de ménages accompagnés ; kWh économisés.",
        "partners": "Énergies Atlantique, bailleurs sociaux.",
        "alliances": {"metropole-de-lyon": "leading", "nantes-metropole": "participating",
                      "la-rochelle": "participating"},
    },
    {
        # Written in English by Barcelona's team (stored with language "en"): the use-case pages,
        # the room and the PDF mix French and English.
        "title": "Local basket", "theme": "food", "governance_model": "data_cooperative", "is_public": False,
        "language": "en",
        "problem": "Residents want to eat more local food but cannot see the local share of what they buy.",
        "citizens": "Members of food cooperatives and market customers.",
        "personal_data": "Till receipts, loyalty cards.",
        "data_holders": "Retail chains, cooperatives.",
        "citizen_return": "Residents measure the local and seasonal share of their basket.",
        "service": "A residents' data cooperative that negotiates access to the receipts.",
        "individual_benefits": "Healthier food, a budget under control.",
        "collective_benefits": "Support for local producers.",
        "risks_safeguards": "Cooperative governance: one member, one vote; a charter for the use of the data.",
        "indicators": "Average local share of the baskets.",
        "partners": "DataCommun cooperative.",
        "alliances": {"barcelone": "leading", "nantes-metropole": "participating"},
    },
    {
        "title": "Air et santé", "theme": "health", "governance_model": "civic_data_trust", "is_public": True,
        "problem": "Les personnes asthmatiques ne relient pas leurs crises à la qualité de l'air qu'elles respirent.",
        "citizens": "Personnes asthmatiques volontaires et leurs médecins.",
        "personal_data": "Journal de symptômes, prises de traitement, trajets.",
        "data_holders": "Les patients eux-mêmes, applications de santé.",
        "citizen_return": "Le patient croise ses symptômes avec les mesures de qualité de l'air.",
        "service": "Application de suivi et fiducie de données pour la recherche.",
        "individual_benefits": "Anticiper les crises.",
        "collective_benefits": "Recherche en santé environnementale.",
        "risks_safeguards": "Données de santé : fiducie indépendante, hébergement certifié.",
        "indicators": "Nombre de participants ; publications de recherche.",
        "partners": "Laboratoire Données & Société.",
        "alliances": {"rennes-metropole": "leading", "helsinki": "participating"},
    },
]

LIVE_TITLE = "Atelier de co-conception : mobilité et énergie"
COMING_TITLE = "Session de partage des scénarios d'usage"
PAST_TITLE = "Atelier de co-conception : santé et alimentation"
PAST_CARDS = [
    ("lead-rennes-metropole@demo.example", 3, "idea", "Relier le journal de symptômes aux capteurs de quartier."),
    ("lead-helsinki@demo.example", 3, "risk", "Les données de santé exigent un hébergement certifié."),
    ("partenaire-datacommun@demo.example", 2, "resource", "Nos statuts de coopérative peuvent servir de modèle."),
    ("lead-barcelone@demo.example", 2, "question", "Quelles enseignes acceptent de rendre les tickets de caisse ?"),
]
PAST_DOTS = [("lead-rennes-metropole@demo.example", 1, 2), ("lead-helsinki@demo.example", 0, 3),
             ("lead-barcelone@demo.example", 2, 1)]
PAST_MINUTES = """## Ce qui a été décidé

- *Air et santé* : Rennes Métropole pilote une expérimentation avec **50 patients volontaires** ;
  Helsinki apporte son expérience des capteurs de quartier.
- *Local basket* : le cas d'usage reste en préparation tant qu'une enseigne ne s'est pas engagée.

## Prochaines étapes

1. Rédiger la charte d'usage des données de santé (juin).
2. Présenter les deux scénarios à la session de partage.
"""
AGENDA = """## Déroulé

1. **9 h 30** – Accueil et tour de table
2. **10 h** – Co-conception des scénarios *Coach CO2* et *Mon énergie en clair*
3. **11 h 30** – Vote par gommettes et choix du modèle de gouvernance
4. **12 h** – Alliances de territoires et suites

Documents : [fiches canevas](https://example.org/canevas)
"""
PARTICIPANT_EMAILS = [
    "lead-la-rochelle@demo.example", "lead-metropole-de-lyon@demo.example", "agent-la-rochelle@demo.example",
    "partenaire-mobilites@demo.example", "partenaire-energies@demo.example",
]
CARDS = [
    ("partenaire-mobilites@demo.example", 0, "idea", "Ajouter un défi mensuel entre quartiers."),
    ("lead-metropole-de-lyon@demo.example", 0, "question", "Comment intégrer les trajets en voiture personnelle ?"),
    ("agent-la-rochelle@demo.example", 0, "risk", "Croisement des trajets avec l'adresse du domicile."),
    ("partenaire-energies@demo.example", 1, "resource", "Notre API de courbes de charge est disponible."),
    ("lead-la-rochelle@demo.example", 1, "idea", "Alerte quand la consommation dépasse celle du mois dernier."),
]
DOTS = [("lead-la-rochelle@demo.example", 0, 2), ("partenaire-mobilites@demo.example", 0, 1),
        ("lead-metropole-de-lyon@demo.example", 2, 2), ("agent-la-rochelle@demo.example", 4, 1),
        ("partenaire-energies@demo.example", 2, 1)]


def _users(emails):
    return {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}


def _seed_use_cases(editor, territories):
    use_cases = []
    for spec in USE_CASES:
        use_case = db.session.scalar(select(UseCase).where(UseCase.title == spec["title"]))
        if use_case is None:
            values = {k: v for k, v in spec.items() if k != "alliances"}
            use_case = service.create_use_case(editor, values)
        for slug, role in spec["alliances"].items():
            exists = db.session.scalar(select(Alliance.id).where(
                Alliance.use_case_id == use_case.id, Alliance.territory_id == territories[slug].id))
            if not exists:
                db.session.add(Alliance(use_case_id=use_case.id, territory_id=territories[slug].id, role=role))
        use_cases.append(use_case)
    db.session.flush()
    return use_cases


def _seed_past_workshop(editor, territories, organisations, use_cases, today):
    """A workshop held three weeks ago, closed, with its minutes: its results go into the PDF."""
    workshop = service.save_workshop(Workshop(), service.WorkshopData(
        title=PAST_TITLE, kind="codesign", day=today - timedelta(days=21), start=time(14, 0), end=time(17, 0),
        place="", online_url="https://visio.example.org/atelier-sante", host_territory_id=territories["rennes-metropole"].id,
        territory_ids=[t.id for t in territories.values()], organisation_ids=[o.id for o in organisations],
        use_case_ids=[u.id for u in use_cases[2:4]], agenda="Co-conception de *Local basket* et *Air et santé*.",
        dots_per_participant=3), editor)
    people = _users([email for email, _i, _k, _t in PAST_CARDS])
    for person in people.values():
        service.answer_invitation(workshop, person, "registered")
    room.open_session(workshop.id, editor)
    cards = [room.add_card(workshop.id, people[email], use_cases[index].id, kind, text)
             for email, index, kind, text in PAST_CARDS]
    for email, card_index, count in PAST_DOTS:
        for _ in range(count):
            room.add_dot(workshop.id, people[email], cards[card_index].id)
    _sort(workshop, editor, use_cases[3], "Données de santé", cards[:2])
    room.close_session(workshop.id, editor)
    service.save_minutes(workshop, PAST_MINUTES, editor)


def _sort(workshop, editor, use_case, name, cards):
    """A named cluster of the board, with the cards the facilitator moved into it."""
    from roadmap.workshops import board

    cluster = board.create_cluster(workshop.id, editor, use_case.id, name)
    for card in cards:
        board.move_card(workshop.id, editor, card.id, cluster.id)


# What two participants wrote in the live room's canvas: a field's history with two steps, and a
# working copy that differs from the use case (the facilitator's review has something to apply).
ROOM_WRITING = [
    ("lead-la-rochelle@demo.example", "problem",
     " Les trajets domicile-travail pèsent le plus, et personne ne les mesure."),
    ("partenaire-mobilites@demo.example", "problem",
     " Nos données de billettique peuvent être rendues à chaque abonné."),
]


def _write_in_room(workshop, people, use_case):
    from roadmap.workshops import working_copy

    for email, field, added in ROOM_WRITING:
        text, version = working_copy.copies_for_page(workshop)[(use_case.id, field)]
        working_copy.save_form(workshop.id, people[email], use_case.id, field, text + added, version)


def seed_workshops():
    editor = db.session.scalar(select(User).where(User.email == EDITOR_EMAIL))
    territories = {t.slug: t for t in db.session.scalars(select(Territory))}
    organisations = list(db.session.scalars(select(Organisation)))
    use_cases = _seed_use_cases(editor, territories)
    today = date.today()
    if not db.session.scalar(select(Workshop.id).where(Workshop.title == LIVE_TITLE)):
        workshop = service.save_workshop(Workshop(), service.WorkshopData(
            title=LIVE_TITLE, kind="codesign", day=today, start=time(9, 30), end=time(12, 30),
            place="Maison de la Transition, La Rochelle", online_url="https://visio.example.org/atelier-mobilite",
            host_territory_id=territories["la-rochelle"].id, territory_ids=[t.id for t in territories.values()],
            organisation_ids=[o.id for o in organisations], use_case_ids=[u.id for u in use_cases[:2]],
            agenda=AGENDA, dots_per_participant=5), editor)
        people = _users(PARTICIPANT_EMAILS)
        for email in PARTICIPANT_EMAILS:
            service.answer_invitation(workshop, people[email], "registered")
        room.open_session(workshop.id, editor)
        cards = [room.add_card(workshop.id, people[email], use_cases[index].id, kind, text)
                 for email, index, kind, text in CARDS]
        for email, card_index, count in DOTS:
            for _ in range(count):
                room.add_dot(workshop.id, people[email], cards[card_index].id)
        _sort(workshop, editor, use_cases[0], "Motiver les habitants", cards[:1])
        _sort(workshop, editor, use_cases[0], "Protéger les trajets", cards[2:3])
        _write_in_room(workshop, people, use_cases[0])
    if not db.session.scalar(select(Workshop.id).where(Workshop.title == PAST_TITLE)):
        _seed_past_workshop(editor, territories, organisations, use_cases, today)
    if not db.session.scalar(select(Workshop.id).where(Workshop.title == COMING_TITLE)):
        service.save_workshop(Workshop(), service.WorkshopData(
            title=COMING_TITLE, kind="sharing", day=today + timedelta(days=28), start=time(14, 0), end=time(17, 0),
            online_url="https://visio.example.org/partage", host_territory_id=territories["metropole-de-lyon"].id,
            territory_ids=[t.id for t in territories.values()], use_case_ids=[u.id for u in use_cases],
            agenda="Présentation des scénarios retenus et **alliances** de territoires.", dots_per_participant=3),
            editor)
    db.session.flush()
    return {"use cases": db.session.query(UseCase).count(), "workshops": db.session.query(Workshop).count(),
            "registrations": db.session.query(Registration).count()}
