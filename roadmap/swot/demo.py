"""Demo SWOTs in French, with a few items that Helsinki's and Barcelona's leads wrote in English
(stored with language "en": a page mixes both languages); every demo territory submitted one; La Rochelle two versions; La Rochelle,
Lyon, Rennes and Helsinki made theirs public (the others' stay among participants); Nantes has a
draft in progress, NuageCitoyen's proposal to La Rochelle waits for the lead."""
from sqlalchemy import func, select

from roadmap.accounts.models import User
from roadmap.extensions import db
from roadmap.swot import service
from roadmap.swot.forms import ItemData
from roadmap.swot.models import Dimension, Quadrant, Swot, SwotItem, SwotVersion
from roadmap.territories.models import Territory

S, W, O, T = Quadrant.STRENGTH, Quadrant.WEAKNESS, Quadrant.OPPORTUNITY, Quadrant.THREAT
TEC, FIN, HUM, LEG, ORG = (Dimension.TECHNICAL, Dimension.FINANCIAL, Dimension.HUMAN, Dimension.LEGAL,
                           Dimension.ORGANISATIONAL)

# (quadrant, dimension, importance, text, evidence link, evidence note)
COMMON = [
    (S, TEC, 3, "Des jeux de données personnelles déjà détenus par la collectivité : facturation de l'eau, "
                "inscriptions scolaires, abonnements aux transports.", "", "Inventaire des traitements du registre RGPD."),
    (S, HUM, 2, "Un délégué à la protection des données impliqué dès le début du projet.", "", ""),
    (S, LEG, 3, "Une délibération du conseil qui inscrit la restitution des données aux habitants dans la "
                "stratégie numérique.", "", ""),
    (S, ORG, 2, "Une direction du numérique habituée à conduire des projets avec des start-up locales.", "", ""),
    (W, FIN, 3, "Aucun budget pérenne dédié au Self Data : les projets dépendent d'appels à projets.", "",
     "Budget 2026 : 0 € en fonctionnement sur cette ligne."),
    (W, HUM, 3, "Peu de compétences internes en portabilité des données et en API.", "", ""),
    (W, TEC, 2, "Des systèmes d'information anciens, sans export standardisé des données des usagers.", "", ""),
    (W, ORG, 2, "Les données sont réparties entre plusieurs directions qui ne se coordonnent pas.", "", ""),
    (O, LEG, 3, "Le droit à la portabilité (article 20 du RGPD) donne une base juridique à la restitution.",
     "https://www.cnil.fr/fr/le-droit-la-portabilite-obtenir-et-reutiliser-une-copie-de-vos-donnees", ""),
    (O, TEC, 2, "Des fournisseurs de cloud personnel open source prêts à s'intégrer aux services publics.", "", ""),
    (O, FIN, 2, "Des financements européens mobilisables (programme Europe numérique).", "", ""),
    (O, HUM, 1, "Des associations d'habitants volontaires pour tester les premiers services.", "", ""),
    (T, LEG, 2, "Une interprétation prudente du RGPD qui pourrait freiner le partage avec des tiers.", "", ""),
    (T, HUM, 2, "La méfiance d'une partie des habitants envers l'usage de leurs données par la collectivité.", "",
     "Enquête locale : 58 % des répondants se disent méfiants."),
    (T, FIN, 2, "La dépendance à un prestataire unique si la plateforme n'est pas ouverte.", "", ""),
    (T, ORG, 1, "Un changement d'équipe municipale pourrait remettre en cause les priorités.", "", ""),
]

