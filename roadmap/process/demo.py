"""Demo dates and expectations for the three steps, around today."""
from datetime import date, timedelta

from roadmap.process.models import StepKind
from roadmap.process.service import get_process

EXPECTATIONS = {
    StepKind.SWOT: "Chaque territoire, avec ses partenaires locaux, saisit et soumet son diagnostic SWOT : "
                   "capacités techniques, financières, humaines et juridiques à mener des projets Self Data.",
    StepKind.WORKSHOPS: "Ateliers de co-conception (matin ou après-midi, sur place ou en ligne) : scénarios "
                        "d'usage, modèle de gouvernance, alliances de territoires.",
    StepKind.SHARING: "Les éditeurs publient le projet de feuille de route ; chacun le commente ; "
                      "la version finale est publiée sous licence CC BY.",
}


def seed_process():
    process = get_process()
    today = date.today()
    # Demo: the programme as the demo roadmap tells it — SWOTs submitted, co-design workshops held,
    # version 2 consulted on from 45 days ago and version 3 published three days ago: the sharing
    # step is the current one (workshops go on during it, as the live one of today shows).
    dates = {StepKind.SWOT: (today - timedelta(days=150), today - timedelta(days=76)),
             StepKind.WORKSHOPS: (today - timedelta(days=75), today - timedelta(days=46)),
             StepKind.SHARING: (today - timedelta(days=45), today + timedelta(days=14))}
    for step in process.steps:
        if not step.expectations:
            step.starts_on, step.ends_on = dates[step.kind]
            step.expectations = EXPECTATIONS[step.kind]
    return {"process steps": len(process.steps)}
