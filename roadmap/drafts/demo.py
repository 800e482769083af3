"""Demo roadmap: a published version 1, a version 2 consulted on (commented by territories and partners, every
comment answered) and version 3 published as the final roadmap built on that consultation.

Idempotent: versions are found by number and comments by (author, body), so a second run adds nothing.
"""
from datetime import timedelta

from sqlalchemy import select

from roadmap.accounts.models import User
from roadmap.core.timeutil import utcnow
from roadmap.drafts.models import (
    Comment, CommentStatus, RoadmapVersion, Section, SectionSwotCitation, SectionUseCaseCitation, Stance,
    VersionState,
)
from roadmap.extensions import db
from roadmap.swot.models import Swot, SwotVersion, SwotVersionItem
from roadmap.territories.models import Territory
from roadmap.workshops.models import UseCase

SECTIONS_V1 = [
    ("qu-est-ce-que-le-self-data", "Qu'est-ce que le Self Data ?",
     "Le Self Data désigne la production, l'exploitation et le partage de données personnelles **par les "
     "individus, sous leur contrôle et à leurs propres fins**.\n\n"
     "Concrètement, une personne récupère les données que des organisations détiennent sur elle (énergie, "
     "mobilité, santé, alimentation) pour mieux se connaître, prendre des décisions ou accéder à de nouveaux "
     "services.\n\n"
     "Les territoires ont un rôle particulier : ils détiennent eux-mêmes des données, fédèrent les acteurs "
     "locaux et peuvent garantir un cadre de confiance."),
    ("resultats-swot", "Ce que disent les diagnostics SWOT",
     "Six territoires ont conduit un diagnostic de leurs forces, faiblesses, opportunités et menaces.\n\n"
     "Forces partagées : une volonté politique affirmée et des services numériques déjà ouverts aux habitants.\n\n"
     "Faiblesses récurrentes : des compétences juridiques rares, des budgets annuels qui ne couvrent pas "
     "l'exploitation des services sur plusieurs années.\n\n"
     "| Dimension | Territoires concernés |\n|---|---|\n| Technique | 5 |\n| Juridique | 4 |\n| Financière | 6 |"),
    ("petites-experimentations", "Piste 1 : multiplier les petites expérimentations",
     "Chaque territoire lance au moins une expérimentation de six mois, avec une centaine d'habitants "
     "volontaires, sur un cas d'usage simple.\n\n"
     "Les résultats sont documentés selon une grille commune pour être comparables d'un territoire à l'autre."),
    ("self-data-by-design", "Piste 2 : le « Self Data by design » dans la commande publique",
     "Les marchés publics de services numériques incluent une clause imposant la restitution des données "
     "aux usagers, dans un format ouvert et réutilisable.\n\n"
     "Un modèle de clause est rédigé collectivement et mis à disposition de tous les acheteurs publics."),
    ("chartes-de-donnees", "Piste 3 : des chartes de la donnée territoriales",
     "Chaque territoire adopte une charte qui fixe ses engagements envers les habitants : transparence, "
     "finalités, durée de conservation, droit à la portabilité.\n\n"
     "La charte est débattue publiquement avant son adoption."),
    ("mutualiser", "Mutualiser les efforts et co-construire des cas d'usage communs",
     "Les territoires s'allient autour de cas d'usage communs, comme le coach carbone de La Rochelle, pour "
     "partager les coûts de développement et les retours d'expérience.\n\n"
     "Une gouvernance légère réunit les territoires tous les trimestres."),
]

V2_CHANGES = {
    "self-data-by-design": (
        "Piste 3 : le « Self Data by design » dans la commande publique",
        dict((k, b) for k, _t, b in SECTIONS_V1)["self-data-by-design"]),
    "chartes-de-donnees": (
        "Piste 2 : des chartes de la donnée territoriales",
        dict((k, b) for k, _t, b in SECTIONS_V1)["chartes-de-donnees"]),
    "petites-experimentations": (
        "Piste 1 : multiplier les petites expérimentations",
        "Chaque territoire lance au moins une expérimentation de six mois, avec deux cents habitants "
        "volontaires, sur un cas d'usage simple et utile au quotidien.\n\n"
        "Les résultats sont documentés selon une grille commune pour être comparables d'un territoire à l'autre.\n\n"
        "Les partenaires locaux (fournisseurs d'énergie, opérateurs de mobilité) s'engagent à restituer les "
        "données nécessaires dans un délai d'un mois."),
}
V2_NEW_SECTIONS = [
    ("mesurer", "Mesurer les effets",
     "Des indicateurs communs suivent le nombre d'habitants qui récupèrent leurs données, l'usage qu'ils en "
     "font et leur niveau de confiance.\n\n"
     "Un bilan public est présenté chaque année."),
    ("calendrier", "Calendrier et prochaines étapes",
     "2027 : premières expérimentations et modèle de clause.\n\n"
     "2028 : chartes adoptées dans tous les territoires et premier cas d'usage mutualisé."),
]