PUBLIC_DEMO_SWOTS = {"la-rochelle", "metropole-de-lyon", "rennes-metropole", "helsinki"}
DECLINED_DEMO_SWOTS = {"barcelone"}
SPECIFIC = {
    "la-rochelle": [
        (S, TEC, 3, "Les données de mobilité du réseau Yélo (vélos, bus, bateaux) sont déjà centralisées.", "", ""),
        (O, ORG, 3, "Le projet « Coach CO2 » : rendre aux habitants leurs données de mobilité pour mesurer "
                    "leur empreinte carbone.", "", "Feuille de route La Rochelle Territoire Zéro Carbone."),
        (S, ORG, 2, "Un partenariat actif avec l'université et ses laboratoires.", "", ""),
    ],
    "metropole-de-lyon": [
        (S, TEC, 3, "Une plateforme de données métropolitaine ouverte et documentée.", "", ""),
        (O, TEC, 2, "Les données de consommation d'énergie des logements sociaux, disponibles auprès des bailleurs.",
         "", ""),
        (W, ORG, 2, "Un grand nombre de communes membres aux pratiques numériques très diverses.", "", ""),
    ],
    "rennes-metropole": [
        (S, LEG, 3, "Un service public métropolitain de la donnée déjà en place.", "", ""),
        (S, TEC, 2, "Une première expérimentation de cloud personnel menée avec des foyers volontaires.", "", ""),
        (O, HUM, 2, "Un tissu associatif numérique dense, prêt à accompagner les habitants.", "", ""),
    ],
    "nantes-metropole": [
        (S, LEG, 3, "Une charte métropolitaine de la donnée adoptée après un dialogue citoyen.", "", ""),
        (O, FIN, 2, "Un fournisseur d'énergie partenaire prêt à restituer les données de consommation.", "", ""),
        (W, TEC, 2, "Pas encore d'outil de gestion du consentement partagé entre services.", "", ""),
    ],
    "barcelone": [
        (S, LEG, 3, "Une politique de souveraineté technologique portée par la municipalité.", "", ""),
        (S, TEC, 2, "L'expérience de la plateforme participative Decidim.", "https://decidim.org", ""),
        (O, ORG, 2, "Une coopérative de données d'habitants prête à porter un premier service.", "", ""),
    ],
    "helsinki": [
        (S, HUM, 3, "Une communauté MyData très active, née à Helsinki.", "https://mydata.org", ""),
        (S, TEC, 3, "Des services publics numériques déjà reliés à l'identité électronique nationale.", "", ""),
        (T, LEG, 1, "Des différences d'interprétation du RGPD entre pays européens.", "", ""),
    ],
}

# Written in English by the leads of Helsinki and Barcelona (stored with language "en").
ENGLISH_SPECIFIC = {
    "barcelone": [
        (O, HUM, 2, "Neighbourhood data stewards trained with the city's citizen labs can help residents "
                    "read their own data.", "", ""),
    ],
    "helsinki": [
        (S, ORG, 3, "The MyData operator model is already tested with the national health data service.", "",
         "Pilot report 2025, in English."),
        (W, FIN, 2, "No shared budget line for personal data services across city divisions.", "", ""),
    ],
}

NANTES_DRAFT = [
    (O, HUM, 2, "Des ateliers de médiation numérique dans les bibliothèques pour accompagner les habitants.", "", ""),
    (T, TEC, 2, "Des fuites de données chez un prestataire feraient perdre la confiance des habitants.", "", ""),
]

PROPOSAL = (O, TEC, 3, "NuageCitoyen peut héberger gratuitement les espaces personnels des 500 premiers foyers "
                       "volontaires pendant l'expérimentation.", "https://nuagecitoyen.example", "")


def _data(row, language="fr"):
    quadrant, dimension, importance, text, url, note = row
    return ItemData(quadrant=quadrant, dimension=dimension, text=text, importance=importance, evidence_url=url,
                    evidence_note=note, language=language)


def _user(email):
    return db.session.scalar(select(User).where(User.email == email))


def _items_for(index, slug):
    common = [row for n, row in enumerate(COMMON) if (n + index) % 4 != 0]  # 12 of 16, a different mix each
    return common + SPECIFIC[slug]


