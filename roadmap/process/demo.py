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
    # Demo: the SWOT step is under way since three weeks.
    starts = {StepKind.SWOT: today - timedelta(days=21), StepKind.WORKSHOPS: today + timedelta(days=25),
              StepKind.SHARING: today + timedelta(days=70)}
    for step in process.steps:
        if not step.expectations:
            step.starts_on = starts[step.kind]
            step.ends_on = starts[step.kind] + timedelta(days=44)
            step.expectations = EXPECTATIONS[step.kind]
    return {"process steps": len(process.steps)}