# (author e-mail, section key, paragraph index or None, stance, body, quote, status, answer)
# Every comment of the consultation on version 2 was answered before version 3 was published.
# Helsinki's lead wrote this one in English (stored with language "en"); the editors answered in French.
ENGLISH_COMMENTS = {"Add an indicator on the deletion of data, not only on getting it back."}
COMMENTS = [
    ("lead-la-rochelle@demo.example", "qu-est-ce-que-le-self-data", 0, "supports",
     "Définition claire, que nous reprendrons dans nos supports de communication.", None, "answered",
     "Merci, la définition reste inchangée."),
    ("lead-metropole-de-lyon@demo.example", "qu-est-ce-que-le-self-data", 2, "neutral",
     "Il faudrait citer aussi le rôle des opérateurs privés, pas seulement des collectivités.",
     "ils détiennent eux-mêmes des données", "partly_accepted",
     "Nous ajoutons une phrase sur les partenaires privés, sans leur donner le rôle de tiers de confiance."),
    ("partenaire-nuagecitoyen@demo.example", "qu-est-ce-que-le-self-data", 1, "supports",
     "Le cloud personnel est un bon moyen de garder ces données sous le contrôle des habitants.", None, "answered",
     "C'est l'un des outils possibles ; la feuille de route ne prescrit pas de technologie."),
    ("lead-rennes-metropole@demo.example", "resultats-swot", 2, "objects",
     "La faiblesse budgétaire est présentée comme générale ; à Rennes le financement pluriannuel existe.",
     "des budgets annuels", "accepted",
     "La version 3 précise que certains territoires financent déjà leurs services sur plusieurs années."),
    ("lead-nantes-metropole@demo.example", "resultats-swot", 3, "neutral",
     "Le tableau gagnerait à détailler la dimension humaine.", None, "accepted",
     "La dimension humaine est ajoutée au tableau."),
    ("partenaire-labo@demo.example", "resultats-swot", None, "neutral",
     "Nous pouvons fournir la méthode d'analyse croisée des diagnostics si elle est utile.", None, "answered",
     "Volontiers : la méthode sera publiée avec les données ouvertes de la feuille de route."),
    ("lead-barcelone@demo.example", "petites-experimentations", 0, "objects",
     "Deux cents volontaires, c'est beaucoup pour une première expérimentation dans un quartier.",
     "deux cents habitants", "declined",
     "Nous gardons deux cents volontaires : en dessous, les résultats ne sont pas comparables d'un territoire à "
     "l'autre. Un territoire peut en réunir moins s'il le justifie dans son bilan."),
    ("agent-la-rochelle@demo.example", "petites-experimentations", 0, "supports",
     "À La Rochelle, le coach carbone a déjà rassemblé ce nombre de volontaires.", None, "answered",
     "Merci pour ce retour : l'expérience de La Rochelle est citée en exemple."),
    ("partenaire-energies@demo.example", "petites-experimentations", 2, "objects",
     "Un mois est un délai court pour des données de consommation sur plusieurs années.",
     "dans un délai d'un mois", "partly_accepted",
     "Un mois pour les données de l'année écoulée, trois mois pour l'historique complet."),
    ("partenaire-mobilites@demo.example", "petites-experimentations", 2, "supports",
     "Nous pouvons restituer les trajets en moins d'une semaine.", None, "answered",
     "Merci : le délai d'un mois reste un maximum, pas un objectif."),
    ("lead-helsinki@demo.example", "petites-experimentations", 1, "supports",
     "La grille commune est essentielle ; nous proposons celle du réseau MyData.", None, "accepted",
     "La grille commune part de celle du réseau MyData."),
    ("lead-metropole-de-lyon@demo.example", "self-data-by-design", 0, "supports",
     "La clause de restitution devrait aussi couvrir les délégations de service public.", None, "accepted",
     "C'est ajouté au modèle de clause."),
    ("partenaire-datacommun@demo.example", "self-data-by-design", 1, "supports",
     "La coopérative peut relire le modèle de clause avec ses membres.", None, "accepted",
     "Merci : la relecture par la coopérative est inscrite dans la rédaction du modèle."),
    ("lead-nantes-metropole@demo.example", "self-data-by-design", None, "neutral",
     "Qui porte juridiquement le modèle de clause ? Une association, un territoire pilote ?", None, "answered",
     "La Métropole de Lyon le porte en 2027 ; la gouvernance commune décidera ensuite qui le maintient."),
    ("lead-rennes-metropole@demo.example", "chartes-de-donnees", 0, "supports",
     "Notre charte métropolitaine peut servir de point de départ.", None, "accepted",
     "La charte de Rennes Métropole est citée comme point de départ."),
    ("partenaire-labo@demo.example", "chartes-de-donnees", 1, "neutral",
     "Le débat public demande du temps : prévoir au moins trois mois.", "débattue publiquement", "accepted",
     "Le débat public dure au moins trois mois."),
    ("lead-barcelone@demo.example", "chartes-de-donnees", 1, "supports",
     "À Barcelone, le débat s'est fait en ligne et dans les quartiers ; nous pouvons partager la méthode.", None,
     "answered", "Merci : la méthode de Barcelone sera présentée à la prochaine réunion des territoires."),
    ("lead-la-rochelle@demo.example", "mutualiser", 0, "supports",
     "Nous sommes prêts à ouvrir le code du coach carbone aux autres territoires.", None, "accepted",
     "Merci ! Ce sera le premier cas d'usage mutualisé."),
    ("partenaire-nuagecitoyen@demo.example", "mutualiser", 1, "neutral",
     "Les partenaires privés pourront-ils assister à ces réunions trimestrielles ?", None, "partly_accepted",
     "Une réunion sur deux est ouverte aux partenaires ; les décisions restent prises par les territoires."),
    ("lead-helsinki@demo.example", "mesurer", 0, "supports",
     "Add an indicator on the deletion of data, not only on getting it back.", None, "accepted",
     "L'indicateur est ajouté."),
    ("partenaire-energies@demo.example", "calendrier", 0, "objects",
     "2027 paraît ambitieux pour le modèle de clause.", None, "declined",
     "Nous gardons 2027 : la rédaction du modèle a commencé à Lyon et un point d'étape est prévu à mi-année."),
    ("lead-metropole-de-lyon@demo.example", "calendrier", None, "neutral",
     "Un calendrier par territoire serait plus lisible.", None, "partly_accepted",
     "Le calendrier commun reste ici ; chaque territoire publie le sien avec sa charte."),
]
# Version 3, the final roadmap: version 2 with what its consultation changed (section key → new text).
V3_CHANGES = {
    "qu-est-ce-que-le-self-data": (
        "Qu'est-ce que le Self Data ?",
        dict((k, b) for k, _t, b in SECTIONS_V1)["qu-est-ce-que-le-self-data"] + "\n\n"
        "Les opérateurs privés (énergie, mobilité, banque) détiennent une grande partie de ces données : ils "
        "sont les premiers partenaires des territoires pour les restituer."),
    "resultats-swot": (
        "Ce que disent les diagnostics SWOT",
        "Six territoires ont conduit un diagnostic de leurs forces, faiblesses, opportunités et menaces.\n\n"
        "Forces partagées : une volonté politique affirmée et des services numériques déjà ouverts aux "
        "habitants.\n\n"
        "Faiblesses récurrentes : des compétences juridiques rares, des budgets annuels qui ne couvrent pas "
        "l'exploitation des services sur plusieurs années (certains territoires, comme Rennes Métropole, les "
        "financent déjà sur plusieurs années).\n\n"
        "| Dimension | Territoires concernés |\n|---|---|\n| Technique | 5 |\n| Juridique | 4 |\n"
        "| Financière | 6 |\n| Humaine | 3 |"),
    "petites-experimentations": (
        "Piste 1 : multiplier les petites expérimentations",
        "Chaque territoire lance au moins une expérimentation de six mois, avec deux cents habitants "
        "volontaires, sur un cas d'usage simple et utile au quotidien.\n\n"
        "Les résultats sont documentés selon une grille commune, issue de celle du réseau MyData, pour être "
        "comparables d'un territoire à l'autre.\n\n"
        "Les partenaires locaux (fournisseurs d'énergie, opérateurs de mobilité) s'engagent à restituer les "
        "données de l'année écoulée dans un délai d'un mois, et l'historique complet dans un délai de trois mois."),
    "chartes-de-donnees": (
        "Piste 2 : des chartes de la donnée territoriales",
        "Chaque territoire adopte une charte qui fixe ses engagements envers les habitants : transparence, "
        "finalités, durée de conservation, droit à la portabilité. La charte de Rennes Métropole sert de point "
        "de départ.\n\n"
        "La charte est débattue publiquement, pendant au moins trois mois, avant son adoption."),
    "self-data-by-design": (
        "Piste 3 : le « Self Data by design » dans la commande publique",
        "Les marchés publics de services numériques et les délégations de service public incluent une clause "
        "imposant la restitution des données aux usagers, dans un format ouvert et réutilisable.\n\n"
        "Un modèle de clause est rédigé collectivement, relu par les partenaires, et mis à disposition de tous "
        "les acheteurs publics. La Métropole de Lyon le porte en 2027."),
    "mesurer": (
        "Mesurer les effets",
        "Des indicateurs communs suivent le nombre d'habitants qui récupèrent leurs données, l'usage qu'ils en "
        "font, les données qu'ils font supprimer et leur niveau de confiance.\n\n"
        "Un bilan public est présenté chaque année."),
    "calendrier": (
        "Calendrier et prochaines étapes",
        "2027 : premières expérimentations et modèle de clause, avec un point d'étape à mi-année.\n\n"
        "2028 : chartes adoptées dans tous les territoires et premier cas d'usage mutualisé.\n\n"
        "Chaque territoire publie son propre calendrier avec sa charte."),
    "mutualiser": (
        "Mutualiser les efforts et co-construire des cas d'usage communs",
        "Les territoires s'allient autour de cas d'usage communs, comme le coach carbone de La Rochelle, dont "
        "le code est ouvert aux autres territoires, pour partager les coûts de développement et les retours "
        "d'expérience.\n\n"
        "Une gouvernance légère réunit les territoires tous les trimestres ; une réunion sur deux est ouverte "
        "aux partenaires."),
}

