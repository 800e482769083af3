"""Follow-up data for tests: an action from a published section, experiments, indicators, values."""
from datetime import date

from roadmap.drafts.models import VersionState
from roadmap.extensions import db
from roadmap.followup.models import Action, Experiment, ExperimentStatus, Indicator, IndicatorValue
from tests.drafts.factories import make_version


def make_action(title="Petites expérimentations", section=None, **fields):
    if section is None:
        version = make_version(VersionState.PUBLISHED, sections=((title, "Lancer des essais."),))
        section = version.sections[0]
    action = Action(title=title, description=fields.pop("description", ""), section=section, **fields)
    db.session.add(action)
    db.session.flush()
    return action


def make_experiment(territory, action=None, title="Coach CO2", public=True, starts_on=date(2026, 1, 5), **fields):
    experiment = Experiment(territory=territory, action=action, title=title, is_public=public, starts_on=starts_on,
                            status=fields.pop("status", ExperimentStatus.RUNNING), progress=fields.pop("progress", 20),
                            principles=fields.pop("principles", ["portability"]), **fields)
    if action is None and "use_case" not in fields and "use_case_id" not in fields:
        experiment.action = make_action()
    db.session.add(experiment)
    db.session.flush()
    return experiment


def make_indicator(experiment, name="Participants", unit="personnes", values=(), baseline=0.0, target=500.0):
    indicator = Indicator(experiment=experiment, name=name, unit=unit, baseline=baseline, target=target)
    for day, value in values:
        indicator.values.append(IndicatorValue(measured_on=day, value=value, source="Comptage"))
    db.session.add(indicator)
    db.session.flush()
    return indicator
