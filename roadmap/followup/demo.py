"""Demo follow-up: actions drawn from the published roadmap, the territories committed to them, La
Rochelle's Coach CO2 running with two indicators and months of values, Lyon reusing it. Idempotent."""
from datetime import date, timedelta

from sqlalchemy import select

from roadmap.accounts.models import User
from roadmap.core.markdown_bounds import render_for_storage
from roadmap.core.timeutil import utcnow
from roadmap.drafts.service import current_version
from roadmap.extensions import db
from roadmap.followup.models import (Action, ActionFollower, Commitment, CommitmentRole, Experiment,
                                     ExperimentStatus, Indicator, IndicatorValue, TimelineEntry)
from roadmap.territories.models import Organisation, Territory
from roadmap.workshops.models import GovernanceModel, UseCase

# Section key of the published roadmap → (theme, description, [(territory slug or organisation, role)]).
ACTIONS = {
    "petites-experimentations": ("mobility", "Lancer dans chaque territoire volontaire une expérimentation courte "
                                 "(6 à 12 mois), mesurée par deux ou trois indicateurs, et en partager les résultats.",
                                 [("la-rochelle", "leading"), ("metropole-de-lyon", "taking_part"),
                                  ("NuageCitoyen", "supporting")]),
    "self-data-by-design": ("other", "Introduire une clause de restitution des données aux habitants dans les "
                            "marchés publics de mobilité et d'énergie.",
                            [("rennes-metropole", "leading"), ("nantes-metropole", "taking_part")]),
    "chartes-de-donnees": ("other", "Adopter une charte territoriale de la donnée, discutée avec les habitants.",
                           [("nantes-metropole", "leading"), ("barcelone", "supporting")]),
    "mutualiser": ("other", "Reprendre d'un territoire à l'autre les cas d'usage qui marchent.",
                   [("helsinki", "taking_part"), ("la-rochelle", "supporting")]),
}

PARTICIPANTS = [40, 95, 160, 230, 290, 340]  # of the 500 participants the trial is meant for
CO2_KG = [310, 820, 1480, 2150, 2900, 3600]  # cumulated kg of CO2 avoided
ENTRIES = [
    (0, "Lancement de l'expérimentation avec 40 premiers foyers volontaires."),
    (45, "Atelier avec les habitants : le tableau de bord est jugé trop chargé, il sera simplifié."),
    (100, "Ouverture aux salariés de trois entreprises du port."),
    (150, "Bilan d'étape présenté au comité de pilotage."),
]


def _month(start, n):
    year, month = start.year + (start.month - 1 + n) // 12, (start.month - 1 + n) % 12 + 1
    return date(year, month, min(start.day, 28))


def _title_of(section_title):
    """"Piste 1 : multiplier les petites expérimentations" → "Multiplier les petites expérimentations"."""
    text = section_title.split(" : ", 1)[-1]
    return text[:1].upper() + text[1:]


def _actions(version, editor):
    sections = {s.key: s for s in version.sections}
    territories = {t.slug: t for t in db.session.scalars(select(Territory))}
    organisations = {o.name: o for o in db.session.scalars(select(Organisation))}
    actions = {}
    for key, (theme, description, commitments) in ACTIONS.items():
        section = sections.get(key)
        if section is None:
            continue
        action = db.session.scalar(select(Action).where(Action.section_id == section.id))
        if action is None:
            action = Action(title=_title_of(section.title), theme=theme, section=section,
                            description=description, description_html=render_for_storage(description),
                            created_by_id=editor.id if editor else None)
            db.session.add(action)
            for party, role in commitments:
                territory, organisation = territories.get(party), organisations.get(party)
                if territory or organisation:
                    action.commitments.append(Commitment(territory=territory, organisation=organisation,
                                                         role=CommitmentRole(role)))
        actions[key] = action
    db.session.flush()
    return actions


def _coach_co2(territory, action, use_case, author, today):
    experiment = db.session.scalar(select(Experiment).where(Experiment.territory_id == territory.id,
                                                            Experiment.title == "Coach CO2"))
    if experiment is not None:
        return experiment, 0
    start = _month(today - timedelta(days=200), 0)
    experiment = Experiment(
        territory=territory, action=action, use_case=use_case, title="Coach CO2",
        summary="Les habitants récupèrent leurs données de mobilité dans leur cloud personnel pour mesurer et "
                "réduire leur empreinte carbone. L'essai vise jusqu'à 500 participants.",
        governance_model=GovernanceModel.PERSONAL_CLOUD,
        personal_data="Trajets (billettique, vélo en libre-service, covoiturage), consommation de carburant.",
        data_holders="Opérateur de transport, Mobilités Partagées, constructeurs automobiles.",
        principles=["human_centric_control", "point_of_integration", "individual_empowerment", "portability",
                    "transparency_accountability"],
        starts_on=start, ends_on=_month(start, 12), status=ExperimentStatus.RUNNING, progress=55, is_public=True,
        created_by_id=author.id if author else None)
    participants = Indicator(name="Participants", unit="personnes", baseline=0, target=500)
    co2 = Indicator(name="CO2 évité", unit="kg CO2", baseline=0, target=10000)
    for n, (people, kg) in enumerate(zip(PARTICIPANTS, CO2_KG)):
        day = _month(start, n + 1)
        participants.values.append(IndicatorValue(measured_on=day, value=people, source="Inscriptions à l'application"))
        co2.values.append(IndicatorValue(measured_on=day, value=kg, source="Calcul de l'application (ADEME)"))
    experiment.indicators = [participants, co2]
    experiment.entries = [TimelineEntry(happened_on=start + timedelta(days=d), text=text, accepted=True,
                                        author_id=author.id if author else None) for d, text in ENTRIES]
    db.session.add(experiment)
    db.session.flush()
    return experiment, 1


def seed_followup():
    version = current_version()
    if version is None:
        return {"follow-up actions": 0}
    users = {u.email: u for u in db.session.scalars(select(User))}
    editor = users.get("editrice@demo.example")
    actions = _actions(version, editor)
    territories = {t.slug: t for t in db.session.scalars(select(Territory))}
    rochelle, lyon = territories.get("la-rochelle"), territories.get("metropole-de-lyon")
    action = actions.get("petites-experimentations")
    if rochelle is None or lyon is None or action is None:
        return {"follow-up actions": len(actions)}
    use_case = db.session.scalar(select(UseCase).where(UseCase.title == "Coach CO2"))
    today = utcnow().date()
    coach, added = _coach_co2(rochelle, action, use_case, users.get("agent-la-rochelle@demo.example"), today)
    if db.session.scalar(select(Experiment.id).where(Experiment.origin_experiment_id == coach.id)) is None:
        lyon_lead = users.get("lead-metropole-de-lyon@demo.example")
        db.session.add(Experiment(
            territory=lyon, action=action, use_case=use_case, title="Coach CO2 — Métropole de Lyon",
            summary="Reprise du Coach CO2 de La Rochelle pour les salariés de la Part-Dieu.",
            governance_model=coach.governance_model, personal_data=coach.personal_data,
            data_holders=coach.data_holders, principles=list(coach.principles),
            starts_on=today + timedelta(days=30), status=ExperimentStatus.PLANNED, progress=0, is_public=True,
            origin_experiment=coach, created_by_id=lyon_lead.id if lyon_lead else None))
        added += 1
        if lyon_lead is not None and db.session.get(ActionFollower, (action.id, lyon_lead.id)) is None:
            db.session.add(ActionFollower(action_id=action.id, user_id=lyon_lead.id))
    db.session.flush()
    return {"follow-up actions": len(actions), "follow-up experiments": added}