REPLIES = [
    # (author, body of the comment answered, reply)
    ("lead-la-rochelle@demo.example", "Deux cents volontaires, c'est beaucoup pour une première expérimentation dans un quartier.",
     "Nous pouvons partager notre méthode de recrutement des volontaires."),
    ("partenaire-mobilites@demo.example", "Un mois est un délai court pour des données de consommation sur plusieurs années.",
     "Un export progressif, mois par mois, réglerait peut-être la question."),
]


def _version(number, state, sections, now, **dates):
    version = db.session.scalar(select(RoadmapVersion).where(RoadmapVersion.number == number))
    if version is not None:
        return version
    version = RoadmapVersion(number=number, state=state, **dates)
    for position, (key, title, body) in enumerate(sections, start=1):
        version.sections.append(Section(key=key, title=title, body=body, position=position))
    db.session.add(version)
    db.session.flush()
    return version


def _v2_sections():
    sections = []
    for key, title, body in SECTIONS_V1:
        title, body = V2_CHANGES.get(key, (title, body))
        sections.append((key, title, body))
    # Data charters come before public procurement in version 2 (the diff shows a move).
    sections[3], sections[4] = sections[4], sections[3]
    pooling = sections.pop()
    return sections + V2_NEW_SECTIONS + [pooling]