def seed_swot():
    """Idempotent: a territory that already has a version, or any item, is left as it is."""
    territories = db.session.scalars(select(Territory).where(Territory.slug.in_(SPECIFIC)).order_by(Territory.id))
    for index, territory in enumerate(territories.all()):
        swot = service.get_swot(territory.id)
        if swot is not None and db.session.scalar(select(func.count(SwotItem.id)).where(SwotItem.swot_id == swot.id)):
            continue
        lead = _user(f"lead-{territory.slug}@demo.example")
        if lead is None:
            continue
        items = [service.add_item(territory, lead, _data(row)) for row in _items_for(index, territory.slug)]
        for row in ENGLISH_SPECIFIC.get(territory.slug, ()):
            service.add_item(territory, lead, _data(row, "en"))
        # Barcelone's lead answered no: the export page and the PDF show a territory left out, and why.
        service.submit(territory, lead, in_roadmap=False if territory.slug in DECLINED_DEMO_SWOTS else None)
        if territory.slug == "la-rochelle":
            # A second version: one item sharpened, one added, so that versions can be compared.
            first = items[0]
            row = _items_for(index, territory.slug)[0]
            service.update_item(territory, first.id, lead, first.version, _data(
                row[:3] + (row[3] + " Un inventaire complet a été publié en 2026.",) + row[4:]))
            service.add_item(territory, lead, _data(
                (W, FIN, 2, "Le coût d'hébergement des espaces personnels n'est pas encore chiffré.", "", "")))
            service.submit(territory, lead)
            partner = _user("partenaire-nuagecitoyen@demo.example")
            if partner is not None:
                service.add_item(territory, partner, _data(PROPOSAL))
        if territory.slug in PUBLIC_DEMO_SWOTS:
            service.set_public(territory, lead, True)
        if territory.slug == "nantes-metropole":
            for row in NANTES_DRAFT:
                service.add_item(territory, lead, _data(row))
    db.session.flush()
    return {"SWOT": db.session.scalar(select(func.count(Swot.id))),
            "SWOT versions": db.session.scalar(select(func.count(SwotVersion.id))),
            "SWOT items": db.session.scalar(select(func.count(SwotItem.id)))}


def seed_swot_large(rng, context, territories, items_each=40):
    """seed-large's part: each territory has a submitted version of items_each items and the same
    items as its draft, written by bulk INSERTs (see roadmap/large.py)."""
    from sqlalchemy import insert

    from roadmap.core.timeutil import utcnow
    from roadmap.swot.models import SwotVersionItem

    now = utcnow()
    territory_ids, lead_ids = context["territory_ids"], context["lead_ids"]
    db.session.execute(insert(Swot), [{"territory_id": tid, "is_public": tid % 2 == 0, "created_at": now,
                                       "updated_at": now} for tid in territory_ids])
    swot_ids = dict(db.session.execute(select(Swot.territory_id, Swot.id)
                                       .where(Swot.territory_id.in_(territory_ids))).all())
    rows = [row for rows in (COMMON, *SPECIFIC.values()) for row in rows]
    drafts = []
    for tid, lead_id in zip(territory_ids, lead_ids):
        for position in range(1, items_each + 1):
            quadrant, dimension, importance, text, url, note = rng.choice(rows)
            drafts.append({"swot_id": swot_ids[tid], "quadrant": quadrant.value, "dimension": dimension.value,
                           "text": text, "importance": importance, "evidence_url": url, "evidence_note": note,
                           "position": position, "status": "accepted", "author_id": lead_id, "version": 1,
                           "created_at": now, "updated_at": now})
    db.session.execute(insert(SwotItem), drafts)
    db.session.execute(insert(SwotVersion), [{"swot_id": swot_ids[tid], "number": 1, "submitted_at": now,
                                              "submitted_by_id": lead_id}
                                             for tid, lead_id in zip(territory_ids, lead_ids)])
    version_ids = dict(db.session.execute(select(SwotVersion.swot_id, SwotVersion.id)
                                          .where(SwotVersion.swot_id.in_(swot_ids.values()))).all())
    items = db.session.execute(select(SwotItem).where(SwotItem.swot_id.in_(swot_ids.values()))
                               .execution_options(yield_per=2000)).scalars()
    db.session.execute(insert(SwotVersionItem), [
        {"version_id": version_ids[i.swot_id], "item_id": i.id, "quadrant": i.quadrant.value,
         "dimension": i.dimension.value, "text": i.text, "importance": i.importance, "evidence_url": i.evidence_url,
         "evidence_note": i.evidence_note, "position": i.position, "author_id": i.author_id} for i in items])
    return {"SWOT items": len(drafts)}