# What supports a section: (section key, [(territory slug, start of the SWOT item's text)], [use case titles])
CITATIONS = [
    ("resultats-swot",
     [("la-rochelle", "Le coût d'hébergement des espaces personnels"),
      ("metropole-de-lyon", "Un grand nombre de communes membres"),
      ("helsinki", "Une communauté MyData très active")], []),
    ("petites-experimentations",
     [("rennes-metropole", "Une première expérimentation de cloud personnel"),
      ("nantes-metropole", "Un fournisseur d'énergie partenaire")], ["Mon énergie en clair"]),
    ("mutualiser",
     [("la-rochelle", "Le projet « Coach CO2 »")], ["Coach CO2", "Air et santé"]),
]


def _submitted_item(slug, text_start):
    """The item as the territory last submitted it (None if the SWOT demo is not there)."""
    return db.session.scalar(
        select(SwotVersionItem).join(SwotVersion, SwotVersion.id == SwotVersionItem.version_id)
        .join(Swot, Swot.id == SwotVersion.swot_id).join(Territory, Territory.id == Swot.territory_id)
        .where(Territory.slug == slug, SwotVersionItem.text.startswith(text_start, autoescape=True))
        .order_by(SwotVersion.number.desc()).limit(1)
    )


def _cite_demo_supports(versions):
    """Both demo versions cite the same items and use cases; pairs already there are skipped."""
    added = 0
    for key, swot_items, titles in CITATIONS:
        items = [item for item in (_submitted_item(*spec) for spec in swot_items) if item is not None]
        use_cases = [u for u in (db.session.scalar(select(UseCase).where(UseCase.title == t)) for t in titles) if u]
        for version in versions:
            section = next((s for s in version.sections if s.key == key), None)
            if section is None:
                continue
            cited_items = {c.swot_version_item_id for c in section.swot_citations}
            cited_use_cases = {c.use_case_id for c in section.use_case_citations}
            for item in items:
                if item.id not in cited_items:
                    section.swot_citations.append(SectionSwotCitation(swot_version_item_id=item.id))
                    added += 1
            for use_case in use_cases:
                if use_case.id not in cited_use_cases:
                    section.use_case_citations.append(SectionUseCaseCitation(use_case_id=use_case.id))
                    added += 1
    db.session.flush()
    return added


def _final_version(v2, editor, now):
    """Version 3, as the editors made it: started from version 2, rewritten where the consultation
    asked for it, and published as the final roadmap three days ago (the consultation's synthesis
    comes with it). None when there is no editor to do it."""
    from roadmap.drafts import service

    if editor is None:
        return None
    v3 = service.create_next_version(editor)
    for section in v3.sections:
        if section.key in V3_CHANGES:
            title, body = V3_CHANGES[section.key]
            service.update_section(editor, section, title, body, section.revision)
    service.publish_version(editor, v3, now=now - timedelta(days=3))
    return v3


def seed_roadmap():
    """Version 1 published, version 2 consulted on and every comment answered, version 3 published as
    the final roadmap built on that consultation."""
    from roadmap.drafts.service import paragraph_id, speaks_for

    now = utcnow().replace(microsecond=0)
    if db.session.scalar(select(RoadmapVersion.id).where(RoadmapVersion.number > 3)):
        return {"roadmap versions": 0}  # the editors have moved on: leave their work alone
    v1 = _version(1, VersionState.PUBLISHED, SECTIONS_V1, now, consultation_opened_at=now - timedelta(days=120),
                  closes_at=now - timedelta(days=100), published_at=now - timedelta(days=90))
    v2 = _version(2, VersionState.CONSULTATION, _v2_sections(), now,
                  consultation_opened_at=now - timedelta(days=45), closes_at=now - timedelta(days=15))
    citations = _cite_demo_supports([v1, v2])
    sections = {section.key: section for section in v2.sections}
    users = {u.email: u for u in db.session.scalars(select(User))}
    editor = next((u for u in sorted(users.values(), key=lambda u: u.id) if u.is_editor and u.active), None)
    existing = {(c.author_id, c.body): c for c in db.session.scalars(
        select(Comment).where(Comment.version_id == v2.id))}
    added = 0
    for index, (email, key, paragraph, stance, body, quote, status, answer) in enumerate(COMMENTS):
        author = users.get(email)
        if author is None or (author.id, body) in existing:
            continue
        section = sections[key]
        comment = Comment(
            version=v2, section=section, author=author, body=body, quote=quote, stance=Stance(stance),
            paragraph_id=paragraph_id(section, paragraph) if paragraph is not None else None,
            status=CommentStatus(status), answer=answer, created_at=now - timedelta(days=44, hours=-20 * index),
            language="en" if body in ENGLISH_COMMENTS else "fr", answer_language="fr" if answer else None,
            **speaks_for(author),  # whom the author speaks for, by the rule of a real comment
        )
        if answer:
            comment.answered_by, comment.answered_at = editor, now - timedelta(days=10)
        db.session.add(comment)
        existing[(author.id, body)] = comment
        added += 1
    db.session.flush()
    for email, parent_body, body in REPLIES:
        author = users.get(email)
        parent = next((c for (_a, b), c in existing.items() if b == parent_body), None)
        if author is None or parent is None or (author.id, body) in existing:
            continue
        reply = Comment(version=v2, section=parent.section, parent=parent, author=author, body=body,
                        paragraph_id=parent.paragraph_id, status=CommentStatus.OPEN,
                        created_at=parent.created_at + timedelta(hours=3))
        db.session.add(reply)
        existing[(author.id, body)] = reply
        added += 1
    db.session.flush()
    versions = 2
    if db.session.scalar(select(RoadmapVersion.id).where(RoadmapVersion.number == 3)) is None:
        versions += _final_version(v2, editor, now) is not None
    return {"roadmap versions": versions, "roadmap comments": added, "roadmap citations": citations}
